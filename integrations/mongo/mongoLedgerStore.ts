/**
 * The ledger's store on MongoDB (production) or FerretDB (development, CI), through mongoose's connection.
 * Hot-path writes go through the native collections with group commit (InsertBatcher). Reads are by `_id` or
 * equality on indexed fields, which MongoDB serves from indexes. FerretDB v1 scans the collection for every read,
 * update and delete (BENCHMARKS.md), so the success path writes only inserts: a single transfer is its record
 * and its entries, and a pending transfer adds a marker in the small open-transfer collection.
 */
import type { Connection, mongo } from 'mongoose';
import type { Account, AccountId, AccountStatus } from '../../domain/ledger/accounts';
import { chainKey, type Entry, type StoredEntry } from '../../domain/ledger/entries';
import type { KycTier } from '../../domain/ledger/kyc';
import type { InsertResult, LedgerStore } from '../../domain/ledger/ledgerStore';
import type { Resolution, Transfer, TransferState } from '../../domain/ledger/transfers';
import { effectIds, FINAL_STATES, onExpiryOf } from '../../domain/ledger/transfers';
import { singleTransferState, type EffectLookup } from '../../domain/ledger/singleTransferState';
import { DeleteBatcher } from './deleteBatcher';
import { InsertBatcher, isDuplicateKeyError } from './insertBatcher';
import { ledgerModels } from './ledgerModels';
import { minuteOf, minutesCarriedFrom, minutesOverlapping } from './transferMinutes';

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

/** The immutable record, with the state given (a pending transfer's settlement or marker; received if neither). */
function asTransfer(doc: Doc, status: StoredState | null): Transfer {
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
    // Recorded before the field existed: what its rail implied then.
    onExpiry: onExpiryOf(doc.rail ?? null, doc.onExpiry ?? undefined),
    refundOf: doc.refundOf ?? null,
    memo: doc.memo ?? null,
    ...(typeof doc.shortReference === 'string' ? { shortReference: doc.shortReference } : {}),
    state: status?.state ?? 'received',
    reason: status?.reason ?? null,
    createdAt: doc.createdAt,
    updatedAt: status?.updatedAt ?? doc.createdAt,
  };
}

/** Every ledger document has a readable string id. */
type Doc = mongo.Document & { _id: string };
type Collection = mongo.Collection<Doc>;

/** A stored state: a pending transfer's settlement or open marker. */
interface StoredState {
  state: TransferState;
  reason: string | null;
  updatedAt?: Date;
}

const SINGLES_CHECKPOINT = 'singles';

/** Recovery's windows up to this long are read one minute at a time (transferMinutes.ts); longer, by range. */
const READ_BY_MINUTE_UP_TO_MS = 10 * 60_000;

