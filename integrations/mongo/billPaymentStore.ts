/**
 * Bill payments on MongoDB: four small collections keyed by the payment's transfer id. Intents, collect
 * decisions and outcomes are insert-once (the unique `_id` decides every race, as in the ledger); the open
 * markers are the reconciler's work list, kept small by deleting them when a payment is finished.
 */
import { Schema, type Connection, type Model, type mongo } from 'mongoose';
import type {
  BillPaymentIntent,
  BillPaymentOutcome,
  BillPaymentStore,
  CollectDecision,
  OpenBillPayment,
} from '../../domain/billPayments/billPaymentStore';
import type { InsertResult } from '../../domain/ledger/ledgerStore';
import { insertOnce } from './insertOnce';

const intentSchema = new Schema(
  {
    _id: String,
    requestHash: String,
    payer: String,
    billerId: String,
    customerNumber: String,
    item: {
      _id: false,
      payItemId: String,
      kind: String,
      amount: Number,
      billNumber: String,
      label: String,
      dueDate: String,
    },
    amount: Number,
    fee: Number,
    createdAt: Date,
  },
  { versionKey: false, collection: 'bill_payment_intents' },
);

const decisionSchema = new Schema(
  { _id: String, decision: String, quoteId: String, quoteExpiresAt: Date, reason: String, at: Date },
  { versionKey: false, collection: 'bill_payment_decisions' },
);

const outcomeSchema = new Schema(
  { _id: String, status: String, ptn: String, receiptNumber: String, token: String, reason: String, at: Date },
  { versionKey: false, collection: 'bill_payment_outcomes' },
);

const openSchema = new Schema({ _id: String, openedAt: Date }, { versionKey: false, collection: 'bill_payments_open' });

/** Registers the bill payment models on a connection (idempotent). */
export function billPaymentModels(connection: Connection) {
  const model = <T extends Schema>(name: string, schema: T) =>
    connection.models[name] ?? connection.model(name, schema, undefined, { overwriteModels: false });
  return {
    intents: model('BillPaymentIntent', intentSchema),
    decisions: model('BillPaymentDecision', decisionSchema),
    outcomes: model('BillPaymentOutcome', outcomeSchema),
    open: model('BillPaymentOpen', openSchema),
  };
}

/** Creates the collections and their indexes, and waits for them: run before serving traffic. */
export async function ensureBillPaymentIndexes(connection: Connection): Promise<void> {
  for (const model of Object.values(billPaymentModels(connection))) await model.createIndexes();
}

type Doc = mongo.Document & { _id: string };

export class MongoBillPaymentStore implements BillPaymentStore {
  private readonly intents: mongo.Collection<Doc>;
  private readonly decisions: mongo.Collection<Doc>;
  private readonly outcomes: mongo.Collection<Doc>;
  private readonly openPayments: mongo.Collection<Doc>;

  constructor(connection: Connection) {
    const models = billPaymentModels(connection);
    const collection = (m: Model<unknown>) => m.collection as unknown as mongo.Collection<Doc>;
    this.intents = collection(models.intents as Model<unknown>);
    this.decisions = collection(models.decisions as Model<unknown>);
    this.outcomes = collection(models.outcomes as Model<unknown>);
    this.openPayments = collection(models.open as Model<unknown>);
  }

  insertIntent(intent: BillPaymentIntent): Promise<InsertResult> {
    return insertOnce(this.intents, intent);
  }

  async getIntent(id: string): Promise<BillPaymentIntent | null> {
    return (await this.intents.findOne({ _id: id })) as BillPaymentIntent | null;
  }

  async decideCollect(decision: CollectDecision): Promise<CollectDecision> {
    if ((await insertOnce(this.decisions, decision)) === 'inserted') return decision;
    const standing = await this.getDecision(decision._id);
    if (!standing) throw new Error(`collect decision ${decision._id} reported as duplicate but not found`);
    return standing;
  }

  async getDecision(id: string): Promise<CollectDecision | null> {
    return (await this.decisions.findOne({ _id: id })) as CollectDecision | null;
  }

  async recordOutcome(outcome: BillPaymentOutcome): Promise<BillPaymentOutcome> {
    if ((await insertOnce(this.outcomes, outcome)) === 'inserted') return outcome;
    const standing = await this.getOutcome(outcome._id);
    if (!standing) throw new Error(`bill payment outcome ${outcome._id} reported as duplicate but not found`);
    return standing;
  }

  async getOutcome(id: string): Promise<BillPaymentOutcome | null> {
    return (await this.outcomes.findOne({ _id: id })) as BillPaymentOutcome | null;
  }

  async open(id: string, at: Date): Promise<void> {
    await insertOnce(this.openPayments, { _id: id, openedAt: at });
  }

  async close(id: string): Promise<void> {
    await this.openPayments.deleteOne({ _id: id });
  }

  async findOpen(limit: number): Promise<OpenBillPayment[]> {
    return (await this.openPayments.find({}).limit(limit).toArray()) as OpenBillPayment[];
  }
}
