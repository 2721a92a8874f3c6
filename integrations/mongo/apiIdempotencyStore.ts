/**
 * The merchant API's idempotency records on MongoDB / FerretDB: claims, takeovers and results, each decided by an
 * insert into its `_id`. FerretDB v1 has no TTL index, so old records are removed by `sweep` (the API runs it now
 * and then), and a record is trusted for at least the retention the API promises.
 */
import { Schema, type Connection, type mongo } from 'mongoose';
import type {
  ApiIdempotencyStore,
  IdempotencyClaim,
  IdempotencyResult,
  IdempotencyTakeover,
} from '../../bots/api/ports';
import type { InsertResult } from '../../domain/ledger/ledgerStore';
import { insertOnce } from './insertOnce';

const claimSchema = new Schema(
  { _id: String, requestHash: String, startedAt: Date },
  { versionKey: false, collection: 'api_idempotency_claims' },
);
claimSchema.index({ startedAt: 1 });
const takeoverSchema = new Schema(
  { _id: String, claim: String, startedAt: Date },
  { versionKey: false, collection: 'api_idempotency_takeovers' },
);
takeoverSchema.index({ claim: 1 });
takeoverSchema.index({ startedAt: 1 });
const resultSchema = new Schema(
  { _id: String, requestHash: String, status: Number, body: Schema.Types.Mixed, completedAt: Date },
  { versionKey: false, collection: 'api_idempotency_results' },
);
resultSchema.index({ completedAt: 1 });

type Doc = mongo.Document & { _id: string };

/** Registers the idempotency models on a connection (idempotent). */
export function apiIdempotencyModels(connection: Connection) {
  return {
    claims: connection.models.ApiIdempotencyClaim ?? connection.model('ApiIdempotencyClaim', claimSchema),
    takeovers: connection.models.ApiIdempotencyTakeover ?? connection.model('ApiIdempotencyTakeover', takeoverSchema),
    results: connection.models.ApiIdempotencyResult ?? connection.model('ApiIdempotencyResult', resultSchema),
  };
}

/** Creates the idempotency indexes and waits for them: run before serving traffic. */
export async function ensureApiIdempotencyIndexes(connection: Connection): Promise<void> {
  for (const model of Object.values(apiIdempotencyModels(connection))) await model.createIndexes();
}

/** The takeover's claim id: what comes before its last `#`. */
function claimOf(takeoverId: string): string {
  return takeoverId.slice(0, takeoverId.lastIndexOf('#'));
}

/** The ApiIdempotencyStore port on a mongoose connection. */
export class MongoApiIdempotencyStore implements ApiIdempotencyStore {
  private readonly claims: mongo.Collection<Doc>;
  private readonly takeovers: mongo.Collection<Doc>;
  private readonly results: mongo.Collection<Doc>;

  constructor(connection: Connection) {
    const models = apiIdempotencyModels(connection);
    this.claims = models.claims.collection as unknown as mongo.Collection<Doc>;
    this.takeovers = models.takeovers.collection as unknown as mongo.Collection<Doc>;
    this.results = models.results.collection as unknown as mongo.Collection<Doc>;
  }

  insertClaim(claim: IdempotencyClaim): Promise<InsertResult> {
    return insertOnce(this.claims, { ...claim });
  }

  async getClaim(id: string): Promise<IdempotencyClaim | null> {
    const doc = await this.claims.findOne({ _id: id });
    return doc ? { _id: doc._id, requestHash: doc.requestHash, startedAt: doc.startedAt } : null;
  }

  insertTakeover(takeover: IdempotencyTakeover): Promise<InsertResult> {
    return insertOnce(this.takeovers, { ...takeover, claim: claimOf(takeover._id) });
  }

  async getTakeover(id: string): Promise<IdempotencyTakeover | null> {
    const doc = await this.takeovers.findOne({ _id: id });
    return doc ? { _id: doc._id, startedAt: doc.startedAt } : null;
  }

  insertResult(result: IdempotencyResult): Promise<InsertResult> {
    return insertOnce(this.results, { ...result });
  }

  async getResult(id: string): Promise<IdempotencyResult | null> {
    const doc = await this.results.findOne({ _id: id });
    if (!doc) return null;
    return {
      _id: doc._id,
      requestHash: doc.requestHash,
      status: doc.status,
      body: doc.body,
      completedAt: doc.completedAt,
    };
  }

  async release(id: string): Promise<void> {
    await this.takeovers.deleteMany({ claim: id });
    await this.claims.deleteOne({ _id: id });
  }

  async sweep(before: Date): Promise<number> {
    const results = await this.results.deleteMany({ completedAt: { $lt: before } });
    const takeovers = await this.takeovers.deleteMany({ startedAt: { $lt: before } });
    const claims = await this.claims.deleteMany({ startedAt: { $lt: before } });
    return results.deletedCount + takeovers.deletedCount + claims.deletedCount;
  }
}
