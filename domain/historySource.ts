/**
 * Port: the part of the ledger the History screen reads, an account's entries a page at a time and the transfers
 * they belong to.
 */
import type { AccountId } from './ledger/accounts';
import type { HistoryPage } from './ledger/historyPage';
import type { Transfer } from './ledger/transfers';

/** The part of the ledger the history reads (the Ledger class satisfies it). */
export interface HistorySource {
  history(accountId: AccountId, options: { limit?: number; cursor?: string }): Promise<HistoryPage>;
  getTransfer(transferId: string): Promise<Transfer | null>;
}
