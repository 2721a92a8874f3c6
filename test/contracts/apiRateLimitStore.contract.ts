/**
 * What the merchant API's rate limits rely on from their store, run against every implementation: every hit of a
 * key's window is counted, even when many arrive at once from several processes, windows and keys apart, and a sweep
 * forgets old hits.
 */
import type { ApiRateLimitStore } from '../../bots/api/ports';
import { anId, at, race } from './fixtures';
import type { MakeSubject } from './subject';

export function describeApiRateLimitStoreContract(name: string, makeSubject: MakeSubject<ApiRateLimitStore>): void {
  describe(`ApiRateLimitStore contract: ${name}`, () => {
    let store: ApiRateLimitStore;
    let anotherProcess: () => ApiRateLimitStore;
    beforeEach(async () => {
      ({ store, anotherProcess } = await makeSubject());
    });

    it('counts each hit of a window, keys and windows apart', async () => {
      const key = anId('key');
      expect(await store.hit(key, 1, at(0))).toBe(1);
      expect(await store.hit(key, 1, at(1))).toBe(2);
      expect(await anotherProcess().hit(key, 2, at(2))).toBe(1);
      expect(await store.hit(anId('key'), 1, at(2))).toBe(1);
    });

    it('never undercounts hits that arrive at once from two processes', async () => {
      const key = anId('key');
      const counts = await race([store, anotherProcess()], 20, (s) => s.hit(key, 7, at(0)));
      expect(Math.max(...counts)).toBe(20);
      expect(await store.hit(key, 7, at(1))).toBe(21);
    });

    it('forgets the hits older than a moment', async () => {
      const key = anId('key');
      await store.hit(key, 1, at(0));
      await store.hit(key, 2, at(10));
      await anotherProcess().sweep(at(5));
      expect(await store.hit(key, 1, at(11))).toBe(1);
      expect(await store.hit(key, 2, at(11))).toBe(2);
    });
  });
}
