/**
 * The ledger itself, run on the in-memory twin of its store: what a flow or service test gets when it uses
 * useMemoryLedger. The contract suites check the twin call by call; these check that the ledger's algorithms
 * (chains retried after a lost slot, holds, idempotent retries, paging) behave on it as they do on the database.
 */
import { randomUUID } from 'node:crypto';
import { accountIds, type AccountId } from '../../../domain/ledger/accounts';
import { expectConsistent, p2pRequest } from '../../support/ledger';
import { ledgerRaces } from '../../support/ledgerRaces';
import { useMemoryLedger } from '../../support/memoryLedger';

describe('the ledger on its in-memory store', () => {
  const t = useMemoryLedger();
  afterEach(() => expectConsistent(t.store));

  ledgerRaces(t);

  it('gives one effect for one id submitted 40 times at once from two processes', async () => {
    const [alice, bob] = [await t.wallet(10_000), await t.wallet()];
    const request = p2pRequest(alice, bob, 2_500);
    const processes = [t.ledger, t.anotherProcess()];
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => processes[i % 2]!.transfer(request)));
    expect(results.every((r) => r.ok && r.transfer.state === 'posted')).toBe(true);
    expect(await t.ledger.balance(alice)).toMatchObject({ available: 7_500 });
    expect(await t.ledger.balance(bob)).toMatchObject({ available: 2_500 });
  });

  it('holds money for a withdrawal, then posts one hold and voids another', async () => {
    const wallet = await t.wallet(20_000);
    const hold = (amount: number) =>
      t.ledger.transfer({
        id: randomUUID(),
        kind: 'withdraw',
        debit: wallet,
        credits: [{ account: accountIds.clearing('mtn_momo'), amount }],
        mode: 'pending',
        rail: 'mtn_momo',
        expiresAt: new Date(Date.now() + 3_600_000),
      });
    const [paidOut, failed] = [await hold(5_000), await hold(3_000)];
    expect(paidOut.ok && failed.ok).toBe(true);
    expect(await t.ledger.balance(wallet)).toMatchObject({ available: 12_000, held: 8_000 });
    expect(await t.ledger.post(paidOut.transfer!._id, { confirmedBy: 'rail' })).toMatchObject({ ok: true });
    expect(await t.ledger.void(failed.transfer!._id, { confirmedBy: 'rail' })).toMatchObject({ ok: true });
    expect(await t.ledger.balance(wallet)).toMatchObject({ available: 15_000, held: 0 });
    expect((await t.ledger.getTransfer(paidOut.transfer!._id))?.state).toBe('posted');
    expect((await t.ledger.getTransfer(failed.transfer!._id))?.state).toBe('voided');
  });

  it('pages a wallet’s history newest first across chain pages', async () => {
    const payer: AccountId = await t.wallet(100_000);
    const payee: AccountId = await t.wallet();
    for (let n = 1; n <= 70; n += 1) expect((await t.ledger.transfer(p2pRequest(payer, payee, n))).ok).toBe(true);
    const amounts: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await t.ledger.history(payer, { limit: 25, cursor });
      amounts.push(...page.entries.map((e) => e.amount));
      cursor = page.next ?? undefined;
    } while (cursor);
    expect(amounts).toEqual([...Array.from({ length: 70 }, (_, i) => 70 - i), 100_000]);
  });
});
