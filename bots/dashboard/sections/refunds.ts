/**
 * Refunds from the dashboard: the refund form of a payment's page (full or partial, within what is left, a cashier
 * within their own limit at their own cash point) and the list of the merchant's refunds. The money is moved by the
 * refund service, which decides every race by inserts (domain/merchants/refunds/refunds.ts); the form's refund id,
 * drawn when the page was shown, is that service's idempotency key, so a form sent twice makes one refund.
 */
import type { Response } from 'express';
import { z } from 'zod';
import type { RefundRefusal, RefundView } from '../../../domain/merchants/refunds/refund';
import { can } from '../../../domain/merchants/team/roles';
import { permit } from '../dashboardAccess';
import { contextOf, type DashboardDeps } from '../dashboardContext';
import { dashboardHref, dashboardPage, escapeHtml, francs, notFoundPage, when } from '../dashboardLayout';
import { findPayment, paymentPage } from './transactions';
import { sayRefunds } from './refundsText';
import { PAGE_SIZE } from './transactionFilters';
import type { MountSection } from '.';

/** What the refund form sends (the CSRF token was checked before). */
const refundForm = z.object({
  // The refund service's caller id: letters, digits, `_-.`, up to 100.
  refundId: z.string().regex(/^[A-Za-z0-9_\-.]{1,100}$/),
  amount: z.string().max(20),
  reason: z.string().max(200).optional(),
});

/**
 * Whole francs as people type them (`2500`, `2 500`), more than 0; anything else (decimals, signs, letters) is
 * refused rather than guessed at.
 */
export function parseRefundAmount(text: string): number | null {
  const compact = text.replace(/[\s\u00a0\u202f]/g, '');
  if (!/^[1-9]\d{0,11}$/.test(compact)) return null;
  const amount = Number(compact);
  return Number.isSafeInteger(amount) ? amount : null;
}

/** The HTTP status of each refusal of the refund service. */
const REFUSAL_STATUS: Record<RefundRefusal, number> = {
  PAYMENT_NOT_FOUND: 404,
  NOT_PAID: 409,
  INVALID_AMOUNT: 422,
  EXCEEDS_REFUNDABLE: 422,
  MERCHANT_SUSPENDED: 409,
  DESTINATION_UNAVAILABLE: 409,
  INSUFFICIENT_FUNDS: 409,
  CONFLICT: 409,
};

/** Every refund of the merchant, newest first, read a hundred at a time. */
async function allRefunds(deps: DashboardDeps, merchantId: string): Promise<RefundView[]> {
  const refunds: RefundView[] = [];
  let startingAfter: string | undefined;
  for (;;) {
    const page = await deps.services.refunds.list(merchantId, {
      limit: 100,
      ...(startingAfter === undefined ? {} : { startingAfter }),
    });
    refunds.push(...page.data);
    if (!page.hasMore || page.data.length === 0) return refunds;
    startingAfter = page.data.at(-1)!.id;
  }
}

function refundsBody(res: Response, refunds: RefundView[], payments: Map<string, string>, page: number): string {
  const { language } = contextOf(res);
  const say = (key: Parameters<typeof sayRefunds>[1]) => sayRefunds(language, key);
  const pages = Math.max(1, Math.ceil(refunds.length / PAGE_SIZE));
  const shown = refunds.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  if (shown.length === 0) return `<p class="muted">${say('empty')}</p>`;
  const rows = shown
    .map((r) => {
      const id = payments.get(r.requestId);
      const payment =
        id === undefined
          ? '—'
          : `<a href="${escapeHtml(dashboardHref(`/transactions/${encodeURIComponent(id)}`, language))}">${escapeHtml(id)}</a>`;
      return `<tr><td>${when(r.createdAt, language)}</td><td>${escapeHtml(r.shortReference)}</td><td>${payment}</td>
<td class="amount">${francs(r.amount, language)}</td><td>${say(`destination.${r.destination}`)}</td>
<td><span class="status tx-refund-${r.status}">${say(`status.${r.status}`)}</span></td></tr>`;
    })
    .join('\n');
  const link = (to: number, rel: string) =>
    `<a rel="${rel}" href="${escapeHtml(dashboardHref('/refunds', language, { page: String(to) }))}">${to}</a>`;
  const pager =
    pages > 1
      ? `<nav class="tx-pager">${page > 1 ? link(page - 1, 'prev') : ''} ${page} / ${pages} ${page < pages ? link(page + 1, 'next') : ''}</nav>`
      : '';
  return `<div class="table-wrap"><table class="tx-table"><thead><tr><th>${say('col.date')}</th><th>${say('col.reference')}</th>
<th>${say('col.payment')}</th><th class="amount">${say('col.amount')}</th><th>${say('col.destination')}</th><th>${say('col.status')}</th></tr></thead>
<tbody>${rows}</tbody></table></div>${pager}`;
}

