/**
 * An invoice's page as HTML, printable (print CSS hides the form and the links): the merchant, number, customer,
 * items, subtotal, VAT and its rule, total, what is paid and due, the merchant's notes (escaped, as its words), and
 * while something is due a form for the payer's number and amount (the amount due by default; less pays in part).
 */
import type { InvoicePageView, InvoicePayRefusal } from '../../../domain/merchants/invoices/invoices';
import { formatFrancs } from '../../../domain/money';
import type { Language } from '../../../domain/users';
import { invoicePageMessages } from '../../../flows/messages/invoicePage';
import { escapeHtml, pageLayout, sayFrom, withLanguage } from '../links/pageShell';

const say = sayFrom(invoicePageMessages);

/** What the invoice's own stylesheet adds to the shared one: a table, and a print layout. */
export const INVOICE_CSS = `
.page { max-width: 46rem; }
table.items { width: 100%; border-collapse: collapse; margin: 1rem 0; }
table.items th, table.items td { padding: 0.35rem 0.5rem; border-bottom: 1px solid #dde; text-align: left; }
table.items td.num, table.items th.num { text-align: right; white-space: nowrap; }
table.items tfoot td { border-bottom: none; }
table.items tr.total td { font-weight: 700; }
@media print {
  body { background: #fff; }
  .page { box-shadow: none; margin: 0; max-width: none; }
  .language, form, .pdf { display: none; }
}
`;

export interface InvoicePageContext {
  language: Language;
  path: string;
  stylesheets: string[];
  attemptId: string;
  error?: InvoicePayRefusal;
  typed?: { number: string; amount: string };
}

/** Refusals the form is shown again for. */
const FORM_ERRORS: readonly InvoicePayRefusal[] = [
  'INVALID_NUMBER',
  'INVALID_AMOUNT',
  'AMOUNT_TOO_HIGH',
  'BUSY',
  'REFUSED',
  'MERCHANT_UNAVAILABLE',
];

export function isInvoiceFormError(reason: InvoicePayRefusal): boolean {
  return FORM_ERRORS.includes(reason);
}

export function invoicePage(view: InvoicePageView, context: InvoicePageContext): string {
  const { language } = context;
  const invoice = view.invoice;
  const rows = invoice.lines.map(
    (line) =>
      `<tr><td>${escapeHtml(line.description)}</td><td class="num">${line.quantity}</td>` +
      `<td class="num">${escapeHtml(formatFrancs(line.unitPrice))}</td>` +
      `<td class="num">${escapeHtml(formatFrancs(line.amount))}</td></tr>`,
  );
  const rate = (invoice.vatRate * 100).toLocaleString(language === 'fr' ? 'fr-FR' : 'en-GB', {
    maximumFractionDigits: 2,
  });
  const foot = [
    ['subtotal', invoice.subtotal, ''],
    ['vat', invoice.vat, ''],
    ['total', invoice.total, ' class="total"'],
    ['paid', invoice.amountPaid, ''],
    ['amountDue', invoice.amountDue, ' class="total"'],
  ] as const;
  const status =
    invoice.status === 'paid'
      ? 'statusPaid'
      : invoice.status === 'cancelled'
        ? 'statusCancelled'
        : invoice.status === 'overdue'
          ? 'statusOverdue'
          : null;
  const parts = [
    `<p class="asks">${say(language, 'from', { merchant: view.merchantName })}</p>`,
    `<p>${say(language, 'to', { customer: invoice.customer.name })}<br />` +
      `${say(language, 'issued', { date: { date: invoice.createdAt.toISOString() } })}<br />` +
      `${say(language, 'due', { date: { date: invoice.dueDate.toISOString() } })}</p>`,
    `<table class="items"><thead><tr><th>${say(language, 'description')}</th><th class="num">${say(language, 'quantity')}</th>` +
      `<th class="num">${say(language, 'unitPrice')}</th><th class="num">${say(language, 'amount')}</th></tr></thead>`,
    `<tbody>${rows.join('')}</tbody><tfoot>` +
      foot
        .map(
          ([key, amount, cls]) =>
            `<tr${cls}><td colspan="3">${say(language, key, { rate })}</td><td class="num">${escapeHtml(formatFrancs(amount))}</td></tr>`,
        )
        .join('') +
      `</tfoot></table>`,
    `<p class="hint">${say(language, 'vatRule')}</p>`,
    invoice.notes
      ? `<figure class="reason"><figcaption>${say(language, 'notesLabel')}</figcaption><blockquote>${escapeHtml(invoice.notes)}</blockquote></figure>`
      : '',
    status ? `<section class="status"><p class="notice">${say(language, status)}</p></section>` : '',
    context.error && isInvoiceFormError(context.error)
      ? `<section class="status"><p class="error" role="alert">${say(language, context.error as 'REFUSED')}</p></section>`
      : '',
    view.payable ? payForm(view, context) : '',
    `<p class="pdf"><a href="${escapeHtml(`${context.path}.pdf?lang=${language}`)}">${say(language, 'pdf')}</a></p>`,
  ];
  return pageLayout({
    language,
    title: say(language, 'title', { number: invoice.number }),
    body: parts.filter(Boolean).join('\n'),
    path: context.path,
    stylesheet: context.stylesheets[0]!,
    languageLabel: say(language, 'language'),
  }).replace('</head>', `${extraStylesheets(context.stylesheets)}</head>`);
}

export function invoiceNotFoundPage(context: Omit<InvoicePageContext, 'attemptId'>): string {
  const { language } = context;
  return pageLayout({
    language,
    title: say(language, 'notFoundTitle'),
    body: `<p class="notice">${say(language, 'notFound')}</p>`,
    path: context.path,
    stylesheet: context.stylesheets[0]!,
    languageLabel: say(language, 'language'),
  });
}

function payForm(view: InvoicePageView, context: InvoicePageContext): string {
  const { language } = context;
  const typed = context.typed ?? { number: '', amount: String(view.invoice.amountDue) };
  return `<form method="post" action="${escapeHtml(withLanguage(context.path, language))}" class="pay">
<h2>${say(language, 'payTitle')}</h2>
<input type="hidden" name="attemptId" value="${escapeHtml(context.attemptId)}" />
<label class="number">${say(language, 'amountLabel')}
<input name="amount" type="text" inputmode="numeric" required maxlength="13" value="${escapeHtml(typed.amount)}" /></label>
<label class="number">${say(language, 'numberLabel')}
<input name="number" type="tel" inputmode="tel" autocomplete="tel" required maxlength="40" placeholder="6XX XX XX XX" value="${escapeHtml(typed.number)}" /></label>
<button type="submit">${say(language, 'payButton')}</button>
<p class="warning">${say(language, 'pinWarning')}</p>
</form>`;
}

/** The stylesheets after the first, as links for the head. */
function extraStylesheets(paths: string[]): string {
  return paths
    .slice(1)
    .map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}" />\n`)
    .join('');
}
