/** Webhook endpoints on MongoDB / FerretDB (`webhook_endpoints`), found by merchant through an index. */
import type { Connection, mongo } from 'mongoose';
import type { InsertResult } from '../../domain/ledger/ledgerStore';
import type { WebhookEndpoint, WebhookSecret } from '../../domain/merchants/webhooks/endpoint';
import type { WebhookEndpointStore } from '../../domain/merchants/webhooks/endpointStore';
import { isDuplicateKeyError } from './insertBatcher';

const COLLECTION = 'webhook_endpoints';

type Doc = WebhookEndpoint;

/** Creates the endpoints' index: run before serving traffic. */
export async function ensureWebhookEndpointIndexes(connection: Connection): Promise<void> {
  await connection.collection(COLLECTION).createIndex({ merchantId: 1, createdAt: 1 });
}

function asEndpoint(doc: Doc): WebhookEndpoint {
  return {
    _id: doc._id,
    merchantId: doc.merchantId,
    url: doc.url,
    events: doc.events,
    secrets: doc.secrets.map((s) => ({ secret: s.secret, createdAt: s.createdAt, expiresAt: s.expiresAt ?? null })),
    status: doc.status,
    createdAt: doc.createdAt,
  };
}

/** The WebhookEndpointStore port on a mongoose connection. */
export class MongoWebhookEndpointStore implements WebhookEndpointStore {
  private readonly endpoints: mongo.Collection<Doc>;

  constructor(connection: Connection) {
    this.endpoints = connection.collection<Doc>(COLLECTION);
  }

  async insertEndpoint(endpoint: WebhookEndpoint): Promise<InsertResult> {
    try {
      await this.endpoints.insertOne({ ...endpoint });
      return 'inserted';
    } catch (error) {
      if (isDuplicateKeyError(error)) return 'duplicate';
      throw error;
    }
  }

  async getEndpoint(id: string): Promise<WebhookEndpoint | null> {
    const doc = await this.endpoints.findOne({ _id: id });
    return doc ? asEndpoint(doc) : null;
  }

  async byMerchant(merchantId: string): Promise<WebhookEndpoint[]> {
    const docs = await this.endpoints.find({ merchantId }).sort({ createdAt: 1, _id: 1 }).toArray();
    return docs.map(asEndpoint);
  }

  async setStatus(id: string, status: WebhookEndpoint['status']): Promise<void> {
    await this.endpoints.updateOne({ _id: id }, { $set: { status } });
  }

  async setSecrets(id: string, secrets: WebhookSecret[]): Promise<void> {
    await this.endpoints.updateOne({ _id: id }, { $set: { secrets } });
  }

  async deleteEndpoint(id: string): Promise<void> {
    await this.endpoints.deleteOne({ _id: id });
  }
}
