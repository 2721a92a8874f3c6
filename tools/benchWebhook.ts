/**
 * SMS webhook benchmark (`npm run bench:webhook`): the real HTTP server with the Twilio SMS channel, the real
 * conversation runtime and services on their own fresh database, driven with signed webhooks (a realistic round of
 * menu turns for many people, at most one message per person in flight), and in the same run a baseline route of
 * the same server doing one insertOne and one findOne by `_id`. It prints turns/s, p50/p99 latency, and the ratio
 * of turns/s to the baseline's requests/s, with the database commands per turn and where the cores went.
 *
 * Two ways to drive the webhook. By default a closed loop: autocannon with `--connections`, each sending its next
 * request when the previous one is answered; this judges the ratio target (≥ 0.5). Its latency is only
 * connections ÷ throughput, so the latency target (p99 < 100 ms) is judged with `--rate 100`: an open loop where
 * 100 requests fall due each second whether or not earlier ones were answered (tools/bench/openLoop.ts), with the
 * same checks, latency counted from each request's due time, and late sends reported. Baselines stay closed-loop.
 *
 *   npx tsx tools/benchWebhook.ts [--seconds 10] [--users 1000] [--connections 50] [--rate N]
 *                                 [--backend postgresql|sqlite] [--uri mongodb://…] [--json]
 *
 * Phases, one after the other on one server: warm-up (webhook then baseline, not measured), baseline, webhook,
 * baseline again (drift: other work on the machine moves every figure). Each baseline phase writes to a fresh
 * collection. Progress goes to stderr; stdout gets a table, or one JSON object with `--json`. The exit code is 1
 * when any measured request failed (non-200, not TwiML with a message, wrong screen, error, timeout), not when a
 * target is missed.
 */
import os from 'node:os';
import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import mongoose, { type Connection } from 'mongoose';
import { createConversations } from '../bots/app/conversationSetup';
import { countLedgerOperations, Metrics } from '../bots/channels/http/metrics';
import { databaseReadiness } from '../bots/channels/http/readiness';
import { createHttpApp, startHttpServer } from '../bots/channels/http/server';
import { ChannelTurns } from '../bots/channels/http/turns';
import { serveLocalSimulators } from '../bots/app/localSimulators';
import { createServices, startWorkers } from '../bots/app/services';
import { createSmsChannel, SMS_WEBHOOK_PATH } from '../bots/channels/sms/smsChannel';
import { accountIds } from '../domain/ledger/accounts';
import { DEVELOPMENT_PIN_PEPPER, hashPin } from '../domain/pin';
import { loadConfig } from '../integrations/config';
import { ensureRetentionIndexes } from '../integrations/mongo/retention';
import { createLogger } from '../integrations/logger';
import { runLoad, type LoadLatency, type LoadResult } from './bench/autocannon';
import { lanesForRate, LANE_SECONDS, LATE_MS, runOpenLoop, type OpenLoopStats } from './bench/openLoop';
import { percentile } from './bench/percentile';
import { staggerLanes } from './bench/staggerLanes';
import { BASELINE_PATH, baselineChannel } from './bench/baselineRoute';
import { cpuCell, cpuSample, cpuUse, type CpuUse, type Watched } from './bench/cpu';
import { describeCounts, table } from './bench/report';
import { Cleanups, redacted, serverVersion, startBenchDatabase } from './bench/database';
import {
  benchMsisdn,
  benchTwilio,
  checkTwiml,
  httpTally,
  inboundSmsFrom,
  Lane,
  lanesOf,
  ROUND,
  type BenchPerson,
  type Expectations,
} from './bench/smsTraffic';
import { CheckedConversations, runningStep, turnTally, type TurnTally } from './bench/turnCheck';
import { WireMonitor, wireBetween, wireOf, type WireSnapshot } from './bench/wire';

/** The ratio is judged in the closed loop; the p99 in the open loop at `--rate 100` (a closed loop's latency is
 * connections ÷ throughput, whatever the server does). */
const TARGETS = { ratio: 0.5, p99Ms: 100, p99Rate: 100 } as const;
const PUBLIC_URL = 'https://pay.example.cm';
const FUNDING = 100_000;
const PIN = '2468';
const SETUP_PARALLELISM = 8;
/** Seconds the load generator waits for one answer before giving up on it (a timeout). */
const REQUEST_TIMEOUT_SECONDS = 10;

// ---------------------------------------------------------------------------------------------------------------
// Options

interface Options {
  seconds: number;
  users: number;
  connections: number;
  /** Webhook requests per second in the open loop; null: the closed loop at `connections`. */
  rate: number | null;
  backend: 'postgresql' | 'sqlite';
  uri: string | null;
  json: boolean;
}

const USAGE =
  'usage: tsx tools/benchWebhook.ts [--seconds N] [--users N] [--connections N] [--rate N] ' +
  '[--backend postgresql|sqlite] [--uri mongodb://…] [--json]';

