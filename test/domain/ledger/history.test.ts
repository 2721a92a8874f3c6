import { randomUUID } from 'node:crypto';
import type { Entry } from '../../../domain/ledger/entries';
import { expectConsistent, useLedger } from '../../support/ledger';

describe('account history', () => {
  const t = useLedger();
  afterEach(() => expectConsistent(t.store));

  async function allPages(account: Parameters<typeof t.ledger.history>[0], limit: number): Promise<Entry[][]> {
    const pages: Entry[][] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await t.ledger.history(account, { limit, cursor });
      pages.push(page.entries);
      if (!page.next) return pages;
      cursor = page.next;
    }
  }

  it('pages a wallet newest first across chain pages, each entry once', async () => {
    const [alice, bob] = [await t.wallet(1_000_000), await t.wallet()];
    for (let i = 1; i <= 150; i += 1) {
      await t.ledger.transfer({
        id: `h-${randomUUID()}`,
        kind: 'p2p',
        debit: alice,
        credits: [{ account: bob, amount: i }],
        mode: 'single',
      });
    }
    const pages = await allPages(bob, 40);
    expect(pages.map((p) => p.length)).toEqual([40, 40, 40, 30]);
    const amounts = pages.flat().map((e) => e.amount);
    expect(amounts).toEqual(Array.from({ length: 150 }, (_, i) => 150 - i));
  });

  it('merges a merchant’s lanes by time', async () => {
    const merchant = await t.merchant();
    const payer = await t.wallet(1_000_000);
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        t.ledger.transfer({
          id: randomUUID(),
          kind: 'merchant',
          debit: payer,
          credits: [{ account: merchant, amount: 100 + i }],
          mode: 'single',
        }),
      ),
    );
    const entries = (await allPages(merchant, 25)).flat();
    expect(entries).toHaveLength(60);
    expect(new Set(entries.map((e) => e._id)).size).toBe(60);
    const times = entries.map((e) => e.at.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('refuses a forged cursor', async () => {
    const wallet = await t.wallet(100);
    await expect(t.ledger.history(wallet, { cursor: 'not-a-cursor' })).rejects.toThrow('invalid history cursor');
  });
});
