/**
 * Per-person turn locks on the real store: one holder at a time, a lock left by a dead holder expires, and a slow
 * holder's late release never removes the lock that replaced its own.
 */
import type { Msisdn } from '../../../domain/phone';
import { MongoTurnLocks } from '../../../integrations/mongo/turnLocks';
import { useTestDatabase } from '../../support/database';

const db = useTestDatabase();
const TTL_MS = 10_000;
let now = new Date('2026-11-29T10:00:00Z');
const clock = () => now;
const advance = (ms: number) => (now = new Date(now.getTime() + ms));
let person = 0;
const nextPerson = () => `23767700${String((person += 1)).padStart(4, '0')}` as Msisdn;

const locks = () => new MongoTurnLocks(db.connection, { ttlMs: TTL_MS, clock });
const retirements = () => db.connection.collection('conversation_lock_retirements').countDocuments();

it('lets one holder in at a time, and the next one in after the release', async () => {
  const msisdn = nextPerson();
  const first = await locks().acquire(msisdn, 0);
  expect(first).not.toBeNull();
  expect(await locks().acquire(msisdn, 50)).toBeNull();
  await first!.release();
  const second = await locks().acquire(msisdn, 0);
  expect(second).not.toBeNull();
  await second!.release();
});

it('releases within the first half of the lease with a plain delete, and later through a retirement', async () => {
  const msisdn = nextPerson();
  const before = await retirements();
  const quick = await locks().acquire(msisdn, 0);
  advance(TTL_MS / 2 - 1);
  await quick!.release();
  expect(await retirements()).toBe(before);

  const slow = await locks().acquire(msisdn, 0);
  advance(TTL_MS / 2);
  await slow!.release();
  expect(await retirements()).toBe(before + 1);
  expect(await locks().acquire(msisdn, 0)).not.toBeNull();
});

it('takes over an expired lock, and the slow holder released late does not remove the new one', async () => {
  const msisdn = nextPerson();
  const slow = await locks().acquire(msisdn, 0);
  advance(TTL_MS + 1);
  const stealer = await locks().acquire(msisdn, 0);
  expect(stealer).not.toBeNull();
  await slow!.release();
  // The stealer's lock still stands: nobody else gets in until it is released.
  expect(await locks().acquire(msisdn, 50)).toBeNull();
  await stealer!.release();
  expect(await locks().acquire(msisdn, 0)).not.toBeNull();
});
