import { randomUUID } from 'node:crypto';
import { accountIds } from '../../../domain/ledger/accounts';
import { expectConsistent, useLedger } from '../../support/ledger';
import { ledgerRaces } from '../../support/ledgerRaces';

describe('ledger under real concurrency', () => {
  const t = useLedger();
  afterEach(() => expectConsistent(t.store));

  ledgerRaces(t);

  it('gives one effect for one id submitted 40 times at once from two processes', async () => {
    const [alice, bob] = [await t.wallet(10_000), await t.wallet()];
    const request = {
      id: randomUUID(),
      kind: 'p2p' as const,
      debit: alice,
      credits: [{ account: bob, amount: 2_500 }],
      mode: 'single' as const,
    };
    const processes = [t.ledger, t.anotherProcess()];
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => processes[i % 2]!.transfer(request)));
    expect(results.every((r) => r.ok && r.transfer.state === 'posted')).toBe(true);
    expect(await t.ledger.balance(alice)).toMatchObject({ available: 7_500 });
    expect(await t.ledger.balance(bob)).toMatchObject({ available: 2_500 });
  });

  it('lets many payers pay one merchant at once without losing a franc', async () => {
    const merchant = await t.merchant();
    const payers = await Promise.all(Array.from({ length: 20 }, () => t.wallet(50_000)));
    const processes = [t.ledger, t.anotherProcess()];
    const results = await Promise.all(
      Array.from({ length: 120 }, (_, i) =>
        processes[i % 2]!.transfer({
          id: randomUUID(),
          kind: 'merchant',
          debit: payers[i % payers.length]!,
          credits: [{ account: merchant, amount: 700 }],
          mode: 'single',
        }),
      ),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    expect(await t.ledger.balance(merchant)).toMatchObject({ available: 120 * 700 });
    // The merchant can spend what arrived on its other lanes: a refund of everything succeeds, one more franc not.
    const refund = (amount: number) =>
      t.anotherProcess().transfer({
        id: randomUUID(),
        kind: 'refund',
        debit: merchant,
        credits: [{ account: payers[0]!, amount }],
        mode: 'single',
      });
    expect(await refund(120 * 700)).toMatchObject({ ok: true });
    expect(await refund(1)).toMatchObject({ ok: false, reason: 'INSUFFICIENT_FUNDS' });
  });

  it('resolves a pending transfer once when post and void race from two processes', async () => {
    const wallet = await t.wallet(20_000);
    const clearing = accountIds.clearing('orange_money');
    const processes = [t.ledger, t.anotherProcess()];
    for (let round = 0; round < 10; round += 1) {
      const id = randomUUID();
      const held = await t.ledger.transfer({
        id,
        kind: 'withdraw',
        debit: wallet,
        credits: [{ account: clearing, amount: 1_000 }],
        mode: 'pending',
        expiresAt: new Date(Date.now() + 60_000),
      });
      expect(held).toMatchObject({ ok: true, transfer: { state: 'held' } });
      const [post, voided] = await Promise.all([processes[round % 2]!.post(id), processes[(round + 1) % 2]!.void(id)]);
      expect([post.ok, voided.ok].filter(Boolean)).toHaveLength(1);
      const loser = post.ok ? voided : post;
      expect(loser).toMatchObject({ ok: false, reason: 'ALREADY_RESOLVED' });
    }
    const balance = await t.ledger.balance(wallet);
    expect(balance.held).toBe(0);
    expect(balance.available % 1_000).toBe(0);
  });
});
