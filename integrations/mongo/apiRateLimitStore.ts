/**
 * The merchant API's rate-limit hits on MongoDB / FerretDB: one document per request, counted per key and window.
 * FerretDB v1's `$inc` is not atomic under concurrency (a counter document would undercount); an insert per hit and a
 * count over an index never loses one. No TTL index: `sweep` removes old hits.
 */
import { randomUUID } from 'node:crypto';
import { Schema, type Connection, type mongo } from 'mongoose';
import type { ApiRateLimitStore } from '../../bots/api/ports';

const hitSchema = new Schema(
  { _id: String, key: String, window: Number, at: Date },
  { versionKey: false, collection: 'api_rate_limit_hits' },
);
hitSchema.index({ key: 1, window: 1 });
hitSchema.index({ at: 1 });

type Doc = mongo.Document & { _id: string };

/** Registers the rate-limit model on a connection (idempotent). */
export function apiRateLimitModel(connection: Connection) {
  return connection.models.ApiRateLimitHit ?? connection.model('ApiRateLimitHit', hitSchema);
}

/** Creates the rate-limit indexes and waits for them: run before serving traffic. */
export async function ensureApiRateLimitIndexes(connection: Connection): Promise<void> {
  await apiRateLimitModel(connection).createIndexes();
}

/** The ApiRateLimitStore port on a mongoose connection. */
export class MongoApiRateLimitStore implements ApiRateLimitStore {
  private readonly hits: mongo.Collection<Doc>;

  constructor(connection: Connection) {
    this.hits = apiRateLimitModel(connection).collection as unknown as mongo.Collection<Doc>;
  }

  async hit(key: string, window: number, at: Date): Promise<number> {
    await this.hits.insertOne({ _id: randomUUID(), key, window, at });
    return this.hits.countDocuments({ key, window });
  }

  async sweep(before: Date): Promise<void> {
    await this.hits.deleteMany({ at: { $lt: before } });
  }
}
