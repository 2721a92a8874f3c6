/**
 * Payouts: the merchant's balance, its payouts (destination masked, status, dates) and the form that makes one, to
 * a bank account or a mobile-money number, through the same service as the API (`services.payouts`). The form
 * carries an id drawn when the page is rendered: the payout's idempotency id, so a form sent twice (a double click,
 * a resent request) makes one payout. Above the owner's threshold the payout waits for a checker (Approvals).
 */
import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import type { PayoutDestination, PayoutRefusal, PayoutView } from '../../../domain/merchants/payouts/payout';
import type { PayoutDestinationInput } from '../../../domain/merchants/payouts/payoutDestination';
import { parseRib } from '../../../domain/merchants/payouts/rib';
import { can } from '../../../domain/merchants/team/roles';
import { maskMsisdn } from '../../../domain/phone';
import type { Language } from '../../../domain/users';
import { permit } from '../dashboardAccess';
import { contextOf, type DashboardDeps } from '../dashboardContext';
import { csrfField, dashboardHref, dashboardPage, escapeHtml, francs, when } from '../dashboardLayout';
import { sayDashboard } from '../dashboardText';
import { sayPayouts } from './payoutsText';
import type { MountSection } from '.';

const PAGE_SIZE = 50;
/** What Payouts accepts as a caller's id. */
const PAYOUT_ID = /^[A-Za-z0-9_\-.]{1,100}$/;
const DESTINATION_TYPES = ['mtn_momo', 'orange_money', 'bank'] as const;

/** Who is paid, without the whole number or account: enough to recognise, not enough to copy. */
export function destinationText(destination: PayoutDestination, language: Language): string {
  if (destination.type === 'bank') {
    return sayPayouts(language, 'bankTo', {
      name: destination.accountName,
      bank: destination.bankCode,
      last: destination.accountNumber.replace(/\D/g, '').slice(-4),
    });
  }
  return `${sayPayouts(language, `type.${destination.type}`)} ${escapeHtml(maskMsisdn(destination.phone))}`;
}

/** A payout's status in words, and why it failed. */
export function payoutStatusText(payout: PayoutView, language: Language): string {
  const status = `<span class="status pay-${payout.status}">${sayPayouts(language, `status.${payout.status}`)}</span>`;
  const reason = payout.failureReason;
  if (payout.status !== 'failed' || reason === null) return status;
  const why =
    reason === 'APPROVAL_REJECTED' || reason === 'INSUFFICIENT_FUNDS'
      ? sayPayouts(language, `failure.${reason}`)
      : sayPayouts(language, 'failure.other', { reason });
  return `${status} <small>${why}</small>`;
}

/** Whole francs as people type them (`50 000`); null for anything else. */
export function typedFrancs(text: unknown): number | null {
  if (typeof text !== 'string') return null;
  const digits = text.replace(/[\s\u00a0\u202f.]/g, '');
  return /^\d{1,12}$/.test(digits) ? Number(digits) : null;
}

function field(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  return typeof value === 'string' ? value.trim() : '';
}

/** The destination the form names, as the service checks it (the bank code is the RIB's first five digits). */
function destinationOf(body: Record<string, unknown>): PayoutDestinationInput | null {
  const type = field(body, 'type');
  if (type === 'bank') {
    const accountNumber = field(body, 'rib');
    const bankCode = parseRib(accountNumber)?.bankCode ?? '';
    return { type: 'bank', bankCode, accountNumber, accountName: field(body, 'accountName') };
  }
  if (type === 'mtn_momo' || type === 'orange_money') return { type, phone: field(body, 'phone') };
  return null;
}

function listHtml(payouts: PayoutView[], language: Language): string {
  const say = (key: Parameters<typeof sayPayouts>[1]) => sayPayouts(language, key);
  if (payouts.length === 0) return `<p>${say('empty')}</p>`;
  const rows = payouts
    .map(
      (p) => `<tr><td>${when(p.createdAt, language)}</td><td>${destinationText(p.destination, language)}</td>
<td class="num">${francs(p.amount, language)}</td><td class="num">${francs(p.fee, language)}</td>
<td>${payoutStatusText(p, language)}</td><td>${escapeHtml(p.reference ?? '')}</td>
<td>${escapeHtml(maskMsisdn(p.requestedBy))}</td></tr>`,
    )
    .join('\n');
  return `<div class="table-wrap"><table class="pay-list">
<thead><tr><th>${say('col.date')}</th><th>${say('col.destination')}</th><th>${say('col.amount')}</th><th>${say('col.fee')}</th>
<th>${say('col.status')}</th><th>${say('col.reason')}</th><th>${say('col.by')}</th></tr></thead>
<tbody>${rows}</tbody></table></div>`;
}

