/**
 * Ledger benchmark (`npm run bench:ledger`): in one run, on one store, measures the raw insert rate of the store and
 * the ledger's P2P transfers per second (uniform wallets, and one hot merchant), with latency, chain-slot retries
 * and the ratio to the raw insert rate (a transfer costs about three inserts, so a third of the raw rate is the
 * practical ceiling). It ends with `checkLedger`: a run that breaks an invariant fails.
 *
 *   npx tsx tools/benchLedger.ts [--seconds 5] [--backend postgresql|sqlite] [--uri mongodb://…] [--ledgers 1] [--json]
 *
 * By default it starts its own FerretDB on a fresh PostgreSQL database (dropped at the end), or on a temporary
 * SQLite folder with `--backend sqlite`; `--uri` uses a running server instead (a fresh database on it, dropped at
 * the end). `--ledgers N` spreads the callers over N Ledger instances sharing the store, as N processes would be:
 * each has its own head cache and per-chain queue, so their appends can race for a chain slot (retries).
 * Progress goes to stderr; stdout gets a table, or one JSON object with every figure with `--json`.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import mongoose, { type Connection, type mongo } from 'mongoose';
import { defaultFeeSchedules, quote } from '../domain/fees';
import {
  accountIds,
  systemAccounts,
  type Account,
  type AccountId,
  type AccountStatus,
} from '../domain/ledger/accounts';
import type { Entry, StoredEntry } from '../domain/ledger/entries';
import { checkLedger, type LedgerReport } from '../domain/ledger/invariants';
import { recoverOnce } from '../domain/ledger/recovery';
import type { KycTier } from '../domain/ledger/kyc';
import { Ledger } from '../domain/ledger/ledger';
import type { InsertResult, LedgerStore } from '../domain/ledger/ledgerStore';
import type { Resolution, Transfer, TransferRequest, TransferState } from '../domain/ledger/transfers';
import { francs } from '../domain/money';
import { ensureLedgerIndexes } from '../integrations/mongo/ledgerModels';
import { MongoLedgerStore } from '../integrations/mongo/mongoLedgerStore';
import { cpuCell, cpuSample, cpuUse, type CpuUse } from './bench/cpu';
import { describeCounts, table } from './bench/report';
import { Cleanups, redacted, serverVersion, startBenchDatabase } from './bench/database';
import { WireMonitor, wireBetween } from './bench/wire';

const CALLERS = 16;
/** About one recovery interval plus the checkpoint's lag (RECOVERY_INTERVAL_MS, CHECKPOINT_LAG_MS): what a pass reads. */
const RECOVERY_WINDOW_S = 10;
const WALLETS = 1_000;
const RAW_BATCH = 32;
const RAW_BATCH_CALLERS = 4;
const WALLET_FUNDING = 1_000_000;
const TARGETS = { uniform: 0.33, hotMerchant: 0.25 } as const;

// ---------------------------------------------------------------------------------------------------------------
// Options

interface Options {
  seconds: number;
  backend: 'postgresql' | 'sqlite';
  uri: string | null;
  ledgers: number;
  json: boolean;
}

const USAGE =
  'usage: tsx tools/benchLedger.ts [--seconds N] [--backend postgresql|sqlite] [--uri mongodb://…] ' +
  '[--ledgers N] [--json]';

/** Bad command-line input: reported with the usage line, without a stack. */
class UsageError extends Error {}

function parseOptions(argv: string[]): Options {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        seconds: { type: 'string', default: '5' },
        backend: { type: 'string', default: 'postgresql' },
        uri: { type: 'string' },
        ledgers: { type: 'string', default: '1' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const seconds = Number(values.seconds);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3_600) {
    throw new UsageError(`--seconds: a number of seconds from 0 to 3600, got ${values.seconds}`);
  }
  const ledgers = Number(values.ledgers);
  if (!Number.isInteger(ledgers) || ledgers < 1 || ledgers > CALLERS) {
    throw new UsageError(`--ledgers: a whole number from 1 to ${CALLERS}, got ${values.ledgers}`);
  }
  if (values.backend !== 'postgresql' && values.backend !== 'sqlite') {
    throw new UsageError(`--backend: postgresql or sqlite, got ${values.backend}`);
  }
  if (values.uri !== undefined && !/^mongodb(\+srv)?:\/\//.test(values.uri)) {
    throw new UsageError('--uri: expected mongodb://…');
  }
  return { seconds, backend: values.backend, uri: values.uri ?? null, ledgers, json: values.json };
}

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

// ---------------------------------------------------------------------------------------------------------------
// The database (a fresh FerretDB on PostgreSQL or SQLite, or an existing server, always cleaned up), CPU accounting
// and wire-level command counting come from tools/bench/, shared with bench:webhook.

/** Undone at the end, also on SIGINT/SIGTERM. */
const cleanups = new Cleanups(log);

/** The PostgreSQL database whose backends count as "pg" (set when we create it; other sessions' work is "other"). */
const watched: { postgresDatabase: string | null } = { postgresDatabase: null };

// ---------------------------------------------------------------------------------------------------------------
// A counting LedgerStore: how many calls of each kind, how long they took, and what inserts returned

interface MethodStats {
  calls: number;
  /** Summed over concurrent calls: the time callers spent waiting on this method. */
  ms: number;
  inserted: number;
  duplicate: number;
}

type StatsSnapshot = Record<string, MethodStats>;

