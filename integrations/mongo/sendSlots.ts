/**
 * The outbox's shared send slots (bots/runtime/outbox/sharedSendRate.ts) on MongoDB or FerretDB: taken by an insert of a
 * unique `_id`; past seconds are deleted, so the collection stays small and the delete's scan (FerretDB v1 scans
 * for a range) stays cheap.
 */
import type { Connection, mongo } from 'mongoose';
import type { SendSlot, SendSlotStore } from '../../bots/runtime/outbox/ports';
import { isDuplicateKeyError } from './insertBatcher';

export class MongoSendSlots implements SendSlotStore {
  private readonly slots: mongo.Collection<SendSlot>;

  constructor(connection: Connection) {
    this.slots = connection.collection<SendSlot>('outbox_send_slots');
  }

  async take(slot: SendSlot): Promise<boolean> {
    try {
      await this.slots.insertOne(slot);
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  async forgetBefore(second: number): Promise<void> {
    await this.slots.deleteMany({ second: { $lt: second } });
  }
}
