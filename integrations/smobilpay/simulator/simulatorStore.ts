/**
 * The Smobilpay simulator's state on MongoDB: quotes and payments (`sim_smobilpay_quotes`,
 * `sim_smobilpay_payments`). A payment is inserted once: unique indexes on its trid and on its quote decide
 * every race (ten collects at once under one trid make one payment; a quote pays once), as FerretDB has no
 * transactions. A PENDING payment stores when it completes and how; readers apply that lazily.
 */
import { Schema, type Connection, type mongo } from 'mongoose';

export type SimulatedStatus = 'SUCCESS' | 'PENDING' | 'INPROCESS' | 'ERRORED' | 'ERROREDREFUNDED' | 'REVERSED';

export interface SimQuote {
  _id: string;
  payItemId: string;
  serviceid: string;
  customerNumber: string;
  amount: number;
  prepaid: boolean;
  expiresAt: Date;
}

export interface SimPayment {
  _id: string;
  /** The caller's trid, or `none:<ptn>` when it sent none (S3P makes it optional). */
  tridKey: string;
  trid: string | null;
  quoteId: string;
  ptn: string;
  receiptNumber: string;
  pin: string | null;
  payItemId: string;
  serviceid: string;
  customerNumber: string;
  amount: number;
  status: SimulatedStatus;
  /** When a PENDING payment turns `finalStatus`; null: it waits to be settled. */
  completesAt: Date | null;
  finalStatus: 'SUCCESS' | 'ERRORED';
  errorCode: number | null;
  createdAt: Date;
}

const quoteSchema = new Schema(
  {
    _id: String,
    payItemId: String,
    serviceid: String,
    customerNumber: String,
    amount: Number,
    prepaid: Boolean,
    expiresAt: Date,
  },
  { versionKey: false, collection: 'sim_smobilpay_quotes' },
);

const paymentSchema = new Schema(
  {
    _id: String,
    tridKey: { type: String, unique: true },
    trid: String,
    quoteId: { type: String, unique: true },
    ptn: String,
    receiptNumber: String,
    pin: String,
    payItemId: { type: String, index: true },
    serviceid: String,
    customerNumber: String,
    amount: Number,
    status: String,
    completesAt: Date,
    finalStatus: String,
    errorCode: Number,
    createdAt: Date,
  },
  { versionKey: false, collection: 'sim_smobilpay_payments' },
);

function models(connection: Connection) {
  const model = (name: string, schema: Schema) =>
    connection.models[name] ?? connection.model(name, schema, undefined, { overwriteModels: false });
  return { quotes: model('SimSmobilpayQuote', quoteSchema), payments: model('SimSmobilpayPayment', paymentSchema) };
}

/** The simulator's collections, typed. */
export interface SimulatorCollections {
  quotes: mongo.Collection<SimQuote>;
  payments: mongo.Collection<SimPayment>;
}

/** Creates the collections and their unique indexes (before serving), and gives them. */
export async function simulatorCollections(connection: Connection): Promise<SimulatorCollections> {
  const { quotes, payments } = models(connection);
  await quotes.createIndexes();
  await payments.createIndexes();
  return {
    quotes: quotes.collection as unknown as mongo.Collection<SimQuote>,
    payments: payments.collection as unknown as mongo.Collection<SimPayment>,
  };
}

/** A payment as it stands at `now`: a PENDING one whose time has come is what it was meant to become. */
export function currentPayment(payment: SimPayment, now: Date): SimPayment {
  if (payment.status !== 'PENDING' || !payment.completesAt || payment.completesAt.getTime() > now.getTime()) {
    return payment;
  }
  return { ...payment, status: payment.finalStatus, completesAt: null };
}

/**
 * Records a lazily completed payment. Not atomic on FerretDB, and it need not be: every reader computes the same
 * final state from the stored one, so two writers write the same thing.
 */
export async function persistCompletion(collections: SimulatorCollections, payment: SimPayment): Promise<void> {
  await collections.payments.updateOne(
    { _id: payment._id, status: 'PENDING' },
    { $set: { status: payment.status, completesAt: payment.completesAt } },
  );
}
