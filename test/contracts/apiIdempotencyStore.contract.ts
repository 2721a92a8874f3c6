/**
 * What the merchant API's idempotency relies on from its store, run against every implementation: one claim per key
 * across processes (the first stands), takeovers and results decided the same way, a release that frees a key, and a
 * sweep that forgets only old records.
 */
import type { ApiIdempotencyStore } from '../../bots/api/ports';
import { anId, at, race } from './fixtures';
import type { MakeSubject } from './subject';

export function describeApiIdempotencyStoreContract(name: string, makeSubject: MakeSubject<ApiIdempotencyStore>): void {
  describe(`ApiIdempotencyStore contract: ${name}`, () => {
    let store: ApiIdempotencyStore;
    let anotherProcess: () => ApiIdempotencyStore;
    beforeEach(async () => {
      ({ store, anotherProcess } = await makeSubject());
    });

    it('gives a key to one claim when many claim it at once, across processes', async () => {
      const id = anId('m:key');
      const results = await race([store, anotherProcess()], 10, (s, n) =>
        s.insertClaim({ _id: id, requestHash: `hash${n}`, startedAt: at(n) }),
      );
      expect(results.filter((r) => r === 'inserted')).toHaveLength(1);
      const kept = await anotherProcess().getClaim(id);
      expect(kept?._id).toBe(id);
      expect(kept?.startedAt).toEqual(at(Number(kept?.requestHash.slice(4))));
      expect(await store.getClaim(anId('m:other'))).toBeNull();
    });

    it('keeps the first takeover of a number and the first result of a key', async () => {
      const id = anId('m:key');
      expect(await store.insertTakeover({ _id: `${id}#1`, startedAt: at(1) })).toBe('inserted');
      expect(await anotherProcess().insertTakeover({ _id: `${id}#1`, startedAt: at(2) })).toBe('duplicate');
      expect(await store.getTakeover(`${id}#1`)).toEqual({ _id: `${id}#1`, startedAt: at(1) });
      expect(await store.getTakeover(`${id}#2`)).toBeNull();
      const result = {
        _id: id,
        requestHash: 'h',
        status: 201,
        body: { id: 'x', nested: { a: [1] } },
        completedAt: at(3),
      };
      expect(await store.insertResult(result)).toBe('inserted');
      expect(await anotherProcess().insertResult({ ...result, status: 500 })).toBe('duplicate');
      expect(await anotherProcess().getResult(id)).toEqual(result);
    });

    it('frees a key and its takeovers when released, and keeps other keys', async () => {
      const id = anId('m:key');
      const other = anId('m:key');
      await store.insertClaim({ _id: id, requestHash: 'h', startedAt: at(0) });
      await store.insertClaim({ _id: other, requestHash: 'h', startedAt: at(0) });
      await store.insertTakeover({ _id: `${id}#1`, startedAt: at(1) });
      await anotherProcess().release(id);
      expect(await store.getClaim(id)).toBeNull();
      expect(await store.getTakeover(`${id}#1`)).toBeNull();
      expect(await store.getClaim(other)).not.toBeNull();
      expect(await store.insertClaim({ _id: id, requestHash: 'h2', startedAt: at(2) })).toBe('inserted');
    });

    it('sweeps the records older than a moment and only those', async () => {
      const old = anId('m:old');
      const recent = anId('m:recent');
      await store.insertClaim({ _id: old, requestHash: 'h', startedAt: at(0) });
      await store.insertResult({ _id: old, requestHash: 'h', status: 200, body: {}, completedAt: at(1) });
      await store.insertTakeover({ _id: `${old}#1`, startedAt: at(1) });
      await store.insertClaim({ _id: recent, requestHash: 'h', startedAt: at(10) });
      await store.insertResult({ _id: recent, requestHash: 'h', status: 200, body: {}, completedAt: at(11) });
      expect(await store.sweep(at(5))).toBe(3);
      expect(await store.getClaim(old)).toBeNull();
      expect(await store.getResult(old)).toBeNull();
      expect(await store.getClaim(recent)).not.toBeNull();
      expect(await store.getResult(recent)).not.toBeNull();
    });
  });
}
