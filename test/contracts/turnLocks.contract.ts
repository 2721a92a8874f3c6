/**
 * What every TurnLocks must do, whatever keeps the locks: one holder at a time per person, a lock left by a dead
 * holder expires, and a slow holder's late release never removes the lock that replaced its own. Run by one test
 * file per implementation, with a clock the contract moves.
 */
import type { TurnLocks } from '../../bots/runtime/ports';
import type { Msisdn } from '../../domain/phone';

export const CONTRACT_TTL_MS = 10_000;

/** The clock the locks under test must read for expiry (waiting is in real time). */
export interface ContractClock {
  now: Date;
}

let person = 0;
const nextPerson = () => `23767710${String((person += 1)).padStart(4, '0')}` as Msisdn;

export function turnLocksContract(makeLocks: (options: { ttlMs: number; clock: () => Date }) => TurnLocks): void {
  describe('turn locks', () => {
    const time: ContractClock = { now: new Date('2026-11-29T10:00:00Z') };
    const clock = () => time.now;
    const advance = (ms: number) => (time.now = new Date(time.now.getTime() + ms));
    let locks: TurnLocks;
    // Made once the file's other setup (a database connection) has run.
    beforeAll(() => {
      locks = makeLocks({ ttlMs: CONTRACT_TTL_MS, clock });
    });

    it('lets one holder in at a time, and the next one in after the release', async () => {
      const msisdn = nextPerson();
      const first = await locks.acquire(msisdn, 0);
      expect(first).not.toBeNull();
      expect(await locks.acquire(msisdn, 50)).toBeNull();
      await first!.release();
      const second = await locks.acquire(msisdn, 0);
      expect(second).not.toBeNull();
      await second!.release();
    });

    it('lets exactly one of twenty messages at once in, and keeps other people apart', async () => {
      const msisdn = nextPerson();
      const held = await Promise.all(Array.from({ length: 20 }, () => locks.acquire(msisdn, 0)));
      expect(held.filter((lock) => lock !== null)).toHaveLength(1);
      const other = await locks.acquire(nextPerson(), 0);
      expect(other).not.toBeNull();
      await other!.release();
      await held.find((lock) => lock !== null)!.release();
    });

    it('lets a waiting message in once the holder releases within its wait', async () => {
      const msisdn = nextPerson();
      const holder = await locks.acquire(msisdn, 0);
      const waiting = locks.acquire(msisdn, 5_000);
      await new Promise((resolve) => setTimeout(resolve, 100));
      await holder!.release();
      const next = await waiting;
      expect(next).not.toBeNull();
      await next!.release();
    });

    it('takes over an expired lock, and the slow holder released late does not remove the new one', async () => {
      const msisdn = nextPerson();
      const slow = await locks.acquire(msisdn, 0);
      advance(CONTRACT_TTL_MS + 1);
      const stealer = await locks.acquire(msisdn, 0);
      expect(stealer).not.toBeNull();
      await slow!.release();
      // The stealer's lock still stands: nobody else gets in until it is released.
      expect(await locks.acquire(msisdn, 50)).toBeNull();
      await stealer!.release();
      expect(await locks.acquire(msisdn, 0)).not.toBeNull();
    });

    it('does not let anyone take a lock that has not expired yet', async () => {
      const msisdn = nextPerson();
      const holder = await locks.acquire(msisdn, 0);
      advance(CONTRACT_TTL_MS - 1);
      expect(await locks.acquire(msisdn, 0)).toBeNull();
      await holder!.release();
    });
  });
}
