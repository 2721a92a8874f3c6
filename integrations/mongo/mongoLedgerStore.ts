/**
 * The ledger's store on MongoDB (production) or FerretDB (development, CI), through mongoose's connection.
 * Hot-path writes go through the native collections with group commit (InsertBatcher); reads are by `_id` or by
 * equality on indexed fields only, because FerretDB v1 pushes those down to its backend and sorts or ranges it
 * does not (it would read the whole collection: measured in BENCHMARKS.md).
 */
import type { Connection, mongo } from 'mongoose';
import type { Account, AccountId, AccountStatus } from '../../domain/ledger/accounts';
import type { StoredEntry } from '../../domain/ledger/entries';
import type { KycTier } from '../../domain/ledger/kyc';
import type { InsertResult, LedgerStore } from '../../domain/ledger/store';
import type { Resolution, Transfer, TransferState } from '../../domain/ledger/transfers';
import { InsertBatcher, isDuplicateKeyError } from './insertBatcher';
import { ledgerModels } from './ledgerModels';

/** Drops null fields: a stored entry has either counters or a rejection, and the domain tells them apart by absence. */
function withoutNulls<T extends object>(doc: Doc): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc)) if (value !== null && value !== undefined) out[key] = value;
  return out as T;
}

function asAccount(doc: Doc): Account {
  return {
    _id: doc._id as AccountId,
    type: doc.type,
    ownerId: doc.ownerId ?? null,
    status: doc.status,
    debitsMustNotExceedCredits: doc.debitsMustNotExceedCredits,
    kycTier: doc.kycTier ?? null,
    lanes: doc.lanes,
    createdAt: doc.createdAt,
  };
}

function asEntry(doc: Doc): StoredEntry {
  const entry = withoutNulls<StoredEntry>(doc);
  if (!entry.rejected) entry.spending = entry.spending ?? null;
  return entry;
}

function asTransfer(doc: Doc): Transfer {
  return {
    _id: doc._id,
    requestHash: doc.requestHash,
    kind: doc.kind,
    debit: doc.debit,
    credits: (doc.credits as { account: AccountId; amount: number }[]).map((c) => ({
      account: c.account,
      amount: c.amount,
    })),
    total: doc.total,
    mode: doc.mode,
    expiresAt: doc.expiresAt ?? null,
    rail: doc.rail ?? null,
    refundOf: doc.refundOf ?? null,
    memo: doc.memo ?? null,
    state: doc.state,
    reason: doc.reason ?? null,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}

/** Every ledger document has a readable string id. */
type Doc = mongo.Document & { _id: string };
type Collection = mongo.Collection<Doc>;

export class MongoLedgerStore implements LedgerStore {
  private readonly accounts: Collection;
  private readonly transfers: Collection;
  private readonly entries: Collection;
  private readonly resolutions: Collection;
  private readonly chainHints: Collection;
  private readonly entryInserts: InsertBatcher;
  private readonly transferInserts: InsertBatcher;

  constructor(connection: Connection) {
    const models = ledgerModels(connection);
    this.accounts = models.accounts.collection as unknown as Collection;
    this.transfers = models.transfers.collection as unknown as Collection;
    this.entries = models.entries.collection as unknown as Collection;
    this.resolutions = models.resolutions.collection as unknown as Collection;
    this.chainHints = models.chainHints.collection as unknown as Collection;
    this.entryInserts = new InsertBatcher(this.entries);
    this.transferInserts = new InsertBatcher(this.transfers);
  }

  insertAccount(account: Account): Promise<InsertResult> {
    return this.insertOne(this.accounts, account);
  }

  async getAccount(id: AccountId): Promise<Account | null> {
    const doc = await this.accounts.findOne({ _id: id });
    return doc ? asAccount(doc) : null;
  }

  async updateAccount(id: AccountId, change: { status?: AccountStatus; kycTier?: KycTier }): Promise<void> {
    await this.accounts.updateOne({ _id: id }, { $set: change });
  }

  insertTransfer(transfer: Transfer): Promise<InsertResult> {
    return this.transferInserts.insert(transfer);
  }

  async getTransfer(id: string): Promise<Transfer | null> {
    const doc = await this.transfers.findOne({ _id: id });
    return doc ? asTransfer(doc) : null;
  }

  async setTransferState(id: string, state: TransferState, reason: string | null, at: Date): Promise<void> {
    await this.transfers.updateOne({ _id: id }, { $set: { state, reason, updatedAt: at } });
  }

  async findTransfersByState(states: TransferState[], limit: number): Promise<Transfer[]> {
    const found: Transfer[] = [];
    // One equality query per state: FerretDB pushes `{state: x}` down, but not `$in`.
    for (const state of states) {
      const docs = await this.transfers
        .find({ state })
        .limit(limit - found.length)
        .toArray();
      found.push(...docs.map(asTransfer));
      if (found.length >= limit) break;
    }
    return found;
  }

  insertEntry(entry: StoredEntry): Promise<InsertResult> {
    return this.entryInserts.insert(entry);
  }

  async getEntry(id: string): Promise<StoredEntry | null> {
    const doc = await this.entries.findOne({ _id: id });
    return doc ? asEntry(doc) : null;
  }

  async getChainPage(chain: string, page: number): Promise<StoredEntry[]> {
    const docs = await this.entries.find({ chain, page }).toArray();
    return docs.map(asEntry);
  }

  async getChainHint(chain: string): Promise<number> {
    const doc = await this.chainHints.findOne({ _id: chain });
    return typeof doc?.page === 'number' ? doc.page : 0;
  }

  async setChainHint(chain: string, page: number): Promise<void> {
    // A hint only: two writers may race and leave the lower page, which costs a longer read forward, no more.
    await this.chainHints.updateOne({ _id: chain }, { $set: { page } }, { upsert: true });
  }

  insertResolution(resolution: Resolution): Promise<InsertResult> {
    return this.insertOne(this.resolutions, resolution);
  }

  async getResolution(transferId: string): Promise<Resolution | null> {
    const doc = await this.resolutions.findOne({ _id: transferId });
    return doc ? withoutNulls<Resolution>(doc) : null;
  }

  async *allAccounts(): AsyncIterable<Account> {
    for await (const doc of this.accounts.find({})) yield asAccount(doc);
  }

  async *allTransfers(): AsyncIterable<Transfer> {
    for await (const doc of this.transfers.find({})) yield asTransfer(doc);
  }

  async *allEntries(): AsyncIterable<StoredEntry> {
    for await (const doc of this.entries.find({})) yield asEntry(doc);
  }

  async *allResolutions(): AsyncIterable<Resolution> {
    for await (const doc of this.resolutions.find({})) yield withoutNulls<Resolution>(doc);
  }

  private async insertOne(collection: Collection, doc: object): Promise<InsertResult> {
    try {
      await collection.insertOne(doc as Doc);
      return 'inserted';
    } catch (error) {
      if (isDuplicateKeyError(error)) return 'duplicate';
      throw error;
    }
  }
}
