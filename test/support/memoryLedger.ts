/**
 * A ledger on the in-memory twin of its store, for tests of what is built on the ledger that need no database
 * (flows, services). One store per test file, like useLedger's database; after the file, every ledger invariant
 * is checked over what its tests left, as `npm run ledger:check` would on a database.
 */
import { systemAccounts } from '../../domain/ledger/accounts';
import { checkLedger } from '../../domain/ledger/invariants';
import { Ledger } from '../../domain/ledger/ledger';
import { MemoryLedgerStore } from '../../integrations/memory/memoryLedgerStore';
import { accountHelpers, BILLERS } from './ledger';

export function useMemoryLedger(options: { clock?: () => Date } = {}) {
  let store: MemoryLedgerStore | undefined;
  let ledger: Ledger | undefined;
  beforeAll(async () => {
    store = new MemoryLedgerStore();
    ledger = new Ledger({ store, clock: options.clock });
    for (const account of systemAccounts(BILLERS)) await store.insertAccount(account);
  });
  afterAll(async () => {
    if (!store) return;
    const { violations } = await checkLedger(store);
    if (violations.length > 0) {
      throw new Error(
        `ledger:check finds ${violations.length} violation(s) after this file:\n${violations.join('\n')}`,
      );
    }
  });
  const currentStore = (): MemoryLedgerStore => {
    if (!store) throw new Error('use the ledger inside a test');
    return store;
  };
  const currentLedger = (): Ledger => {
    if (!ledger) throw new Error('use the ledger inside a test');
    return ledger;
  };
  return Object.assign(
    {
      get store(): MemoryLedgerStore {
        return currentStore();
      },
      get ledger(): Ledger {
        return currentLedger();
      },
      /** Another ledger on the same store, as a second process would have: its own caches and queues. */
      anotherProcess(clock = options.clock): Ledger {
        return new Ledger({ store: currentStore(), clock });
      },
    },
    accountHelpers(currentLedger),
  );
}
