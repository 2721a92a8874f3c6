/**
 * Invoices: the merchant's invoices filtered by status, a form that makes a numbered draft (up to five lines, VAT on
 * or off), and each invoice's page (invoicePage.ts) where it is sent to the customer or cancelled. Made through the
 * same service as the API; the form carries a random creation id drawn when it is shown, which is the invoice's id
 * for the service, so the same form sent twice makes one invoice.
 */
import { randomBytes } from 'node:crypto';
import type { Response } from 'express';
import type { CreateInvoiceRefusal, NewInvoice } from '../../../domain/merchants/invoices/invoices';
import { CAMEROON_VAT } from '../../../domain/merchants/invoices/invoiceTotals';
import { INVOICE_STATUSES, type InvoiceStatus, type InvoiceView } from '../../../domain/merchants/invoices/invoiceView';
import { can } from '../../../domain/merchants/team/roles';
import { parseCameroonMobile } from '../../../domain/phone';
import type { Language } from '../../../domain/users';
import { endOfDoualaDay } from '../../api/v1/presentLinksAndInvoices';
import { permit } from '../dashboardAccess';
import { contextOf, type DashboardContext, type DashboardDeps } from '../dashboardContext';
import { csrfField, dashboardHref, dashboardPage, escapeHtml, francs, notFoundPage, when } from '../dashboardLayout';
import { sayDashboard } from '../dashboardText';
import { invoicePage, type InvoiceActionOutcome } from './invoicePage';
import { sayInvoices } from './invoicesText';
import type { MountSection } from '.';

const PAGE_SIZE = 50;
const LINE_ROWS = 5;
const CREATION_ID = /^[A-Za-z0-9_-]{16,64}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

type FormRefusal = CreateInvoiceRefusal | 'BAD_FORM' | 'INVALID_PHONE' | 'INVALID_DUE_DATE';

/** The form's fields as typed (kept to show them again after a refusal). */
type InvoiceForm = Record<string, string>;

export const mountInvoices: MountSection = (router, deps) => {
  router.get('/invoices', async (req, res) => {
    if (!permit(res, 'invoices', 'read')) return;
    const status = INVOICE_STATUSES.find((s) => s === req.query.status) ?? null;
    const after = typeof req.query.after === 'string' ? req.query.after.slice(0, 80) : '';
    res.type('html').send(await invoicesPage(res, deps, { status, after, values: {}, error: null }));
  });

  router.post('/invoices', async (req, res) => {
    if (!permit(res, 'invoices', 'manage')) return;
    const { merchant, language } = contextOf(res);
    const form = formOf(req.body);
    const asked = newInvoiceOf(form, merchant._id);
    const made = asked.ok ? await deps.services.invoices.create(asked.invoice) : asked;
    if (!made.ok) {
      const status = made.reason === 'CONFLICT' || made.reason === 'MERCHANT_SUSPENDED' ? 409 : 422;
      const page = await invoicesPage(res, deps, { status: null, after: '', values: form, error: made.reason });
      return void res.status(status).type('html').send(page);
    }
    res.redirect(303, dashboardHref(`/invoices/${made.invoice.id}`, language, { done: 'created' }));
  });

  router.get('/invoices/:id', async (req, res) => {
    if (!permit(res, 'invoices', 'read')) return;
    const done = ['created', 'sent', 'cancelled'].find((d) => d === req.query.done);
    await showInvoice(res, deps, String(req.params.id), done ? { done } : null);
  });

  router.post('/invoices/:id/send', async (req, res) => {
    if (!permit(res, 'invoices', 'manage')) return;
    const { merchant, language } = contextOf(res);
    const id = String(req.params.id).slice(0, 80);
    const channel = (req.body as Record<string, unknown>).channel === 'sms' ? 'sms' : 'chat';
    const sent = await deps.services.invoices.send(merchant._id, id, { channel });
    if (!sent.ok) return showInvoice(res, deps, id, { refusal: sent.reason });
    res.redirect(303, dashboardHref(`/invoices/${id}`, language, { done: 'sent' }));
  });

  router.post('/invoices/:id/cancel', async (req, res) => {
    if (!permit(res, 'invoices', 'manage')) return;
    const { merchant, language } = contextOf(res);
    const id = String(req.params.id).slice(0, 80);
    const cancelled = await deps.services.invoices.cancel(merchant._id, id);
    if (!cancelled.ok) return showInvoice(res, deps, id, { refusal: cancelled.reason });
    res.redirect(303, dashboardHref(`/invoices/${id}`, language, { done: 'cancelled' }));
  });
};

