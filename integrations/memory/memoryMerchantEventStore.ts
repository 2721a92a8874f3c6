/** Merchant events in memory: the twin of the MongoDB store (inserted once by id, listed newest first). */
import type { InsertResult } from '../../domain/ledger/ledgerStore';
import type { MerchantEvent, MerchantEventStore } from '../../domain/merchants/merchantEvent';
import { roundTrip, Table } from './table';

/** Newest first: by time, then by id (the order of the MongoDB store's sort). */
function newestFirst(a: MerchantEvent, b: MerchantEvent): number {
  return b.createdAt.getTime() - a.createdAt.getTime() || (a._id < b._id ? 1 : a._id > b._id ? -1 : 0);
}

export class MemoryMerchantEventStore implements MerchantEventStore {
  private readonly events = new Table<MerchantEvent>();

  async insertEvent(event: MerchantEvent): Promise<InsertResult> {
    await roundTrip();
    return this.events.insert(event);
  }

  async getEvent(id: string): Promise<MerchantEvent | null> {
    await roundTrip();
    return this.events.get(id);
  }

  async list(merchantId: string, options: { limit: number; startingAfter?: string }): Promise<MerchantEvent[]> {
    await roundTrip();
    const mine = this.events.find((e) => e.merchantId === merchantId).sort(newestFirst);
    if (options.startingAfter === undefined) return mine.slice(0, options.limit);
    const after = mine.find((e) => e._id === options.startingAfter);
    if (!after) return [];
    return mine.filter((e) => newestFirst(after, e) < 0).slice(0, options.limit);
  }

  /** Events of every merchant recorded at or after `since`, oldest first (for the webhooks' catch-up sweep). */
  async recent(since: Date, limit: number): Promise<MerchantEvent[]> {
    await roundTrip();
    return this.events
      .find((e) => e.createdAt.getTime() >= since.getTime())
      .sort((a, b) => -newestFirst(a, b))
      .slice(0, limit);
  }
}