export const mountRefunds: MountSection = (router, deps) => {
  router.get('/refunds', async (req, res) => {
    const { member, merchant, language } = contextOf(res);
    if (!permit(res, 'refunds', 'read', { cashPointId: member.cashPointId })) return;
    const page = /^[1-9]\d{0,5}$/.test(String(req.query.page ?? '1')) ? Number(req.query.page ?? 1) : 1;
    const payments = await deps.services.merchantRequests.all(merchant._id);
    // Only the refunds of payments the member may see: a cashier's, of their own cash point's payments.
    const visible = new Map(
      payments
        .filter((p) => can(member, 'refunds', 'read', { cashPointId: p.cashPointId }).ok)
        .map((p) => [p.requestId, p.id]),
    );
    const refunds = (await allRefunds(deps, merchant._id)).filter((r) => visible.has(r.requestId));
    res.type('html').send(
      dashboardPage(res, {
        section: 'refunds',
        title: sayRefunds(language, 'title'),
        body: refundsBody(res, refunds, visible, page),
      }),
    );
  });

  router.post('/transactions/:id/refund', async (req, res) => {
    const { member, merchant, language } = contextOf(res);
    // Whether this role refunds at all, before reading the payment (a cashier's cash point and amount come next).
    if (!permit(res, 'refunds', 'manage', { cashPointId: member.cashPointId, amount: 0 })) return;
    const payment = await findPayment(deps, merchant._id, req.params.id);
    if (!payment) return void res.status(404).type('html').send(notFoundPage(res));
    const form = refundForm.safeParse(req.body ?? {});
    const amount = form.success ? parseRefundAmount(form.data.amount) : null;
    // The check with what the refund touches: the payment's cash point and the amount (a cashier's limit). An
    // amount that is not one is refused below in words; nothing is done with it.
    if (!permit(res, 'refunds', 'manage', { cashPointId: payment.cashPointId, amount: amount ?? 0 })) return;
    const typed = {
      amount: form.success ? form.data.amount : '',
      reason: form.success ? (form.data.reason ?? '') : '',
    };
    const refused = async (status: number, refusal: string) =>
      void res
        .status(status)
        .type('html')
        .send(await paymentPage(res, deps, payment, { refusal, typed }));
    if (!form.success) return refused(400, sayRefunds(language, 'refusal.BAD_FORM'));
    if (amount === null) return refused(422, sayRefunds(language, 'refusal.BAD_AMOUNT'));
    const answer = await deps.services.refunds.refund({
      merchantId: merchant._id,
      requestId: payment.requestId,
      id: form.data.refundId,
      amount,
      ...(form.data.reason ? { reason: form.data.reason } : {}),
      requestedBy: member.msisdn,
    });
    if (!answer.ok) return refused(REFUSAL_STATUS[answer.reason], sayRefunds(language, `refusal.${answer.reason}`));
    res.redirect(
      303,
      dashboardHref(`/transactions/${encodeURIComponent(payment.id)}`, language, { done: answer.refund.id }),
    );
  });
};
