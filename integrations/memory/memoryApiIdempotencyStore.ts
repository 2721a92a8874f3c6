/** The merchant API's idempotency records in memory: the twin of the MongoDB store (every first insert stands). */
import type {
  ApiIdempotencyStore,
  IdempotencyClaim,
  IdempotencyResult,
  IdempotencyTakeover,
} from '../../bots/api/ports';
import type { InsertResult } from '../../domain/ledger/ledgerStore';
import { roundTrip, Table } from './table';

export class MemoryApiIdempotencyStore implements ApiIdempotencyStore {
  private readonly claims = new Table<IdempotencyClaim>();
  private readonly takeovers = new Table<IdempotencyTakeover>();
  private readonly results = new Table<IdempotencyResult>();

  async insertClaim(claim: IdempotencyClaim): Promise<InsertResult> {
    await roundTrip();
    return this.claims.insert(claim);
  }

  async getClaim(id: string): Promise<IdempotencyClaim | null> {
    await roundTrip();
    return this.claims.get(id);
  }

  async insertTakeover(takeover: IdempotencyTakeover): Promise<InsertResult> {
    await roundTrip();
    return this.takeovers.insert(takeover);
  }

  async getTakeover(id: string): Promise<IdempotencyTakeover | null> {
    await roundTrip();
    return this.takeovers.get(id);
  }

  async insertResult(result: IdempotencyResult): Promise<InsertResult> {
    await roundTrip();
    return this.results.insert(result);
  }

  async getResult(id: string): Promise<IdempotencyResult | null> {
    await roundTrip();
    return this.results.get(id);
  }

  async release(id: string): Promise<void> {
    await roundTrip();
    for (const takeover of this.takeovers.find((t) => t._id.startsWith(`${id}#`))) this.takeovers.delete(takeover._id);
    this.claims.delete(id);
  }

  async sweep(before: Date): Promise<number> {
    await roundTrip();
    const old = [
      ...this.results.find((r) => r.completedAt < before).map((r) => () => this.results.delete(r._id)),
      ...this.takeovers.find((t) => t.startedAt < before).map((t) => () => this.takeovers.delete(t._id)),
      ...this.claims.find((c) => c.startedAt < before).map((c) => () => this.claims.delete(c._id)),
    ];
    for (const remove of old) remove();
    return old.length;
  }
}
