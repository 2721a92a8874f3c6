/**
 * The other numbers people topped up from, per day (domain/otherPayers.ts), on MongoDB or FerretDB: insert-once
 * slots decided by their unique `_id`, read by `_id`, purged by day once their day is over
 * (integrations/mongo/retention.ts).
 */
import type { Connection, mongo } from 'mongoose';
import type { InsertResult } from '../../domain/ledger/store';
import type { OtherPayerSlot, OtherPayerSlots } from '../../domain/otherPayers';
import { isDuplicateKeyError } from './insertBatcher';
import { OTHER_PAYER_SLOTS, RetentionDays } from './retention';

interface SlotDoc extends OtherPayerSlot {
  /** The UTC day of `at`, by which the slot is purged (its `day` is the limit's, on the Douala calendar). */
  utcDay: string;
}

export class MongoOtherPayerSlots implements OtherPayerSlots {
  private readonly slots: mongo.Collection<SlotDoc>;

  private readonly days: RetentionDays;

  constructor(connection: Connection) {
    this.slots = connection.collection<SlotDoc>(OTHER_PAYER_SLOTS.collection);
    this.days = new RetentionDays(connection);
  }

  async insert(slot: OtherPayerSlot): Promise<InsertResult> {
    const utcDay = await this.days.note(OTHER_PAYER_SLOTS, slot.at);
    try {
      await this.slots.insertOne({ ...slot, utcDay });
      return 'inserted';
    } catch (error) {
      if (isDuplicateKeyError(error)) return 'duplicate';
      throw error;
    }
  }

  async get(id: string): Promise<OtherPayerSlot | null> {
    const doc = await this.slots.findOne({ _id: id });
    if (!doc) return null;
    // The purge's day is this store's business, not the port's.
    const { utcDay: _utcDay, ...slot } = doc;
    return slot;
  }

  async remove(id: string): Promise<void> {
    await this.slots.deleteOne({ _id: id });
  }
}