/** Bad command-line input: reported with the usage line, without a stack. */
class UsageError extends Error {}

function wholeNumber(name: string, raw: string, min: number, max: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name}: a whole number from ${min} to ${max}, got ${raw}`);
  }
  return n;
}

function parseOptions(argv: string[]): Options {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        seconds: { type: 'string', default: '10' },
        users: { type: 'string', default: '1000' },
        connections: { type: 'string', default: '50' },
        rate: { type: 'string' },
        backend: { type: 'string', default: 'postgresql' },
        uri: { type: 'string' },
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
  const seconds = wholeNumber('seconds', values.seconds, 1, 3_600);
  const connections = wholeNumber('connections', values.connections, 1, 1_000);
  const rate = values.rate === undefined ? null : wholeNumber('rate', values.rate, 1, 10_000);
  // Each lane needs a person of its own, so that no person has two messages in flight.
  const lanes = rate === null ? connections : lanesForRate(rate);
  const users = wholeNumber('users', values.users, 1, 99_999);
  if (users < lanes) {
    throw new UsageError(
      rate === null
        ? `--users: at least one person per connection (${connections}), got ${users}`
        : `--users: --rate ${rate} needs ${lanes} lanes (rate × ${LANE_SECONDS} s), one person each at least, ` +
            `got ${users}`,
    );
  }
  if (values.backend !== 'postgresql' && values.backend !== 'sqlite') {
    throw new UsageError(`--backend: postgresql or sqlite, got ${values.backend}`);
  }
  if (values.uri !== undefined && !/^mongodb(\+srv)?:\/\//.test(values.uri)) {
    throw new UsageError('--uri: expected mongodb://…');
  }
  return { seconds, users, connections, rate, backend: values.backend, uri: values.uri ?? null, json: values.json };
}

function log(message: string): void {
  // Seconds since the process started: lines up with a `--cpu-prof` profile of the run.
  process.stderr.write(`[bench ${(performance.now() / 1_000).toFixed(1)} s] ${message}\n`);
}

// ---------------------------------------------------------------------------------------------------------------
// Measuring one phase

interface StepStats {
  step: string;
  turns: number;
  meanMs: number;
  p50Ms: number;
  p99Ms: number;
  /** Database commands per turn of this step, as they started inside its turns. */
  dbCommandsPerTurn: number;
  /** Their summed round trip per turn. */
  dbMsPerTurn: number;
  /** Per command and collection: commands per turn of this step. */
  commands: Record<string, number>;
}

interface TurnsSeen {
  turns: number;
  duplicates: number;
  /** Wrong screens: `step: expected → got`. */
  unexpected: Record<string, number>;
  unknown: number;
  errors: Record<string, number>;
  overlapping: number;
  /** Time inside the runtime (Conversations.handle), without HTTP, parsing, signature check and rendering. */
  runtimeMs: { mean: number; p50: number; p99: number };
  bySteps: StepStats[];
}

interface PhaseResult {
  name: string;
  route: string;
  /** Sockets the load generator may open: the connections of the closed loop, the lanes of the open loop. */
  connections: number;
  seconds: number;
  /** Answers received (any status). */
  answered: number;
  /** Answers that passed every check. */
  ok: number;
  /** Checked answers per second: turns/s for the webhook, requests/s for the baseline. */
  perSecond: number;
  latencyMs: LoadLatency;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Answers that failed a check, by what was wrong. */
  failures: Record<string, number>;
  cpu: CpuUse;
  /** CPU time of this process, FerretDB and our PostgreSQL backends per checked answer (other work left out). */
  cpuMsPerRequest: number;
  /** Busy CPU time of the whole machine per checked answer, other sessions' work included. */
  machineCpuMsPerRequest: number;
  /** How busy this process's event loop was (1 = never idle): the server and the load generator share it. */
  eventLoopUtilization: number;
  /** Requests the server handled, including those whose answer came after the load generator stopped. */
  handled: number;
  /** Database commands per handled request, by command and collection (workers' commands included). */
  wire: Record<string, { perRequest: number; docsPerCommand: number; meanMs: number; failed: number }>;
  wireCommandsPerRequest: number;
  /** Summed round trip of those commands per handled request (commands of one turn may overlap). */
  dbMsPerRequest: number;
  turns?: TurnsSeen;
  /** The arrivals of an open-loop phase (`--rate`); latency is then from each request's due time. */
  openLoop?: OpenLoopStats;
}

/** What a load generator reports of one phase, closed loop (autocannon) or open loop. */
type Driven = Pick<LoadResult, 'duration' | 'latency' | 'non2xx' | 'errors' | 'timeouts'> & {
  openLoop?: OpenLoopStats;
};

const round1 = (n: number) => Math.round(n * 10) / 10;

/** CPU milliseconds per operation from cores busy over a duration. */
function cpuMsPer(cores: number, seconds: number, operations: number): number {
  return operations > 0 ? Math.round(((cores * seconds * 1_000) / operations) * 100) / 100 : 0;
}
const round3 = (n: number) => Math.round(n * 1000) / 1000;

function msStats(samples: number[]): { mean: number; p50: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.length === 0 ? 0 : sorted.reduce((a, b) => a + b, 0) / sorted.length;
  return { mean: round1(mean), p50: round1(percentile(sorted, 50)), p99: round1(percentile(sorted, 99)) };
}

function turnsSeen(tally: TurnTally, wire: WireSnapshot): TurnsSeen {
  const order = [...new Set(ROUND.map((s) => s.name))];
  return {
    turns: tally.turns,
    duplicates: tally.duplicates,
    unexpected: tally.unexpected,
    unknown: tally.unknown,
    errors: tally.errors,
    overlapping: tally.overlapping,
    runtimeMs: msStats(tally.ms),
    bySteps: order
      .filter((step) => tally.byStep[step])
      .map((step) => {
        const samples = tally.byStep[step] ?? [];
        const s = msStats(samples);
        const perTurn = (n: number) => (samples.length > 0 ? n / samples.length : 0);
        const commands: Record<string, number> = {};
        let count = 0;
        let ms = 0;
        for (const [key, w] of Object.entries(wireOf(wire, step))) {
          commands[key] = round3(perTurn(w.commands));
          count += w.commands;
          ms += w.ms;
        }
        return {
          step,
          turns: samples.length,
          meanMs: s.mean,
          p50Ms: s.p50,
          p99Ms: s.p99,
          dbCommandsPerTurn: round3(perTurn(count)),
          dbMsPerTurn: round1(perTurn(ms)),
          commands,
        };
      }),
  };
}

interface Bench {
  url: string;
  options: Options;
  watched: Watched;
  wire: WireMonitor;
  checked: CheckedConversations;
}

/** The server side of a route: how many requests it has handled, and waiting until none is in progress. */
interface Served {
  handled(): number;
  idle(): Promise<void>;
}

/**
 * Seconds the server may take to finish its requests once a phase's load has stopped. Longer means it is stuck
 * (seen once with about 150 turns in flight on FerretDB v1: database commands that never answered); the benchmark
 * then fails rather than waiting forever.
 */
const STUCK_SECONDS = 60;

async function idleOrStuck(served: Served, phase: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const stuck = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${phase}: the server still had requests running ${STUCK_SECONDS} s after the load`)),
      STUCK_SECONDS * 1_000,
    );
  });
  try {
    await Promise.race([served.idle(), stuck]);
  } finally {
    clearTimeout(timer);
  }
}

