/**
 * The ledger's port to its database. Every method is one store call; the races that matter are decided by
 * `insert…` returning 'duplicate' (a unique index), never by a conditional update. See LEDGER.md.
 */
import type { Account, AccountId, AccountStatus } from './accounts';
import type { KycTier } from './kyc';
import type { StoredEntry } from './entries';
import type { Resolution, Transfer, TransferState } from './transfers';

export type InsertResult = 'inserted' | 'duplicate';

export interface LedgerStore {
  insertAccount(account: Account): Promise<InsertResult>;
  getAccount(id: AccountId): Promise<Account | null>;
  /** Configuration changes (status, tier) are not money: a plain update is fine. */
  updateAccount(id: AccountId, change: { status?: AccountStatus; kycTier?: KycTier }): Promise<void>;

  /** Records a transfer (immutable; `_id` unique) as open with its initial state. */
  insertTransfer(transfer: Transfer): Promise<InsertResult>;
  getTransfer(id: string): Promise<Transfer | null>;
  /**
   * A cache of what the entries say, written after them, so a stale value only makes recovery look again.
   * A final state closes the transfer for good; no update of the (large) transfer records is ever needed.
   */
  setTransferState(id: string, state: TransferState, reason: string | null, at: Date): Promise<void>;
  /** Open transfers whose state is one of `states`, oldest first is not promised. */
  findTransfersByState(states: TransferState[], limit: number): Promise<Transfer[]>;

  insertEntry(entry: StoredEntry): Promise<InsertResult>;
  getEntry(id: string): Promise<StoredEntry | null>;
  /** Entries of one chain with `page` = p (up to PAGE_SIZE), in any order. */
  getChainPage(chain: string, page: number): Promise<StoredEntry[]>;
  /** A hint of a chain's latest page, to find its head without reading it from the start. */
  getChainHint(chain: string): Promise<number>;
  setChainHint(chain: string, page: number): Promise<void>;

  insertResolution(resolution: Resolution): Promise<InsertResult>;
  getResolution(transferId: string): Promise<Resolution | null>;

  /** Whole-store scans for ledger:check and tests; never on a request path. */
  allAccounts(): AsyncIterable<Account>;
  allTransfers(): AsyncIterable<Transfer>;
  allEntries(): AsyncIterable<StoredEntry>;
  allResolutions(): AsyncIterable<Resolution>;
}
