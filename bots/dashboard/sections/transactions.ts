/**
 * The transactions: the merchant's payment requests newest first, filtered and paged, exported as CSV with the same
 * filters, and each payment's page (its history, its refunds, what is left to refund and, for who may refund, the
 * refund form). A cashier sees only their own cash point's payments: asking for another's is refused (403), and
 * the others are never listed nor exported.
 */
import type { Request, Response } from 'express';
import { merchantRequestPrefix, type MerchantPaymentView } from '../../../domain/merchants/merchantPaymentView';
import type { RefundView } from '../../../domain/merchants/refunds/refund';
import { randomBase32 } from '../../../domain/merchants/randomIds';
import { visiblePayments } from '../../../domain/merchants/team/cashPoints';
import { can } from '../../../domain/merchants/team/roles';
import type { Language } from '../../../domain/users';
import { formatMsisdnForDisplay } from '../../../domain/phone';
import { permit } from '../dashboardAccess';
import { contextOf, type DashboardDeps } from '../dashboardContext';
import { csrfField, dashboardHref, dashboardPage, escapeHtml, francs, notFoundPage, when } from '../dashboardLayout';
import { sayRefunds } from './refundsText';
import {
  cashPointOfFilter,
  filterQuery,
  matchesFilters,
  NO_CASH_POINT,
  PAGE_SIZE,
  parseTransactionFilters,
  PAYMENT_RAILS,
  PAYMENT_STATUSES,
  type TransactionFilters,
} from './transactionFilters';
import { transactionsCsv, transactionsCsvName } from './transactionsCsv';
import { sayTransactions } from './transactionsText';
import type { MountSection } from '.';

/** The merchant's own id of a request, as it gave it (what `merchantRequests.get` takes). */
const MERCHANT_OWN_ID = /^[A-Za-z0-9_\-.]{1,128}$/;

/** One of the merchant's payments by its own id or its full request id; null when not this merchant's. */
export async function findPayment(
  deps: DashboardDeps,
  merchantId: string,
  id: string,
): Promise<MerchantPaymentView | null> {
  const own = MERCHANT_OWN_ID.test(id) ? await deps.services.merchantRequests.get(merchantId, id) : null;
  if (own) return own;
  if (!id.startsWith(merchantRequestPrefix(merchantId))) return null;
  const byRequest = await deps.services.merchantRequests.byRequestId(id);
  return byRequest?.merchantId === merchantId ? byRequest : null;
}

/** The names of the merchant's cash points by id. */
export async function cashPointNames(deps: DashboardDeps, merchantId: string): Promise<Map<string, string>> {
  return new Map((await deps.services.cashPoints.list(merchantId)).map((c) => [c._id, c.name]));
}

/**
 * Checks the member may read the payments the filters ask for (a cashier: only with no cash point filter or their
 * own) and gives the matching ones they may see, newest first; null when refused (the 403 page was sent).
 */
async function matchingPayments(
  res: Response,
  deps: DashboardDeps,
  filters: TransactionFilters,
): Promise<MerchantPaymentView[] | null> {
  const { member, merchant } = contextOf(res);
  const asked = cashPointOfFilter(filters);
  if (!permit(res, 'payments', 'read', { cashPointId: asked === undefined ? member.cashPointId : asked })) {
    return null;
  }
  const all = await deps.services.merchantRequests.all(merchant._id);
  return visiblePayments(member, all).filter((p) => matchesFilters(p, filters));
}

/** The filters of a request, or the 400 page (after the role check) naming what is wrong; null then. */
function filtersOf(req: Request, res: Response): TransactionFilters | null {
  const parsed = parseTransactionFilters(req.query as Record<string, unknown>);
  if (parsed.ok) return parsed.filters;
  const { member, language } = contextOf(res);
  if (!permit(res, 'payments', 'read', { cashPointId: member.cashPointId })) return null;
  const body = `<p class="error" role="alert">${sayTransactions(language, 'filter.bad', { fields: parsed.fields.join(', ') })}</p>
<p><a href="${escapeHtml(dashboardHref('/transactions', language))}">${sayTransactions(language, 'filter.reset')}</a></p>`;
  res
    .status(400)
    .type('html')
    .send(dashboardPage(res, { section: 'transactions', title: sayTransactions(language, 'title'), body }));
  return null;
}

function option(value: string, label: string, selected: boolean): string {
  return `<option value="${escapeHtml(value)}"${selected ? ' selected' : ''}>${label}</option>`;
}