class CountingStore implements LedgerStore {
  private readonly stats = new Map<string, MethodStats>();

  constructor(private readonly inner: LedgerStore) {}

  snapshot(): StatsSnapshot {
    const copy: StatsSnapshot = {};
    for (const [method, s] of this.stats) copy[method] = { ...s };
    return copy;
  }

  private async timed<T>(method: string, call: () => Promise<T>): Promise<T> {
    let s = this.stats.get(method);
    if (!s) {
      s = { calls: 0, ms: 0, inserted: 0, duplicate: 0 };
      this.stats.set(method, s);
    }
    s.calls += 1;
    const started = performance.now();
    try {
      const result = await call();
      if (result === 'inserted') s.inserted += 1;
      else if (result === 'duplicate') s.duplicate += 1;
      return result;
    } finally {
      s.ms += performance.now() - started;
    }
  }

  insertAccount(account: Account): Promise<InsertResult> {
    return this.timed('insertAccount', () => this.inner.insertAccount(account));
  }
  getAccount(id: AccountId): Promise<Account | null> {
    return this.timed('getAccount', () => this.inner.getAccount(id));
  }
  updateAccount(id: AccountId, change: { status?: AccountStatus; kycTier?: KycTier }): Promise<void> {
    return this.timed('updateAccount', () => this.inner.updateAccount(id, change));
  }
  insertTransfer(transfer: Transfer): Promise<InsertResult> {
    return this.timed('insertTransfer', () => this.inner.insertTransfer(transfer));
  }
  getTransfer(id: string): Promise<Transfer | null> {
    return this.timed('getTransfer', () => this.inner.getTransfer(id));
  }
  setTransferState(id: string, state: TransferState, reason: string | null, at: Date): Promise<void> {
    return this.timed('setTransferState', () => this.inner.setTransferState(id, state, reason, at));
  }
  findTransfersByState(states: TransferState[], limit: number): Promise<Transfer[]> {
    return this.timed('findTransfersByState', () => this.inner.findTransfersByState(states, limit));
  }
  findSingleTransfersCreated(from: Date, to: Date, limit: number, after?: string): Promise<Transfer[]> {
    return this.timed('findSingleTransfersCreated', () =>
      this.inner.findSingleTransfersCreated(from, to, limit, after),
    );
  }
  getSinglesSettledBefore(): Promise<Date> {
    return this.timed('getSinglesSettledBefore', () => this.inner.getSinglesSettledBefore());
  }
  setSinglesSettledBefore(at: Date): Promise<void> {
    return this.timed('setSinglesSettledBefore', () => this.inner.setSinglesSettledBefore(at));
  }
  insertEntry(entry: StoredEntry): Promise<InsertResult> {
    return this.timed('insertEntry', () => this.inner.insertEntry(entry));
  }
  getEntry(id: string): Promise<StoredEntry | null> {
    return this.timed('getEntry', () => this.inner.getEntry(id));
  }
  getChainSlot(chain: string, seq: number): Promise<Entry | null> {
    return this.timed('getChainSlot', () => this.inner.getChainSlot(chain, seq));
  }
  getChainPage(chain: string, page: number): Promise<StoredEntry[]> {
    return this.timed('getChainPage', () => this.inner.getChainPage(chain, page));
  }
  getChainHint(chain: string): Promise<number> {
    return this.timed('getChainHint', () => this.inner.getChainHint(chain));
  }
  setChainHint(chain: string, page: number): Promise<void> {
    return this.timed('setChainHint', () => this.inner.setChainHint(chain, page));
  }
  insertResolution(resolution: Resolution): Promise<InsertResult> {
    return this.timed('insertResolution', () => this.inner.insertResolution(resolution));
  }
  getResolution(transferId: string): Promise<Resolution | null> {
    return this.timed('getResolution', () => this.inner.getResolution(transferId));
  }
  accountEntries(account: AccountId, from: Date, to: Date): AsyncIterable<Entry> {
    return this.inner.accountEntries(account, from, to);
  }
  allAccounts(): AsyncIterable<Account> {
    return this.inner.allAccounts();
  }
  allTransfers(): AsyncIterable<Transfer> {
    return this.inner.allTransfers();
  }
  allEntries(): AsyncIterable<StoredEntry> {
    return this.inner.allEntries();
  }
  allResolutions(): AsyncIterable<Resolution> {
    return this.inner.allResolutions();
  }
}

function statsBetween(before: StatsSnapshot, after: StatsSnapshot): StatsSnapshot {
  const diff: StatsSnapshot = {};
  for (const [method, s] of Object.entries(after)) {
    const b = before[method] ?? { calls: 0, ms: 0, inserted: 0, duplicate: 0 };
    if (s.calls === b.calls) continue;
    diff[method] = {
      calls: s.calls - b.calls,
      ms: s.ms - b.ms,
      inserted: s.inserted - b.inserted,
      duplicate: s.duplicate - b.duplicate,
    };
  }
  return diff;
}

// ---------------------------------------------------------------------------------------------------------------
// Timed phases: N callers loop until the deadline; rates are over the wall time until the last one is done

interface Latency {
  p50: number;
  p99: number;
  max: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? 0;
}

function latencyOf(samples: number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  return { p50: round(percentile(sorted, 50)), p99: round(percentile(sorted, 99)), max: round(sorted.at(-1) ?? 0) };
}

