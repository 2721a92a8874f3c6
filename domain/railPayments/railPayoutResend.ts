/**
 * A payout the rail says it never heard of (NOT_FOUND), past the wait, is asked again under the SAME reference,
 * never voided. Its outcome is unknown: the process that decided to send it may only be stalled (not dead) and
 * still about to call the rail. Voided, the wallet would get the money back and the late call would pay it out as
 * well. Asked again, the rails' idempotency by reference makes the two calls one payout (MTN answers 409 to a
 * repeated X-Reference-Id, the Orange rail finds the payToken stored for the reference and pays nothing more).
 *
 * The request is rebuilt from the record alone, as `begin` builds it for a payout (withdrawals.ts): the payee
 * (counterparty), the amount the payee receives (a payout pays the record's amount; the fee stays with us), and
 * the short reference. Withdrawals send no payer message, payee note or return page.
 *
 * Collections are not asked again: voiding a collection the rail never heard of moves no money out (a late
 * success is still credited, RailPayments.resolveHold), while asking again would prompt the payer's phone (or
 * open a card checkout nobody sees) minutes after they walked away.
 */
import { francs } from '../money';
import type { PaymentRail, RailRefusal, RailRequest } from '../paymentRail';
import { shortReferenceOf } from '../shortReference';
import type { RailPaymentRecord } from './railPaymentsStore';

/** The payout request `begin` sent (or was about to send), from what the record keeps. */
export function payoutRequestOf(record: RailPaymentRecord): RailRequest {
  return {
    reference: record._id,
    msisdn: record.counterparty,
    amount: francs(record.amount),
    shortReference: shortReferenceOf(record),
  };
}

/**
 * What asking again gave. `accepted`: the rail has the payout (now or already); its status says how it ends.
 * `refused`: the rail promised it will never act on the reference, so the hold may be released. `unknown`: the
 * rail could not be asked (a timeout, a 5xx); the payout stays held and the next look asks again.
 */
export type PayoutResend = { kind: 'accepted' } | { kind: 'refused'; reason: RailRefusal } | { kind: 'unknown' };

/** Asks the rail for the recorded payout again, under its own reference. Never throws. */
export async function resendPayout(rail: PaymentRail, record: RailPaymentRecord): Promise<PayoutResend> {
  try {
    const answer = await rail.payout(payoutRequestOf(record));
    return answer.ok ? { kind: 'accepted' } : { kind: 'refused', reason: answer.reason };
  } catch {
    return { kind: 'unknown' };
  }
}
