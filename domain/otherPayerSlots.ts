/**
 * Port to where the daily slots of top-ups from other people's numbers are kept: insert-once records whose `_id`
 * decides between two concurrent top-ups.
 */
import type { InsertResult } from './ledger/ledgerStore';
import type { Msisdn } from './phone';

/** One slot: `owner` topped up from `payer` on `day` (Douala calendar). */
export interface OtherPayerSlot {
  _id: string;
  owner: Msisdn;
  day: string;
  payer: Msisdn;
  at: Date;
}

/** Port: where slots are kept; `insert` decides. */
export interface OtherPayerSlots {
  insert(slot: OtherPayerSlot): Promise<InsertResult>;
  get(id: string): Promise<OtherPayerSlot | null>;
  remove(id: string): Promise<void>;
}
