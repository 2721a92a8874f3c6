/**
 * The ledger's store on MongoDB (production) or FerretDB (development, CI), through mongoose's connection.
 * Hot-path writes go through the native collections with group commit (InsertBatcher). Reads are by `_id` or
 * equality on indexed fields, which MongoDB serves from indexes. FerretDB v1 scans the collection for every read,
 * update and delete (BENCHMARKS.md), so the success path writes only inserts, plus the small open-transfer
 * collection.
 */
import type { Connection, mongo } from 'mongoose';
import type { Account, AccountId, AccountStatus } from '../../domain/ledger/accounts';
import type { StoredEntry } from '../../domain/ledger/entries';
import type { KycTier } from '../../domain/ledger/kyc';
import type { InsertResult, LedgerStore } from '../../domain/ledger/store';
import type { Resolution, Transfer, TransferState } from '../../domain/ledger/transfers';
import { FINAL_STATES } from '../../domain/ledger/transfers';
import { DeleteBatcher } from './deleteBatcher';
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

/** The immutable record, with the state its settlement or open marker gives (open and received if neither). */
function asTransfer(doc: Doc, status: Doc | null): Transfer {
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
    state: status?.state ?? 'received',
    reason: status?.reason ?? null,
    createdAt: doc.createdAt,
    updatedAt: status?.updatedAt ?? doc.createdAt,
  };
}

/** Every ledger document has a readable string id. */
type Doc = mongo.Document & { _id: string };
type Collection = mongo.Collection<Doc>;

/** A marker without its record this old belongs to a process that died between the two inserts. */
const ORPHAN_MARKER_MS = 3_600_000;

export class MongoLedgerStore implements LedgerStore {
  private readonly accounts: Collection;
  private readonly transfers: Collection;
  private readonly entries: Collection;
  private readonly resolutions: Collection;
  private readonly chainHints: Collection;
  private readonly open: Collection;
  private readonly settlements: Collection;
  private readonly openInserts: InsertBatcher;
  private readonly settlementInserts: InsertBatcher;
  private readonly openDeletes: DeleteBatcher;
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
    this.open = models.openTransfers.collection as unknown as Collection;
    this.settlements = models.settlements.collection as unknown as Collection;
    this.openInserts = new InsertBatcher(this.open);
    this.settlementInserts = new InsertBatcher(this.settlements);
    this.openDeletes = new DeleteBatcher(this.open);
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

  /**
   * Records a transfer: first its open marker (so recovery can always find a recorded transfer that never
   * finished), then the immutable record, whose unique `_id` is the idempotency key. A marker re-created by a
   * retry of a finished transfer only makes recovery drive it once more, which changes nothing and closes it.
   */
  async insertTransfer(transfer: Transfer): Promise<InsertResult> {
    const { state, reason, updatedAt, ...record } = transfer;
    await this.openInserts.insert({ _id: transfer._id, state, reason, updatedAt, openedAt: new Date() });
    return this.transferInserts.insert(record);
  }

  async getTransfer(id: string): Promise<Transfer | null> {
    const doc = await this.transfers.findOne({ _id: id });
    if (!doc) return null;
    const status = (await this.settlements.findOne({ _id: id })) ?? (await this.open.findOne({ _id: id }));
    return asTransfer(doc, status);
  }

  /**
   * While a transfer is open its state lives on its marker, in a collection that holds only open transfers, so
   * updating it stays cheap however many transfers exist (FerretDB v1 scans for every update). A final state
   * is an insert-once settlement, then the marker goes.
   */
  async setTransferState(id: string, state: TransferState, reason: string | null, at: Date): Promise<void> {
    if (!FINAL_STATES.has(state)) {
      await this.open.updateOne({ _id: id }, { $set: { state, reason, updatedAt: at } }, { upsert: true });
      return;
    }
    await this.settlementInserts.insert({ _id: id, state, reason, updatedAt: at });
    await this.openDeletes.delete(id);
  }

  async findTransfersByState(states: TransferState[], limit: number): Promise<Transfer[]> {
    const found: Transfer[] = [];
    // One equality query per state on the small open collection (FerretDB does not push `$in` down).
    for (const state of states) {
      for (const marker of await this.open.find({ state }).limit(limit).toArray()) {
        const doc = await this.transfers.findOne({ _id: marker._id });
        if (doc) found.push(asTransfer(doc, marker));
        else if (Date.now() - (marker.openedAt as Date).getTime() > ORPHAN_MARKER_MS) {
          // The process died between the marker and the record: nothing was recorded, so nothing to recover.
          await this.open.deleteOne({ _id: marker._id });
        }
        if (found.length >= limit) return found;
      }
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
    const status = new Map<string, Doc>();
    for await (const doc of this.open.find({})) status.set(doc._id, doc);
    for await (const doc of this.settlements.find({})) status.set(doc._id, doc);
    for await (const doc of this.transfers.find({})) yield asTransfer(doc, status.get(doc._id) ?? null);
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
