/**
 * Port to where top-ups and withdrawals keep what the ledger does not: who to tell, which number the rail pays
 * or collects from, whether the rail was asked, and why a payment failed. Every decision that two processes
 * may race for is an insert-once record (`_id` = the transfer id), as in the ledger (docs/ledger.md).
 */
import type { Rail } from '../ledger/accounts';
import type { InsertResult } from '../ledger/ledgerStore';
import type { Msisdn } from '../phone';
import type { RailDirection } from '../paymentRail';

/** A top-up or withdrawal as asked, recorded before any money is held; immutable. */
export interface RailPaymentRecord {
  /** The ledger transfer id, which is also the rail's reference. */
  _id: string;
  direction: RailDirection;
  rail: Rail;
  /** The wallet owner, who is told how it ended. */
  owner: Msisdn;
  /** Who pays (top-up) or is paid (withdrawal) on the rail. */
  counterparty: Msisdn;
  /** What the wallet gains (top-up) or what the payee receives (withdrawal). */
  amount: number;
  fee: number;
  createdAt: Date;
  /**
   * The payment request this collection pays (its pay page): the requester is told by the request's own notice,
   * not as of a top-up, once the request records the outcome (RailPayments.whenFinished).
   */
  requestId?: string;
  /**
   * The payment's short reference (domain/shortReference.ts), reserved before the record is written; what the owner
   * reads on every receipt and notice and what the rail gets as its own reference. Absent on records made before.
   */
  shortReference?: string;
  /**
   * The merchant refund this payout pays (domain/merchants/refunds/): the payer is told by the refund's own notice,
   * not as of a withdrawal, and the refund records the outcome (RailPayments.whenFinished).
   */
  refundId?: string;
  /**
   * The merchant salary line this payout pays (domain/merchants/salaries/): the payee is told by the batch's own
   * notice, not as of a withdrawal, and the batch records the outcome (RailPayments.whenFinished).
   */
  salaryLineId?: string;
  /**
   * The merchant payout this pays (domain/merchants/payouts/): the merchant is told by the payout's own events, not
   * as of a withdrawal, and the payout records the outcome (RailPayments.whenFinished).
   */
  payoutId?: string;
}

/**
 * Whether a record found under a payment's id describes the payment asked again (a retry), not another one. The
 * short reference is not compared: a retry of a payment recorded before short references is still the same one.
 */
export function sameRecord(a: RailPaymentRecord, b: RailPaymentRecord): boolean {
  return (
    a.direction === b.direction &&
    a.rail === b.rail &&
    a.owner === b.owner &&
    a.counterparty === b.counterparty &&
    a.amount === b.amount &&
    a.fee === b.fee
  );
}

/**
 * Whether the rail is asked. `send`: a process is asking (or asked) the rail; nobody else asks it again.
 * `abandon`: the process that held the money died before asking, and the reconciler released it instead.
 * Insert-once: whichever comes first stands, so a slow starter never asks a rail after the money was released.
 */
export interface RailDispatch {
  _id: string;
  decision: 'send' | 'abandon';
  at: Date;
}

/**
 * Why a payment failed, noted (insert-once) before its hold is released. `silent`: the caller was answered at
 * once (the rail refused the request), so no notice follows.
 */
export interface RailFailureNote {
  _id: string;
  reason: string;
  silent: boolean;
  at: Date;
}

/** A payment not finished yet (not settled and told), which the reconciler looks at. */
export interface OpenRailPayment {
  _id: string;
  openedAt: Date;
}

/** Port: one store call per method; races are decided by the insert-once methods, never by an update. */
export interface RailPaymentsStore {
  insertRecord(record: RailPaymentRecord): Promise<InsertResult>;
  getRecord(id: string): Promise<RailPaymentRecord | null>;

  /** Marks the payment open (idempotent). */
  open(id: string, at: Date): Promise<void>;
  /** The payment is settled and its owner told (or answered at once): the reconciler stops looking. */
  close(id: string): Promise<void>;
  /** Open payments, in no promised order. */
  findOpen(limit: number): Promise<OpenRailPayment[]>;

  /** Inserts the dispatch decision if none was made; returns the one that stands, and whether it is this one. */
  decideDispatch(dispatch: RailDispatch): Promise<RailDispatch & { mine: boolean }>;
  getDispatch(id: string): Promise<RailDispatch | null>;

  /** Inserts the failure note if none was made; returns the one that stands. */
  noteFailure(note: RailFailureNote): Promise<RailFailureNote>;
  getFailure(id: string): Promise<RailFailureNote | null>;
}