async function measure(
  bench: Bench,
  name: string,
  route: string,
  served: Served,
  drive: (tally: ReturnType<typeof httpTally>) => Promise<Driven>,
): Promise<PhaseResult> {
  await idleOrStuck(served, `before ${name}`);
  const tally = httpTally();
  bench.checked.tally = turnTally();
  const handledBefore = served.handled();
  const wireBefore: WireSnapshot = bench.wire.snapshot();
  const cpuBefore = cpuSample(bench.watched);
  const eluBefore: EventLoopUtilization = performance.eventLoopUtilization();
  const started = performance.now();
  const result = await drive(tally);
  const wallSeconds = (performance.now() - started) / 1_000;
  const elu = performance.eventLoopUtilization(eluBefore).utilization;
  const cpu = cpuUse(cpuBefore, cpuSample(bench.watched));
  // Requests autocannon cuts off at the end (up to one per connection) still finish before the next phase starts;
  // their database commands are counted, so commands are divided by the requests the server handled.
  await idleOrStuck(served, name);
  const handled = served.handled() - handledBefore;
  const wireTagged = wireBetween(wireBefore, bench.wire.snapshot());
  const wireCalls = wireOf(wireTagged);
  const turns = bench.checked.tally;

  const ok = tally.ok;
  const per = (n: number) => (handled > 0 ? round3(n / handled) : 0);
  const wire: PhaseResult['wire'] = {};
  let commands = 0;
  let dbMs = 0;
  for (const [key, w] of Object.entries(wireCalls)) {
    commands += w.commands;
    dbMs += w.ms;
    wire[key] = {
      perRequest: per(w.commands),
      docsPerCommand: w.docs > 0 ? round1(w.docs / w.commands) : 0,
      meanMs: round1(w.ms / w.commands),
      failed: w.failed,
    };
  }
  const duration = result.duration > 0 ? result.duration : wallSeconds;
  return {
    name,
    route,
    connections: result.openLoop?.lanes ?? bench.options.connections,
    seconds: Math.round(duration * 100) / 100,
    answered: result.latency.totalCount,
    ok,
    perSecond: Math.round(ok / duration),
    latencyMs: {
      mean: round1(result.latency.mean),
      p50: round1(result.latency.p50),
      p90: round1(result.latency.p90),
      p99: round1(result.latency.p99),
      max: round1(result.latency.max),
    },
    non2xx: result.non2xx,
    handled,
    errors: result.errors,
    timeouts: result.timeouts,
    failures: tally.failures,
    cpu,
    cpuMsPerRequest: cpuMsPer(cpu.node + cpu.ferretdb + cpu.postgres, duration, ok),
    machineCpuMsPerRequest: cpuMsPer(cpu.machine, duration, ok),
    eventLoopUtilization: Math.round(elu * 100) / 100,
    wire,
    wireCommandsPerRequest: per(commands),
    dbMsPerRequest: handled > 0 ? round1(dbMs / handled) : 0,
    ...(route === SMS_WEBHOOK_PATH ? { turns: turnsSeen(turns, wireTagged) } : {}),
    ...(result.openLoop ? { openLoop: result.openLoop } : {}),
  };
}

