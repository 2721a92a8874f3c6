/**
 * An account's status is part of the ledger's decisions: closing a wallet races credits and debits from another
 * process (its own ledger, caches warm) on the wallet's chain, and exactly one order wins.
 */
import { expectConsistent, p2pRequest, useLedger } from '../../support/ledger';

describe('closing a wallet while another process pays into it', () => {
  const t = useLedger();
  afterEach(() => expectConsistent(t.store));

  it('either the close comes first and every credit is refused, or a credit does and the close is refused', async () => {
    for (let round = 0; round < 8; round += 1) {
      const payer = await t.wallet(100_000);
      const wallet = await t.wallet();
      const other = t.anotherProcess();
      await other.balance(wallet); // its caches hold the wallet as open and empty
      // The close starts a little later each round, so it meets the credits at every stage of theirs.
      const closing = new Promise<void>((resolve) => setTimeout(resolve, round * 4)).then(() =>
        t.ledger.setAccountStatus(wallet, 'closed'),
      );
      const [closed, ...credits] = await Promise.all([
        closing,
        ...Array.from({ length: 4 }, () => other.transfer(p2pRequest(payer, wallet, 100))),
      ]);
      const posted = credits.filter((c) => c.ok).length;
      const balance = await t.ledger.balance(wallet);
      expect(balance.available).toBe(posted * 100);
      if ((await t.store.getAccount(wallet))?.status === 'closed') {
        expect(posted).toBe(0);
        expect(credits.every((c) => !c.ok && c.reason === 'ACCOUNT_CLOSED')).toBe(true);
        expect(closed).toMatchObject({ ok: true });
        expect(await t.ledger.accountStatus(wallet)).toBe('closed');
      } else {
        expect(closed).toEqual({ ok: false, reason: 'NOT_EMPTY' });
        expect(posted).toBeGreaterThan(0);
      }
      expect(await t.ledger.balance(payer)).toMatchObject({ available: 100_000 - posted * 100 });
    }
  });

  it('a frozen payer pays nothing through a process whose cache saw it active, and the refusal stays', async () => {
    const [payer, payee] = [await t.wallet(10_000), await t.wallet()];
    const other = t.anotherProcess();
    await other.balance(payer);
    await t.ledger.setAccountStatus(payer, 'frozen');
    const request = p2pRequest(payer, payee, 1_000);
    expect(await other.transfer(request)).toMatchObject({ ok: false, reason: 'ACCOUNT_FROZEN' });
    await t.ledger.setAccountStatus(payer, 'active');
    expect(await other.transfer(request)).toMatchObject({ ok: false, reason: 'ACCOUNT_FROZEN' });
    expect(await t.ledger.balance(payee)).toMatchObject({ available: 0 });
    expect(await t.ledger.balance(payer)).toMatchObject({ available: 10_000 });
  });
});