interface Run {
  /** Operations that completed without error and were not refused. */
  ok: number;
  refused: Record<string, number>;
  errors: Record<string, number>;
  seconds: number;
  latencies: number[];
  cpu: CpuUse;
}

/** `operation` returns null when it did what was asked, or the refusal's reason; a throw counts as an error. */
async function runFor(
  seconds: number,
  callers: number,
  ferretdbPid: number | null,
  operation: (caller: number) => Promise<string | null>,
): Promise<Run> {
  const idle: CpuUse = { node: 0, ferretdb: 0, postgres: 0, machine: 0, other: 0, cores: os.cpus().length };
  const run: Run = { ok: 0, refused: {}, errors: {}, seconds: 0, latencies: [], cpu: idle };
  let errorCount = 0;
  const cpuBefore = cpuSample({ ferretdbPid, postgresDatabase: watched.postgresDatabase });
  const started = performance.now();
  const deadline = started + seconds * 1_000;
  await Promise.all(
    Array.from({ length: callers }, async (_, caller) => {
      while (performance.now() < deadline && errorCount < 1_000) {
        const t0 = performance.now();
        try {
          const refusal = await operation(caller);
          run.latencies.push(performance.now() - t0);
          if (refusal === null) run.ok += 1;
          else run.refused[refusal] = (run.refused[refusal] ?? 0) + 1;
        } catch (error) {
          errorCount += 1;
          const key = (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 160);
          run.errors[key] = (run.errors[key] ?? 0) + 1;
        }
      }
    }),
  );
  run.seconds = (performance.now() - started) / 1_000;
  run.cpu = cpuUse(cpuBefore, cpuSample({ ferretdbPid, postgresDatabase: watched.postgresDatabase }));
  if (errorCount >= 1_000) throw new Error(`phase aborted after 1000 errors: ${JSON.stringify(run.errors)}`);
  return run;
}

/** Runs `task` over `items` with `limit` at a time (setup only; not measured). */
async function inParallel<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const item = items[next] as T;
        next += 1;
        await task(item);
      }
    }),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// 1. Raw insert rate

interface RawResult {
  callers: number;
  batch: number;
  docsPerSecond: number;
  callsPerSecond: number;
  latencyMs: Latency;
  seconds: number;
  docs: number;
  cpu: CpuUse;
  /** Busy CPU time of the whole machine per document inserted (all processes: node, FerretDB, PostgreSQL). */
  cpuMsPerDoc: number;
  errors: Record<string, number>;
}

/** Machine-wide busy CPU milliseconds per operation over a run. */
function cpuMsPer(run: { cpu: CpuUse; seconds: number }, operations: number): number {
  return operations > 0 ? Math.round(((run.cpu.machine * run.seconds * 1_000) / operations) * 100) / 100 : 0;
}

let wireMonitor: WireMonitor | null = null;

async function freshCollection(connection: Connection, name: string): Promise<mongo.Collection> {
  const db = connection.db;
  if (!db) throw new Error('not connected');
  await db
    .collection(name)
    .drop()
    .catch(() => undefined);
  const collection = db.collection(name);
  await collection.createIndex({ k: 1 }, { unique: true });
  return collection;
}

