/**
 * A ledger on the test file's own database, with helpers to open and fund accounts and to assert that every
 * invariant holds (checkLedger) after a test.
 */
import { randomUUID } from 'node:crypto';
import { accountIds, systemAccounts, type AccountId } from '../../domain/ledger/accounts';
import { checkLedger } from '../../domain/ledger/invariants';
import type { KycTier } from '../../domain/ledger/kyc';
import { Ledger } from '../../domain/ledger/ledger';
import type { LedgerStore } from '../../domain/ledger/store';
import type { TransferRequest } from '../../domain/ledger/transfers';
import { ensureLedgerIndexes } from '../../integrations/mongo/ledgerModels';
import { MongoLedgerStore } from '../../integrations/mongo/mongoLedgerStore';
import { useTestDatabase } from './database';

export const BILLERS = ['eneo', 'camwater', 'canalplus'];

export function useLedger(options: { clock?: () => Date } = {}) {
  const db = useTestDatabase();
  let store: MongoLedgerStore | undefined;
  let ledger: Ledger | undefined;
  beforeAll(async () => {
    await ensureLedgerIndexes(db.connection);
    store = new MongoLedgerStore(db.connection);
    ledger = new Ledger({ store, clock: options.clock });
    for (const account of systemAccounts(BILLERS)) await store.insertAccount(account);
  });
  const currentStore = (): MongoLedgerStore => {
    if (!store) throw new Error('use the ledger inside a test');
    return store;
  };
  const currentLedger = (): Ledger => {
    if (!ledger) throw new Error('use the ledger inside a test');
    return ledger;
  };
  return Object.assign(
    {
      get db() {
        return db;
      },
      get store(): MongoLedgerStore {
        return currentStore();
      },
      get ledger(): Ledger {
        return currentLedger();
      },
      /** Another ledger on the same store, as a second process would have: its own caches and queues. */
      anotherProcess(store_?: LedgerStore, clock = options.clock): Ledger {
        return new Ledger({ store: store_ ?? currentStore(), clock });
      },
    },
    accountHelpers(currentLedger),
  );
}

/** Opening and funding accounts on a test's ledger. */
export function accountHelpers(ledger: () => Ledger): {
  wallet(balance?: number, kycTier?: KycTier): Promise<AccountId>;
  merchant(balance?: number): Promise<AccountId>;
  fund(account: AccountId, amount: number): Promise<void>;
} {
  const helpers = {
    async wallet(balance = 0, kycTier: KycTier = 'full'): Promise<AccountId> {
      const id = accountIds.wallet(`2376${Math.floor(Math.random() * 1e8)}`);
      await ledger().openAccount(id, 'wallet', { kycTier });
      if (balance > 0) await helpers.fund(id, balance);
      return id;
    },
    async merchant(balance = 0): Promise<AccountId> {
      const id = accountIds.merchant(randomUUID());
      await ledger().openAccount(id, 'merchant');
      if (balance > 0) await helpers.fund(id, balance);
      return id;
    },
    /** Money in from MTN MoMo as a confirmed top-up. */
    async fund(account: AccountId, amount: number): Promise<void> {
      const result = await ledger().transfer({
        id: `fund-${randomUUID()}`,
        kind: 'topup',
        debit: accountIds.clearing('mtn_momo'),
        credits: [{ account, amount }],
        mode: 'single',
      });
      if (!result.ok) throw new Error(`funding ${account} failed: ${result.reason}`);
    },
  };
  return helpers;
}

/** A P2P transfer of `amount` from `debit` to `credit` under a fresh id, without a fee. */
export function p2pRequest(debit: AccountId, credit: AccountId, amount: number): TransferRequest {
  return { id: randomUUID(), kind: 'p2p', debit, credits: [{ account: credit, amount }], mode: 'single' };
}

/** Every invariant holds and nothing is left in flight. */
export async function expectConsistent(store: LedgerStore): Promise<void> {
  const report = await checkLedger(store);
  expect(report.violations).toEqual([]);
  expect(report.inFlight).toEqual([]);
}
