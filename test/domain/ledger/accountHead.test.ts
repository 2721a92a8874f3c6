import { randomUUID } from 'node:crypto';
import type { AccountId } from '../../../domain/ledger/accounts';
import { addCounters, ZERO_COUNTERS, type Counters, type Entry } from '../../../domain/ledger/entries';
import { Ledger } from '../../../domain/ledger/ledger';
import type { LedgerStore } from '../../../domain/ledger/ledgerStore';
import { expectConsistent, p2pRequest, useLedger } from '../../support/ledger';

/** A store that notes the name of every call made through it. */
function counted(inner: LedgerStore): { store: LedgerStore; calls: string[] } {
  const calls: string[] = [];
  const store = new Proxy(inner, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push(String(property));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store, calls };
}

/** Every entry of each of the account's chains, in slot order, read from the whole store. */
async function chainsOf(store: LedgerStore, account: AccountId): Promise<Map<string, Entry[]>> {
  const chains = new Map<string, Entry[]>();
  for await (const entry of store.allEntries()) {
    if (entry.rejected || entry.account !== account) continue;
    chains.set(entry.chain, [...(chains.get(entry.chain) ?? []), entry]);
  }
  for (const entries of chains.values()) entries.sort((a, b) => a.seq - b.seq);
  return chains;
}

/** The account's counters as its chains' last entries say, summed: what every head must equal once all is still. */
async function countersOnTheChains(store: LedgerStore, account: AccountId): Promise<Counters> {
  let sum = ZERO_COUNTERS;
  for (const entries of (await chainsOf(store, account)).values()) sum = addCounters(sum, entries.at(-1)!.counters);
  return sum;
}

describe('an account’s head', () => {
  const t = useLedger();
  afterEach(() => expectConsistent(t.store));

  it('costs one point read for a wallet whose head the process knows, and follows another process’s payments', async () => {
    const [alice, bob] = [await t.wallet(50_000), await t.wallet()];
    const { store, calls } = counted(t.store);
    const reader = new Ledger({ store });
    await reader.head(alice); // a first read learns the configuration and the chain's head

    calls.length = 0;
    expect(await reader.head(alice)).toMatchObject({ available: 50_000, held: 0, incoming: 0, status: 'active' });
    expect(calls).toEqual(['getChainSlot']);

    const writer = t.anotherProcess();
    for (const amount of [1_000, 2_000, 3_000])
      expect(await writer.transfer(p2pRequest(alice, bob, amount))).toMatchObject({ ok: true });
    const head = await reader.head(alice);
    expect(head).toMatchObject({ available: 44_000, status: 'active' });
    expect(head!.counters).toEqual(await countersOnTheChains(t.store, alice));
    expect(head!.spending).toMatchObject({ dayOut: 6_000 });

    calls.length = 0;
    await reader.head(alice);
    expect(calls).toEqual(['getChainSlot']);
    expect(await reader.head('wallet:nobody' as AccountId)).toBeNull();
  });

  it('shows only states the chain had while three processes pay, and equals the chain once they stop', async () => {
    const wallets = [await t.wallet(200_000), await t.wallet(200_000), await t.wallet(200_000)];
    const merchant = await t.merchant();
    const accounts = [...wallets, merchant];
    const writers = [t.ledger, t.anotherProcess(), t.anotherProcess()];
    const reader = t.anotherProcess();
    const seen = new Map<AccountId, Counters[]>(accounts.map((account) => [account, []]));

    let paying = true;
    const reading = (async () => {
      while (paying) {
        for (const account of wallets) seen.get(account)!.push((await reader.head(account))!.counters);
      }
    })();
    // Each process pays one after another; the three race each other on the same chains.
    await Promise.all(
      writers.map(async (writer, w) => {
        for (let i = w; i < 90; i += 3) {
          const payer = wallets[i % 3]!;
          const payee = i % 4 === 0 ? merchant : wallets[(i + 1) % 3]!;
          const paid = await writer.transfer({ ...p2pRequest(payer, payee, 500 + (i % 7) * 250), id: randomUUID() });
          expect(paid).toMatchObject({ ok: true });
        }
      }),
    );
    paying = false;
    await reading;

    for (const account of wallets) {
      const [chain] = [...(await chainsOf(t.store, account)).values()];
      const states = new Set([ZERO_COUNTERS, ...chain!.map((e) => e.counters)].map((c) => JSON.stringify(c)));
      // A wallet has one chain: every head shown was the counters after one of its entries.
      for (const counters of seen.get(account)!) expect(states).toContain(JSON.stringify(counters));
    }
    for (const account of accounts) {
      const head = await reader.head(account);
      expect(head!.counters).toEqual(await countersOnTheChains(t.store, account));
      expect((await t.ledger.balance(account)).counters).toEqual(head!.counters);
    }
  });
});
