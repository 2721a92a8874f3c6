/**
 * The ledger's store in memory: the twin of the MongoDB store, for tests of what is built on the ledger that need
 * no database. It keeps the port's semantics, not the database's layout: `_id` and an entry's `chainKey` are unique
 * (the insert that takes one decides the race for it), a pending transfer's state lives on its open marker until a
 * final state settles it for good, and a single transfer's state is read from its entries. One instance is one
 * database: every "process" of a test shares it.
 */
import type { Account, AccountId, AccountStatus } from '../../domain/ledger/accounts';
import { chainKey, type Entry, type StoredEntry } from '../../domain/ledger/entries';
import type { KycTier } from '../../domain/ledger/kyc';
import { singleTransferState } from '../../domain/ledger/singleTransferState';
import type { InsertResult, LedgerStore } from '../../domain/ledger/ledgerStore';
import {
  FINAL_STATES,
  onExpiryOf,
  type Resolution,
  type Transfer,
  type TransferState,
} from '../../domain/ledger/transfers';
import { roundTrip, Table } from './table';

/** The immutable part of a transfer, as recorded. */
type TransferRecord = Omit<Transfer, 'state' | 'reason' | 'updatedAt'>;

/** A pending transfer's state while open (marker) or once final (settlement). */
interface StoredState {
  _id: string;
  state: TransferState;
  reason: string | null;
  updatedAt: Date;
  /** When the marker was first written by the transfer's insert; absent on one created by a state change. */
  openedAt?: Date;
}

/** A marker without its record this old belongs to a process that died between the two inserts. */
const ORPHAN_MARKER_MS = 3_600_000;

/** Drops absent fields, as a stored document read back has no null or undefined field. */
function withoutNulls<T extends object>(doc: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc)) if (value !== null && value !== undefined) out[key] = value;
  return out as T;
}

/** An entry as read back: either counters and spending (null when none) or a rejection. */
function asEntry(doc: StoredEntry): StoredEntry {
  const entry = withoutNulls(doc);
  if (!entry.rejected) entry.spending = entry.spending ?? null;
  return entry;
}

function asTransfer(record: TransferRecord, status: StoredState | null): Transfer {
  return {
    ...record,
    onExpiry: onExpiryOf(record.rail, record.onExpiry === 'review' ? 'review' : undefined),
    state: status?.state ?? 'received',
    reason: status?.reason ?? null,
    updatedAt: status?.updatedAt ?? record.createdAt,
  };
}

export class MemoryLedgerStore implements LedgerStore {
  private readonly accounts = new Table<Account>();
  private readonly transfers = new Table<TransferRecord>();
  private readonly open = new Table<StoredState>();
  private readonly settlements = new Table<StoredState>();
  private readonly entries = new Table<StoredEntry>();
  private readonly chainKeys = new Set<string>();
  private readonly resolutions = new Table<Resolution>();
  private readonly chainHints = new Map<string, number>();
  private singlesSettledBefore = new Date(0);

  async insertAccount(account: Account): Promise<InsertResult> {
    await roundTrip();
    return this.accounts.insert(account);
  }

  async getAccount(id: AccountId): Promise<Account | null> {
    await roundTrip();
    return this.accounts.get(id);
  }

  async updateAccount(id: AccountId, change: { status?: AccountStatus; kycTier?: KycTier }): Promise<void> {
    await roundTrip();
    const account = this.accounts.get(id);
    if (account) this.accounts.put({ ...account, ...withoutNulls(change) });
  }

  /** The pending transfer's marker goes first, as on the real store: a retry of a finished one re-opens it. */
  async insertTransfer(transfer: Transfer): Promise<InsertResult> {
    await roundTrip();
    const { state, reason, updatedAt, ...record } = transfer;
    if (transfer.mode === 'pending') {
      this.open.insert({ _id: transfer._id, state, reason, updatedAt, openedAt: new Date() });
      await roundTrip();
    }
    return this.transfers.insert(record);
  }

  async getTransfer(id: string): Promise<Transfer | null> {
    await roundTrip();
    const record = this.transfers.get(id);
    if (!record) return null;
    if (record.mode === 'single') return await this.withDerivedState(record);
    return asTransfer(record, this.settlements.get(id) ?? this.open.get(id));
  }

  async setTransferState(id: string, state: TransferState, reason: string | null, at: Date): Promise<void> {
    await roundTrip();
    if (!FINAL_STATES.has(state)) {
      const marker = this.open.get(id);
      this.open.put({ ...marker, _id: id, state, reason, updatedAt: at });
      return;
    }
    this.settlements.insert({ _id: id, state, reason, updatedAt: at });
    this.open.delete(id);
  }

