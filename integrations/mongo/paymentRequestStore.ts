/**
 * Payment requests and their steps on MongoDB / FerretDB. A step's unique `_id` (`<request>#<seq>`) decides every
 * race on a request; the request's `state` is only a cache for listing, found by equality.
 */
import { Schema, type Connection, type mongo } from 'mongoose';
import type { AccountId, Rail } from '../../domain/ledger/accounts';
import type { InsertResult } from '../../domain/ledger/ledgerStore';
import type {
  PaymentRequest,
  PaymentRequestStore,
  RequestState,
  RequestStep,
} from '../../domain/paymentRequests/paymentRequestStore';
import type { Msisdn } from '../../domain/phone';
import { insertOnce } from './insertOnce';

const requestSchema = new Schema(
  {
    _id: String,
    requester: {
      kind: { type: String, required: true },
      account: { type: String, required: true },
      name: { type: String, required: true },
      contact: { type: String, required: true },
    },
    payer: { type: String, required: true },
    amount: { type: Number, required: true },
    reason: { type: String, default: '' },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    state: { type: String, required: true },
    merchant: {
      type: new Schema(
        {
          orderReference: String,
          source: { type: String, required: true },
          sourceId: String,
          cashPointId: String,
          cashier: String,
        },
        { _id: false },
      ),
      required: false,
    },
  },
  { versionKey: false, collection: 'payment_requests' },
);
requestSchema.index({ payer: 1, state: 1 });
requestSchema.index({ 'requester.account': 1 });
requestSchema.index({ state: 1 });
requestSchema.index({ 'requester.account': 1, 'merchant.orderReference': 1 });

const stepSchema = new Schema(
  {
    _id: String,
    requestId: { type: String, required: true },
    seq: { type: Number, required: true },
    kind: { type: String, required: true },
    payId: String,
    transferId: String,
    fee: Number,
    reason: String,
    at: { type: Date, required: true },
    rail: String,
    railPayer: String,
  },
  { versionKey: false, collection: 'payment_request_steps' },
);
stepSchema.index({ requestId: 1 });

type Doc = mongo.Document & { _id: string };

/** Registers the payment-request models on a connection (idempotent). */
export function paymentRequestModels(connection: Connection) {
  return {
    requests: connection.models.PaymentRequest ?? connection.model('PaymentRequest', requestSchema),
    steps: connection.models.PaymentRequestStep ?? connection.model('PaymentRequestStep', stepSchema),
  };
}

/** Creates the payment-request indexes and waits for them: run before serving traffic. */
export async function ensurePaymentRequestIndexes(connection: Connection): Promise<void> {
  for (const model of Object.values(paymentRequestModels(connection))) await model.createIndexes();
}

function asRequest(doc: Doc): PaymentRequest {
  return {
    _id: doc._id,
    requester: {
      kind: doc.requester.kind,
      account: doc.requester.account as AccountId,
      name: doc.requester.name,
      contact: doc.requester.contact as Msisdn,
    },
    payer: doc.payer as Msisdn,
    amount: doc.amount,
    reason: doc.reason ?? '',
    createdAt: doc.createdAt,
    expiresAt: doc.expiresAt,
    state: doc.state,
    ...(typeof doc.shortReference === 'string' ? { shortReference: doc.shortReference } : {}),
    ...(doc.merchant
      ? {
          merchant: {
            orderReference: doc.merchant.orderReference ?? null,
            source: doc.merchant.source,
            sourceId: doc.merchant.sourceId ?? null,
            ...(typeof doc.merchant.cashPointId === 'string' ? { cashPointId: doc.merchant.cashPointId } : {}),
            ...(typeof doc.merchant.cashier === 'string' ? { cashier: doc.merchant.cashier as Msisdn } : {}),
          },
        }
      : {}),
  };
}

function asStep(doc: Doc): RequestStep {
  return {
    _id: doc._id,
    requestId: doc.requestId,
    seq: doc.seq,
    kind: doc.kind,
    payId: doc.payId ?? null,
    transferId: doc.transferId ?? null,
    fee: doc.fee ?? null,
    reason: doc.reason ?? null,
    at: doc.at,
    ...(typeof doc.rail === 'string' ? { rail: doc.rail as Rail, railPayer: doc.railPayer as Msisdn } : {}),
  };
}

/** The PaymentRequestStore port on a mongoose connection. */
export class MongoPaymentRequestStore implements PaymentRequestStore {
  private readonly requests: mongo.Collection<Doc>;
  private readonly stepsCollection: mongo.Collection<Doc>;

  constructor(connection: Connection) {
    const models = paymentRequestModels(connection);
    this.requests = models.requests.collection as unknown as mongo.Collection<Doc>;
    this.stepsCollection = models.steps.collection as unknown as mongo.Collection<Doc>;
  }

  insertRequest(request: PaymentRequest): Promise<InsertResult> {
    return insertOnce(this.requests, { ...request });
  }

  async getRequest(id: string): Promise<PaymentRequest | null> {
    const doc = await this.requests.findOne({ _id: id });
    return doc ? asRequest(doc) : null;
  }

  insertStep(step: RequestStep): Promise<InsertResult> {
    return insertOnce(this.stepsCollection, { ...step });
  }

  async getStep(id: string): Promise<RequestStep | null> {
    const doc = await this.stepsCollection.findOne({ _id: id });
    return doc ? asStep(doc) : null;
  }

  async steps(requestId: string): Promise<RequestStep[]> {
    return (await this.stepsCollection.find({ requestId }).toArray()).map(asStep);
  }

  async setState(id: string, state: RequestState): Promise<void> {
    await this.requests.updateOne({ _id: id }, { $set: { state } });
  }

  async byPayer(payer: Msisdn, state: RequestState): Promise<PaymentRequest[]> {
    return (await this.requests.find({ payer, state }).toArray()).map(asRequest);
  }

  async byRequester(account: AccountId): Promise<PaymentRequest[]> {
    return (await this.requests.find({ 'requester.account': account }).toArray()).map(asRequest);
  }

  async byOrder(account: AccountId, orderReference: string): Promise<PaymentRequest[]> {
    const found = await this.requests.find({ 'requester.account': account, 'merchant.orderReference': orderReference });
    return (await found.toArray()).map(asRequest);
  }

  async open(limit: number): Promise<PaymentRequest[]> {
    return (await this.requests.find({ state: 'open' }).limit(limit).toArray()).map(asRequest);
  }
}
