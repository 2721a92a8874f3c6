/**
 * Merchant API keys on MongoDB / FerretDB (`merchant_api_keys`): found by the hash of their secret (unique) and
 * listed by merchant. Revoking sets `revokedAt` once; it decides nothing another call races for.
 */
import { Schema, type Connection, type mongo } from 'mongoose';
import type { ApiKey, ApiKeyStore } from '../../domain/merchants/apiKey';
import type { InsertResult } from '../../domain/ledger/ledgerStore';
import { isDuplicateKeyError } from './insertBatcher';

const apiKeySchema = new Schema(
  {
    _id: String,
    merchantId: { type: String, required: true },
    secretHash: { type: String, required: true },
    prefix: { type: String, required: true },
    scopes: { type: [String], required: true },
    label: { type: String, default: '' },
    createdAt: { type: Date, required: true },
    revokedAt: { type: Date, default: null },
  },
  { versionKey: false, collection: 'merchant_api_keys' },
);
apiKeySchema.index({ secretHash: 1 }, { unique: true });
apiKeySchema.index({ merchantId: 1 });

type Doc = mongo.Document & { _id: string };

/** Registers the API key model on a connection (idempotent). */
export function apiKeyModel(connection: Connection) {
  return connection.models.MerchantApiKey ?? connection.model('MerchantApiKey', apiKeySchema);
}

/** Creates the API key indexes and waits for them: run before serving traffic. */
export async function ensureApiKeyIndexes(connection: Connection): Promise<void> {
  await apiKeyModel(connection).createIndexes();
}

function asKey(doc: Doc): ApiKey {
  return {
    _id: doc._id,
    merchantId: doc.merchantId,
    secretHash: doc.secretHash,
    prefix: doc.prefix,
    scopes: [...doc.scopes],
    label: doc.label ?? '',
    createdAt: doc.createdAt,
    revokedAt: doc.revokedAt ?? null,
  };
}

/** The ApiKeyStore port on a mongoose connection. */
export class MongoApiKeyStore implements ApiKeyStore {
  private readonly keys: mongo.Collection<Doc>;

  constructor(connection: Connection) {
    this.keys = apiKeyModel(connection).collection as unknown as mongo.Collection<Doc>;
  }

  async insertKey(key: ApiKey): Promise<InsertResult> {
    try {
      await this.keys.insertOne({ ...key, scopes: [...key.scopes] });
      return 'inserted';
    } catch (error) {
      if (isDuplicateKeyError(error)) return 'duplicate';
      throw error;
    }
  }

  async bySecretHash(secretHash: string): Promise<ApiKey | null> {
    const doc = await this.keys.findOne({ secretHash });
    return doc ? asKey(doc) : null;
  }

  async getKey(id: string): Promise<ApiKey | null> {
    const doc = await this.keys.findOne({ _id: id });
    return doc ? asKey(doc) : null;
  }

  async byMerchant(merchantId: string): Promise<ApiKey[]> {
    return (await this.keys.find({ merchantId }).toArray()).map(asKey);
  }

  async revoke(id: string, at: Date): Promise<void> {
    // The first revocation's time stands: a second one changes nothing.
    await this.keys.updateOne({ _id: id, revokedAt: null }, { $set: { revokedAt: at } });
  }
}
