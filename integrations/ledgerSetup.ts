/**
 * Builds the ledger on a database connection: indexes created and awaited, system accounts present. Used by the
 * product's start, by ledger:check and by the benchmark, so they all see the same ledger.
 */
import type { Connection } from 'mongoose';
import { systemAccounts } from '../domain/ledger/accounts';
import { Ledger } from '../domain/ledger/ledger';
import { ensureLedgerIndexes } from './mongo/ledgerModels';
import { MongoLedgerStore } from './mongo/mongoLedgerStore';

/** The billers offered first; each has a payable account. */
export const BILLER_IDS = ['eneo', 'camwater', 'canalplus'] as const;

export async function setUpLedger(
  connection: Connection,
  options: { clock?: () => Date } = {},
): Promise<{ ledger: Ledger; store: MongoLedgerStore }> {
  await ensureLedgerIndexes(connection);
  const store = new MongoLedgerStore(connection);
  for (const account of systemAccounts(BILLER_IDS)) await store.insertAccount(account);
  return { ledger: new Ledger({ store, clock: options.clock }), store };
}