/** The closed-loop webhook phase: each connection drives one lane of people (lanes keep their place between phases). */
function closedLoopWebhook(bench: Bench, lanes: Lane[], seconds: number) {
  return (tally: ReturnType<typeof httpTally>): Promise<Driven> => {
    for (const lane of lanes) lane.tally = tally;
    let next = 0;
    return runLoad({
      url: bench.url,
      connections: lanes.length,
      duration: seconds,
      timeout: REQUEST_TIMEOUT_SECONDS,
      // Replaced per connection by setupClient; a connection never sends this one.
      requests: [{ method: 'POST', path: SMS_WEBHOOK_PATH }],
      setupClient: (client) => {
        const lane = lanes[next % lanes.length] as Lane;
        next += 1;
        client.setRequests(lane.requests(SMS_WEBHOOK_PATH));
      },
    });
  };
}

/** The open-loop webhook phase: `rate` requests per second, each from the lane freed most recently. */
function openLoopWebhook(bench: Bench, lanes: Lane[], rate: number, seconds: number) {
  return (tally: ReturnType<typeof httpTally>): Promise<Driven> => {
    for (const lane of lanes) lane.tally = tally;
    return runOpenLoop({
      url: bench.url,
      path: SMS_WEBHOOK_PATH,
      rate,
      seconds,
      timeoutSeconds: REQUEST_TIMEOUT_SECONDS,
      lanes,
    });
  };
}

/** The baseline phase: the same form (unsigned: the route does not check it) to the baseline route. */
function baselineLoad(bench: Bench, twilioSide: ReturnType<typeof benchTwilio>, from: string, seconds: number) {
  const body = new URLSearchParams(inboundSmsFrom(twilioSide, from, '1', 'SM0')).toString();
  return (tally: ReturnType<typeof httpTally>): Promise<Driven> =>
    runLoad({
      url: bench.url,
      connections: bench.options.connections,
      duration: seconds,
      timeout: REQUEST_TIMEOUT_SECONDS,
      requests: [
        {
          method: 'POST',
          path: BASELINE_PATH,
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body,
          onResponse: (status, responseBody, _context, headers) => checkTwiml(tally, status, responseBody, headers),
        },
      ],
    });
}

// ---------------------------------------------------------------------------------------------------------------
// Setup: people signed up through the People service (not the conversation) and funded by a top-up

const FIRST_NAMES = ['Ama', 'Kofi', 'Marie', 'Paul', 'Esi', 'Yaw', 'Nadege', 'Serge', 'Brice', 'Carine'];

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

async function signUpPeople(services: Awaited<ReturnType<typeof createServices>>, users: number) {
  // One hash for everyone: scrypt per person would only slow the setup down.
  const pinHash = await hashPin(PIN, DEVELOPMENT_PIN_PEPPER);
  const people: BenchPerson[] = Array.from({ length: users }, (_, i) => ({
    msisdn: benchMsisdn(i),
    language: i % 2 === 0 ? 'fr' : 'en',
    // The next person: a registered recipient, so the confirmation names them.
    recipient: benchMsisdn((i + 1) % users).slice(3),
  }));
  await inParallel(people, SETUP_PARALLELISM, async (person) => {
    const name = `${FIRST_NAMES[Number(person.msisdn.slice(-1))] ?? 'Ama'} Bench`;
    const signedUp = await services.people.signUpWithHash({
      msisdn: person.msisdn,
      name,
      language: person.language,
      pinHash,
    });
    if (!signedUp.ok) throw new Error(`sign-up failed: ${signedUp.reason}`);
    const funded = await services.ledger.transfer({
      id: `bench-fund-${person.msisdn}`,
      kind: 'topup',
      debit: accountIds.clearing('mtn_momo'),
      credits: [{ account: accountIds.wallet(person.msisdn), amount: FUNDING }],
      mode: 'single',
    });
    if (!funded.ok) throw new Error(`funding failed: ${funded.reason}`);
  });
  return people;
}