function filterForm(res: Response, filters: TransactionFilters, names: Map<string, string>): string {
  const { language, member } = contextOf(res);
  const say = (key: Parameters<typeof sayTransactions>[1]) => sayTransactions(language, key);
  const all = `<option value="">—</option>`;
  const statuses = PAYMENT_STATUSES.map((s) => option(s, say(`status.${s}`), filters.status === s)).join('');
  const rails = PAYMENT_RAILS.map((r) => option(r, say(`rail.${r}`), filters.rail === r)).join('');
  // A cashier chooses among nothing: their own cash point is all they see.
  const points =
    member.role === 'cashier'
      ? ''
      : `<label>${say('filter.cashPoint')}<select name="cashPoint">${all}${[...names.entries()]
          .map(([id, name]) => option(id, escapeHtml(name), filters.cashPoint === id))
          .join('')}${option(NO_CASH_POINT, say('noCashPoint'), filters.cashPoint === NO_CASH_POINT)}</select></label>`;
  return `<form method="get" action="/dashboard/transactions" class="filters tx-filters">
<input type="hidden" name="lang" value="${language}" />
<label>${say('filter.status')}<select name="status">${all}${statuses}</select></label>
<label>${say('filter.rail')}<select name="rail">${all}${rails}</select></label>
${points}
<label>${say('filter.from')}<input type="date" name="from" value="${escapeHtml(filters.from ?? '')}" /></label>
<label>${say('filter.to')}<input type="date" name="to" value="${escapeHtml(filters.to ?? '')}" /></label>
<label>${say('filter.q')}<input type="search" name="q" maxlength="60" value="${escapeHtml(filters.q ?? '')}" placeholder="${say('filter.qHint')}" /></label>
<button type="submit">${say('filter.apply')}</button>
<a href="${escapeHtml(dashboardHref('/transactions', language))}">${say('filter.reset')}</a>
</form>`;
}

function rowOf(res: Response, payment: MerchantPaymentView, names: Map<string, string>): string {
  const { language } = contextOf(res);
  const href = escapeHtml(dashboardHref(`/transactions/${encodeURIComponent(payment.id)}`, language));
  const cashPoint = payment.cashPointId === null ? '—' : escapeHtml(names.get(payment.cashPointId) ?? '—');
  const rail = payment.paidBy === null ? '—' : sayTransactions(language, `rail.${payment.paidBy}`);
  return `<tr>
<td>${when(payment.createdAt, language)}</td>
<td><a href="${href}" class="tx-ref">${escapeHtml(payment.shortReference)}</a></td>
<td>${escapeHtml(payment.orderReference ?? '—')}</td>
<td>${escapeHtml(formatMsisdnForDisplay(payment.payer))}</td>
<td class="amount">${francs(payment.amount, language)}</td>
<td>${rail}</td>
<td>${cashPoint}</td>
<td><span class="status tx-status-${payment.status}">${sayTransactions(language, `status.${payment.status}`)}</span></td>
</tr>`;
}

function listBody(
  res: Response,
  filters: TransactionFilters,
  matching: MerchantPaymentView[],
  names: Map<string, string>,
): string {
  const { language } = contextOf(res);
  const say = (key: Parameters<typeof sayTransactions>[1], params = {}) => sayTransactions(language, key, params);
  const query = filterQuery(filters);
  const pages = Math.max(1, Math.ceil(matching.length / PAGE_SIZE));
  const shown = matching.slice((filters.page - 1) * PAGE_SIZE, filters.page * PAGE_SIZE);
  const pageLink = (page: number, key: 'previous' | 'next') =>
    `<a href="${escapeHtml(dashboardHref('/transactions', language, { ...query, page: String(page) }))}" rel="${key === 'next' ? 'next' : 'prev'}">${say(key)}</a>`;
  const columns = (
    ['date', 'shortReference', 'orderReference', 'payer', 'amount', 'rail', 'cashPoint', 'status'] as const
  )
    .map((c) => `<th${c === 'amount' ? ' class="amount"' : ''}>${say(`col.${c}`)}</th>`)
    .join('');
  const table =
    shown.length === 0
      ? `<p class="muted">${say('empty')}</p>`
      : `<div class="table-wrap"><table class="tx-table"><thead><tr>${columns}</tr></thead><tbody>
${shown.map((p) => rowOf(res, p, names)).join('\n')}
</tbody></table></div>`;
  const pager = `<nav class="tx-pager"><span>${say('count', { count: matching.length })} · ${say('page', { page: filters.page, pages })}</span>
${filters.page > 1 ? pageLink(filters.page - 1, 'previous') : ''}${filters.page < pages ? pageLink(filters.page + 1, 'next') : ''}</nav>`;
  const exportLink = `<p><a class="button secondary" href="${escapeHtml(dashboardHref('/transactions.csv', language, query))}" download>${say('export')}</a></p>`;
  return `${filterForm(res, filters, names)}\n${exportLink}\n${table}\n${pager}`;
}

