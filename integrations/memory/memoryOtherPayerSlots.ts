/** The other numbers people topped up from, in memory: the twin of the MongoDB slots, insert-once by `_id`. */
import type { InsertResult } from '../../domain/ledger/store';
import type { OtherPayerSlot, OtherPayerSlots } from '../../domain/otherPayers';
import { roundTrip, Table } from './table';

export class MemoryOtherPayerSlots implements OtherPayerSlots {
  private readonly slots = new Table<OtherPayerSlot>();

  async insert(slot: OtherPayerSlot): Promise<InsertResult> {
    await roundTrip();
    return this.slots.insert(slot);
  }

  async get(id: string): Promise<OtherPayerSlot | null> {
    await roundTrip();
    return this.slots.get(id);
  }

  async remove(id: string): Promise<void> {
    await roundTrip();
    this.slots.delete(id);
  }
}
