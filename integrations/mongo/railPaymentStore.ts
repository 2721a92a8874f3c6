/**
 * Where top-ups and withdrawals keep what the ledger does not (domain/railPayments/railPaymentsStore.ts), on
 * MongoDB or FerretDB. Every write is an insert decided by `_id`, except closing a payment (a delete by `_id` on the small
 * open collection); reads are by `_id`, and the reconciler reads the whole open collection, which stays small.
 */
import { Schema, type Connection, type mongo } from 'mongoose';
import type { Rail } from '../../domain/ledger/accounts';
import type { InsertResult } from '../../domain/ledger/ledgerStore';
import type { Msisdn } from '../../domain/phone';
import type { RailDirection } from '../../domain/paymentRail';
import type {
  OpenRailPayment,
  RailDispatch,
  RailFailureNote,
  RailPaymentRecord,
  RailPaymentsStore,
} from '../../domain/railPayments/railPaymentsStore';
import { insertOnce } from './insertOnce';

const recordSchema = new Schema(
  {
    _id: String,
    direction: String,
    rail: String,
    owner: String,
    counterparty: String,
    amount: Number,
    fee: Number,
    createdAt: Date,
    requestId: String,
    refundId: String,
    salaryLineId: String,
    payoutId: String,
    shortReference: String,
  },
  { versionKey: false, collection: 'rail_payments' },
);

// Payments not finished yet: small, so the reconciler reads it whole and closing one is a cheap delete.
const openSchema = new Schema({ _id: String, openedAt: Date }, { versionKey: false, collection: 'rail_payments_open' });

const dispatchSchema = new Schema(
  { _id: String, decision: String, at: Date },
  { versionKey: false, collection: 'rail_payment_dispatches' },
);

const failureSchema = new Schema(
  { _id: String, reason: String, silent: Boolean, at: Date },
  { versionKey: false, collection: 'rail_payment_failures' },
);

/** Registers the models on a connection (idempotent). */
export function railPaymentModels(connection: Connection) {
  const model = <T extends Schema>(name: string, schema: T) =>
    connection.models[name] ?? connection.model(name, schema, undefined, { overwriteModels: false });
  return {
    records: model('RailPayment', recordSchema),
    open: model('RailPaymentOpen', openSchema),
    dispatches: model('RailPaymentDispatch', dispatchSchema),
    failures: model('RailPaymentFailure', failureSchema),
  };
}

/** Creates the collections and their indexes (only `_id`: every race is decided there) before any traffic. */
export async function ensureRailPaymentIndexes(connection: Connection): Promise<void> {
  for (const model of Object.values(railPaymentModels(connection))) await model.createIndexes();
}

type Doc = mongo.Document & { _id: string };
type Collection = mongo.Collection<Doc>;

/** The payments store on MongoDB or FerretDB; call ensureRailPaymentIndexes first. */
export class MongoRailPaymentStore implements RailPaymentsStore {
  private readonly records: Collection;
  private readonly openPayments: Collection;
  private readonly dispatches: Collection;
  private readonly failures: Collection;

  constructor(connection: Connection) {
    const models = railPaymentModels(connection);
    this.records = models.records.collection as unknown as Collection;
    this.openPayments = models.open.collection as unknown as Collection;
    this.dispatches = models.dispatches.collection as unknown as Collection;
    this.failures = models.failures.collection as unknown as Collection;
  }

  insertRecord(record: RailPaymentRecord): Promise<InsertResult> {
    return insertOnce(this.records, { ...record });
  }

  async getRecord(id: string): Promise<RailPaymentRecord | null> {
    const doc = await this.records.findOne({ _id: id });
    if (!doc) return null;
    return {
      _id: doc._id,
      direction: doc.direction as RailDirection,
      rail: doc.rail as Rail,
      owner: doc.owner as Msisdn,
      counterparty: doc.counterparty as Msisdn,
      amount: doc.amount,
      fee: doc.fee,
      createdAt: doc.createdAt,
      ...(typeof doc.requestId === 'string' ? { requestId: doc.requestId } : {}),
      ...(typeof doc.refundId === 'string' ? { refundId: doc.refundId } : {}),
      ...(typeof doc.salaryLineId === 'string' ? { salaryLineId: doc.salaryLineId } : {}),
      ...(typeof doc.payoutId === 'string' ? { payoutId: doc.payoutId } : {}),
      ...(typeof doc.shortReference === 'string' ? { shortReference: doc.shortReference } : {}),
    };
  }

  async open(id: string, at: Date): Promise<void> {
    await insertOnce(this.openPayments, { _id: id, openedAt: at });
  }

  async close(id: string): Promise<void> {
    await this.openPayments.deleteOne({ _id: id });
  }

  async findOpen(limit: number): Promise<OpenRailPayment[]> {
    const docs = await this.openPayments.find({}).limit(limit).toArray();
    return docs.map((doc) => ({ _id: doc._id, openedAt: doc.openedAt }));
  }

  async decideDispatch(dispatch: RailDispatch): Promise<RailDispatch & { mine: boolean }> {
    if ((await insertOnce(this.dispatches, { ...dispatch })) === 'inserted') return { ...dispatch, mine: true };
    const standing = await this.getDispatch(dispatch._id);
    if (!standing) throw new Error(`dispatch ${dispatch._id} reported as duplicate but not found`);
    return { ...standing, mine: false };
  }

  async getDispatch(id: string): Promise<RailDispatch | null> {
    const doc = await this.dispatches.findOne({ _id: id });
    return doc ? { _id: doc._id, decision: doc.decision, at: doc.at } : null;
  }

  async noteFailure(note: RailFailureNote): Promise<RailFailureNote> {
    if ((await insertOnce(this.failures, { ...note })) === 'inserted') return note;
    const standing = await this.getFailure(note._id);
    if (!standing) throw new Error(`failure note ${note._id} reported as duplicate but not found`);
    return standing;
  }

  async getFailure(id: string): Promise<RailFailureNote | null> {
    const doc = await this.failures.findOne({ _id: id });
    return doc ? { _id: doc._id, reason: doc.reason, silent: doc.silent === true, at: doc.at } : null;
  }
}
