/**
 * What is particular to the MongoDB turn locks: how a release is made (the rules every implementation keeps are in
 * test/contracts/turnLocks.contract.ts, run by runtimeStores.test.ts).
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
