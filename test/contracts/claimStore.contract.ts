/**
 * What waiting money relies on from the claim store, run against every implementation: a claim is inserted once
 * under its holding transfer's id (the first stands), found while waiting by recipient and for the worker, and
 * leaves those lists once settled.
 */
import type { Claim, ClaimStore } from '../../domain/claims';
import type { Msisdn } from '../../domain/phone';
import { aNumber, anId, at, race } from './fixtures';
import { byId, type MakeSubject } from './subject';

function aClaim(recipient: Msisdn = aNumber(), overrides: Partial<Claim> = {}): Claim {
  return {
    _id: anId('hold'),
    sender: aNumber(),
    recipient,
    amount: 5_000,
    fee: 100,
    expiresAt: at(7 * 86_400_000),
    createdAt: at(0),
    state: 'waiting',
    settledAt: null,
    ...overrides,
  };
}

export function describeClaimStoreContract(name: string, makeSubject: MakeSubject<ClaimStore>): void {
  describe(`ClaimStore contract: ${name}`, () => {
    let store: ClaimStore;
    let anotherProcess: () => ClaimStore;
    beforeEach(async () => {
      ({ store, anotherProcess } = await makeSubject());
    });

    it('reads back a claim as inserted, and null for an unknown id', async () => {
      const claim = aClaim();
      expect(await store.insert(claim)).toBe('inserted');
      expect(await store.get(claim._id)).toEqual(claim);
      expect(await store.get('hold-never')).toBeNull();
    });

    it('reports a second claim on one hold as a duplicate, and the first stands', async () => {
      const claim = aClaim();
      await store.insert(claim);
      expect(await store.insert({ ...claim, amount: 1 })).toBe('duplicate');
      expect(await store.get(claim._id)).toEqual(claim);
    });

    it('lets exactly one of many concurrent inserts of one claim win, across processes', async () => {
      const claim = aClaim();
      const results = await race([store, anotherProcess()], 10, (s, n) => s.insert({ ...claim, amount: n + 1 }));
      expect(results.filter((r) => r === 'inserted')).toHaveLength(1);
      expect(await store.get(claim._id)).toEqual({ ...claim, amount: results.indexOf('inserted') + 1 });
    });

    it('finds the claims still waiting for a number, and no other number’s', async () => {
      const recipient = aNumber();
      const mine = [aClaim(recipient), aClaim(recipient)];
      const settled = aClaim(recipient);
      for (const claim of [...mine, settled, aClaim()]) await store.insert(claim);
      await store.markSettled(settled._id, 'claimed', at(10));
      expect(byId(await store.waitingFor(recipient))).toEqual(byId(mine));
      expect(await store.waitingFor(aNumber())).toEqual([]);
    });

    it('lists waiting claims for the worker, as many as asked', async () => {
      const waiting = [aClaim(), aClaim(), aClaim()];
      const returned = aClaim();
      for (const claim of [...waiting, returned]) await store.insert(claim);
      await store.markSettled(returned._id, 'returned', at(10));
      expect(byId(await store.waiting(10))).toEqual(byId(waiting));
      const two = await store.waiting(2);
      expect(two).toHaveLength(2);
      for (const claim of two) expect(waiting.map((c) => c._id)).toContain(claim._id);
    });

    it('caches how a claim ended and when', async () => {
      const claim = aClaim();
      await store.insert(claim);
      await store.markSettled(claim._id, 'failed', at(42));
      expect(await store.get(claim._id)).toEqual({ ...claim, state: 'failed', settledAt: at(42) });
      expect(await store.waiting(10)).toEqual([]);
    });
  });
}
