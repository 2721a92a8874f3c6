/**
 * What merchant events rely on from their store, run against every implementation: an event is inserted once under
 * its id (the insert decides between processes), read back as inserted, and listed per merchant newest first, a
 * page after another from the last event seen (events of one instant ordered by id).
 */
import type { MerchantEvent, MerchantEventStore } from '../../domain/merchants/merchantEvent';
import { anId, at, race } from './fixtures';
import type { MakeSubject } from './subject';

function anEvent(overrides: Partial<MerchantEvent> = {}): MerchantEvent {
  return {
    _id: anId('evt'),
    merchantId: anId('m'),
    type: 'payment.succeeded',
    data: { id: 'order-1', amount: 5_000, nested: { paidBy: 'wallet', at: '2026-03-01T10:00:00.000Z' } },
    createdAt: at(0),
    ...overrides,
  };
}

export function describeMerchantEventStoreContract(name: string, makeSubject: MakeSubject<MerchantEventStore>): void {
  describe(`MerchantEventStore contract: ${name}`, () => {
    let store: MerchantEventStore;
    let anotherProcess: () => MerchantEventStore;
    beforeEach(async () => {
      ({ store, anotherProcess } = await makeSubject());
    });

    it('reads an event back as inserted, and null for an unknown id', async () => {
      const event = anEvent();
      expect(await store.insertEvent(event)).toBe('inserted');
      expect(await anotherProcess().getEvent(event._id)).toEqual(event);
      expect(await store.getEvent(anId('evt'))).toBeNull();
    });

    it('keeps the first of one event recorded many times at once, across processes', async () => {
      const id = anId('evt');
      const copies = Array.from({ length: 10 }, (_, n) => anEvent({ _id: id, createdAt: at(n) }));
      const results = await race([store, anotherProcess()], 10, (s, n) => s.insertEvent(copies[n]!));
      expect(results.filter((r) => r === 'inserted')).toHaveLength(1);
      expect(await store.getEvent(id)).toEqual(copies[results.indexOf('inserted')]);
    });

    it('lists one merchant’s events newest first, a page after another', async () => {
      const merchantId = anId('m');
      // Two events share an instant: the id orders them.
      const events = [0, 1, 2, 2, 3].map((ms, n) => anEvent({ merchantId, _id: `evt_${n}`, createdAt: at(ms) }));
      for (const event of [...events, anEvent()]) await store.insertEvent(event);
      const newestFirst = [events[4], events[3], events[2], events[1], events[0]];
      expect(await store.list(merchantId, { limit: 10 })).toEqual(newestFirst);
      const first = await store.list(merchantId, { limit: 2 });
      expect(first).toEqual(newestFirst.slice(0, 2));
      const second = await anotherProcess().list(merchantId, { limit: 2, startingAfter: first[1]!._id });
      expect(second).toEqual(newestFirst.slice(2, 4));
      expect(await store.list(merchantId, { limit: 2, startingAfter: second[1]!._id })).toEqual(newestFirst.slice(4));
      expect(await store.list(merchantId, { limit: 2, startingAfter: 'evt_unknown' })).toEqual([]);
      expect(await store.list(anId('m'), { limit: 2 })).toEqual([]);
    });
  });
}
