/**
 * What callers of top-ups and withdrawals get back: a start or a refusal (the ledger's refusals in this area's
 * words), and a payment's view for the person who made it.
 */
import type { Rail } from '../ledger/accounts';
import type { TransferRefusal } from '../ledger/transferResults';
import type { Transfer, TransferState } from '../ledger/transfers';
import type { Quote } from '../fees';
import type { RailDirection } from '../paymentRail';
import { shortReferenceOf } from '../shortReference';
import type { RailFailureNote, RailPaymentRecord } from './railPaymentsStore';

/** Why a top-up or withdrawal did not start, or (on a retry) why it ended. */
export type RailPaymentRefusal =
  | 'INVALID_AMOUNT'
  | 'UNSUPPORTED_RAIL'
  | 'NO_WALLET'
  | 'WALLET_UNAVAILABLE'
  | 'INSUFFICIENT_FUNDS'
  | 'LIMIT_PER_TRANSACTION'
  | 'LIMIT_DAILY'
  | 'LIMIT_MONTHLY'
  /** The wallet would hold more than its KYC tier allows (pending top-ups count). */
  | 'LIMIT_BALANCE'
  /** The rail refused the request at once; the hold was released. */
  | 'RAIL_REFUSED'
  /** A retry of a payment that already failed (the owner was or will be told why). */
  | 'FAILED'
  /** The same id was used before for another payment. */
  | 'CONFLICT';

/**
 * Started (the rail was asked, or will be settled by the reconciler), or refused with nothing held. `checkoutUrl`:
 * the page where the payer pays (a card's hosted checkout), when this call asked the rail and it gave one.
 */
export type RailPaymentStart =
  | { ok: true; reference: string; shortReference: string; quote: Quote; checkoutUrl?: string }
  | { ok: false; reason: RailPaymentRefusal };

/** Where a payment stands for the person who made it. */
export type RailPaymentStatus = 'pending' | 'succeeded' | 'failed';

/** What a person may know about their top-up or withdrawal. */
export interface RailPaymentView {
  reference: string;
  /** What the owner reads and quotes (railPaymentsStore.ts shortReferenceOf). */
  shortReference: string;
  direction: RailDirection;
  rail: Rail;
  /** What the wallet gains (top-up) or what the payee receives (withdrawal). */
  amount: number;
  fee: number;
  status: RailPaymentStatus;
  /** Why it failed (a rail reason such as `REJECTED`, or a ledger reason); null otherwise. */
  reason: string | null;
  createdAt: Date;
}

/** The transfer states in which a payment is not over yet. */
export const UNFINISHED: ReadonlySet<TransferState> = new Set(['received', 'held', 'needs_review']);

/** A payment as its owner may see it, from its record, its transfer (if any) and why it failed (if it did). */
export function viewOf(
  record: RailPaymentRecord,
  transfer: Transfer | null,
  failure: Pick<RailFailureNote, 'reason'> | null,
): RailPaymentView {
  const state = transfer?.state;
  const status: RailPaymentStatus =
    state === 'posted'
      ? 'succeeded'
      : !transfer && !failure
        ? 'pending'
        : state && UNFINISHED.has(state)
          ? 'pending'
          : 'failed';
  const reason =
    status !== 'failed'
      ? null
      : (failure?.reason ?? (state === 'expired' ? 'EXPIRED' : (transfer?.reason ?? 'UNKNOWN')));
  return {
    reference: record._id,
    shortReference: shortReferenceOf(record),
    direction: record.direction,
    rail: record.rail,
    amount: record.amount,
    fee: record.fee,
    status,
    reason,
    createdAt: record.createdAt,
  };
}

/** The ledger's refusals in the words of this module. */
export function refusalOf(reason: TransferRefusal): RailPaymentRefusal {
  switch (reason) {
    case 'INSUFFICIENT_FUNDS':
    case 'LIMIT_PER_TRANSACTION':
    case 'LIMIT_DAILY':
    case 'LIMIT_MONTHLY':
    case 'LIMIT_BALANCE':
    case 'CONFLICT':
      return reason;
    case 'RECIPIENT_LIMIT_BALANCE':
      return 'LIMIT_BALANCE';
    case 'ACCOUNT_NOT_FOUND':
      return 'NO_WALLET';
    case 'ACCOUNT_CLOSED':
    case 'ACCOUNT_FROZEN':
      return 'WALLET_UNAVAILABLE';
    case 'INVALID_AMOUNT':
      return 'INVALID_AMOUNT';
    default:
      return 'FAILED';
  }
}