  async findTransfersByState(states: TransferState[], limit: number): Promise<Transfer[]> {
    await roundTrip();
    const found: Transfer[] = [];
    for (const state of states) {
      for (const marker of this.open.find((m) => m.state === state, limit)) {
        const record = this.transfers.get(marker._id);
        if (!record) {
          if (marker.openedAt && Date.now() - marker.openedAt.getTime() > ORPHAN_MARKER_MS)
            this.open.delete(marker._id);
        } else if (record.mode === 'single') {
          const transfer = await this.withDerivedState(record);
          if (FINAL_STATES.has(transfer.state)) this.open.delete(marker._id);
          else if (states.includes(transfer.state)) found.push(transfer);
        } else {
          found.push(asTransfer(record, marker));
        }
        if (found.length >= limit) return found;
      }
    }
    return found;
  }

  async findSingleTransfersCreated(from: Date, to: Date, limit: number, after?: string): Promise<Transfer[]> {
    await roundTrip();
    const records = this.transfers.find(
      (r) =>
        r.mode === 'single' &&
        r.createdAt >= from &&
        r.createdAt < to &&
        (after === undefined || r.createdAt > from || r._id > after),
    );
    records.sort(
      (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0),
    );
    return Promise.all(records.slice(0, limit).map((record) => this.withDerivedState(record)));
  }

  async getSinglesSettledBefore(): Promise<Date> {
    await roundTrip();
    return new Date(this.singlesSettledBefore);
  }

  async setSinglesSettledBefore(at: Date): Promise<void> {
    await roundTrip();
    this.singlesSettledBefore = new Date(at);
  }

  /** Decided by both unique keys, `_id` and `chainKey`, as the real store's indexes do. */
  async insertEntry(entry: StoredEntry): Promise<InsertResult> {
    await roundTrip();
    if (this.chainKeys.has(entry.chainKey) || this.entries.has(entry._id)) return 'duplicate';
    this.chainKeys.add(entry.chainKey);
    return this.entries.insert(entry);
  }

  async getEntry(id: string): Promise<StoredEntry | null> {
    await roundTrip();
    const entry = this.entries.get(id);
    return entry ? asEntry(entry) : null;
  }

  async getChainPage(chain: string, page: number): Promise<StoredEntry[]> {
    await roundTrip();
    return this.entries.find((e) => !e.rejected && e.chain === chain && e.page === page).map(asEntry);
  }

  /** One point read on the unique `chainKey`, as the real store's index serves it. */
  async getChainSlot(chain: string, seq: number): Promise<Entry | null> {
    await roundTrip();
    const key = chainKey(chain, seq);
    const [entry] = this.entries.find((e) => e.chainKey === key && !e.rejected, 1);
    return entry ? (asEntry(entry) as Entry) : null;
  }

  async getChainHint(chain: string): Promise<number> {
    await roundTrip();
    return this.chainHints.get(chain) ?? 0;
  }

  async setChainHint(chain: string, page: number): Promise<void> {
    await roundTrip();
    this.chainHints.set(chain, page);
  }

  async insertResolution(resolution: Resolution): Promise<InsertResult> {
    await roundTrip();
    return this.resolutions.insert(withoutNulls(resolution));
  }

  async getResolution(transferId: string): Promise<Resolution | null> {
    await roundTrip();
    return this.resolutions.get(transferId);
  }

  async *accountEntries(account: AccountId, from: Date, to: Date): AsyncIterable<Entry> {
    await roundTrip();
    const found = this.entries
      .find((e) => !e.rejected && e.account === account && e.at >= from && e.at < to)
      .map((e) => asEntry(e) as Entry);
    found.sort((a, b) => a.at.getTime() - b.at.getTime() || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
    yield* found;
  }

  async *allAccounts(): AsyncIterable<Account> {
    await roundTrip();
    yield* this.accounts.find();
  }

  async *allTransfers(): AsyncIterable<Transfer> {
    await roundTrip();
    for (const record of this.transfers.find()) {
      yield record.mode === 'single'
        ? await this.withDerivedState(record)
        : asTransfer(record, this.settlements.get(record._id) ?? this.open.get(record._id));
    }
  }

  async *allEntries(): AsyncIterable<StoredEntry> {
    await roundTrip();
    yield* this.entries.find().map(asEntry);
  }

  async *allResolutions(): AsyncIterable<Resolution> {
    await roundTrip();
    yield* this.resolutions.find();
  }

  /** A single transfer with the state its entries say; `updatedAt` stays its creation time. */
  private async withDerivedState(record: TransferRecord): Promise<Transfer> {
    const transfer = asTransfer(record, null);
    return { ...transfer, ...(await singleTransferState(transfer, async (effect) => this.entries.get(effect))) };
  }
}
