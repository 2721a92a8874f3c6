/**
 * What PIN lockout relies on from the PIN event store, run against every implementation: an event is inserted
 * once under its id (so a round ends exactly once, even between processes), and an owner's events are read back,
 * in any order, without anyone else's.
 */
import type { PinEvent, PinEventStore } from '../../domain/pinLockout';
import { aNumber, anId, at, race } from './fixtures';
import type { MakeSubject } from './subject';

function anOwner(): string {
  return `${aNumber()}@${at(0).getTime()}`;
}

function anEvent(owner: string, overrides: Partial<PinEvent> = {}): PinEvent {
  return { id: anId('failure'), owner, kind: 'failure', round: 0, at: at(1), ...overrides };
}

const byEventId = (events: PinEvent[]) => [...events].sort((a, b) => (a.id < b.id ? -1 : 1));

export function describePinEventStoreContract(name: string, makeSubject: MakeSubject<PinEventStore>): void {
  describe(`PinEventStore contract: ${name}`, () => {
    let store: PinEventStore;
    let anotherProcess: () => PinEventStore;
    beforeEach(async () => {
      ({ store, anotherProcess } = await makeSubject());
    });

    it('reads back an owner’s events, and none of anyone else’s', async () => {
      const owner = anOwner();
      const events = [
        anEvent(owner),
        anEvent(owner, { at: at(2) }),
        anEvent(owner, { id: `${owner}#0`, kind: 'lockout', at: at(3) }),
      ];
      for (const event of events) expect(await store.insert(event)).toBe(true);
      await store.insert(anEvent(anOwner()));
      expect(byEventId(await store.of(owner))).toEqual(byEventId(events));
      expect(await store.of(anOwner())).toEqual([]);
    });

    it('refuses a second event with one id, and the first stands', async () => {
      const owner = anOwner();
      const end = anEvent(owner, { id: `${owner}#0`, kind: 'success' });
      await store.insert(end);
      expect(await store.insert({ ...end, kind: 'lockout', at: at(9) })).toBe(false);
      expect(await store.of(owner)).toEqual([end]);
    });

    it('ends a round exactly once when many processes end it at once', async () => {
      const owner = anOwner();
      const kinds = ['lockout', 'success', 'supportReset'] as const;
      const rivals = kinds.map((kind, n) => anEvent(owner, { id: `${owner}#2`, kind, round: 2, at: at(n) }));
      const results = await race([store, anotherProcess()], 12, (s, n) => s.insert(rivals[n % 3]!));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.of(owner)).toEqual([rivals[results.indexOf(true) % 3]]);
    });
  });
}
