/**
 * Port: where merchant refunds and their outcomes are kept. Two unique keys decide every race: the record's `_id`
 * (the slot `<payment transfer>#<n>`) and `{merchantId, callerId}` (one refund per caller id). Outcomes are
 * insert-once. `setState` only refreshes a cache and decides nothing.
 */
import type { InsertResult } from '../../ledger/ledgerStore';
import type { RefundOutcome, RefundRecord, RefundStatus } from './refund';

export interface RefundStore {
  /** `duplicate` when the slot or the merchant's caller id is taken. */
  insertRefund(record: RefundRecord): Promise<InsertResult>;
  getRefund(id: string): Promise<RefundRecord | null>;
  byCallerId(merchantId: string, callerId: string): Promise<RefundRecord | null>;
  /** The refunds of one payment request, in any order. */
  ofRequest(requestId: string): Promise<RefundRecord[]>;
  /**
   * A merchant's refunds, newest first (createdAt, then `_id`, descending); `before` starts after that one (the
   * previous page's last); `requestId` keeps those of one request.
   */
  byMerchant(
    merchantId: string,
    options: { limit: number; requestId?: string; before?: { createdAt: Date; _id: string } },
  ): Promise<RefundRecord[]>;
  /** Refunds whose cached state is pending, in no promised order. */
  pending(limit: number): Promise<RefundRecord[]>;
  setState(id: string, state: RefundStatus, processedAt: Date | null): Promise<void>;

  /** Inserts the outcome unless one stands; returns the one that stands. */
  insertOutcome(outcome: RefundOutcome): Promise<RefundOutcome>;
  getOutcome(refundId: string): Promise<RefundOutcome | null>;
}
