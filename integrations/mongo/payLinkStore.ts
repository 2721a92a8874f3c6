/**
 * Pay links on MongoDB / FerretDB: one per request (`_id` = the request id), found by its token through a unique
 * index, and the checkout pages of card attempts. Inserts decide; nothing is updated.
 */
import { Schema, type Connection, type mongo } from 'mongoose';
import type { InsertResult } from '../../domain/ledger/ledgerStore';
import type { PayCheckout, PayLink, PayLinkStore } from '../../domain/paymentRequests/payLinkStore';
import { insertOnce } from './insertOnce';

const linkSchema = new Schema(
  {
    _id: String,
    token: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'payment_request_links' },
);
// Two requests never share a token (a random 256-bit one will not collide, and the index makes sure).
linkSchema.index({ token: 1 }, { unique: true });

const checkoutSchema = new Schema(
  { _id: String, url: { type: String, required: true }, at: { type: Date, required: true } },
  { versionKey: false, collection: 'payment_request_checkouts' },
);

type Doc = mongo.Document & { _id: string };

/** Registers the pay link models on a connection (idempotent). */
export function payLinkModels(connection: Connection) {
  return {
    links: connection.models.PaymentRequestLink ?? connection.model('PaymentRequestLink', linkSchema),
    checkouts: connection.models.PaymentRequestCheckout ?? connection.model('PaymentRequestCheckout', checkoutSchema),
  };
}

/** Creates the pay link indexes and waits for them: run before serving traffic. */
export async function ensurePayLinkIndexes(connection: Connection): Promise<void> {
  for (const model of Object.values(payLinkModels(connection))) await model.createIndexes();
}

function asLink(doc: Doc): PayLink {
  return { _id: doc._id, token: doc.token, createdAt: doc.createdAt };
}

/** The PayLinkStore port on a mongoose connection. */
export class MongoPayLinkStore implements PayLinkStore {
  private readonly links: mongo.Collection<Doc>;
  private readonly checkouts: mongo.Collection<Doc>;

  constructor(connection: Connection) {
    const models = payLinkModels(connection);
    this.links = models.links.collection as unknown as mongo.Collection<Doc>;
    this.checkouts = models.checkouts.collection as unknown as mongo.Collection<Doc>;
  }

  insertLink(link: PayLink): Promise<InsertResult> {
    return insertOnce(this.links, { ...link });
  }

  async byRequest(requestId: string): Promise<PayLink | null> {
    const doc = await this.links.findOne({ _id: requestId });
    return doc ? asLink(doc) : null;
  }

  async byToken(token: string): Promise<PayLink | null> {
    const doc = await this.links.findOne({ token });
    return doc ? asLink(doc) : null;
  }

  insertCheckout(checkout: PayCheckout): Promise<InsertResult> {
    return insertOnce(this.checkouts, { ...checkout });
  }

  async checkout(id: string): Promise<PayCheckout | null> {
    const doc = await this.checkouts.findOne({ _id: id });
    return doc ? { _id: doc._id, url: doc.url, at: doc.at } : null;
  }
}