/** An invoice's page, or 404; a refused action shows it again with the reason (409, 422 without a number). */
async function showInvoice(
  res: Response,
  deps: DashboardDeps,
  id: string,
  outcome: InvoiceActionOutcome | null,
): Promise<void> {
  const { merchant } = contextOf(res);
  const invoice = await deps.services.invoices.get(merchant._id, id.slice(0, 80));
  if (!invoice) return void res.status(404).type('html').send(notFoundPage(res));
  const payments = (await deps.services.merchantRequests.byOrder(merchant._id, invoice.number)).filter(
    (p) => p.source === 'invoice' && p.sourceId === invoice.id,
  );
  const status = outcome && 'refusal' in outcome ? (outcome.refusal === 'NO_PHONE' ? 422 : 409) : 200;
  res
    .status(status)
    .type('html')
    .send(invoicePage(res, invoice, payments, outcome));
}

/** The form's string fields, each cut to a sane length (anything else is left out). */
function formOf(body: unknown): InvoiceForm {
  const fields = (body ?? {}) as Record<string, unknown>;
  const form: InvoiceForm = {};
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === 'string' && /^[A-Za-z0-9_]{1,30}$/.test(name)) form[name] = value.slice(0, 1100);
  }
  return form;
}

/** What the service is asked for, from the form: rows left empty are left out, a quantity left empty is 1. */
function newInvoiceOf(
  form: InvoiceForm,
  merchantId: string,
): { ok: true; invoice: NewInvoice } | { ok: false; reason: FormRefusal } {
  const creationId = form.creationId ?? '';
  if (!CREATION_ID.test(creationId)) return { ok: false, reason: 'INVALID_ID' };
  const typedPhone = (form.customerPhone ?? '').trim();
  const phone = typedPhone ? parseCameroonMobile(typedPhone) : null;
  if (phone && !phone.ok) return { ok: false, reason: 'INVALID_PHONE' };
  const dueDay = (form.dueDate ?? '').trim();
  if (!DAY.test(dueDay) || Number.isNaN(Date.parse(`${dueDay}T00:00:00Z`))) {
    return { ok: false, reason: 'INVALID_DUE_DATE' };
  }
  const items: NewInvoice['items'] = [];
  for (let row = 1; row <= LINE_ROWS; row += 1) {
    const description = form[`description${row}`] ?? '';
    const quantity = form[`quantity${row}`] ?? '';
    const unitPrice = form[`unitPrice${row}`] ?? '';
    if (!description.trim() && !quantity.trim() && !unitPrice.trim()) continue;
    items.push({
      description,
      quantity: quantity.trim() ? wholeNumberOf(quantity) : 1,
      unitPrice: wholeNumberOf(unitPrice),
    });
  }
  return {
    ok: true,
    invoice: {
      merchantId,
      id: `dash_${creationId}`,
      customer: { name: form.customerName ?? '', phone: phone?.ok ? phone.msisdn : null },
      items,
      vatRate: form.vat === 'on' ? CAMEROON_VAT : 0,
      dueDate: endOfDoualaDay(dueDay),
      notes: form.notes ?? '',
    },
  };
}

/** Whole numbers as people type them (spaces allowed); anything else NaN, which the service refuses. */
function wholeNumberOf(text: string): number {
  const digits = text.replace(/[\s\u00a0\u202f]/g, '');
  return /^\d{1,12}$/.test(digits) ? Number(digits) : NaN;
}

