/** Merchant payouts in memory: the twin of the MongoDB store (a payout's `_id` is unique). */
import type { InsertResult } from '../../domain/ledger/ledgerStore';
import type { PayoutRecord, PayoutStatus } from '../../domain/merchants/payouts/payout';
import { UNFINISHED_PAYOUT_STATES, type PayoutStore } from '../../domain/merchants/payouts/payoutStore';
import { roundTrip, Table } from './table';

export class MemoryPayoutStore implements PayoutStore {
  private readonly payouts = new Table<PayoutRecord>();

  async insertPayout(record: PayoutRecord): Promise<InsertResult> {
    await roundTrip();
    return this.payouts.insert(record);
  }

  async getPayout(id: string): Promise<PayoutRecord | null> {
    await roundTrip();
    return this.payouts.get(id);
  }

  async byMerchant(
    merchantId: string,
    options: { limit: number; before?: { createdAt: Date; _id: string } },
  ): Promise<PayoutRecord[]> {
    await roundTrip();
    const { before } = options;
    return this.payouts
      .find((r) => r.merchantId === merchantId && (!before || newerFirst(r, before) > 0))
      .sort(newerFirst)
      .slice(0, options.limit);
  }

  async unfinished(limit: number): Promise<PayoutRecord[]> {
    await roundTrip();
    return this.payouts.find((r) => UNFINISHED_PAYOUT_STATES.includes(r.state), limit);
  }

  async setState(id: string, state: PayoutStatus): Promise<void> {
    await roundTrip();
    const record = this.payouts.get(id);
    if (record) this.payouts.put({ ...record, state });
  }
}

/** Newest first: createdAt, then `_id`, descending (negative when `a` comes first). */
function newerFirst(a: { createdAt: Date; _id: string }, b: { createdAt: Date; _id: string }): number {
  const byTime = b.createdAt.getTime() - a.createdAt.getTime();
  if (byTime !== 0) return byTime;
  return a._id < b._id ? 1 : a._id > b._id ? -1 : 0;
}
