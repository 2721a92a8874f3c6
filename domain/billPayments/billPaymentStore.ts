/**
 * Port to where bill payments keep what the ledger does not: the payment as asked, whether the aggregator is asked
 * to collect, what it said in the end, and which payments are still open. Races are decided by insert-once
 * records (`_id` = the ledger transfer id), never by updates.
 */
import type { InsertResult } from '../ledger/ledgerStore';
import type { Msisdn } from '../phone';
import type { PayItem } from './billAggregator';

/** A payment as asked, recorded before anything is held; immutable. `_id` is the ledger transfer id. */
export interface BillPaymentIntent {
  _id: string;
  /** Hash of what defines the payment: the same id with other fields is a conflict. */
  requestHash: string;
  payer: Msisdn;
  billerId: string;
  customerNumber: string;
  item: PayItem;
  amount: number;
  fee: number;
  createdAt: Date;
  /**
   * The payment's short reference (domain/shortReference.ts), reserved before the intent is written: its receipt,
   * notice and history line quote it. Absent on intents recorded before short references.
   */
  shortReference?: string;
}

/**
 * Whether the aggregator is asked to collect. `collect`: a process is asking (or asked) it, on that quote.
 * `abandon`: the hold is released without asking. Insert-once: whichever comes first stands.
 */
export type CollectDecision =
  | { _id: string; decision: 'collect'; quoteId: string; quoteExpiresAt: Date; at: Date }
  | { _id: string; decision: 'abandon'; reason: string; at: Date };

/** What the aggregator said in the end (insert-once): the receipt, or why it failed. */
export type BillPaymentOutcome =
  | { _id: string; status: 'SUCCESS'; ptn: string; receiptNumber: string; token: string | null; at: Date }
  | { _id: string; status: 'ERRORED'; reason: string; at: Date };

/** A payment not finished yet (not settled, or its payer not told), which the reconciler looks at. */
export interface OpenBillPayment {
  _id: string;
  openedAt: Date;
}

/** Port to where bill payments keep their records. Races are decided by insert-once records, never updates. */
export interface BillPaymentStore {
  insertIntent(intent: BillPaymentIntent): Promise<InsertResult>;
  getIntent(id: string): Promise<BillPaymentIntent | null>;
  /** Inserts the decision if none was made; returns the one that stands. */
  decideCollect(decision: CollectDecision): Promise<CollectDecision>;
  getDecision(id: string): Promise<CollectDecision | null>;
  /** Inserts the outcome if none was recorded; returns the one that stands. */
  recordOutcome(outcome: BillPaymentOutcome): Promise<BillPaymentOutcome>;
  getOutcome(id: string): Promise<BillPaymentOutcome | null>;
  /** Marks the payment open (idempotent). */
  open(id: string, at: Date): Promise<void>;
  /** The payment is settled and its payer answered or told: the reconciler stops looking. */
  close(id: string): Promise<void>;
  /** Open payments, in no promised order. */
  findOpen(limit: number): Promise<OpenBillPayment[]>;
}
