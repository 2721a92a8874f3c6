/**
 * Merchant payouts on MongoDB / FerretDB: one document per payout under its transfer id (the insert decides which
 * create made it). The only update refreshes a payout's cached state.
 */
import { Schema, type Connection, type mongo } from 'mongoose';
import type { InsertResult } from '../../domain/ledger/ledgerStore';
import type { PayoutRecord, PayoutStatus } from '../../domain/merchants/payouts/payout';
import { UNFINISHED_PAYOUT_STATES, type PayoutStore } from '../../domain/merchants/payouts/payoutStore';
import { isDuplicateKeyError } from './insertBatcher';

const payoutSchema = new Schema(
  {
    _id: String,
    merchantId: String,
    callerId: String,
    amount: Number,
    fee: Number,
    destination: Schema.Types.Mixed,
    rail: String,
    reference: String,
    requestedBy: String,
    approvalRequired: Boolean,
    createdAt: Date,
    state: String,
  },
  { versionKey: false, collection: 'merchant_payouts' },
);
payoutSchema.index({ merchantId: 1, createdAt: -1, _id: -1 });
payoutSchema.index({ state: 1 });

type PayoutDoc = PayoutRecord;

/** Registers the payout model on a connection (idempotent). */
export function payoutModel(connection: Connection) {
  return connection.models.MerchantPayout ?? connection.model('MerchantPayout', payoutSchema);
}

/** Creates the payout indexes and waits for them: run before serving traffic. */
export async function ensurePayoutIndexes(connection: Connection): Promise<void> {
  await payoutModel(connection).createIndexes();
}

function asPayout(doc: PayoutDoc): PayoutRecord {
  return {
    _id: doc._id,
    merchantId: doc.merchantId,
    callerId: doc.callerId,
    amount: doc.amount,
    fee: doc.fee,
    destination: doc.destination,
    rail: doc.rail,
    reference: doc.reference ?? null,
    requestedBy: doc.requestedBy,
    approvalRequired: doc.approvalRequired,
    createdAt: doc.createdAt,
    state: doc.state,
  };
}

/** The PayoutStore port on a mongoose connection. */
export class MongoPayoutStore implements PayoutStore {
  private readonly payouts: mongo.Collection<PayoutDoc>;

  constructor(connection: Connection) {
    this.payouts = payoutModel(connection).collection as unknown as mongo.Collection<PayoutDoc>;
  }

  async insertPayout(record: PayoutRecord): Promise<InsertResult> {
    try {
      await this.payouts.insertOne({ ...record });
      return 'inserted';
    } catch (error) {
      if (isDuplicateKeyError(error)) return 'duplicate';
      throw error;
    }
  }

  async getPayout(id: string): Promise<PayoutRecord | null> {
    const doc = await this.payouts.findOne({ _id: id });
    return doc ? asPayout(doc) : null;
  }

  async byMerchant(
    merchantId: string,
    options: { limit: number; before?: { createdAt: Date; _id: string } },
  ): Promise<PayoutRecord[]> {
    const filter: mongo.Filter<PayoutDoc> = { merchantId };
    if (options.before) {
      const { createdAt, _id } = options.before;
      filter.$or = [{ createdAt: { $lt: createdAt } }, { createdAt, _id: { $lt: _id } }];
    }
    const docs = await this.payouts.find(filter).sort({ createdAt: -1, _id: -1 }).limit(options.limit).toArray();
    return docs.map(asPayout);
  }

  async unfinished(limit: number): Promise<PayoutRecord[]> {
    const docs = await this.payouts
      .find({ state: { $in: [...UNFINISHED_PAYOUT_STATES] } })
      .limit(limit)
      .toArray();
    return docs.map(asPayout);
  }

  async setState(id: string, state: PayoutStatus): Promise<void> {
    await this.payouts.updateOne({ _id: id }, { $set: { state } });
  }
}
