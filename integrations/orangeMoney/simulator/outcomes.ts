/**
 * How a simulated Orange Money payment ends, by the subscriber's number: the sandbox numbers `6XX12345D` of the
 * simulated rails (integrations/rails/simulatedRail.ts), read as Orange would report them.
 *
 * | D | merchant payment (collect)               | cash-in (payout)                          |
 * |---|------------------------------------------|-------------------------------------------|
 * | 0 | FAILED                                   | FAILED                                    |
 * | 1 | CANCELLED (the payer declined)           | CANCELLED                                 |
 * | 2 | EXPIRED (after the completion delay)     | EXPIRED                                   |
 * | 3 | PENDING, EXPIRED after the expiry        | PENDING for ever (no prompt to expire)    |
 * | 4 | SUCCESSFULL after ten completion delays  | SUCCESSFULL after ten completion delays   |
 * | 5 | FAILED                                   | FAILED, 60019: our merchant balance short |
 * | 6 | FAILED                                   | FAILED                                    |
 *
 * Any other number: SUCCESSFULL after the completion delay. Orange numbers are 655-659, 69x and 686-689.
 */
import type { RailDirection } from '../../../domain/paymentRail';
import { sandboxOutcome } from '../../rails/simulatedRail';
import { INSUFFICIENT_BALANCE } from '../railStatus';
import type { PaymentKind, ScriptedEnd } from './simulatorState';

/** The end of the payment and how many completion delays it takes (null: it never completes by itself). */
export function scriptedEnd(kind: PaymentKind, subscriberMsisdn: string): { end: ScriptedEnd; delays: number | null } {
  const direction: RailDirection = kind === 'mp' ? 'collect' : 'payout';
  const outcome = sandboxOutcome(direction, subscriberMsisdn);
  if (outcome === 'succeeds') return { end: { status: 'SUCCESSFULL' }, delays: 1 };
  if (outcome === 'delayed') return { end: { status: 'SUCCESSFULL' }, delays: 10 };
  if (outcome === 'stays_pending') return { end: { status: 'PENDING' }, delays: null };
  switch (outcome.fails) {
    case 'REJECTED':
      return { end: { status: 'CANCELLED' }, delays: 1 };
    case 'EXPIRED':
      return { end: { status: 'EXPIRED' }, delays: 1 };
    case 'NOT_ENOUGH_FUNDS':
      return { end: { status: 'FAILED', failureCode: INSUFFICIENT_BALANCE }, delays: 1 };
    default:
      return { end: { status: 'FAILED' }, delays: 1 };
  }
}

const ORANGE_NUMBER = /^(65[5-9]|69\d|68[6-9])\d{6}$/;

/** Whether Orange would take this as a subscriber: nine digits, without 237, in Orange's ranges. */
export function isOrangeSubscriber(msisdn: string): boolean {
  return ORANGE_NUMBER.test(msisdn);
}
