/**
 * Merchants' payment links on MongoDB / FerretDB: links (a unique index on the public code) and their slots (each
 * generation of a slot its own `_id`, so taking a slot is an insert that one payer wins). Only `deactivatedAt` is
 * ever set, once.
 */
import type { Connection, mongo } from 'mongoose';
import type { LinkSlot, PaymentLink, PaymentLinkStore } from '../../domain/merchants/paymentLinks/paymentLink';
import { insertOnce } from './insertOnce';

const LINKS = 'merchant_payment_links';
const SLOTS = 'merchant_payment_link_slots';

/** Creates the indexes the links rely on: run before serving traffic. */
export async function ensurePaymentLinkIndexes(connection: Connection): Promise<void> {
  const links = connection.collection(LINKS);
  await links.createIndex({ code: 1 }, { unique: true });
  await links.createIndex({ merchantId: 1, createdAt: -1, _id: -1 });
  await connection.collection(SLOTS).createIndex({ linkId: 1 });
}

/** Newest first, after `startingAfter` (an id of the same collection and merchant) when given. */
export async function pageOf<T extends { _id: string; merchantId: string; createdAt: Date }>(
  collection: mongo.Collection<T>,
  merchantId: string,
  options: { limit: number; startingAfter?: string },
): Promise<T[]> {
  let filter: mongo.Filter<T> = { merchantId } as mongo.Filter<T>;
  if (options.startingAfter !== undefined) {
    const after = await collection.findOne({ _id: options.startingAfter, merchantId } as mongo.Filter<T>);
    if (!after) return [];
    filter = {
      merchantId,
      $or: [{ createdAt: { $lt: after.createdAt } }, { createdAt: after.createdAt, _id: { $lt: after._id } }],
    } as mongo.Filter<T>;
  }
  const docs = await collection.find(filter).sort({ createdAt: -1, _id: -1 }).limit(options.limit).toArray();
  return docs as T[];
}

export class MongoPaymentLinkStore implements PaymentLinkStore {
  private readonly links: mongo.Collection<PaymentLink>;
  private readonly slotDocs: mongo.Collection<LinkSlot>;

  constructor(connection: Connection) {
    this.links = connection.collection<PaymentLink>(LINKS) as unknown as mongo.Collection<PaymentLink>;
    this.slotDocs = connection.collection<LinkSlot>(SLOTS) as unknown as mongo.Collection<LinkSlot>;
  }

  insertLink(link: PaymentLink): Promise<'inserted' | 'duplicate'> {
    return insertOnce(this.links, { ...link });
  }

  getLink(id: string): Promise<PaymentLink | null> {
    return this.links.findOne({ _id: id });
  }

  byCode(code: string): Promise<PaymentLink | null> {
    return this.links.findOne({ code });
  }

  list(merchantId: string, options: { limit: number; startingAfter?: string }): Promise<PaymentLink[]> {
    return pageOf(this.links, merchantId, options);
  }

  async deactivate(id: string, at: Date): Promise<void> {
    await this.links.updateOne({ _id: id, deactivatedAt: null }, { $set: { deactivatedAt: at } });
  }

  insertSlot(slot: LinkSlot): Promise<'inserted' | 'duplicate'> {
    return insertOnce(this.slotDocs, { ...slot });
  }

  slots(linkId: string): Promise<LinkSlot[]> {
    return this.slotDocs.find({ linkId }).toArray() as Promise<LinkSlot[]>;
  }
}