/**
 * The size of the session documents, which every turn reads and rewrites: on FerretDB v1 over PostgreSQL a bigger
 * document costs every scan more (measured: keeping five answers instead of one cost a fifth of the turns/s).
 */
async function sessionBytes(connection: Connection): Promise<{ mean: number; max: number }> {
  const sizes = (await connection.collection('conversation_session_revisions').find({}).toArray()).map((doc) =>
    mongoose.mongo.BSON.calculateObjectSize(doc),
  );
  const mean = sizes.length === 0 ? 0 : Math.round(sizes.reduce((sum, n) => sum + n, 0) / sizes.length);
  return { mean, max: Math.max(0, ...sizes) };
}

async function collectionSizes(connection: Connection): Promise<Record<string, number>> {
  const db = connection.db;
  if (!db) throw new Error('not connected');
  const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();
  const sizes: Record<string, number> = {};
  for (const name of names) sizes[name] = await db.collection(name).countDocuments({});
  return sizes;
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
    /** 1, 5 and 15 minute load averages: other work on the machine skews every figure. */
    loadBefore: number[];
    loadAfter: number[];
  };
  server: { backend: string; version: string };
  settings: {
    users: number;
    connections: number;
    /** `--rate`: webhook requests per second in the open loop; null in the closed loop. */
    rate: number | null;
    /** Lanes of people the webhook phase drew from: one per connection, or rate × LANE_SECONDS. */
    lanes: number;
    seconds: number;
    round: string[];
    messagesPerMinute: number;
  };
  setup: { seconds: number };
  baseline: PhaseResult;
  webhook: PhaseResult;
  baselineAfter: PhaseResult;
  /** Documents per collection before and after the webhook phase (FerretDB v1 reads scan whole collections). */
  collections: { beforeWebhook: Record<string, number>; afterWebhook: Record<string, number> };
  /** BSON bytes of the session documents after the webhook phase. */
  sessionBytes: { mean: number; max: number };
  ratio: number;
  /** Each target is judged where it is defined, null elsewhere: the ratio in the closed loop, the p99 at --rate 100. */
  targets: { ratio: number; p99Ms: number; p99Rate: number; ratioMet: boolean | null; p99Met: boolean | null };
  flowErrors: number;
  ok: boolean;
}

function failuresOf(p: PhaseResult): number {
  const t = p.turns;
  const turnFailures = t
    ? Object.values(t.unexpected).reduce((a, b) => a + b, 0) +
      Object.values(t.errors).reduce((a, b) => a + b, 0) +
      t.unknown +
      t.overlapping +
      t.duplicates
    : 0;
  return Object.values(p.failures).reduce((a, b) => a + b, 0) + p.errors + p.timeouts + turnFailures;
}

function verdict(met: boolean | null): string {
  if (met === null) return 'not judged in this run';
  return met ? 'met' : 'NOT MET';
}