/** The moments of a payment's history: made, its statuses, and an attempt that failed (it stays open). */
const HISTORY_STATUSES: readonly string[] = ['created', 'failed', ...PAYMENT_STATUSES];
function isHistoryStatus(status: string): status is 'created' | 'failed' | (typeof PAYMENT_STATUSES)[number] {
  return HISTORY_STATUSES.includes(status);
}

/** What a payment's page says besides the payment: a refund just made, or a refused one and what was typed. */
export interface PaymentPageOptions {
  /** The id of the refund just made (the form's), to say how it went. */
  done?: string | null;
  /** Why the refund asked was not made, already in words and escaped. */
  refusal?: string;
  typed?: { amount: string; reason: string };
}

/** Where the refund service sends a refund by default: back to the mobile-money number that paid, else the wallet. */
function sayRefundDestination(language: Language, payment: MerchantPaymentView): string {
  const byMobileMoney = payment.paidBy === 'mtn_momo' || payment.paidBy === 'orange_money';
  return sayRefunds(language, byMobileMoney ? 'destination.mobile_money' : 'destination.wallet');
}

/** The refund form, for who may refund at this payment's cash point; a fresh refund id each time it is shown. */
function refundForm(
  res: Response,
  payment: MerchantPaymentView,
  refundable: number,
  options: PaymentPageOptions,
): string {
  const context = contextOf(res);
  const { language, member } = context;
  const say = (key: Parameters<typeof sayRefunds>[1], params = {}) => sayRefunds(language, key, params);
  // Who may refund here at all (a cashier's amount is checked when they send it).
  if (!can(member, 'refunds', 'manage', { cashPointId: payment.cashPointId, amount: 0 }).ok || refundable <= 0)
    return '';
  const limit =
    member.role === 'cashier'
      ? `<p class="muted">${say('form.limit', { amount: { francs: member.refundLimit ?? 0 } })}</p>`
      : '';
  const action = escapeHtml(dashboardHref(`/transactions/${encodeURIComponent(payment.id)}/refund`, language));
  // The form's own refund id: sent twice (a double click, a resend), it still makes one refund.
  const refundId = `dash_${randomBase32(20)}`;
  return `<form method="post" action="${action}" class="stack tx-refund">
<h2>${say('form.title')}</h2>
<p>${say('form.explain')} ${say('form.destination', { destination: sayRefundDestination(language, payment) })}</p>
${limit}
${csrfField(context)}
<input type="hidden" name="refundId" value="${refundId}" />
<label>${say('form.amount')}<input name="amount" inputmode="numeric" pattern="[0-9 ]*" required value="${escapeHtml(options.typed?.amount ?? String(refundable))}" /></label>
<label>${say('form.reason')}<input name="reason" maxlength="200" value="${escapeHtml(options.typed?.reason ?? '')}" /></label>
<button type="submit" class="danger">${say('form.submit')}</button>
</form>`;
}

function refundRows(refunds: RefundView[], language: Language): string {
  const say = (key: Parameters<typeof sayRefunds>[1]) => sayRefunds(language, key);
  if (refunds.length === 0) return `<p class="muted">${say('empty')}</p>`;
  const rows = refunds
    .map(
      (r) => `<tr><td>${when(r.createdAt, language)}</td><td>${escapeHtml(r.shortReference)}</td>
<td class="amount">${francs(r.amount, language)}</td><td>${say(`destination.${r.destination}`)}</td>
<td><span class="status tx-refund-${r.status}">${say(`status.${r.status}`)}</span></td><td>${escapeHtml(r.note ?? '—')}</td></tr>`,
    )
    .join('\n');
  return `<div class="table-wrap"><table class="tx-table"><thead><tr><th>${say('col.date')}</th><th>${say('col.reference')}</th>
<th class="amount">${say('col.amount')}</th><th>${say('col.destination')}</th><th>${say('col.status')}</th><th>${say('col.note')}</th></tr></thead>
<tbody>${rows}</tbody></table></div>`;
}