async function rawInserts(
  connection: Connection,
  name: string,
  seconds: number,
  callers: number,
  batch: number,
  ferretdbPid: number | null,
): Promise<RawResult> {
  const collection = await freshCollection(connection, name);
  let n = 0;
  const doc = () => {
    n += 1;
    return { _id: randomUUID(), k: `${name}-${n}-${randomUUID()}`, n } as unknown as mongo.Document;
  };
  const run = await runFor(seconds, callers, ferretdbPid, async () => {
    if (batch === 1) await collection.insertOne(doc());
    else await collection.insertMany(Array.from({ length: batch }, doc), { ordered: false });
    return null;
  });
  const docs = run.ok * batch;
  const stored = await collection.countDocuments({});
  if (stored !== docs) log(`raw ${name}: ${docs} documents acknowledged but ${stored} stored`);
  await collection.drop().catch(() => undefined);
  return {
    callers,
    batch,
    docsPerSecond: Math.round(docs / run.seconds),
    cpuMsPerDoc: cpuMsPer(run, docs),
    callsPerSecond: Math.round(run.ok / run.seconds),
    latencyMs: latencyOf(run.latencies),
    seconds: Math.round(run.seconds * 100) / 100,
    docs,
    cpu: run.cpu,
    errors: run.errors,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Context: what one point read or update costs, and whether it grows with the collection (FerretDB v1 plans)

interface PointOp {
  operation: string;
  collection: string;
  documents: number;
  perSecond: number;
  latencyMs: Latency;
  cpuMsPerOp: number;
  /** From `explain`: whether FerretDB pushed the filter down, and the backend's plan nodes. */
  filterPushdown: boolean | null;
  plan: string;
}

async function explainPlan(
  collection: mongo.Collection,
  filter: mongo.Document,
): Promise<{ pushdown: boolean | null; plan: string }> {
  try {
    const explained = await collection.find(filter).explain();
    const text = JSON.stringify(explained.queryPlanner ?? {});
    const nodes = new Set(text.match(/Seq Scan|Index Only Scan|Index Scan|Bitmap Heap Scan|SEARCH [^"]*|SCAN [^"]*/g));
    const pushdown = typeof explained.filterPushdown === 'boolean' ? explained.filterPushdown : null;
    return { pushdown, plan: [...nodes].join(', ') || 'unknown' };
  } catch (error) {
    return { pushdown: null, plan: `explain failed: ${String(error)}` };
  }
}

async function pointOp(
  operation: string,
  collection: mongo.Collection,
  seconds: number,
  ferretdbPid: number | null,
  sampleFilter: () => mongo.Document,
  call: (filter: mongo.Document) => Promise<unknown>,
): Promise<PointOp> {
  const documents = await collection.countDocuments({});
  const explained = await explainPlan(collection, sampleFilter());
  const run = await runFor(seconds, CALLERS, ferretdbPid, async () => {
    await call(sampleFilter());
    return null;
  });
  return {
    operation,
    collection: collection.collectionName,
    documents,
    perSecond: Math.round(run.ok / run.seconds),
    latencyMs: latencyOf(run.latencies),
    cpuMsPerOp: cpuMsPer(run, run.ok),
    filterPushdown: explained.pushdown,
    plan: explained.plan,
  };
}

/**
 * Point reads and updates by `_id` on a scratch collection of 1 000 and then 10 000 documents, and the chain-page
 * read (`{chain, page}`) on the ledger's entries: if their cost grows with the collection, every transfer's reads
 * and its state update get slower as the ledger grows, and the benchmark's figures depend on the store's size.
 */
async function pointOps(
  connection: Connection,
  seconds: number,
  ferretdbPid: number | null,
  chains: readonly string[],
): Promise<PointOp[]> {
  const db = connection.db;
  if (!db) throw new Error('not connected');
  const scratch = await freshCollection(connection, 'bench_points');
  const results: PointOp[] = [];
  let size = 0;
  for (const target of [1_000, 10_000]) {
    while (size < target) {
      const batch = Array.from({ length: Math.min(1_000, target - size) }, (_, i) => ({
        _id: `p${size + i}`,
        k: `p${size + i}`,
        n: size + i,
        state: 'received',
      }));
      await scratch.insertMany(batch as unknown as mongo.Document[], { ordered: false });
      size += batch.length;
    }
    const byId = () => ({ _id: `p${Math.floor(Math.random() * size)}` });
    results.push(await pointOp('findOne {_id}', scratch, seconds, ferretdbPid, byId, (f) => scratch.findOne(f)));
    results.push(
      await pointOp('updateOne {_id} $set', scratch, seconds, ferretdbPid, byId, (f) =>
        scratch.updateOne(f, { $set: { state: 'posted', at: new Date() } }),
      ),
    );
  }
  await scratch.drop().catch(() => undefined);
  const entries = db.collection('ledger_entries');
  results.push(
    await pointOp(
      'find {chain, page} (chain head read)',
      entries,
      seconds,
      ferretdbPid,
      () => ({ chain: pick(chains), page: 0 }),
      (f) => entries.find(f).toArray(),
    ),
  );
  return results;
}

// ---------------------------------------------------------------------------------------------------------------
// 2. Ledger transfers

interface LedgerPhase {
  distribution: 'uniform' | 'hotMerchant';
  callers: number;
  ledgers: number;
  transfers: number;
  transfersPerSecond: number;
  latencyMs: Latency;
  /** (insertEntry calls − entries inserted) / transfers. */
  retriesPerTransfer: number;
  insertEntryCalls: number;
  entriesWritten: number;
  withFee: number;
  refused: Record<string, number>;
  errors: Record<string, number>;
  ratioToRawInsertOne: number;
  target: number;
  meetsTarget: boolean;
  seconds: number;
  cpu: CpuUse;
  /** Per store method: calls per transfer and mean latency (ms) of one call as the ledger saw it. */
  storeCalls: Record<string, { perTransfer: number; meanMs: number; msPerTransfer: number }>;
  storeCallsPerTransfer: number;
  /** Documents in the ledger's collections when the phase started (FerretDB v1 reads cost O(collection size)). */
  storeBefore: StoreSize;
  /** Commands on the wire per collection (driver monitoring): per transfer, batch size, server round trip. */
  wire: Record<string, { perTransfer: number; docsPerCommand: number; meanMs: number; failed: number }>;
  wireCommandsPerTransfer: number;
  /** Busy CPU time of the whole machine per transfer; compare with the raw insert's cpuMsPerDoc. */
  cpuMsPerTransfer: number;
}

interface StoreSize {
  accounts: number;
  transfers: number;
  entries: number;
}

async function storeSize(connection: Connection): Promise<StoreSize> {
  const db = connection.db;
  if (!db) throw new Error('not connected');
  const count = (name: string) => db.collection(name).countDocuments({});
  return {
    accounts: await count('ledger_accounts'),
    transfers: await count('ledger_transfers'),
    entries: await count('ledger_entries'),
  };
}

function transferRequest(
  kind: 'p2p' | 'merchant',
  payer: AccountId,
  recipient: AccountId,
): { request: TransferRequest; amount: number; fee: number } {
  // 100..10 000 F: about half above 5 000 F, where the P2P schedule charges a fee (50 F); the rest is free.
  const amount = francs(100 + Math.floor(Math.random() * 9_901));
  const { fee } = quote(defaultFeeSchedules.p2p, amount);
  // The recipient's leg comes first: a capped (KYC) credit must be the first leg (Ledger.validate).
  const credits = [{ account: recipient, amount }];
  if (fee > 0) credits.push({ account: accountIds.fees, amount: fee });
  return { request: { id: `bench-${kind}-${randomUUID()}`, kind, debit: payer, credits, mode: 'single' }, amount, fee };
}

interface Accounts {
  wallets: AccountId[];
  payers: AccountId[];
  merchant: AccountId;
}

/**
 * Opens the wallets (tier 'full'), the payers and the merchant, and funds every wallet by a top-up from the MTN MoMo
 * clearing account. Each Ledger reads every chain head once first, as a process that has been serving traffic has
 * them cached: on FerretDB v1 a cold chain read scans the whole entries collection (BENCHMARKS.md), so reading
 * them while it is empty keeps the setup short, and leaves no cold reads inside the measured phases.
 */
async function setUp(ledgers: Ledger[]): Promise<Accounts> {
  const first = ledgers[0] as Ledger;
  const wallet = (prefix: string, i: number) => accountIds.wallet(`${prefix}${String(i).padStart(6, '0')}`);
  const wallets = Array.from({ length: WALLETS }, (_, i) => wallet('2376', i));
  const payers = Array.from({ length: WALLETS }, (_, i) => wallet('2377', i));
  const merchant = accountIds.merchant(`bench-${randomUUID()}`);
  const people = [...wallets, ...payers];
  await inParallel(people, CALLERS, async (id) => {
    await first.openAccount(id, 'wallet', { kycTier: 'full' });
  });
  await first.openAccount(merchant, 'merchant');
  const everyAccount = [...people, merchant, accountIds.fees, accountIds.clearing('mtn_momo')];
  const warm = (ledger: Ledger) =>
    inParallel(everyAccount, CALLERS, async (id) => {
      await ledger.balance(id);
    });
  await warm(first);
  await inParallel(people, CALLERS, async (id) => {
    const funded = await first.transfer({
      id: `bench-fund-${randomUUID()}`,
      kind: 'topup',
      debit: accountIds.clearing('mtn_momo'),
      credits: [{ account: id, amount: WALLET_FUNDING }],
      mode: 'single',
    });
    if (!funded.ok) throw new Error(`funding ${id} failed: ${funded.reason}`);
  });
  // Other instances (--ledgers) read the heads after funding, so they start warm and up to date.
  for (const ledger of ledgers.slice(1)) await warm(ledger);
  return { wallets, payers, merchant };
}

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)] as T;
}

