/**
 * One invoice as the dashboard shows it: its customer, lines and totals, the payments made from its page, the
 * customer's page and PDF once sent, and (to who may manage invoices) the forms that send or cancel it.
 */
import type { Response } from 'express';
import type { InvoiceActionRefusal } from '../../../domain/merchants/invoices/invoices';
import type { InvoiceView } from '../../../domain/merchants/invoices/invoiceView';
import type { MerchantPaymentView } from '../../../domain/merchants/merchantPaymentView';
import { can } from '../../../domain/merchants/team/roles';
import { formatMsisdnForDisplay } from '../../../domain/phone';
import type { Language } from '../../../domain/users';
import { contextOf, type DashboardContext } from '../dashboardContext';
import { csrfField, dashboardHref, dashboardPage, escapeHtml, francs, when } from '../dashboardLayout';
import { sayDashboard } from '../dashboardText';
import { sayInvoices } from './invoicesText';

/** What the page says on top: what was just done, or why an action was refused. */
export type InvoiceActionOutcome = { done: string } | { refusal: InvoiceActionRefusal };

const DONE = { created: 'done.created', sent: 'done.sent', cancelled: 'done.cancelled' } as const;

export function invoicePage(
  res: Response,
  invoice: InvoiceView,
  payments: readonly MerchantPaymentView[],
  outcome: InvoiceActionOutcome | null,
): string {
  const context = contextOf(res);
  const { language, member } = context;
  const say = (key: Parameters<typeof sayInvoices>[1], params = {}) => sayInvoices(language, key, params);
  let notice = '';
  if (outcome && 'refusal' in outcome) {
    notice = `<p class="error" role="alert">${say(`refusal.${outcome.refusal}`)}</p>`;
  } else if (outcome && outcome.done in DONE) {
    notice = `<p class="notice" role="status">${say(DONE[outcome.done as keyof typeof DONE])}</p>`;
  }
  const customer = invoice.customer.phone
    ? `${escapeHtml(invoice.customer.name)} · ${escapeHtml(formatMsisdnForDisplay(invoice.customer.phone))}`
    : escapeHtml(invoice.customer.name);
  const facts = [
    ['view.customer', customer],
    ['col.status', `<span class="status inv-status-${invoice.status}">${say(`status.${invoice.status}`)}</span>`],
    ['view.created', when(invoice.createdAt, language)],
    ['view.dueDate', when(invoice.dueDate, language)],
    ...(invoice.sentAt ? [['view.sentAt', when(invoice.sentAt, language)]] : []),
    ...(invoice.cancelledAt ? [['view.cancelledAt', when(invoice.cancelledAt, language)]] : []),
    ...(invoice.notes ? [['view.notes', escapeHtml(invoice.notes)]] : []),
  ] as [Parameters<typeof sayInvoices>[1], string][];
  const factList = `<dl class="inv-facts">${facts.map(([k, v]) => `<dt>${say(k)}</dt><dd>${v}</dd>`).join('')}</dl>`;
  const publicPage = invoice.url
    ? `<p class="inv-public"><a href="${escapeHtml(invoice.url)}">${say('publicPage')}</a> ·
<a href="${escapeHtml(`${invoice.url}.pdf?lang=${language}`)}">${say('pdf')}</a></p>`
    : `<p class="muted">${say('notSentYet')}</p>`;
  const body = `<p><a href="${dashboardHref('/invoices', language)}">${say('back')}</a></p>
${notice}
${factList}
${linesTable(invoice, language)}
${publicPage}
<h2>${say('payments')}</h2>
${paymentsTable(payments, language)}
${can(member, 'invoices', 'manage').ok ? actions(context, invoice) : ''}`;
  return dashboardPage(res, {
    section: 'invoices',
    title: say('view.title', { number: invoice.number }),
    body,
    path: `/invoices/${invoice.id}`,
  });
}

