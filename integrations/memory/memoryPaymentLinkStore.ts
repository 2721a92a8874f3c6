/** Payment links in memory: the twin of the MongoDB store (a code is unique as its index makes it). */
import type { LinkSlot, PaymentLink, PaymentLinkStore } from '../../domain/merchants/paymentLinks/paymentLink';
import { roundTrip, Table } from './table';

/** Newest first, after `startingAfter` when given: the order of the MongoDB stores' lists. */
export function newestPage<T extends { _id: string; merchantId: string; createdAt: Date }>(
  docs: T[],
  merchantId: string,
  options: { limit: number; startingAfter?: string },
): T[] {
  const mine = docs
    .filter((d) => d.merchantId === merchantId)
    .sort((a, b) => +b.createdAt - +a.createdAt || (a._id < b._id ? 1 : a._id > b._id ? -1 : 0));
  if (options.startingAfter === undefined) return mine.slice(0, options.limit);
  const index = mine.findIndex((d) => d._id === options.startingAfter);
  return index < 0 ? [] : mine.slice(index + 1, index + 1 + options.limit);
}

export class MemoryPaymentLinkStore implements PaymentLinkStore {
  private readonly links = new Table<PaymentLink>();
  private readonly slotDocs = new Table<LinkSlot>();

  async insertLink(link: PaymentLink): Promise<'inserted' | 'duplicate'> {
    await roundTrip();
    if (this.links.find((l) => l.code === link.code).length > 0) return 'duplicate';
    return this.links.insert(link);
  }

  async getLink(id: string): Promise<PaymentLink | null> {
    await roundTrip();
    return this.links.get(id);
  }

  async byCode(code: string): Promise<PaymentLink | null> {
    await roundTrip();
    return this.links.find((l) => l.code === code)[0] ?? null;
  }

  async list(merchantId: string, options: { limit: number; startingAfter?: string }): Promise<PaymentLink[]> {
    await roundTrip();
    return newestPage(this.links.find(), merchantId, options);
  }

  async deactivate(id: string, at: Date): Promise<void> {
    await roundTrip();
    const link = this.links.get(id);
    if (link && link.deactivatedAt === null) this.links.put({ ...link, deactivatedAt: at });
  }

  async insertSlot(slot: LinkSlot): Promise<'inserted' | 'duplicate'> {
    await roundTrip();
    return this.slotDocs.insert(slot);
  }

  async slots(linkId: string): Promise<LinkSlot[]> {
    await roundTrip();
    return this.slotDocs.find((s) => s.linkId === linkId);
  }
}
