/**
 * The ledger's port to its database. Every method is one store call; the races that matter are decided by
 * `insert…` returning 'duplicate' (a unique index), never by a conditional update (not atomic on FerretDB v1).
 */
import type { Account, AccountId, AccountStatus } from './accounts';
import type { KycTier } from './kyc';
import type { Entry, StoredEntry } from './entries';
import type { Resolution, Transfer, TransferState } from './transfers';

export type InsertResult = 'inserted' | 'duplicate';

export interface LedgerStore {
  insertAccount(account: Account): Promise<InsertResult>;
  getAccount(id: AccountId): Promise<Account | null>;
  /** Configuration changes (status, tier) are not money: a plain update is fine. */
  updateAccount(id: AccountId, change: { status?: AccountStatus; kycTier?: KycTier }): Promise<void>;

  /**
   * Records a transfer (immutable; `_id` unique). A pending transfer is also marked open with its initial state;
   * a single transfer is not: its state comes from its entries (singleTransferState.ts).
   */
  insertTransfer(transfer: Transfer): Promise<InsertResult>;
  /** The record with its state: stored for a pending transfer, read from the entries for a single one. */
  getTransfer(id: string): Promise<Transfer | null>;
  /**
   * A pending transfer's state: a cache of what the entries say, written after them, so a stale value only makes
   * recovery look again. A final state closes the transfer for good; no update of the (large) transfer records is
   * ever needed. Also marks a single transfer open (state `received`) when recovery must find it by marker.
   */
  setTransferState(id: string, state: TransferState, reason: string | null, at: Date): Promise<void>;
  /**
   * Transfers marked open whose state is one of `states`, oldest first is not promised. A single transfer's
   * marker goes once its entries say it is over.
   */
  findTransfersByState(states: TransferState[], limit: number): Promise<Transfer[]>;
  /**
   * Single transfers created in [from, to), in (createdAt, _id) order, with their state: how recovery finds the
   * unfinished ones. With `after`, those created at `from` itself start after that id (the next batch).
   */
  findSingleTransfersCreated(from: Date, to: Date, limit: number, after?: string): Promise<Transfer[]>;
  /** Single transfers created before this instant are known to be over (recovery's checkpoint; epoch if none). */
  getSinglesSettledBefore(): Promise<Date>;
  /** Moves the checkpoint. A plain write: racing workers may set an older value, which only costs a re-check. */
  setSinglesSettledBefore(at: Date): Promise<void>;

  insertEntry(entry: StoredEntry): Promise<InsertResult>;
  getEntry(id: string): Promise<StoredEntry | null>;
  /** Entries of one chain with `page` = p (up to PAGE_SIZE), in any order. */
  getChainPage(chain: string, page: number): Promise<StoredEntry[]>;
  /**
   * The entry that took slot `seq` of `chain`, or null while the slot is free: one point read on the unique
   * `chainKey`, which checks a known head (slot `seq + 1` free) without reading a page of the chain.
   */
  getChainSlot(chain: string, seq: number): Promise<Entry | null>;
  /** A hint of a chain's latest page, to find its head without reading it from the start. */
  getChainHint(chain: string): Promise<number>;
  setChainHint(chain: string, page: number): Promise<void>;

  insertResolution(resolution: Resolution): Promise<InsertResult>;
  getResolution(transferId: string): Promise<Resolution | null>;

  /**
   * The decided entries (no rejections) of one account, on all its lanes, made in [from, to), in (at, _id) order:
   * what a clearing or payable account moved over a period, for `npm run reconcile`; never on a request path.
   */
  accountEntries(account: AccountId, from: Date, to: Date): AsyncIterable<Entry>;

  /** Whole-store scans for ledger:check and tests; never on a request path. */
  allAccounts(): AsyncIterable<Account>;
  allTransfers(): AsyncIterable<Transfer>;
  allEntries(): AsyncIterable<StoredEntry>;
  allResolutions(): AsyncIterable<Resolution>;
}