function formHtml(res: Response, body: Record<string, unknown>): string {
  const context = contextOf(res);
  const { language } = context;
  const say = (key: Parameters<typeof sayPayouts>[1]) => sayPayouts(language, key);
  const chosen = field(body, 'type') || 'mtn_momo';
  const options = DESTINATION_TYPES.map(
    (t) => `<option value="${t}"${t === chosen ? ' selected' : ''}>${say(`type.${t}`)}</option>`,
  ).join('');
  const value = (name: string) => escapeHtml(field(body, name));
  return `<section class="pay-create"><h2>${say('createTitle')}</h2>
<p>${say('createIntro')}</p>
<form method="post" action="${dashboardHref('/payouts', language)}" class="stack" data-confirm="${say('confirm')}">
${csrfField(context)}
<input type="hidden" name="id" value="dash_${randomBytes(12).toString('hex')}" />
<label>${say('field.type')} <select name="type">${options}</select></label>
<label>${say('field.phone')} <input name="phone" inputmode="tel" autocomplete="off" value="${value('phone')}" /></label>
<label>${say('field.accountName')} <input name="accountName" maxlength="70" value="${value('accountName')}" /></label>
<label>${say('field.rib')} <input name="rib" inputmode="numeric" maxlength="40" value="${value('rib')}" /></label>
<label>${say('field.amount')} <input name="amount" inputmode="numeric" required value="${value('amount')}" /></label>
<label>${say('field.reason')} <input name="reason" maxlength="70" value="${value('reason')}" /></label>
<button type="submit">${say('submit')}</button>
</form></section>`;
}

async function page(
  req: Request,
  res: Response,
  deps: DashboardDeps,
  options: { error?: string; form?: Record<string, unknown> } = {},
): Promise<string> {
  const context = contextOf(res);
  const { language, merchant } = context;
  const after = typeof req.query.after === 'string' && PAYOUT_ID.test(req.query.after) ? req.query.after : undefined;
  const [balance, listed] = await Promise.all([
    deps.services.merchants.balance(merchant._id),
    deps.services.payouts.list(merchant._id, { limit: PAGE_SIZE, ...(after ? { startingAfter: after } : {}) }),
  ]);
  const done = req.query.done;
  const notice =
    done === 'created' || done === 'pending_approval'
      ? `<p class="notice" role="status">${sayPayouts(language, `done.${done}`)}</p>`
      : '';
  const error = options.error ? `<p class="error" role="alert">${options.error}</p>` : '';
  const mayCreate = can(context.member, 'payouts', 'manage').ok;
  const more =
    listed.hasMore && listed.data.length > 0
      ? `<p><a href="${dashboardHref('/payouts', language, { after: listed.data.at(-1)!.id })}">${sayPayouts(language, 'more')}</a></p>`
      : '';
  const body = `${notice}${error}
<div class="pay-balance"><p><strong>${sayPayouts(language, 'balance', { available: { francs: balance.available } })}</strong></p>
<p>${sayPayouts(language, 'held', { held: { francs: balance.held } })}</p></div>
${mayCreate ? formHtml(res, options.form ?? {}) : ''}
<h2>${sayPayouts(language, 'listTitle')}</h2>
${listHtml(listed.data, language)}${more}`;
  return dashboardPage(res, { section: 'payouts', title: sayDashboard(language, 'nav.payouts'), body });
}

const REFUSAL_STATUS: Record<PayoutRefusal, number> = {
  INVALID_AMOUNT: 400,
  INVALID_DESTINATION: 400,
  MERCHANT_NOT_FOUND: 404,
  MERCHANT_SUSPENDED: 403,
  RAIL_UNAVAILABLE: 503,
  INSUFFICIENT_FUNDS: 409,
  CONFLICT: 409,
};

export const mountPayouts: MountSection = (router, deps) => {
  router.get('/payouts', async (req, res) => {
    if (!permit(res, 'payouts', 'read')) return;
    res.type('html').send(await page(req, res, deps));
  });

  router.post('/payouts', async (req, res) => {
    if (!permit(res, 'payouts', 'manage')) return;
    const { language, merchant, member } = contextOf(res);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const id = field(body, 'id');
    const destination = destinationOf(body);
    const amount = typedFrancs(body.amount);
    const refuse = async (status: number, reason: PayoutRefusal | 'BAD_FORM') =>
      res
        .status(status)
        .type('html')
        .send(await page(req, res, deps, { error: sayPayouts(language, `error.${reason}`), form: body }));
    if (!PAYOUT_ID.test(id)) return void (await refuse(400, 'BAD_FORM'));
    if (!destination) return void (await refuse(400, 'INVALID_DESTINATION'));
    if (amount === null) return void (await refuse(400, 'INVALID_AMOUNT'));
    const reason = field(body, 'reason');
    const made = await deps.services.payouts.create({
      merchantId: merchant._id,
      id,
      amount,
      destination,
      ...(reason ? { reference: reason } : {}),
      requestedBy: member.msisdn,
    });
    if (!made.ok) return void (await refuse(REFUSAL_STATUS[made.reason], made.reason));
    const done = made.payout.status === 'pending_approval' ? 'pending_approval' : 'created';
    res.redirect(303, dashboardHref('/payouts', language, { done }));
  });
};
