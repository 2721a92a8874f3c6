/**
 * The races every ledger store must lose safely, written once and run on each store the ledger runs on (the
 * database in test/domain/ledger/concurrency.test.ts, the in-memory twin in test/integrations/memory).
 */
import type { AccountId } from '../../domain/ledger/accounts';
import type { Ledger } from '../../domain/ledger/ledger';
import { p2pRequest } from './ledger';

/** What the races need of a ledger fixture (`useLedger` or `useMemoryLedger`). */
export interface RaceFixture {
  readonly ledger: Ledger;
  anotherProcess(): Ledger;
  wallet(balance?: number): Promise<AccountId>;
}

/** Declares the race tests inside the caller's `describe`. */
export function ledgerRaces(t: RaceFixture): void {
  it('never overdraws: 200 concurrent debits from two processes worth 4x the balance', async () => {
    const payer = await t.wallet(100_000);
    const recipients = [await t.wallet(), await t.wallet(), await t.wallet()];
    const processes = [t.ledger, t.anotherProcess()];
    const amounts = Array.from({ length: 200 }, (_, i) => 1_000 + ((i * 37) % 5) * 500);
    const results = await Promise.all(
      amounts.map((amount, i) => processes[i % 2]!.transfer(p2pRequest(payer, recipients[i % 3]!, amount))),
    );
    const paid = results.reduce((sum, r, i) => sum + (r.ok ? amounts[i]! : 0), 0);
    expect(amounts.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(4 * 100_000);
    expect(paid).toBeLessThanOrEqual(100_000);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.reason === 'INSUFFICIENT_FUNDS')).toBe(true);
    // Refusals were decided against the true balance: what is left cannot pay the smallest amount.
    const left = (await t.ledger.balance(payer)).available;
    expect(left).toBe(100_000 - paid);
    expect(left).toBeLessThan(1_000);
    let received = 0;
    for (const r of recipients) received += (await t.ledger.balance(r)).available;
    expect(received).toBe(paid);
  });

  it('gives one effect for one id submitted 40 times at once from two processes', async () => {
    const [alice, bob] = [await t.wallet(10_000), await t.wallet()];
    const request = p2pRequest(alice, bob, 2_500);
    const processes = [t.ledger, t.anotherProcess()];
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => processes[i % 2]!.transfer(request)));
    expect(results.every((r) => r.ok && r.transfer.state === 'posted')).toBe(true);
    expect(await t.ledger.balance(alice)).toMatchObject({ available: 7_500 });
    expect(await t.ledger.balance(bob)).toMatchObject({ available: 2_500 });
  });
}
