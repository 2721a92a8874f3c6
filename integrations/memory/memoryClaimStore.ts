/**
 * Claims in memory: the twin of the MongoDB claim store. The insert of a claim's `_id` (its holding transfer's id)
 * is the only decision; `markSettled` only caches the ledger's outcome.
 */
import type { Claim, ClaimState, ClaimStore } from '../../domain/claims';
import type { InsertResult } from '../../domain/ledger/store';
import type { Msisdn } from '../../domain/phone';
import { roundTrip, Table } from './table';

export class MemoryClaimStore implements ClaimStore {
  private readonly claims = new Table<Claim>();

  async insert(claim: Claim): Promise<InsertResult> {
    await roundTrip();
    return this.claims.insert(claim);
  }

  async get(id: string): Promise<Claim | null> {
    await roundTrip();
    return this.claims.get(id);
  }

  async waitingFor(recipient: Msisdn): Promise<Claim[]> {
    await roundTrip();
    return this.claims.find((c) => c.recipient === recipient && c.state === 'waiting');
  }

  async waiting(limit: number): Promise<Claim[]> {
    await roundTrip();
    return this.claims.find((c) => c.state === 'waiting', limit);
  }

  async markSettled(id: string, state: Exclude<ClaimState, 'waiting'>, at: Date): Promise<void> {
    await roundTrip();
    const claim = this.claims.get(id);
    if (claim) this.claims.put({ ...claim, state, settledAt: at });
  }
}