/** Up to this many transfers, recovery reads their entries one by one rather than with one `$in`. */
const LOOKUPS_UP_TO = 8;

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
  private readonly checkpoints: Collection;
  private readonly openInserts: InsertBatcher;
  private readonly settlementInserts: InsertBatcher;
  private readonly openDeletes: DeleteBatcher;
  private readonly entryInserts: InsertBatcher;
  private readonly transferInserts: InsertBatcher;
  private minutesCarriedFrom: Date | undefined;

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
    this.checkpoints = models.checkpoints.collection as unknown as Collection;
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
   * Records a transfer; the record's unique `_id` is the idempotency key. A pending transfer's open marker goes
   * first, so recovery can always find a recorded pending transfer that never finished; a marker re-created by a
   * retry of a finished transfer only makes recovery drive it once more, which changes nothing and closes it.
   * A single transfer has no marker: recovery finds it by creation time (recovery.ts).
   */
  async insertTransfer(transfer: Transfer): Promise<InsertResult> {
    const { state, reason, updatedAt, onExpiry, ...record } = transfer;
    if (transfer.mode === 'pending') {
      await this.openInserts.insert({ _id: transfer._id, state, reason, updatedAt, openedAt: new Date() });
    }
    // Stored only when it says more than the default, so most records stay as they were.
    const stored = onExpiry === 'review' ? { ...record, onExpiry } : record;
    // A single transfer's minute is how recovery finds it (transferMinutes.ts).
    return this.transferInserts.insert(
      transfer.mode === 'single' ? { ...stored, createdMinute: minuteOf(transfer.createdAt) } : stored,
    );
  }

  async getTransfer(id: string): Promise<Transfer | null> {
    const doc = await this.transfers.findOne({ _id: id });
    if (!doc) return null;
    if (doc.mode === 'single') return this.withDerivedState(doc, (effect) => this.getEntry(effect));
    const status = (await this.settlements.findOne({ _id: id })) ?? (await this.open.findOne({ _id: id }));
    return asTransfer(doc, status as StoredState | null);
  }

  /** A single transfer with the state its entries say; `updatedAt` stays the creation time (nothing is stored). */
  private async withDerivedState(doc: Doc, lookup: EffectLookup): Promise<Transfer> {
    const transfer = asTransfer(doc, null);
    return { ...transfer, ...(await singleTransferState(transfer, lookup)) };
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
        if (!doc) {
          if (Date.now() - (marker.openedAt as Date).getTime() > ORPHAN_MARKER_MS) {
            // The process died between the marker and the record: nothing was recorded, so nothing to recover.
            await this.open.deleteOne({ _id: marker._id });
          }
        } else if (doc.mode === 'single') {
          // A single transfer marked because its record was slow to land: over once its entries say so.
          const transfer = await this.withDerivedState(doc, (effect) => this.getEntry(effect));
          if (FINAL_STATES.has(transfer.state)) await this.open.deleteOne({ _id: marker._id });
          else if (states.includes(transfer.state)) found.push(transfer);
        } else {
          found.push(asTransfer(doc, marker as unknown as StoredState));
        }
        if (found.length >= limit) return found;
      }
    }
    return found;
  }

  async findSingleTransfersCreated(from: Date, to: Date, limit: number, after?: string): Promise<Transfer[]> {
    const created = { $gte: from, $lt: to };
    const filter =
      after === undefined
        ? { mode: 'single', createdAt: created }
        : { mode: 'single', createdAt: created, $or: [{ createdAt: { $gt: from } }, { _id: { $gt: after } }] };
    const docs = (await this.mayReadByMinute(from, to))
      ? await this.findMinuteByMinute(filter, minutesOverlapping(from, to), limit)
      : await this.transfers.find(filter).sort({ createdAt: 1, _id: 1 }).limit(limit).toArray();
    if (docs.length <= LOOKUPS_UP_TO) {
      // A few: each effect by `_id`, which FerretDB v1 pushes down (tens of ms each, against seconds for `$in`).
      return Promise.all(docs.map((doc) => this.withDerivedState(doc, (effect) => this.getEntry(effect))));
    }
    // Many: every effect they can have, in one query. MongoDB serves it from the `_id` index; FerretDB v1 decodes
    // the whole entries collection for it (seconds at tens of thousands of entries, BENCHMARKS.md): slow, not wrong.
    const ids = docs.flatMap((doc) => [
      effectIds.debit(doc._id),
      effectIds.giveBack(doc._id),
      ...(doc.credits as unknown[]).map((_, leg) => effectIds.credit(doc._id, leg)),
    ]);
    const effects = new Map<string, StoredEntry>();
    for (const entry of await this.entries.find({ _id: { $in: ids } }).toArray()) {
      effects.set(entry._id, asEntry(entry));
    }
    return Promise.all(docs.map((doc) => this.withDerivedState(doc, async (effect) => effects.get(effect))));
  }

  /**
   * Whether every single transfer created in [from, to) carries its minute, and the window is a few minutes long
   * (recovery's usual pass): one equality read per minute. Longer windows (after downtime) are read by range.
   */
  private async mayReadByMinute(from: Date, to: Date): Promise<boolean> {
    if (to.getTime() - from.getTime() > READ_BY_MINUTE_UP_TO_MS) return false;
    // Once recorded the instant never changes, so one read per process is enough.
    this.minutesCarriedFrom ??= (await minutesCarriedFrom(this.checkpoints)) ?? undefined;
    return this.minutesCarriedFrom !== undefined && from >= this.minutesCarriedFrom;
  }

  /** The filter's transfers, minute after minute, each minute's sorted, until `limit`. */
  private async findMinuteByMinute(filter: mongo.Filter<Doc>, minutes: Date[], limit: number): Promise<Doc[]> {
    const docs: Doc[] = [];
    for (const createdMinute of minutes) {
      if (docs.length >= limit) break;
      const found = await this.transfers
        .find({ ...filter, createdMinute })
        .sort({ createdAt: 1, _id: 1 })
        .limit(limit - docs.length)
        .toArray();
      docs.push(...found);
    }
    return docs;
  }

  async getSinglesSettledBefore(): Promise<Date> {
    const doc = await this.checkpoints.findOne({ _id: SINGLES_CHECKPOINT });
    return doc?.at instanceof Date ? doc.at : new Date(0);
  }

  async setSinglesSettledBefore(at: Date): Promise<void> {
    await this.checkpoints.updateOne({ _id: SINGLES_CHECKPOINT }, { $set: { at } }, { upsert: true });
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

  async getChainSlot(chain: string, seq: number): Promise<Entry | null> {
    // The key is unique: at most one document, usually none (the head is still where the caller saw it).
    const doc = await this.entries.findOne({ chainKey: chainKey(chain, seq) });
    const entry = doc ? asEntry(doc) : null;
    return entry && !entry.rejected ? entry : null;
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

  async *accountEntries(account: AccountId, from: Date, to: Date): AsyncIterable<Entry> {
    // Served by the index {account, at}. Rejections carry the account too but moved nothing: skipped here, as a
    // stored entry may hold `rejected: null`.
    const cursor = this.entries.find({ account, at: { $gte: from, $lt: to } }).sort({ at: 1, _id: 1 });
    for await (const doc of cursor) {
      const entry = asEntry(doc);
      if (!entry.rejected) yield entry;
    }
  }

  async *allAccounts(): AsyncIterable<Account> {
    for await (const doc of this.accounts.find({})) yield asAccount(doc);
  }

  async *allTransfers(): AsyncIterable<Transfer> {
    const status = new Map<string, StoredState>();
    for await (const doc of this.open.find({})) status.set(doc._id, doc as unknown as StoredState);
    for await (const doc of this.settlements.find({})) status.set(doc._id, doc as unknown as StoredState);
    // Single transfers' states come from their entries: only whether each effect exists and was refused.
    const effects = new Map<string, { rejected?: string }>();
    for await (const doc of this.entries.find({}, { projection: { rejected: 1 } })) {
      effects.set(doc._id, typeof doc.rejected === 'string' ? { rejected: doc.rejected } : {});
    }
    for await (const doc of this.transfers.find({})) {
      yield doc.mode === 'single'
        ? await this.withDerivedState(doc, async (effect) => effects.get(effect))
        : asTransfer(doc, status.get(doc._id) ?? null);
    }
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
