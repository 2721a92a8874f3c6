/**
 * The daily limit on other numbers a person tops up from, as a specification of its logic on the in-memory twin of
 * its slots (the slots' own behaviour, insert-once under concurrency included, is checked on MongoDB by
 * test/contracts/otherPayerSlots.mongo.test.ts).
 */
import { OtherPayerLimit } from '../../domain/otherPayers';
import { MemoryOtherPayerSlots } from '../../integrations/memory/memoryOtherPayerSlots';
import { someMsisdn } from './paymentFakes';

describe('the daily limit on other payers', () => {
  let now = new Date('2026-03-01T09:00:00.000Z');
  const clock = () => now;

  it('admits up to the limit of distinct numbers a day, and the same number again as often as asked', async () => {
    const limit = new OtherPayerLimit(new MemoryOtherPayerSlots(), 2, clock);
    const owner = someMsisdn();
    const [mum, brother, stranger] = [someMsisdn(), someMsisdn(), someMsisdn()];
    expect(await limit.admit(owner, mum)).toBe(true);
    expect(await limit.admit(owner, brother)).toBe(true);
    expect(await limit.admit(owner, stranger)).toBe(false);
    expect(await limit.admit(owner, mum)).toBe(true);
    expect(await limit.admit(owner, brother)).toBe(true);
    expect(await limit.admit(someMsisdn(), stranger)).toBe(true);
  });

  it('admits exactly the limit of numbers racing from two processes, each number at most once', async () => {
    const slots = new MemoryOtherPayerSlots();
    const processes = [new OtherPayerLimit(slots, 3, clock), new OtherPayerLimit(slots, 3, clock)];
    const owner = someMsisdn();
    const payers = Array.from({ length: 8 }, () => someMsisdn());
    const admitted = await Promise.all(payers.map((payer, n) => processes[n % 2]!.admit(owner, payer)));
    expect(admitted.filter(Boolean)).toHaveLength(3);
    const winners = payers.filter((_, n) => admitted[n]);
    for (const payer of winners) expect(await processes[0]!.admit(owner, payer)).toBe(true);
    for (const payer of payers.filter((_, n) => !admitted[n]))
      expect(await processes[1]!.admit(owner, payer)).toBe(false);
  });

  it('starts every day afresh (Douala calendar), and a departed owner’s day is forgotten for the next', async () => {
    const limit = new OtherPayerLimit(new MemoryOtherPayerSlots(), 1, clock);
    const owner = someMsisdn();
    const [first, second] = [someMsisdn(), someMsisdn()];
    now = new Date('2026-03-01T22:30:00.000Z');
    expect(await limit.admit(owner, first)).toBe(true);
    // 23:10 UTC is already the next day in Douala (UTC+1).
    now = new Date('2026-03-01T23:10:00.000Z');
    expect(await limit.admit(owner, second)).toBe(true);
    expect(await limit.admit(owner, first)).toBe(false);
    await limit.forgetDay(owner, now);
    expect(await limit.admit(owner, first)).toBe(true);
  });
});