function report(r: Results): string {
  const lines: string[] = [];
  lines.push(`SMS webhook benchmark: ${r.server.backend}, ${r.server.version}`);
  lines.push(
    `node ${r.machine.node}, ${r.machine.nproc} cores, ${r.machine.memoryGiB} GiB; load average before ` +
      `${r.machine.loadBefore.join(' ')}, after ${r.machine.loadAfter.join(' ')}`,
  );
  const load =
    r.settings.rate === null
      ? `${r.settings.connections} connections (one lane of people each; a person types a whole round, then the next)`
      : `baseline: ${r.settings.connections} connections in a closed loop; webhook: open loop, ` +
        `${r.settings.rate} requests/s due over ${r.settings.lanes} lanes (rate × ${LANE_SECONDS} s: a lane has ` +
        `one message in flight and rate × latency are in flight, so answers may take ${LANE_SECONDS} s on average ` +
        `before a due request finds no lane free; a person types a whole round, then the next of the lane), ` +
        `latency from each request's due time`;
  lines.push(
    `${r.settings.users} people signed up and funded (setup ${r.setup.seconds} s), ${load}, at most one message per ` +
      `person in flight, ${r.settings.seconds} s per phase; ` +
      `MESSAGES_PER_MINUTE ${r.settings.messagesPerMinute}`,
  );
  lines.push(`round of each person: ${r.settings.round.join(', ')}`);
  lines.push('');
  const phases = [r.baseline, r.webhook, r.baselineAfter];
  lines.push(
    table(
      [
        'phase',
        'ok/s',
        'ok',
        'p50 ms',
        'p90 ms',
        'p99 ms',
        'max ms',
        'non-2xx',
        'errors',
        'timeouts',
        'failed checks',
        'db cmds/req',
        'our CPU ms/req',
        'event loop',
      ],
      phases.map((p) => [
        p.name,
        String(p.perSecond),
        String(p.ok),
        p.latencyMs.p50.toFixed(1),
        p.latencyMs.p90.toFixed(1),
        p.latencyMs.p99.toFixed(1),
        p.latencyMs.max.toFixed(1),
        String(p.non2xx),
        String(p.errors),
        String(p.timeouts),
        String(failuresOf(p) - p.errors - p.timeouts),
        p.wireCommandsPerRequest.toFixed(2),
        p.cpuMsPerRequest.toFixed(2),
        p.eventLoopUtilization.toFixed(2),
      ]),
    ),
  );
  lines.push('');
  const open = r.webhook.openLoop;
  if (open) {
    lines.push(
      `open loop: ${open.due} webhook requests due, ${r.webhook.answered} answered; sent more than ${LATE_MS} ms ` +
        `after due: ${open.late}; found no lane free: ${open.waitedForLane}; send delay p99 ` +
        `${open.sendDelayMs.p99.toFixed(1)} ms, max ${open.sendDelayMs.max.toFixed(1)} ms; at most ` +
        `${open.maxInFlight} in flight`,
    );
  }
  lines.push(
    `turns/s ÷ baseline requests/s = ${r.ratio.toFixed(3)} (target ≥ ${TARGETS.ratio} in the closed loop: ` +
      `${verdict(r.targets.ratioMet)}); webhook p99 ${r.webhook.latencyMs.p99.toFixed(1)} ms ` +
      `(target < ${TARGETS.p99Ms} ms at --rate ${TARGETS.p99Rate}: ${verdict(r.targets.p99Met)})`,
  );
  for (const p of phases) lines.push(`cores during ${p.name}: ${cpuCell(p.cpu)}`);
  const t = r.webhook.turns;
  if (t) {
    lines.push('');
    lines.push(
      `webhook turns seen by the runtime: ${t.turns}; inside the runtime mean ${t.runtimeMs.mean} ms, ` +
        `p50 ${t.runtimeMs.p50} ms, p99 ${t.runtimeMs.p99} ms`,
    );
    lines.push(
      `wrong screens: ${describeCounts(t.unexpected)}; turn errors: ${describeCounts(t.errors)}; ` +
        `duplicates: ${t.duplicates}; unknown messages: ${t.unknown}; overlapping turns of one person: ${t.overlapping}; ` +
        `HTTP check failures: ${describeCounts(r.webhook.failures)}; flow errors: ${r.flowErrors}`,
    );
    lines.push(
      table(
        ['step (inside the runtime)', 'turns', 'mean ms', 'p50 ms', 'p99 ms', 'db cmds/turn', 'db ms/turn'],
        t.bySteps.map((s) => [
          s.step,
          String(s.turns),
          s.meanMs.toFixed(1),
          s.p50Ms.toFixed(1),
          s.p99Ms.toFixed(1),
          s.dbCommandsPerTurn.toFixed(2),
          s.dbMsPerTurn.toFixed(1),
        ]),
      ),
    );
    lines.push('');
    lines.push(
      'database commands per turn, by step (started inside the turn; batched ledger writes go to the caller):',
    );
    const commandNames = [...new Set(t.bySteps.flatMap((s) => Object.keys(s.commands)))].sort();
    lines.push(
      table(
        ['command collection', ...t.bySteps.map((s) => s.step)],
        commandNames.map((c) => [
          c,
          ...t.bySteps.map((s) => (s.commands[c] === undefined ? '-' : (s.commands[c] ?? 0).toFixed(2))),
        ]),
      ),
    );
  }
  for (const p of [r.webhook, r.baseline]) {
    lines.push('');
    lines.push(
      `database commands per ${p === r.webhook ? 'turn' : 'baseline request'} (${p.name}): ` +
        `${p.wireCommandsPerRequest.toFixed(2)} commands, ${p.dbMsPerRequest.toFixed(1)} ms summed round trip`,
    );
    lines.push(
      table(
        ['command collection', 'per req', 'docs/cmd', 'mean ms', 'ms/req', 'failed'],
        Object.entries(p.wire)
          .sort((a, b) => b[1].perRequest * b[1].meanMs - a[1].perRequest * a[1].meanMs)
          .map(([k, w]) => [
            k,
            w.perRequest.toFixed(3),
            w.docsPerCommand.toFixed(1),
            w.meanMs.toFixed(1),
            (w.perRequest * w.meanMs).toFixed(2),
            String(w.failed),
          ]),
      ),
    );
  }
  lines.push('');
  const touched = Object.keys(r.webhook.wire).map((k) => k.split(' ')[1] ?? '');
  lines.push(
    'documents in the collections the webhook phase touched, before → after it: ' +
      Object.entries(r.collections.afterWebhook)
        .filter(([name]) => touched.includes(name))
        .map(([name, n]) => `${name} ${r.collections.beforeWebhook[name] ?? 0} → ${n}`)
        .join(', '),
  );
  lines.push(
    `session documents after it: ${r.sessionBytes.mean} bytes on average, ${r.sessionBytes.max} at most (BSON)`,
  );
  lines.push(r.ok ? 'every measured request passed its checks' : 'SOME MEASURED REQUESTS FAILED (see above)');
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------------------------
// Main

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const startedAt = new Date().toISOString();
  const loadBefore = os.loadavg().map((l) => Math.round(l * 100) / 100);
  const cleanups = new Cleanups(log);
  const onSignal = (signal: NodeJS.Signals) => {
    log(`${signal}: cleaning up`);
    void cleanups.run().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    const database = await startBenchDatabase(options, cleanups);
    const dbName = `bench_webhook_${Date.now()}`;
    const connection = await mongoose
      .createConnection(database.uri, { dbName, autoIndex: false, monitorCommands: true })
      .asPromise();
    // Commands are also counted by the step of the round whose turn sent them.
    const wire = new WireMonitor(connection.getClient(), () => runningStep.getStore());
    cleanups.push('close connection', async () => {
      if (database.ferretdbPid === null) await connection.dropDatabase().catch(() => undefined);
      await connection.close();
    });
    const version = await serverVersion(connection);
    log(`${database.description}, ${version}; database ${dbName}`);

    // The product's settings as deployed (defaults), nothing read from this shell's environment.
    const config = loadConfig({});
    // The bill aggregator's real client, against the product's Smobilpay simulator on a loopback server.
    const simulators = await serveLocalSimulators(connection, config);
    cleanups.push('stop simulators', () => simulators.close());
    const services = await createServices(connection, config, { localSimulatorsUrl: simulators.url });
    // As npm start does: this also creates the collections a turn may write to first under load (inbound_answers…).
    // FerretDB v1 creates a collection on its first insert, and one created while every backend connection is
    // taken by turns in flight (≈150 at --rate 100) stalled the whole server for good.
    await ensureRetentionIndexes(connection);
    const workers = startWorkers(services, config);
    cleanups.push('stop workers', () => workers.stop());
    let flowErrors = 0;
    const { conversations } = createConversations(connection, services, config, {
      onError: () => {
        flowErrors += 1;
      },
    });

    // Production's logging at production's level, written nowhere: its cost is part of a turn.
    const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
    const logger = createLogger({ level: 'info', destination: sink });
    const metrics = new Metrics();
    countLedgerOperations(services.ledger, metrics);
    const expectations: Expectations = new Map();
    const checked = new CheckedConversations(conversations, expectations);
    const turns = new ChannelTurns(checked, metrics);
    const twilioSide = benchTwilio(PUBLIC_URL, SMS_WEBHOOK_PATH);
    const sms = createSmsChannel({
      turns,
      authToken: twilioSide.authToken,
      accountSid: twilioSide.accountSid,
      publicUrl: PUBLIC_URL,
      logger,
      metrics,
    });
    const baseline = baselineChannel(connection);
    const app = createHttpApp({
      turns,
      readiness: databaseReadiness(connection),
      metrics,
      logger,
      channels: [sms, baseline],
    });
    const server = await startHttpServer(app, 0, { host: '127.0.0.1', graceMs: 15_000 });
    cleanups.push('stop HTTP server', () => server.close());

    log(`setup: ${options.users} people signed up and funded with ${FUNDING} F each`);
    const setupStarted = performance.now();
    const people = await signUpPeople(services, options.users);
    // The balance and the history ask the PIN once per session: each person types it before the measured rounds
    // (after a first message, which only opens the conversation).
    await inParallel(people, SETUP_PARALLELISM, async (person) => {
      for (const text of ['hi', '1', PIN]) {
        const messageId = `unlock-${text}-${person.msisdn}`;
        await conversations.handle({
          channel: 'sms',
          msisdn: person.msisdn,
          messageId,
          at: new Date(),
          type: 'text',
          text,
        });
      }
    });
    const setupSeconds = Math.round((performance.now() - setupStarted) / 10) / 100;
    log(`  setup took ${setupSeconds} s`);

    const bench: Bench = {
      url: `http://127.0.0.1:${server.port}`,
      options,
      watched: { ferretdbPid: database.ferretdbPid, postgresDatabase: database.postgresDatabase },
      wire,
      checked,
    };
    const webhookServed: Served = { handled: () => checked.tally.turns, idle: () => turns.idle() };
    const baselineServed: Served = { handled: () => baseline.handled, idle: () => baseline.idle() };
    const from = `+${people[0]?.msisdn ?? benchMsisdn(0)}`;
    // One lane per connection in the closed loop; in the open loop, enough lanes that a due request finds one free.
    const rate = options.rate;
    const laneCount = rate === null ? options.connections : lanesForRate(rate);
    const lanes = lanesOf(people, laneCount).map((lane) => new Lane(lane, twilioSide, expectations));
    const webhook = (seconds: number) =>
      rate === null ? closedLoopWebhook(bench, lanes, seconds) : openLoopWebhook(bench, lanes, rate, seconds);
    const webhookLoad =
      rate === null ? `${options.connections} connections` : `open loop at ${rate} requests/s over ${laneCount} lanes`;

    if (rate !== null) {
      log(`staggering the ${laneCount} lanes over the round (lane k first types k mod ${ROUND.length} messages)`);
      const staggered = httpTally();
      for (const lane of lanes) lane.tally = staggered;
      await staggerLanes(lanes, `${bench.url}${SMS_WEBHOOK_PATH}`, REQUEST_TIMEOUT_SECONDS);
      if (Object.keys(staggered.failures).length > 0) log(`  failures: ${describeCounts(staggered.failures)}`);
    }

    const warmSeconds = Math.min(2, options.seconds);
    log(`warm-up: webhook and baseline, ${warmSeconds} s each (not measured)`);
    const warmWebhook = await measure(bench, 'warm-up webhook', SMS_WEBHOOK_PATH, webhookServed, webhook(warmSeconds));
    await baseline.fresh('bench_baseline_warmup');
    await measure(
      bench,
      'warm-up baseline',
      BASELINE_PATH,
      baselineServed,
      baselineLoad(bench, twilioSide, from, warmSeconds),
    );
    if (failuresOf(warmWebhook) > 0) {
      log(
        `  warm-up failures: ${describeCounts(warmWebhook.failures)} ${JSON.stringify(warmWebhook.turns?.unexpected)}`,
      );
    }

    log(`baseline (insertOne + findOne by _id), ${options.connections} connections, ${options.seconds} s`);
    await baseline.fresh('bench_baseline');
    const baselineResult = await measure(
      bench,
      'baseline',
      BASELINE_PATH,
      baselineServed,
      baselineLoad(bench, twilioSide, from, options.seconds),
    );
    log(`  ${baselineResult.perSecond} requests/s, p99 ${baselineResult.latencyMs.p99} ms`);

    const beforeWebhook = await collectionSizes(connection);
    log(`webhook (signed SMS turns), ${webhookLoad}, ${options.seconds} s`);
    flowErrors = 0;
    const webhookResult = await measure(bench, 'webhook', SMS_WEBHOOK_PATH, webhookServed, webhook(options.seconds));
    const webhookFlowErrors = flowErrors;
    log(`  ${webhookResult.perSecond} turns/s, p99 ${webhookResult.latencyMs.p99} ms`);
    if (webhookResult.openLoop) {
      log(`  sent late: ${webhookResult.openLoop.late}, waited for a lane: ${webhookResult.openLoop.waitedForLane}`);
    }
    const afterWebhook = await collectionSizes(connection);
    const sessionSizes = await sessionBytes(connection);

    log(`baseline again (drift check), ${options.seconds} s`);
    await baseline.fresh('bench_baseline_after');
    const baselineAfter = await measure(
      bench,
      'baseline after',
      BASELINE_PATH,
      baselineServed,
      baselineLoad(bench, twilioSide, from, options.seconds),
    );
    log(`  ${baselineAfter.perSecond} requests/s`);

    const ratio = baselineResult.perSecond > 0 ? round3(webhookResult.perSecond / baselineResult.perSecond) : 0;
    const results: Results = {
      command: `tsx tools/benchWebhook.ts ${redacted(process.argv.slice(2).join(' '))}`.trim(),
      startedAt,
      machine: {
        nproc: os.availableParallelism(),
        memoryGiB: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
        platform: `${os.platform()} ${os.release()}`,
        loadBefore,
        loadAfter: os.loadavg().map((l) => Math.round(l * 100) / 100),
      },
      server: { backend: database.description, version },
      settings: {
        users: options.users,
        connections: options.connections,
        rate: options.rate,
        lanes: laneCount,
        seconds: options.seconds,
        round: ROUND.map((s) => s.name),
        messagesPerMinute: config.MESSAGES_PER_MINUTE,
      },
      setup: { seconds: setupSeconds },
      baseline: baselineResult,
      webhook: webhookResult,
      baselineAfter,
      collections: { beforeWebhook, afterWebhook },
      sessionBytes: sessionSizes,
      ratio,
      targets: {
        ratio: TARGETS.ratio,
        p99Ms: TARGETS.p99Ms,
        p99Rate: TARGETS.p99Rate,
        ratioMet: options.rate === null ? ratio >= TARGETS.ratio : null,
        p99Met: options.rate === TARGETS.p99Rate ? webhookResult.latencyMs.p99 < TARGETS.p99Ms : null,
      },
      flowErrors: webhookFlowErrors,
      ok: false,
    };
    results.ok =
      webhookFlowErrors === 0 &&
      [baselineResult, webhookResult, baselineAfter].every((p) => failuresOf(p) === 0 && p.ok === p.answered);
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
  (error: unknown) => {
    if (error instanceof UsageError) log(`${error.message}\n${USAGE}`);
    else log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(2);
  },
);
