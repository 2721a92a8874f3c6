/**
 * How an Orange Money payment's status reads as a RailStatus. A payment is done only when Orange confirms it:
 * SUCCESSFULL (Orange's spelling; SUCCESSFUL is read the same, see client.ts) with `confirmtxnstatus` "200" for a
 * merchant payment, or with `txnstatus` "200" for a cash-in (its answers have no confirm fields; one without
 * `txnstatus` at all is taken at its SUCCESSFULL). A success not yet confirmed is still pending: money is never
 * credited on a half answer.
 */
import type { RailDirection, RailStatus } from '../../domain/paymentRail';
import { OrangeMoneyError, type OrangeTransaction } from './client';

/** Orange's code for "the account has not enough money" (the payer's, or ours for a cash-in). */
export const INSUFFICIENT_BALANCE = '60019';

const SUCCESS = new Set(['SUCCESSFULL', 'SUCCESSFUL']);

export function railStatusOf(direction: RailDirection, transaction: OrangeTransaction): RailStatus {
  const status = transaction.status.toUpperCase();
  if (status === 'PENDING' || status === 'INITIATED') return { outcome: 'pending' };
  if (SUCCESS.has(status)) return confirmed(direction, transaction) ? { outcome: 'succeeded' } : { outcome: 'pending' };
  if (status === 'EXPIRED') return { outcome: 'failed', reason: 'EXPIRED' };
  if (status === 'CANCELLED') return { outcome: 'failed', reason: 'REJECTED' };
  if (status === 'FAILED') {
    const code = transaction.inittxnstatus ?? transaction.confirmtxnstatus ?? transaction.txnstatus;
    return { outcome: 'failed', reason: code === INSUFFICIENT_BALANCE ? 'NOT_ENOUGH_FUNDS' : 'PAYER_FAILED' };
  }
  // A status we do not know cannot be settled either way: the caller asks again later.
  const operation = direction === 'collect' ? 'mp/paymentstatus' : 'cashin/paymentstatus';
  throw new OrangeMoneyError(operation, 'protocol', 200, undefined, `unknown status ${status.slice(0, 40)}`);
}

function confirmed(direction: RailDirection, transaction: OrangeTransaction): boolean {
  if (direction === 'collect') return transaction.confirmtxnstatus === '200';
  return transaction.txnstatus === undefined || transaction.txnstatus === '200';
}
