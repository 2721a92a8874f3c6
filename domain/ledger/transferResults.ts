/**
 * What the ledger answers a transfer operation: the transfer as it stands, or why it did not do what was asked.
 */
import type { RejectReason } from './entries';
import type { Confirmation, Transfer } from './transfers';

/** Bad input: refused before anything is written, so the same id may be used again with good input. */
export type InputRefusal =
  | 'INVALID_ID'
  | 'INVALID_AMOUNT'
  | 'NO_CREDITS'
  | 'SAME_ACCOUNT'
  | 'ACCOUNT_NOT_FOUND'
  | 'ACCOUNT_CLOSED'
  | 'ACCOUNT_FROZEN'
  | 'INVALID_EXPIRY'
  | 'TOO_MANY_LIMITED_CREDITS';

/** Why a transfer did not do what was asked. Business refusals are recorded and stay refused under that id. */
export type TransferRefusal =
  | InputRefusal
  | RejectReason
  | 'RECIPIENT_LIMIT_BALANCE'
  | 'CONFLICT'
  | 'NOT_FOUND'
  | 'NOT_PENDING'
  | 'EXPIRED'
  | 'ALREADY_RESOLVED'
  /** The hold waits for a person: only a confirmed outcome resolves it. */
  | 'IN_REVIEW'
  | 'STALE'
  | 'NOT_REFUNDABLE'
  | 'REFUND_OUT_OF_ORDER'
  | 'REFUND_EXCEEDS_ORIGINAL';

/** How a post or void of a hold was confirmed. */
export interface ResolveOptions {
  /** Who confirmed this outcome (the rail, a person deciding a review): it then stands past the hold's expiry. */
  confirmedBy?: Confirmation;
}

/** The transfer as it stands after an operation, or why the operation did not do what was asked. */
export type TransferResult =
  { ok: true; transfer: Transfer } | { ok: false; reason: TransferRefusal; transfer?: Transfer };