async function invoicesPage(
  res: Response,
  deps: DashboardDeps,
  shown: { status: InvoiceStatus | null; after: string; values: InvoiceForm; error: FormRefusal | null },
): Promise<string> {
  const context = contextOf(res);
  const { merchant, member, language } = context;
  const say = (key: Parameters<typeof sayInvoices>[1], params = {}) => sayInvoices(language, key, params);
  const page = await deps.services.invoices.list(merchant._id, {
    limit: PAGE_SIZE,
    ...(shown.after ? { startingAfter: shown.after } : {}),
  });
  // The status is computed, not stored: the page of invoices is filtered here.
  const invoices = shown.status ? page.data.filter((i) => i.status === shown.status) : page.data;
  const options = [`<option value="">${sayDashboard(language, 'all')}</option>`]
    .concat(
      INVOICE_STATUSES.map(
        (s) => `<option value="${s}"${s === shown.status ? ' selected' : ''}>${say(`status.${s}`)}</option>`,
      ),
    )
    .join('');
  const filter = `<form method="get" class="inline inv-filter" action="${dashboardHref('/invoices', language)}">
<input type="hidden" name="lang" value="${language}" />
<label>${say('filter')} <select name="status">${options}</select></label>
<button type="submit" class="secondary">${say('filter.apply')}</button></form>`;
  const rows = invoices.map((invoice) => invoiceRow(invoice, language));
  const table = rows.length
    ? `<div class="table-wrap"><table class="inv-table"><thead><tr>
<th>${say('col.number')}</th><th>${say('col.customer')}</th><th class="amount">${say('col.total')}</th><th>${say('col.due')}</th>
<th>${say('col.status')}</th><th class="amount">${say('col.paid')}</th></tr></thead><tbody>${rows.join('\n')}</tbody></table></div>`
    : `<p class="muted">${say('empty')}</p>`;
  const last = page.data.at(-1);
  const query: Record<string, string> = shown.status ? { status: shown.status } : {};
  const more =
    page.hasMore && last
      ? `<p><a href="${dashboardHref('/invoices', language, { ...query, after: last.id })}">${say('more')}</a></p>`
      : '';
  const error = shown.error ? `<p class="error" role="alert">${say(`refusal.${shown.error}`)}</p>` : '';
  const body = `<p class="muted">${say('intro')}</p>
${error}
${can(member, 'invoices', 'manage').ok ? createForm(context, shown.values) : ''}
${filter}
${table}
${more}`;
  return dashboardPage(res, { section: 'invoices', title: sayDashboard(language, 'nav.invoices'), body });
}

function invoiceRow(invoice: InvoiceView, language: Language): string {
  const href = dashboardHref(`/invoices/${encodeURIComponent(invoice.id)}`, language);
  return `<tr class="inv-row" data-invoice-id="${escapeHtml(invoice.id)}">
<td><a href="${href}">${escapeHtml(invoice.number)}</a></td>
<td>${escapeHtml(invoice.customer.name)}</td>
<td class="amount">${francs(invoice.total, language)}</td>
<td>${when(invoice.dueDate, language)}</td>
<td><span class="status inv-status-${invoice.status}">${sayInvoices(language, `status.${invoice.status}`)}</span></td>
<td class="amount">${francs(invoice.amountPaid, language)}</td></tr>`;
}

/** The form, open under its title (the member may fold it away). */
function createForm(context: DashboardContext, values: InvoiceForm): string {
  const { language } = context;
  const say = (key: Parameters<typeof sayInvoices>[1]) => sayInvoices(language, key);
  const value = (name: string) => escapeHtml(values[name] ?? '');
  const creationId =
    values.creationId && CREATION_ID.test(values.creationId)
      ? values.creationId
      : randomBytes(16).toString('base64url');
  // A fresh form charges VAT; one shown again keeps what was chosen (an unticked box sends nothing).
  const vat = values.creationId === undefined || values.vat === 'on';
  const rows = Array.from({ length: LINE_ROWS }, (_, i) => i + 1)
    .map(
      (row) => `<div class="inv-line">
<label>${say('form.description')} <input name="description${row}" maxlength="200" value="${value(`description${row}`)}" /></label>
<label>${say('form.quantity')} <input name="quantity${row}" inputmode="numeric" maxlength="10" value="${value(`quantity${row}`)}" /></label>
<label>${say('form.unitPrice')} <input name="unitPrice${row}" inputmode="numeric" maxlength="20" value="${value(`unitPrice${row}`)}" /></label>
</div>`,
    )
    .join('\n');
  return `<details class="inv-create" open><summary>${say('form.title')}</summary>
<form method="post" class="stack inv-form" action="${dashboardHref('/invoices', language)}">
${csrfField(context)}
<input type="hidden" name="creationId" value="${escapeHtml(creationId)}" />
<label>${say('form.customerName')} <input name="customerName" required maxlength="200" value="${value('customerName')}" /></label>
<label>${say('form.customerPhone')} <input name="customerPhone" type="tel" inputmode="tel" maxlength="40" value="${value('customerPhone')}" /></label>
<label>${say('form.dueDate')} <input name="dueDate" type="date" required value="${value('dueDate')}" /></label>
<fieldset class="inv-lines"><legend>${say('form.lines')}</legend>
${rows}
</fieldset>
<label class="check"><input type="checkbox" name="vat" value="on"${vat ? ' checked' : ''} /> ${say('form.vat')}</label>
<label>${say('form.notes')} <textarea name="notes" maxlength="1000">${value('notes')}</textarea></label>
<p class="muted">${say('form.says')}</p>
<button type="submit">${say('form.submit')}</button>
</form></details>`;
}
