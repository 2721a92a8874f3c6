/**
 * What the limit on other payers relies on from its slots, run against every implementation: a slot is inserted
 * once under its id (two concurrent top-ups cannot both take it), read back by id, and freed by removal.
 */
import type { OtherPayerSlot, OtherPayerSlots } from '../../domain/otherPayers';
import { aNumber, at, race } from './fixtures';
import type { MakeSubject } from './subject';

function aSlot(n = 1, overrides: Partial<OtherPayerSlot> = {}): OtherPayerSlot {
  const owner = overrides.owner ?? aNumber();
  return { _id: `${owner}:2026-03-01:${n}`, owner, day: '2026-03-01', payer: aNumber(), at: at(0), ...overrides };
}

export function describeOtherPayerSlotsContract(name: string, makeSubject: MakeSubject<OtherPayerSlots>): void {
  describe(`OtherPayerSlots contract: ${name}`, () => {
    let store: OtherPayerSlots;
    let anotherProcess: () => OtherPayerSlots;
    beforeEach(async () => {
      ({ store, anotherProcess } = await makeSubject());
    });

    it('reads back a slot as inserted, and null for a free one', async () => {
      const slot = aSlot();
      expect(await store.insert(slot)).toBe('inserted');
      expect(await store.get(slot._id)).toEqual(slot);
      expect(await store.get(aSlot(2, { owner: slot.owner })._id)).toBeNull();
    });

    it('reports a taken slot as a duplicate, and the first payer stands', async () => {
      const slot = aSlot();
      await store.insert(slot);
      expect(await store.insert({ ...slot, payer: aNumber() })).toBe('duplicate');
      expect(await store.get(slot._id)).toEqual(slot);
    });

    it('gives a slot to exactly one of many concurrent top-ups, across processes', async () => {
      const slot = aSlot();
      const payers = Array.from({ length: 10 }, () => aNumber());
      const results = await race([store, anotherProcess()], 10, (s, n) => s.insert({ ...slot, payer: payers[n]! }));
      expect(results.filter((r) => r === 'inserted')).toHaveLength(1);
      expect(await store.get(slot._id)).toEqual({ ...slot, payer: payers[results.indexOf('inserted')] });
    });

    it('frees a removed slot for the number’s next owner, and removing a free one is harmless', async () => {
      const slot = aSlot();
      const kept = aSlot(2, { owner: slot.owner });
      await store.insert(slot);
      await store.insert(kept);
      await store.remove(slot._id);
      await store.remove(slot._id);
      expect(await store.get(slot._id)).toBeNull();
      expect(await store.get(kept._id)).toEqual(kept);
      const next = { ...slot, payer: aNumber(), at: at(60_000) };
      expect(await store.insert(next)).toBe('inserted');
      expect(await store.get(slot._id)).toEqual(next);
    });
  });
}
