/**
 * Port to where claims are kept: money held for a number without an account, and who to tell. Inserts decide;
 * a claim's `state` only caches what the ledger decided.
 */
import type { InsertResult } from './ledger/ledgerStore';
import type { Msisdn } from './phone';

/** `waiting` until the hold is resolved; then claimed, returned (voided or expired) or failed (never held). */
export type ClaimState = 'waiting' | 'claimed' | 'returned' | 'failed';

/** Money held for a number without an account. `_id` is the id of the ledger transfer that holds it. */
export interface Claim {
  _id: string;
  sender: Msisdn;
  recipient: Msisdn;
  amount: number;
  fee: number;
  expiresAt: Date;
  createdAt: Date;
  state: ClaimState;
  settledAt: Date | null;
}

/** Port: where claims are kept. Inserts decide; `markSettled` only caches what the ledger decided. */
export interface ClaimStore {
  insert(claim: Claim): Promise<InsertResult>;
  get(id: string): Promise<Claim | null>;
  /** Claims still waiting for this number. */
  waitingFor(recipient: Msisdn): Promise<Claim[]>;
  /** Claims still waiting, for the worker. */
  waiting(limit: number): Promise<Claim[]>;
  markSettled(id: string, state: Exclude<ClaimState, 'waiting'>, at: Date): Promise<void>;
}
