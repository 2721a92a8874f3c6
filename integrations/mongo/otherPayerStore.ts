/**
 * The other numbers people topped up from, per day (domain/otherPayers.ts), on MongoDB or FerretDB: insert-once
 * slots decided by their unique `_id`, read by `_id`.
 */
import type { Connection, mongo } from 'mongoose';
import type { InsertResult } from '../../domain/ledger/store';
import type { OtherPayerSlot, OtherPayerSlots } from '../../domain/otherPayers';
import { isDuplicateKeyError } from './insertBatcher';

export class MongoOtherPayerSlots implements OtherPayerSlots {
  private readonly slots: mongo.Collection<OtherPayerSlot>;

  constructor(connection: Connection) {
    this.slots = connection.collection<OtherPayerSlot>('topup_other_payers');
  }

  async insert(slot: OtherPayerSlot): Promise<InsertResult> {
    try {
      await this.slots.insertOne(slot);
      return 'inserted';
    } catch (error) {
      if (isDuplicateKeyError(error)) return 'duplicate';
      throw error;
    }
  }

  get(id: string): Promise<OtherPayerSlot | null> {
    return this.slots.findOne({ _id: id });
  }
}
