/**
 * The product's Prometheus metrics, on a registry of its own (so tests and several apps in one process never
 * share counters): messages per channel, turn latency, HTTP requests, refused webhooks, the outbox backlog and
 * ledger operations, plus Node's default process metrics.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Ledger, TransferResult } from '../../../domain/ledger/ledger';

export interface MetricsOptions {
  /** Node's process metrics (CPU, memory, event loop lag); on by default. */
  processMetrics?: boolean;
}

/** The outcome label of a ledger operation: ok, a refusal reason (a short fixed list), or error for a fault. */
export type LedgerOutcome = 'ok' | 'error' | string;

// Turns wait for the database and for rails up to TURN_TIMEOUT_MS (15 s by default): buckets reach past it.
const TURN_SECONDS_BUCKETS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30];

export class Metrics {
  readonly registry = new Registry();
  private readonly messages: Counter<'channel' | 'kind'>;
  private readonly turnSeconds: Histogram<'channel'>;
  private readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  private readonly refusedWebhooks: Counter<'channel' | 'reason'>;
  private readonly ledgerOperations: Counter<'operation' | 'outcome'>;
  private readonly outboxBacklog: Gauge;

  constructor(options: MetricsOptions = {}) {
    const registers = [this.registry];
    this.messages = new Counter({
      name: 'chatpay_messages_total',
      help: 'Inbound messages handed to the conversation runtime, by channel; kind is turn or duplicate.',
      labelNames: ['channel', 'kind'],
      registers,
    });
    this.turnSeconds = new Histogram({
      name: 'chatpay_turn_duration_seconds',
      help: 'How long one conversation turn took, from the inbound message to its replies.',
      labelNames: ['channel'],
      buckets: TURN_SECONDS_BUCKETS,
      registers,
    });
    this.httpRequests = new Counter({
      name: 'chatpay_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status.',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.refusedWebhooks = new Counter({
      name: 'chatpay_webhooks_refused_total',
      help: 'Webhook calls refused before any work, by channel and reason (bad signature, bad payload).',
      labelNames: ['channel', 'reason'],
      registers,
    });
    this.ledgerOperations = new Counter({
      name: 'chatpay_ledger_operations_total',
      help: 'Ledger operations (transfer, post, void, refund) by outcome: ok, a refusal reason, or error.',
      labelNames: ['operation', 'outcome'],
      registers,
    });
    // Set by the outbox delivery from time to time, never counted by a scrape: a count of the outbox reads the
    // whole collection on FerretDB, and scrapes must stay cheap whoever sends them and however often.
    this.outboxBacklog = new Gauge({
      name: 'chatpay_outbox_backlog',
      help: 'Notices in the outbox not sent yet, as last counted by the outbox delivery (NaN: not counted yet or the count failed).',
      registers,
    });
    this.outboxBacklog.set(Number.NaN);
    if (options.processMetrics !== false) collectDefaultMetrics({ register: this.registry });
  }

  /** Counts one inbound message of a channel; a duplicate delivery is counted apart. */
  message(channel: string, kind: 'turn' | 'duplicate'): void {
    this.messages.inc({ channel, kind });
  }

  /** Records how long one turn took. */
  turn(channel: string, seconds: number): void {
    this.turnSeconds.observe({ channel }, seconds);
  }

  /** Counts one answered HTTP request; route is the pattern (never the raw path, which may hold anything). */
  httpRequest(method: string, route: string, status: number): void {
    this.httpRequests.inc({ method, route, status: String(status) });
  }

  /** Counts a webhook refused before any work. */
  webhookRefused(channel: string, reason: string): void {
    this.refusedWebhooks.inc({ channel, reason });
  }

  /** Records the outbox backlog last counted; NaN when the count failed (unknown, never stale). */
  setOutboxBacklog(notices: number): void {
    this.outboxBacklog.set(notices);
  }

  /** Counts one ledger operation. */
  ledgerOperation(operation: string, outcome: LedgerOutcome): void {
    this.ledgerOperations.inc({ operation, outcome });
  }

  /** The Prometheus text exposition of every metric, and its content type. */
  async exposition(): Promise<{ contentType: string; text: string }> {
    return { contentType: this.registry.contentType, text: await this.registry.metrics() };
  }
}

const COUNTED_LEDGER_OPERATIONS = ['transfer', 'post', 'void', 'refund'] as const;

/**
 * Counts the ledger's money-moving operations by wrapping those methods of this one instance (the domain knows
 * nothing of metrics, and every service already holds this instance). Call once, at wiring time.
 */
export function countLedgerOperations(ledger: Ledger, metrics: Metrics): void {
  for (const operation of COUNTED_LEDGER_OPERATIONS) {
    const original = ledger[operation].bind(ledger) as (...args: unknown[]) => Promise<TransferResult>;
    Object.defineProperty(ledger, operation, {
      configurable: true,
      writable: true,
      value: async (...args: unknown[]): Promise<TransferResult> => {
        try {
          const result = await original(...args);
          metrics.ledgerOperation(operation, result.ok ? 'ok' : result.reason);
          return result;
        } catch (error) {
          metrics.ledgerOperation(operation, 'error');
          throw error;
        }
      },
    });
  }
}
