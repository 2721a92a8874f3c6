/**
 * What is particular to the MongoDB ledger store in how recovery reads single transfers: a short window is read one
 * creation minute at a time, by an equality FerretDB v1 pushes down; a long window, a database holding records from
 * before the minute, or one never prepared is read by range, so no record is missed (the rules every store keeps
 * are in test/contracts/ledgerStore.contract.ts).
 */
import mongoose, { type Connection } from 'mongoose';
import type { Transfer, TransferMode } from '../../../domain/ledger/transfers';
import { MemoryLedgerStore } from '../../../integrations/memory/memoryLedgerStore';
import { ensureLedgerIndexes } from '../../../integrations/mongo/ledgerModels';
import { MongoLedgerStore } from '../../../integrations/mongo/mongoLedgerStore';
import {
  minuteOf,
  OLDER_WRITERS_GONE_WITHIN_MS,
  recordMinutesCarriedFrom,
  type StringIdCollection,
} from '../../../integrations/mongo/transferMinutes';
import { testDatabaseUri, uniqueDatabaseName } from '../../support/database';
import { aTransfer as aContractTransfer } from '../../contracts/ledgerStore.contract';

const MINUTE = 60_000;
const T0 = new Date('2026-12-05T10:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

function aTransfer(id: string, createdAt: Date, mode: TransferMode = 'single'): Transfer {
  return aContractTransfer(mode, { _id: id, createdAt, updatedAt: createdAt });
}

/** Transfers on both sides of minute boundaries, a pending one (never read here) and one after the window. */
const TRANSFERS = [
  aTransfer('b', at(MINUTE - 1)),
  aTransfer('a', at(MINUTE)),
  aTransfer('c', at(MINUTE)),
  aTransfer('z', at(2 * MINUTE - 1)),
  aTransfer('a', at(2 * MINUTE)),
  aTransfer('m', at(2 * MINUTE + 30_000)),
  aTransfer('p', at(2 * MINUTE + 1), 'pending'),
  aTransfer('late', at(3 * MINUTE)),
].map((transfer) => ({ ...transfer, _id: `${transfer._id}-${transfer.createdAt.getTime() - T0.getTime()}` }));

/** Every transfer created in [from, to), read `limit` at a time with recovery's cursor. */
async function pageThrough(
  store: MongoLedgerStore | MemoryLedgerStore,
  from: Date,
  to: Date,
  limit: number,
): Promise<string[]> {
  const ids: string[] = [];
  let cursor: { at: Date; after?: string } = { at: from };
  for (;;) {
    const page = await store.findSingleTransfersCreated(cursor.at, to, limit, cursor.after);
    ids.push(...page.map((transfer) => transfer._id));
    const last = page[page.length - 1];
    if (page.length < limit || !last) return ids;
    cursor = { at: last.createdAt, after: last._id };
  }
}

let connection: Connection;
/** The filters of the `find` commands sent to the transfers collection since the test last emptied the list. */
let transferFinds: Record<string, unknown>[] = [];

beforeEach(async () => {
  connection = await mongoose
    .createConnection(testDatabaseUri(uniqueDatabaseName('minutes')), { monitorCommands: true })
    .asPromise();
  connection.getClient().on('commandStarted', (event) => {
    if (event.commandName === 'find' && event.command.find === 'ledger_transfers') {
      transferFinds.push(event.command.filter as Record<string, unknown>);
    }
  });
  transferFinds = [];
});

afterEach(async () => {
  await connection.dropDatabase();
  await connection.close();
});

const collection = (name: string) => connection.db!.collection(name) as unknown as StringIdCollection;

it('reads a short window one minute at a time, by equality, in order across minutes and page after page', async () => {
  await ensureLedgerIndexes(connection);
  const store = new MongoLedgerStore(connection);
  const twin = new MemoryLedgerStore();
  for (const transfer of TRANSFERS) {
    await store.insertTransfer(transfer);
    await twin.insertTransfer(transfer);
  }
  const [from, to] = [at(MINUTE - 1), at(3 * MINUTE)];
  const expected = ['b-59999', 'a-60000', 'c-60000', 'z-119999', 'a-120000', 'm-150000'];
  expect(await pageThrough(twin, from, to, 100)).toEqual(expected);
  for (const limit of [1, 2, 3, 4, 100]) {
    transferFinds = [];
    expect(await pageThrough(store, from, to, limit)).toEqual(expected);
    // Every read names its minute; none of the three minutes is read past what the page needed.
    expect(transferFinds.length).toBeGreaterThan(0);
    for (const filter of transferFinds) {
      expect(filter).toMatchObject({ mode: 'single', createdMinute: expect.any(Date) });
      expect([at(0), at(MINUTE), at(2 * MINUTE)]).toContainEqual(filter.createdMinute);
    }
  }
  // A window inside one minute reads that minute only, and keeps to the window.
  transferFinds = [];
  expect(await pageThrough(store, at(MINUTE), at(MINUTE + 1), 100)).toEqual(['a-60000', 'c-60000']);
  expect(transferFinds).toEqual([expect.objectContaining({ createdMinute: at(MINUTE) })]);
});

it('records the minute on single transfers only', async () => {
  await ensureLedgerIndexes(connection);
  const store = new MongoLedgerStore(connection);
  for (const transfer of TRANSFERS) await store.insertTransfer(transfer);
  const stored = await collection('ledger_transfers').find({}).toArray();
  for (const doc of stored) {
    const transfer = TRANSFERS.find((t) => t._id === doc._id)!;
    if (transfer.mode === 'single') expect(doc.createdMinute).toEqual(minuteOf(transfer.createdAt));
    else expect(doc).not.toHaveProperty('createdMinute');
  }
  expect(stored).toHaveLength(TRANSFERS.length);
});

it('reads a window longer than ten minutes by range', async () => {
  await ensureLedgerIndexes(connection);
  const store = new MongoLedgerStore(connection);
  for (const transfer of TRANSFERS) await store.insertTransfer(transfer);
  const ids = await pageThrough(store, at(-2 * 3_600_000), at(3 * MINUTE), 2);
  expect(ids).toEqual(['b-59999', 'a-60000', 'c-60000', 'z-119999', 'a-120000', 'm-150000']);
  // The first page by range; the next ones start from where it ended, a short window again.
  expect(transferFinds[0]).not.toHaveProperty('createdMinute');
  expect(transferFinds.slice(1)).toContainEqual(expect.objectContaining({ createdMinute: at(MINUTE) }));
});

it('reads by range on a database that held transfers before the minute, until older writers are gone', async () => {
  // A record from an older version, without its minute, already there when this version first starts.
  const older = aTransfer('older', at(MINUTE + 5));
  const { state: _state, reason: _reason, updatedAt: _updatedAt, onExpiry: _onExpiry, ...record } = older;
  await collection('ledger_transfers').insertOne(record);
  const startedAt = new Date();
  await ensureLedgerIndexes(connection);
  const store = new MongoLedgerStore(connection);
  for (const transfer of TRANSFERS) await store.insertTransfer(transfer);

  const ids = await pageThrough(store, at(MINUTE), at(MINUTE + 10), 100);
  expect(ids).toEqual(['a-60000', 'c-60000', older._id]);
  for (const filter of transferFinds) expect(filter).not.toHaveProperty('createdMinute');
  const [marker] = await collection('ledger_checkpoints').find({ _id: 'transfers-carry-their-minute' }).toArray();
  expect((marker!.at as Date).getTime() - startedAt.getTime()).toBeGreaterThanOrEqual(OLDER_WRITERS_GONE_WITHIN_MS);
  expect((marker!.at as Date).getTime() - startedAt.getTime()).toBeLessThan(OLDER_WRITERS_GONE_WITHIN_MS + MINUTE);

  // Past that instant, a window is read by minute again.
  const after = new Date(marker!.at.getTime() + 5 * MINUTE);
  await store.insertTransfer(aTransfer('new', after));
  transferFinds = [];
  expect(await pageThrough(store, after, new Date(after.getTime() + 1), 100)).toEqual(['new']);
  expect(transferFinds).toEqual([expect.objectContaining({ createdMinute: minuteOf(after) })]);
});

it('reads by range on a database never prepared by this version', async () => {
  const store = new MongoLedgerStore(connection);
  for (const transfer of TRANSFERS) await store.insertTransfer(transfer);
  expect(await pageThrough(store, at(MINUTE), at(MINUTE + 1), 100)).toEqual(['a-60000', 'c-60000']);
  for (const filter of transferFinds) expect(filter).not.toHaveProperty('createdMinute');
});

it('keeps the first instant recorded when several processes prepare the database at once', async () => {
  await collection('ledger_transfers').insertOne({ _id: 'older', mode: 'single', createdAt: T0 });
  const nows = [0, 1, 2, 3, 4].map((n) => new Date(T0.getTime() + n * MINUTE));
  await Promise.all(
    nows.map((now) => recordMinutesCarriedFrom(collection('ledger_checkpoints'), collection('ledger_transfers'), now)),
  );
  await recordMinutesCarriedFrom(collection('ledger_checkpoints'), collection('ledger_transfers'), at(3_600_000));
  const markers = await collection('ledger_checkpoints').find({}).toArray();
  expect(markers).toHaveLength(1);
  expect(nows.map((now) => now.getTime() + OLDER_WRITERS_GONE_WITHIN_MS)).toContain(markers[0]!.at.getTime());
});
