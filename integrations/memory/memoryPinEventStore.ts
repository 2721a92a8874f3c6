/** PIN events in memory: the twin of the MongoDB store, one insert per fact, the `id` deciding that a round ends once. */
import type { PinEvent, PinEventStore } from '../../domain/pinLockout';
import { roundTrip, Table } from './table';

export class MemoryPinEventStore implements PinEventStore {
  private readonly events = new Table<{ _id: string; event: PinEvent }>();

  async insert(event: PinEvent): Promise<boolean> {
    await roundTrip();
    return this.events.insert({ _id: event.id, event }) === 'inserted';
  }

  async of(owner: string): Promise<PinEvent[]> {
    await roundTrip();
    return this.events.find((doc) => doc.event.owner === owner).map((doc) => doc.event);
  }
}
