/** Merchant refunds in memory: the twin of the MongoDB store (a slot and a merchant's caller id are each unique). */
import type { InsertResult } from '../../domain/ledger/ledgerStore';
import {
  refundOutcomeId,
  type RefundOutcome,
  type RefundRecord,
  type RefundStatus,
} from '../../domain/merchants/refunds/refund';
import type { RefundStore } from '../../domain/merchants/refunds/refundStore';
import { roundTrip, Table } from './table';

export class MemoryMerchantRefundStore implements RefundStore {
  private readonly refunds = new Table<RefundRecord>();
  private readonly outcomes = new Table<RefundOutcome>();

  async insertRefund(record: RefundRecord): Promise<InsertResult> {
    await roundTrip();
    const taken = this.refunds.find((r) => r.merchantId === record.merchantId && r.callerId === record.callerId);
    if (taken.length > 0) return 'duplicate';
    return this.refunds.insert(record);
  }

  async getRefund(id: string): Promise<RefundRecord | null> {
    await roundTrip();
    return this.refunds.get(id);
  }

  async byCallerId(merchantId: string, callerId: string): Promise<RefundRecord | null> {
    await roundTrip();
    return this.refunds.find((r) => r.merchantId === merchantId && r.callerId === callerId)[0] ?? null;
  }

  async ofRequest(requestId: string): Promise<RefundRecord[]> {
    await roundTrip();
    return this.refunds.find((r) => r.requestId === requestId);
  }

  async byMerchant(
    merchantId: string,
    options: { limit: number; requestId?: string; before?: { createdAt: Date; _id: string } },
  ): Promise<RefundRecord[]> {
    await roundTrip();
    const { before } = options;
    return this.refunds
      .find(
        (r) =>
          r.merchantId === merchantId &&
          (options.requestId === undefined || r.requestId === options.requestId) &&
          (!before || newerFirst(r, before) > 0),
      )
      .sort(newerFirst)
      .slice(0, options.limit);
  }

  async pending(limit: number): Promise<RefundRecord[]> {
    await roundTrip();
    return this.refunds.find((r) => r.state === 'pending', limit);
  }

  async setState(id: string, state: RefundStatus, processedAt: Date | null): Promise<void> {
    await roundTrip();
    const record = this.refunds.get(id);
    if (record) this.refunds.put({ ...record, state, processedAt });
  }

  async insertOutcome(outcome: RefundOutcome): Promise<RefundOutcome> {
    await roundTrip();
    this.outcomes.insert(outcome);
    return this.outcomes.get(outcome._id)!;
  }

  async getOutcome(refundId: string): Promise<RefundOutcome | null> {
    await roundTrip();
    return this.outcomes.get(refundOutcomeId(refundId));
  }
}

/** Newest first: createdAt, then `_id`, descending (negative when `a` comes first). */
function newerFirst(a: { createdAt: Date; _id: string }, b: { createdAt: Date; _id: string }): number {
  const byTime = b.createdAt.getTime() - a.createdAt.getTime();
  if (byTime !== 0) return byTime;
  return a._id < b._id ? 1 : a._id > b._id ? -1 : 0;
}
