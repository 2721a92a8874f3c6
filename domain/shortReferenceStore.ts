/**
 * Port to where short references are reserved: one record per short reference (`_id`), naming the transfer that
 * holds it. The insert into the unique `_id` decides which transfer a short reference belongs to, for good; the
 * record is never updated or deleted, so a reference read out years later still finds its operation.
 */
import type { InsertResult } from './ledger/ledgerStore';

/** A short reference and the transfer it was given to. */
export interface ShortReferenceRecord {
  /** The short reference itself (domain/shortReference.ts), as stored and shown. */
  _id: string;
  transferId: string;
  at: Date;
}

/** Port: insert-once records; `duplicate` when the short reference is already taken (by any transfer). */
export interface ShortReferenceStore {
  insert(record: ShortReferenceRecord): Promise<InsertResult>;
  get(shortReference: string): Promise<ShortReferenceRecord | null>;
}