/** A payment's page: the payment, its history, its refunds, what is left to refund and the refund form. */
export async function paymentPage(
  res: Response,
  deps: DashboardDeps,
  payment: MerchantPaymentView,
  options: PaymentPageOptions = {},
): Promise<string> {
  const { language, merchant } = contextOf(res);
  const say = (key: Parameters<typeof sayTransactions>[1], params = {}) => sayTransactions(language, key, params);
  const refunds = await deps.services.refunds.refundsOf(payment.requestId);
  const refundable = await deps.services.refunds.refundable(payment.requestId);
  const names = await cashPointNames(deps, merchant._id);
  const done = options.done ? refunds.find((r) => r.id === options.done) : undefined;
  const notice = done
    ? `<p class="notice" role="status">${sayRefunds(language, 'done', { amount: { francs: done.amount }, status: sayRefunds(language, `status.${done.status}`) })}</p>`
    : '';
  const refusal = options.refusal ? `<p class="error" role="alert">${options.refusal}</p>` : '';
  const field = (label: string, value: string) => `<dt>${label}</dt><dd>${value}</dd>`;
  const details = [
    field(
      say('col.status'),
      `<span class="status tx-status-${payment.status}">${say(`status.${payment.status}`)}</span>`,
    ),
    field(say('col.amount'), francs(payment.amount, language)),
    field(say('col.orderReference'), escapeHtml(payment.orderReference ?? '—')),
    field(say('detail.description'), escapeHtml(payment.reason || '—')),
    field(say('col.payer'), escapeHtml(formatMsisdnForDisplay(payment.payer))),
    field(say('col.rail'), payment.paidBy === null ? '—' : say(`rail.${payment.paidBy}`)),
    field(say('detail.paidFrom'), payment.paidFrom ? escapeHtml(formatMsisdnForDisplay(payment.paidFrom)) : '—'),
    field(say('col.cashPoint'), payment.cashPointId === null ? '—' : escapeHtml(names.get(payment.cashPointId) ?? '—')),
    field(say('detail.cashier'), payment.cashier ? escapeHtml(formatMsisdnForDisplay(payment.cashier)) : '—'),
    field(say('detail.createdAt'), when(payment.createdAt, language)),
    field(say('detail.expiresAt'), when(payment.expiresAt, language)),
    field(say('detail.paidAt'), when(payment.paidAt, language)),
    field(say('detail.id'), escapeHtml(payment.id)),
  ].join('\n');
  const history = payment.history
    .map((h) => {
      const label = isHistoryStatus(h.status) ? say(`status.${h.status}`) : escapeHtml(h.status);
      return `<tr><td>${label}</td><td>${when(h.at, language)}</td><td>${escapeHtml(h.reason ?? '—')}</td></tr>`;
    })
    .join('\n');
  const left =
    payment.status === 'paid'
      ? `<p>${refundable > 0 ? sayRefunds(language, 'refundable', { amount: { francs: refundable } }) : sayRefunds(language, 'nothingRefundable')}</p>`
      : '';
  const body = `${notice}${refusal}
<dl class="tx-details">${details}</dl>
<h2>${say('detail.history')}</h2>
<div class="table-wrap"><table class="tx-table"><thead><tr><th>${say('detail.event')}</th><th>${say('detail.at')}</th><th>${say('detail.reason')}</th></tr></thead>
<tbody>${history}</tbody></table></div>
<h2>${sayRefunds(language, 'section.title')}</h2>
${refundRows(refunds, language)}
${left}
${payment.status === 'paid' ? refundForm(res, payment, refundable, options) : ''}
<p><a href="${escapeHtml(dashboardHref('/transactions', language))}">${say('backToList')}</a></p>`;
  return dashboardPage(res, {
    section: 'transactions',
    title: say('detail.title', { reference: payment.shortReference }),
    body,
    path: `/transactions/${encodeURIComponent(payment.id)}`,
  });
}

export const mountTransactions: MountSection = (router, deps) => {
  router.get('/transactions', async (req, res) => {
    const filters = filtersOf(req, res);
    if (!filters) return;
    const matching = await matchingPayments(res, deps, filters);
    if (!matching) return;
    const { language, merchant } = contextOf(res);
    const names = await cashPointNames(deps, merchant._id);
    res.type('html').send(
      dashboardPage(res, {
        section: 'transactions',
        title: sayTransactions(language, 'title'),
        body: listBody(res, filters, matching, names),
      }),
    );
  });

  router.get('/transactions.csv', async (req, res) => {
    const filters = filtersOf(req, res);
    if (!filters) return;
    const matching = await matchingPayments(res, deps, filters);
    if (!matching) return;
    const { merchant } = contextOf(res);
    const csv = transactionsCsv(matching, await cashPointNames(deps, merchant._id));
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${transactionsCsvName(merchant._id, deps.clock())}"`);
    res.setHeader('Cache-Control', 'no-store');
    res.send(csv);
  });

  router.get('/transactions/:id', async (req, res) => {
    const { member, merchant } = contextOf(res);
    if (!permit(res, 'payments', 'read', { cashPointId: member.cashPointId })) return;
    const payment = await findPayment(deps, merchant._id, req.params.id);
    if (!payment) return void res.status(404).type('html').send(notFoundPage(res));
    if (!permit(res, 'payments', 'read', { cashPointId: payment.cashPointId })) return;
    const done = typeof req.query.done === 'string' ? req.query.done : null;
    res.type('html').send(await paymentPage(res, deps, payment, { done }));
  });
};