async function ledgerPhase(
  distribution: LedgerPhase['distribution'],
  options: Options,
  ledgers: Ledger[],
  store: CountingStore,
  ferretdbPid: number | null,
  choose: () => { kind: 'p2p' | 'merchant'; payer: AccountId; recipient: AccountId },
  rawInsertOne: number,
  connection: Connection,
): Promise<LedgerPhase & { credited: Map<AccountId, number> }> {
  const storeBefore = await storeSize(connection);
  let withFee = 0;
  const credited = new Map<AccountId, number>();
  const before = store.snapshot();
  const wireBefore = wireMonitor?.snapshot() ?? {};
  const run = await runFor(options.seconds, CALLERS, ferretdbPid, async (caller) => {
    const { kind, payer, recipient } = choose();
    const { request, amount, fee } = transferRequest(kind, payer, recipient);
    const result = await (ledgers[caller % ledgers.length] as Ledger).transfer(request);
    if (!result.ok) return result.reason;
    if (fee > 0) withFee += 1;
    credited.set(recipient, (credited.get(recipient) ?? 0) + amount);
    credited.set(accountIds.fees, (credited.get(accountIds.fees) ?? 0) + fee);
    return null;
  });
  const calls = statsBetween(before, store.snapshot());
  const wireCalls = wireBetween(wireBefore, wireMonitor?.snapshot() ?? {});
  const transfers = run.ok + Object.values(run.refused).reduce((a, b) => a + b, 0);
  const insertEntry = calls.insertEntry ?? { calls: 0, ms: 0, inserted: 0, duplicate: 0 };
  const perTransfer = (n: number) => (transfers > 0 ? Math.round((n / transfers) * 1000) / 1000 : 0);
  const storeCalls: LedgerPhase['storeCalls'] = {};
  let storeCallsTotal = 0;
  for (const [method, s] of Object.entries(calls)) {
    storeCallsTotal += s.calls;
    storeCalls[method] = {
      perTransfer: perTransfer(s.calls),
      meanMs: Math.round((s.ms / s.calls) * 10) / 10,
      msPerTransfer: Math.round((s.ms / Math.max(1, transfers)) * 10) / 10,
    };
  }
  const wire: LedgerPhase['wire'] = {};
  let wireTotal = 0;
  for (const [key, w] of Object.entries(wireCalls)) {
    wireTotal += w.commands;
    wire[key] = {
      perTransfer: perTransfer(w.commands),
      docsPerCommand: w.docs > 0 ? Math.round((w.docs / w.commands) * 10) / 10 : 0,
      meanMs: Math.round((w.ms / w.commands) * 10) / 10,
      failed: w.failed,
    };
  }
  const transfersPerSecond = Math.round(run.ok / run.seconds);
  const ratio = rawInsertOne > 0 ? Math.round((transfersPerSecond / rawInsertOne) * 1000) / 1000 : 0;
  const target = TARGETS[distribution];
  return {
    distribution,
    callers: CALLERS,
    ledgers: ledgers.length,
    transfers: run.ok,
    transfersPerSecond,
    latencyMs: latencyOf(run.latencies),
    retriesPerTransfer: perTransfer(insertEntry.calls - insertEntry.inserted),
    insertEntryCalls: insertEntry.calls,
    entriesWritten: insertEntry.inserted,
    withFee,
    refused: run.refused,
    errors: run.errors,
    ratioToRawInsertOne: ratio,
    target,
    meetsTarget: ratio >= target,
    seconds: Math.round(run.seconds * 100) / 100,
    cpu: run.cpu,
    storeCalls,
    storeCallsPerTransfer: perTransfer(storeCallsTotal),
    wire,
    wireCommandsPerTransfer: perTransfer(wireTotal),
    cpuMsPerTransfer: cpuMsPer(run, transfers),
    storeBefore,
    credited,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Output

interface Results {
  command: string;
  startedAt: string;
  machine: {
    nproc: number;
    memoryGiB: number;
    node: string;
    platform: string;
    /** 1, 5 and 15 minute load averages before the run: other work on the machine skews every figure. */
    loadBefore: number[];
    loadAfter: number[];
  };
  server: { backend: string; version: string };
  seconds: number;
  raw: { insertOne: RawResult; insertMany: RawResult; insertOneAfter: RawResult };
  setup: { wallets: number; seconds: number };
  ledger: { uniform: LedgerPhase; hotMerchant: LedgerPhase };
  /** Context: cost of point operations against collection size (see pointOps). */
  points: PointOp[];
  merchantCheck: { expectedCredits: number; creditsPosted: number; ok: boolean };
  /**
   * Off the transfer path, the price of keeping no open marker: a recovery pass reads every single transfer since
   * its checkpoint to find unfinished ones; measured over the last RECOVERY_WINDOW_S seconds of traffic.
   */
  recovery: { seconds: number; transfersRead: number; examined: number; errors: number };
  check: {
    seconds: number;
    accounts: number;
    transfers: number;
    entries: number;
    violations: number;
    inFlight: number;
    firstViolations: string[];
    firstInFlight: string[];
  };
  ok: boolean;
}

function report(r: Results): string {
  const raw = [r.raw.insertOne, r.raw.insertMany, r.raw.insertOneAfter];
  const names = ['insertOne (ratio base)', `insertMany ×${RAW_BATCH} unordered`, 'insertOne again, after ledger'];
  const lines: string[] = [];
  lines.push(`Ledger benchmark: ${r.server.backend}, ${r.server.version}`);
  lines.push(
    `node ${r.machine.node}, ${r.machine.nproc} cores, ${r.machine.memoryGiB} GiB, ${r.seconds} s per phase; ` +
      `load average before ${r.machine.loadBefore.join(' ')}, after ${r.machine.loadAfter.join(' ')}`,
  );
  lines.push(
    'cores busy: node (this process), FerretDB, PostgreSQL (backends of our database), other = machine − those three',
  );
  lines.push('');
  lines.push('Raw inserts ({_id, k, n}, unique index on k), fresh collection');
  lines.push(
    table(
      ['phase', 'callers', 'docs/s', 'calls/s', 'p50 ms', 'p99 ms', 'CPU ms/doc', 'cores busy'],
      raw.map((x, i) => [
        names[i] ?? '',
        String(x.callers),
        String(x.docsPerSecond),
        String(x.callsPerSecond),
        x.latencyMs.p50.toFixed(1),
        x.latencyMs.p99.toFixed(1),
        x.cpuMsPerDoc.toFixed(2),
        cpuCell(x.cpu),
      ]),
    ),
  );
  lines.push('');
  const phases = [r.ledger.uniform, r.ledger.hotMerchant];
  lines.push(`Ledger transfers (mode single, ${CALLERS} callers, ${phases[0]?.ledgers ?? 1} Ledger instance(s))`);
  lines.push(
    table(
      [
        'distribution',
        'transfers',
        'xfer/s',
        'p50 ms',
        'p99 ms',
        'retries/xfer',
        'ratio',
        'target',
        'met',
        'store calls/xfer',
        'wire cmds/xfer',
        'CPU ms/xfer',
      ],
      phases.map((p) => [
        p.distribution === 'uniform' ? `uniform (${WALLETS} wallets)` : `hot merchant (${WALLETS} payers)`,
        String(p.transfers),
        String(p.transfersPerSecond),
        p.latencyMs.p50.toFixed(1),
        p.latencyMs.p99.toFixed(1),
        p.retriesPerTransfer.toFixed(3),
        p.ratioToRawInsertOne.toFixed(3),
        `≥ ${p.target.toFixed(2)}`,
        p.meetsTarget ? 'yes' : 'NO',
        p.storeCallsPerTransfer.toFixed(2),
        p.wireCommandsPerTransfer.toFixed(2),
        p.cpuMsPerTransfer.toFixed(2),
      ]),
    ),
  );
  for (const p of phases) {
    lines.push('');
    lines.push(
      `${p.distribution}: store before: ${p.storeBefore.transfers} transfers, ${p.storeBefore.entries} entries; ` +
        `${p.withFee}/${p.transfers} with a fee leg; refused: ${describeCounts(p.refused)}; ` +
        `errors: ${describeCounts(p.errors)}; cores: ${cpuCell(p.cpu)}`,
    );
    lines.push(
      table(
        ['store method', 'calls/xfer', 'mean ms', 'ms/xfer (summed)'],
        Object.entries(p.storeCalls)
          .sort((a, b) => b[1].msPerTransfer - a[1].msPerTransfer)
          .map(([m, s]) => [m, s.perTransfer.toFixed(3), s.meanMs.toFixed(1), s.msPerTransfer.toFixed(1)]),
      ),
    );
    lines.push(
      table(
        ['wire command', 'cmds/xfer', 'docs/cmd', 'mean ms', 'failed'],
        Object.entries(p.wire)
          .sort((a, b) => b[1].perTransfer - a[1].perTransfer)
          .map(([k, w]) => [
            k,
            w.perTransfer.toFixed(3),
            w.docsPerCommand.toFixed(1),
            w.meanMs.toFixed(1),
            String(w.failed),
          ]),
      ),
    );
  }
  lines.push('');
  lines.push('Point operations (context): do they grow with the collection?');
  lines.push(
    table(
      ['operation', 'collection', 'documents', 'ops/s', 'p50 ms', 'p99 ms', 'CPU ms/op', 'pushdown', 'backend plan'],
      r.points.map((p) => [
        p.operation,
        p.collection,
        String(p.documents),
        String(p.perSecond),
        p.latencyMs.p50.toFixed(1),
        p.latencyMs.p99.toFixed(1),
        p.cpuMsPerOp.toFixed(2),
        String(p.filterPushdown ?? '?'),
        p.plan,
      ]),
    ),
  );
  lines.push('');
  lines.push(
    `merchant balance: ${r.merchantCheck.creditsPosted} F credited, ${r.merchantCheck.expectedCredits} F expected: ` +
      (r.merchantCheck.ok ? 'ok' : 'MISMATCH'),
  );
  lines.push(
    `recovery pass over the last ${RECOVERY_WINDOW_S} s (${r.recovery.seconds} s): ` +
      `${r.recovery.transfersRead} single transfers read, ` +
      `${r.recovery.examined} unfinished, ${r.recovery.errors} errors` +
      (r.recovery.examined + r.recovery.errors === 0 ? ' (ok)' : ' (FAILED)'),
  );
  lines.push(
    `checkLedger (${r.check.seconds} s, ${r.check.accounts} accounts, ${r.check.transfers} transfers, ` +
      `${r.check.entries} entries): violations ${r.check.violations}, in flight ${r.check.inFlight}` +
      (r.check.violations + r.check.inFlight === 0 ? ' (ok)' : ' (FAILED)'),
  );
  for (const v of r.check.firstViolations) lines.push(`  violation: ${v}`);
  for (const t of r.check.firstInFlight) lines.push(`  in flight: ${t}`);
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------------------------
// Main

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const startedAt = new Date().toISOString();
  const loadBefore = os.loadavg().map((l) => Math.round(l * 100) / 100);
  const onSignal = (signal: NodeJS.Signals) => {
    log(`${signal}: cleaning up`);
    void cleanups.run().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  let connection: Connection | null = null;
  try {
    const target = await startBenchDatabase({ backend: options.backend, uri: options.uri }, cleanups);
    watched.postgresDatabase = target.postgresDatabase;
    const dbName = `bench_ledger_${Date.now()}`;
    connection = await mongoose.createConnection(target.uri, { dbName, monitorCommands: true }).asPromise();
    wireMonitor = new WireMonitor(connection.getClient());
    const open = connection;
    cleanups.push('close connection', async () => {
      if (target.ferretdbPid === null) await open.dropDatabase().catch(() => undefined);
      await open.close();
    });
    const version = await serverVersion(connection);
    log(`${target.description}, ${version}; database ${dbName}; ${options.seconds} s per phase`);

    // Connections warm up outside the measured phases.
    await rawInserts(connection, 'bench_warmup', Math.min(1, options.seconds), CALLERS, 1, target.ferretdbPid);

    log(`raw insertOne, ${CALLERS} callers, ${options.seconds} s`);
    const insertOne = await rawInserts(connection, 'bench_raw_one', options.seconds, CALLERS, 1, target.ferretdbPid);
    log(`  ${insertOne.docsPerSecond} docs/s`);
    log(`raw insertMany ×${RAW_BATCH}, ${RAW_BATCH_CALLERS} callers, ${options.seconds} s`);
    const insertMany = await rawInserts(
      connection,
      'bench_raw_many',
      options.seconds,
      RAW_BATCH_CALLERS,
      RAW_BATCH,
      target.ferretdbPid,
    );
    log(`  ${insertMany.docsPerSecond} docs/s`);

    await ensureLedgerIndexes(connection);
    const mongoStore = new MongoLedgerStore(connection);
    const store = new CountingStore(mongoStore);
    const ledgers = Array.from({ length: options.ledgers }, () => new Ledger({ store }));
    const setupLedger = ledgers[0] as Ledger;
    for (const account of systemAccounts([])) await mongoStore.insertAccount(account);

    const setupStarted = performance.now();
    log(`setup: ${WALLETS} wallets + ${WALLETS} payers funded with ${WALLET_FUNDING} F each, 1 merchant`);
    const { wallets, payers, merchant } = await setUp(ledgers);
    const setupSeconds = Math.round((performance.now() - setupStarted) / 10) / 100;
    log(`  setup took ${setupSeconds} s`);

    log(`ledger uniform, ${CALLERS} callers, ${options.seconds} s`);
    const uniform = await ledgerPhase(
      'uniform',
      options,
      ledgers,
      store,
      target.ferretdbPid,
      () => {
        const payer = pick(wallets);
        let recipient = pick(wallets);
        while (recipient === payer) recipient = pick(wallets);
        return { kind: 'p2p', payer, recipient };
      },
      insertOne.docsPerSecond,
      connection,
    );
    log(`  ${uniform.transfersPerSecond} transfers/s`);

    log(`ledger hot merchant, ${CALLERS} callers, ${options.seconds} s`);
    const hot = await ledgerPhase(
      'hotMerchant',
      options,
      ledgers,
      store,
      target.ferretdbPid,
      () => ({
        kind: 'merchant',
        payer: pick(payers),
        recipient: merchant,
      }),
      insertOne.docsPerSecond,
      connection,
    );
    log(`  ${hot.transfersPerSecond} transfers/s`);

    // Recovery's steady state: a pass reads the single transfers created since its checkpoint, which trails the
    // clock by about one interval plus the lag; here the last RECOVERY_WINDOW_S seconds of the hot merchant phase.
    log(`recovery pass over the last ${RECOVERY_WINDOW_S} s of transfers`);
    const passAt = new Date();
    const windowStart = new Date(passAt.getTime() - RECOVERY_WINDOW_S * 1000);
    await mongoStore.setSinglesSettledBefore(windowStart);
    const singlesRead = await connection
      .collection('ledger_transfers')
      .countDocuments({ mode: 'single', createdAt: { $gte: windowStart, $lt: passAt } });
    const recoveryStarted = performance.now();
    const recovery = await recoverOnce(setupLedger, { graceMs: 0, maxUndecidedAgeMs: 3_600_000 }, passAt);
    const recoverySeconds = Math.round((performance.now() - recoveryStarted) / 10) / 100;

    log(`raw insertOne again (drift check), ${CALLERS} callers, ${options.seconds} s`);
    const insertOneAfter = await rawInserts(
      connection,
      'bench_raw_one_after',
      options.seconds,
      CALLERS,
      1,
      target.ferretdbPid,
    );
    log(`  ${insertOneAfter.docsPerSecond} docs/s`);

    const pointSeconds = Math.min(2, options.seconds);
    log(`point reads and updates by collection size, ${CALLERS} callers, ${pointSeconds} s each`);
    const points = await pointOps(connection, pointSeconds, target.ferretdbPid, [...wallets, ...payers]);
    for (const p of points) log(`  ${p.operation} on ${p.documents} documents: ${p.perSecond}/s (${p.plan})`);

    const expectedCredits = hot.credited.get(merchant) ?? 0;
    const merchantBalance = await setupLedger.balance(merchant);

    log('checkLedger');
    const checkStarted = performance.now();
    const checked: LedgerReport = await checkLedger(mongoStore);
    const checkSeconds = Math.round((performance.now() - checkStarted) / 10) / 100;

    const strip = ({ credited: _credited, ...phase }: LedgerPhase & { credited: unknown }): LedgerPhase => phase;
    const results: Results = {
      command: `tsx tools/benchLedger.ts ${redacted(process.argv.slice(2).join(' '))}`.trim(),
      startedAt,
      machine: {
        nproc: os.availableParallelism(),
        memoryGiB: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
        platform: `${os.platform()} ${os.release()}`,
        loadBefore,
        loadAfter: os.loadavg().map((l) => Math.round(l * 100) / 100),
      },
      server: { backend: target.description, version },
      seconds: options.seconds,
      raw: { insertOne, insertMany, insertOneAfter },
      setup: { wallets: 2 * WALLETS, seconds: setupSeconds },
      ledger: { uniform: strip(uniform), hotMerchant: strip(hot) },
      points,
      merchantCheck: {
        expectedCredits,
        creditsPosted: merchantBalance.counters.creditsPosted,
        ok: expectedCredits === merchantBalance.counters.creditsPosted,
      },
      recovery: {
        seconds: recoverySeconds,
        transfersRead: singlesRead,
        examined: recovery.examined,
        errors: recovery.errors,
      },
      check: {
        seconds: checkSeconds,
        accounts: checked.accounts,
        transfers: checked.transfers,
        entries: checked.entries,
        violations: checked.violations.length,
        inFlight: checked.inFlight.length,
        firstViolations: checked.violations.slice(0, 10),
        firstInFlight: checked.inFlight.slice(0, 10),
      },
      ok: false,
    };
    results.ok =
      results.check.violations === 0 &&
      results.check.inFlight === 0 &&
      results.merchantCheck.ok &&
      results.recovery.examined + results.recovery.errors === 0 &&
      Object.keys(uniform.errors).length === 0 &&
      Object.keys(hot.errors).length === 0 &&
      Object.keys(uniform.refused).length === 0 &&
      Object.keys(hot.refused).length === 0;
    process.stdout.write(options.json ? `${JSON.stringify(results, null, 2)}\n` : report(results));
    return results.ok ? 0 : 1;
  } finally {
    await cleanups.run();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
    // Everything is closed; if a handle still lingers, say so rather than hang.
    setTimeout(() => {
      log('a handle kept the process alive after cleanup; exiting');
      process.exit(code);
    }, 5_000).unref();
  },
  async (error: unknown) => {
    if (error instanceof UsageError) log(`${error.message}\n${USAGE}`);
    else log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    await cleanups.run();
    process.exit(2);
  },
);
