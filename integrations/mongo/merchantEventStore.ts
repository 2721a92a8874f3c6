/**
 * Merchant events on MongoDB / FerretDB (`merchant_events`): inserted once under their derived id (the insert
 * decides), listed per merchant newest first by `{merchantId, createdAt, _id}`.
 */
import { Schema, type Connection, type mongo } from 'mongoose';
import type { InsertResult } from '../../domain/ledger/ledgerStore';
import type { MerchantEvent, MerchantEventStore } from '../../domain/merchants/merchantEvent';
import { isDuplicateKeyError } from './insertBatcher';

const eventSchema = new Schema(
  {
    _id: String,
    merchantId: { type: String, required: true },
    type: { type: String, required: true },
    data: { type: Schema.Types.Mixed, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'merchant_events', minimize: false },
);
eventSchema.index({ merchantId: 1, createdAt: 1 });
eventSchema.index({ createdAt: 1 });

type Doc = mongo.Document & { _id: string };

/** Registers the merchant event model on a connection (idempotent). */
export function merchantEventModel(connection: Connection) {
  return connection.models.MerchantEvent ?? connection.model('MerchantEvent', eventSchema);
}

/** Creates the merchant event indexes and waits for them: run before serving traffic. */
export async function ensureMerchantEventIndexes(connection: Connection): Promise<void> {
  await merchantEventModel(connection).createIndexes();
}

function asEvent(doc: Doc): MerchantEvent {
  return { _id: doc._id, merchantId: doc.merchantId, type: doc.type, data: doc.data ?? {}, createdAt: doc.createdAt };
}

/** The MerchantEventStore port on a mongoose connection. */
export class MongoMerchantEventStore implements MerchantEventStore {
  private readonly events: mongo.Collection<Doc>;

  constructor(connection: Connection) {
    this.events = merchantEventModel(connection).collection as unknown as mongo.Collection<Doc>;
  }

  async insertEvent(event: MerchantEvent): Promise<InsertResult> {
    try {
      await this.events.insertOne({ ...event });
      return 'inserted';
    } catch (error) {
      if (isDuplicateKeyError(error)) return 'duplicate';
      throw error;
    }
  }

  async getEvent(id: string): Promise<MerchantEvent | null> {
    const doc = await this.events.findOne({ _id: id });
    return doc ? asEvent(doc) : null;
  }

  async list(merchantId: string, options: { limit: number; startingAfter?: string }): Promise<MerchantEvent[]> {
    let filter: mongo.Filter<Doc> = { merchantId };
    if (options.startingAfter !== undefined) {
      const after = await this.events.findOne({ _id: options.startingAfter, merchantId });
      // A cursor that is not one of this merchant's events ends the list.
      if (!after) return [];
      filter = {
        merchantId,
        $or: [{ createdAt: { $lt: after.createdAt } }, { createdAt: after.createdAt, _id: { $lt: after._id } }],
      };
    }
    const docs = await this.events.find(filter).sort({ createdAt: -1, _id: -1 }).limit(options.limit).toArray();
    return docs.map(asEvent);
  }

  /** Events of every merchant recorded at or after `since`, oldest first (for the webhooks' catch-up sweep). */
  async recent(since: Date, limit: number): Promise<MerchantEvent[]> {
    const docs = await this.events
      .find({ createdAt: { $gte: since } })
      .sort({ createdAt: 1, _id: 1 })
      .limit(limit)
      .toArray();
    return docs.map(asEvent);
  }
}
