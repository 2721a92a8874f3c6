/**
 * Merchant refunds on MongoDB / FerretDB: each refund under its slot (`_id` = `<payment transfer>#<n>`), one per
 * merchant caller id (a unique index), and their insert-once outcomes. Inserts decide; the only update refreshes a
 * refund's cached state.
 */
import { Schema, type Connection, type mongo } from 'mongoose';
import type { InsertResult } from '../../domain/ledger/ledgerStore';
import {
  refundOutcomeId,
  type RefundOutcome,
  type RefundRecord,
  type RefundStatus,
} from '../../domain/merchants/refunds/refund';
import type { RefundStore } from '../../domain/merchants/refunds/refundStore';
import type { Msisdn } from '../../domain/phone';
import { isDuplicateKeyError } from './insertBatcher';

const refundSchema = new Schema(
  {
    _id: String,
    paymentTransferId: String,
    n: Number,
    merchantId: String,
    callerId: String,
    requestId: String,
    amount: Number,
    destination: String,
    rail: String,
    payee: String,
    reason: String,
    requestedBy: String,
    shortReference: String,
    createdAt: Date,
    state: String,
    processedAt: Date,
  },
  { versionKey: false, collection: 'merchant_refunds' },
);
// One refund per caller id of a merchant: twenty copies of one call make one refund.
refundSchema.index({ merchantId: 1, callerId: 1 }, { unique: true });
refundSchema.index({ merchantId: 1, createdAt: -1, _id: -1 });
refundSchema.index({ requestId: 1 });
refundSchema.index({ state: 1 });

const outcomeSchema = new Schema(
  { _id: String, refundId: String, state: String, reason: String, at: Date },
  { versionKey: false, collection: 'merchant_refund_outcomes' },
);

type RefundDoc = RefundRecord;
type OutcomeDoc = RefundOutcome;

/** Registers the refund models on a connection (idempotent). */
export function merchantRefundModels(connection: Connection) {
  return {
    refunds: connection.models.MerchantRefund ?? connection.model('MerchantRefund', refundSchema),
    outcomes: connection.models.MerchantRefundOutcome ?? connection.model('MerchantRefundOutcome', outcomeSchema),
  };
}

/** Creates the refund indexes and waits for them: run before serving traffic. */
export async function ensureMerchantRefundIndexes(connection: Connection): Promise<void> {
  for (const model of Object.values(merchantRefundModels(connection))) await model.createIndexes();
}

function asRefund(doc: RefundDoc): RefundRecord {
  return {
    _id: doc._id,
    paymentTransferId: doc.paymentTransferId,
    n: doc.n,
    merchantId: doc.merchantId,
    callerId: doc.callerId,
    requestId: doc.requestId,
    amount: doc.amount,
    destination: doc.destination,
    rail: doc.rail ?? null,
    payee: doc.payee,
    reason: doc.reason ?? null,
    requestedBy: (doc.requestedBy ?? null) as Msisdn | null,
    shortReference: doc.shortReference,
    createdAt: doc.createdAt,
    state: doc.state,
    processedAt: doc.processedAt ?? null,
  };
}

function asOutcome(doc: OutcomeDoc): RefundOutcome {
  return { _id: doc._id, refundId: doc.refundId, state: doc.state, reason: doc.reason ?? null, at: doc.at };
}

/** The RefundStore port on a mongoose connection. */
export class MongoMerchantRefundStore implements RefundStore {
  private readonly refunds: mongo.Collection<RefundDoc>;
  private readonly outcomes: mongo.Collection<OutcomeDoc>;

  constructor(connection: Connection) {
    const models = merchantRefundModels(connection);
    this.refunds = models.refunds.collection as unknown as mongo.Collection<RefundDoc>;
    this.outcomes = models.outcomes.collection as unknown as mongo.Collection<OutcomeDoc>;
  }

  async insertRefund(record: RefundRecord): Promise<InsertResult> {
    try {
      await this.refunds.insertOne({ ...record });
      return 'inserted';
    } catch (error) {
      if (isDuplicateKeyError(error)) return 'duplicate';
      throw error;
    }
  }

  async getRefund(id: string): Promise<RefundRecord | null> {
    const doc = await this.refunds.findOne({ _id: id });
    return doc ? asRefund(doc) : null;
  }

  async byCallerId(merchantId: string, callerId: string): Promise<RefundRecord | null> {
    const doc = await this.refunds.findOne({ merchantId, callerId });
    return doc ? asRefund(doc) : null;
  }

  async ofRequest(requestId: string): Promise<RefundRecord[]> {
    return (await this.refunds.find({ requestId }).toArray()).map(asRefund);
  }

  async byMerchant(
    merchantId: string,
    options: { limit: number; requestId?: string; before?: { createdAt: Date; _id: string } },
  ): Promise<RefundRecord[]> {
    const filter: mongo.Filter<RefundDoc> = { merchantId };
    if (options.requestId !== undefined) filter.requestId = options.requestId;
    if (options.before) {
      const { createdAt, _id } = options.before;
      filter.$or = [{ createdAt: { $lt: createdAt } }, { createdAt, _id: { $lt: _id } }];
    }
    const docs = await this.refunds.find(filter).sort({ createdAt: -1, _id: -1 }).limit(options.limit).toArray();
    return docs.map(asRefund);
  }

  async pending(limit: number): Promise<RefundRecord[]> {
    return (await this.refunds.find({ state: 'pending' }).limit(limit).toArray()).map(asRefund);
  }

  async setState(id: string, state: RefundStatus, processedAt: Date | null): Promise<void> {
    await this.refunds.updateOne({ _id: id }, { $set: { state, processedAt } });
  }

  async insertOutcome(outcome: RefundOutcome): Promise<RefundOutcome> {
    try {
      await this.outcomes.insertOne({ ...outcome });
      return outcome;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const standing = await this.getOutcome(outcome.refundId);
      if (!standing) throw new Error(`refund outcome ${outcome._id} reported as duplicate but not found`);
      return standing;
    }
  }

  async getOutcome(refundId: string): Promise<RefundOutcome | null> {
    const doc = await this.outcomes.findOne({ _id: refundOutcomeId(refundId) });
    return doc ? asOutcome(doc) : null;
  }
}
