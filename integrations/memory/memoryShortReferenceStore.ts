/** Short references in memory: the twin of the MongoDB store, insert-once by the short reference. */
import type { InsertResult } from '../../domain/ledger/ledgerStore';
import type { ShortReferenceRecord, ShortReferenceStore } from '../../domain/shortReferenceStore';
import { roundTrip, Table } from './table';

export class MemoryShortReferenceStore implements ShortReferenceStore {
  private readonly records = new Table<ShortReferenceRecord>();

  async insert(record: ShortReferenceRecord): Promise<InsertResult> {
    await roundTrip();
    return this.records.insert(record);
  }

  async get(shortReference: string): Promise<ShortReferenceRecord | null> {
    await roundTrip();
    return this.records.get(shortReference);
  }
}
