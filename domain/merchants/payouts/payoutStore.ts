/**
 * Port: where merchant payouts are kept. The record's `_id` (`payout:<merchant>:<caller id>`) is unique, so one
 * insert decides which of many concurrent creates with one id made the payout. `setState` refreshes a cache only.
 */
import type { InsertResult } from '../../ledger/ledgerStore';
import type { PayoutRecord, PayoutStatus } from './payout';

export interface PayoutStore {
  /** `duplicate` when the id is taken. */
  insertPayout(record: PayoutRecord): Promise<InsertResult>;
  getPayout(id: string): Promise<PayoutRecord | null>;
  /** A merchant's payouts, newest first (createdAt, then `_id`, descending); `before` starts after that one. */
  byMerchant(
    merchantId: string,
    options: { limit: number; before?: { createdAt: Date; _id: string } },
  ): Promise<PayoutRecord[]>;
  /** Payouts whose cached state is not final (pending_approval, pending, processing, needs_review), any order. */
  unfinished(limit: number): Promise<PayoutRecord[]>;
  setState(id: string, state: PayoutStatus): Promise<void>;
}

/** The states a payout may still leave. */
export const UNFINISHED_PAYOUT_STATES: readonly PayoutStatus[] = [
  'pending_approval',
  'pending',
  'processing',
  'needs_review',
];
