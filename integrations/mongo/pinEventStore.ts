/**
 * PIN events on MongoDB (domain/pinLockout.ts): one insert per fact, the `_id` deciding that a round ends once.
 * Every PIN check reads its owner's events, and on FerretDB v1 a read by owner scans the collection. Most people
 * never type a wrong PIN, so an owner's first event is preceded by a marker whose `_id` is the owner: a check
 * reads that marker by `_id`, and scans only for someone who has events.
 */
import type { Connection, mongo } from 'mongoose';
import type { PinEvent, PinEventStore } from '../../domain/pinEventStore';
import { isDuplicateKeyError } from './insertBatcher';

type PinEventDoc = Omit<PinEvent, 'id'> & { _id: string };
/** "This owner has events" (no `owner` field, so a read by owner never returns it). */
interface MarkerDoc {
  _id: string;
  marker: true;
}

export async function ensurePinEventIndexes(connection: Connection): Promise<void> {
  await connection.collection('pin_events').createIndex({ owner: 1 });
}

export class MongoPinEventStore implements PinEventStore {
  private readonly events: mongo.Collection<PinEventDoc>;
  private readonly markers: mongo.Collection<MarkerDoc>;

  constructor(connection: Connection) {
    this.events = connection.collection<PinEventDoc>('pin_events');
    this.markers = connection.collection<MarkerDoc>('pin_events');
  }

  async insert(event: PinEvent): Promise<boolean> {
    const { id, ...rest } = event;
    // The marker first: a reader that finds no marker may rightly skip the scan, since no event exists yet.
    await insertOnce(() => this.markers.insertOne({ _id: event.owner, marker: true }));
    return insertOnce(() => this.events.insertOne({ _id: id, ...rest } as PinEventDoc));
  }

  async of(owner: string): Promise<PinEvent[]> {
    if (!(await this.markers.findOne({ _id: owner }))) return [];
    const docs = await this.events.find({ owner }).toArray();
    return docs.map(({ _id, ...rest }) => ({ id: _id, ...rest }) as PinEvent);
  }
}

/** Runs an insert; false when the `_id` is taken. */
async function insertOnce(insert: () => Promise<unknown>): Promise<boolean> {
  try {
    await insert();
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}