function linesTable(invoice: InvoiceView, language: Language): string {
  const say = (key: Parameters<typeof sayInvoices>[1], params = {}) => sayInvoices(language, key, params);
  const lines = invoice.lines
    .map(
      (line) => `<tr><td>${escapeHtml(line.description)}</td><td class="amount">${line.quantity}</td>
<td class="amount">${francs(line.unitPrice, language)}</td><td class="amount">${francs(line.amount, language)}</td></tr>`,
    )
    .join('\n');
  const rate = (invoice.vatRate * 100).toLocaleString(language === 'fr' ? 'fr-FR' : 'en-GB', {
    maximumFractionDigits: 2,
  });
  const total = (label: string, amount: number, cls: string) =>
    `<tr class="${cls}"><th colspan="3">${label}</th><td class="amount">${francs(amount, language)}</td></tr>`;
  return `<div class="table-wrap"><table class="inv-lines-table"><thead><tr><th>${say('line.description')}</th>
<th class="amount">${say('line.quantity')}</th><th class="amount">${say('line.unitPrice')}</th><th class="amount">${say('line.amount')}</th></tr></thead>
<tbody>${lines}</tbody><tfoot>
${total(say('subtotal'), invoice.subtotal, 'inv-subtotal')}
${total(say('vat', { rate }), invoice.vat, 'inv-vat')}
${total(say('total'), invoice.total, 'inv-total')}
${total(say('amountPaid'), invoice.amountPaid, 'inv-paid')}
${total(say('amountDue'), invoice.amountDue, 'inv-due')}
</tfoot></table></div>`;
}

function paymentsTable(payments: readonly MerchantPaymentView[], language: Language): string {
  const say = (key: Parameters<typeof sayInvoices>[1]) => sayInvoices(language, key);
  if (payments.length === 0) return `<p class="muted">${say('noPayments')}</p>`;
  const rows = payments
    .map(
      (p) => `<tr><td>${when(p.createdAt, language)}</td><td>${escapeHtml(formatMsisdnForDisplay(p.payer))}</td>
<td class="amount">${francs(p.amount, language)}</td><td>${say(`payment.${p.status}`)}</td></tr>`,
    )
    .join('\n');
  return `<div class="table-wrap"><table class="inv-payments"><thead><tr><th>${say('payment.at')}</th>
<th>${say('payment.payer')}</th><th class="amount">${say('payment.amount')}</th><th>${say('payment.status')}</th></tr></thead>
<tbody>${rows}</tbody></table></div>`;
}

/** Send and cancel, offered while they can do something (the server decides again when they are sent). */
function actions(context: DashboardContext, invoice: InvoiceView): string {
  const { language } = context;
  const say = (key: Parameters<typeof sayInvoices>[1], params = {}) => sayInvoices(language, key, params);
  const open = invoice.status !== 'cancelled' && invoice.status !== 'paid';
  const forms: string[] = [];
  if (open && invoice.customer.phone) {
    forms.push(`<form method="post" class="stack inv-send" action="${dashboardHref(`/invoices/${invoice.id}/send`, language)}">
<h2>${say('send.title')}</h2>
${csrfField(context)}
<fieldset><label><input type="radio" name="channel" value="chat" checked /> ${say('send.chat')}</label>
<label><input type="radio" name="channel" value="sms" /> ${say('send.sms')}</label></fieldset>
<p class="muted">${say('send.says', { amount: { francs: invoice.amountDue } })}</p>
<button type="submit">${say('send.submit')}</button></form>`);
  }
  if (open && invoice.amountPaid === 0) {
    forms.push(`<form method="post" class="stack inv-cancel" action="${dashboardHref(`/invoices/${invoice.id}/cancel`, language)}">
${csrfField(context)}
<p class="muted">${say('cancel.says')}</p>
<button type="submit" class="danger">${say('cancel.submit')}</button></form>`);
  }
  return forms.join('\n') || `<p class="muted">${sayDashboard(language, 'none')}</p>`;
}
