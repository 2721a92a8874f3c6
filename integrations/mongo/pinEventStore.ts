/**
 * PIN events on MongoDB (domain/pinLockout.ts): one insert per fact, the `_id` deciding that a round ends once.
 * Read by equality on the owner: few documents per person (a handful of wrong PINs), so FerretDB's scan is short.
 */
import type { Connection, mongo } from 'mongoose';
import type { PinEvent, PinEventStore } from '../../domain/pinLockout';
import { isDuplicateKeyError } from './insertBatcher';

type PinEventDoc = Omit<PinEvent, 'id'> & { _id: string };

export async function ensurePinEventIndexes(connection: Connection): Promise<void> {
  await connection.collection('pin_events').createIndex({ owner: 1 });
}

export class MongoPinEventStore implements PinEventStore {
  private readonly events: mongo.Collection<PinEventDoc>;

  constructor(connection: Connection) {
    this.events = connection.collection<PinEventDoc>('pin_events');
  }

  async insert(event: PinEvent): Promise<boolean> {
    const { id, ...rest } = event;
    try {
      await this.events.insertOne({ _id: id, ...rest } as PinEventDoc);
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  async of(owner: string): Promise<PinEvent[]> {
    const docs = await this.events.find({ owner }).toArray();
    return docs.map(({ _id, ...rest }) => ({ id: _id, ...rest }) as PinEvent);
  }
}
