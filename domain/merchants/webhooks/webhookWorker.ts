/**
 * The webhook worker: each pass makes the next attempt of every delivery due (deliveryAttempts.ts decides who sends
 * which attempt), and now and then sweeps the events of the last 72 h for deliveries never enqueued (a process that
 * died between recording an event and enqueueing it). Any number of processes may run it at once.
 */
import { randomBytes } from 'node:crypto';
import type { MerchantEvent, MerchantEventStore } from '../merchantEvent';
import { startPeriodicWorker, type PeriodicWorker } from '../../periodicWorker';
import { deliveryId, newDelivery, RETRY_WINDOW_MS } from './deliveries';
import { DeliveryAttempts, type AttemptOutcome, type WebhookLogger } from './deliveryAttempts';
import type { WebhookDeliveryStore } from './deliveryStore';
import { wantsEvent, type WebhookEndpoint } from './endpoint';
import type { WebhookEndpointStore } from './endpointStore';
import type { WebhookSender } from './webhookSender';

export interface WebhookWorkerOptions {
  deliveries: WebhookDeliveryStore;
  endpoints: WebhookEndpointStore;
  events: Pick<MerchantEventStore, 'getEvent' | 'recent'>;
  sender: WebhookSender;
  clock?: () => Date;
  /** Names this process in the attempts it claims (host-free: pid and a random suffix by default). */
  owner?: string;
  /** How long an unfinished attempt blocks the next; far above the sender's timeout. */
  leaseMs?: number;
  /** Deliveries examined per pass. */
  batchSize?: number;
  /** Deliveries in flight at once in this process. */
  concurrency?: number;
  /** How often a pass also sweeps for events never enqueued. */
  sweepEveryMs?: number;
  /** Events younger than this are left to their own enqueue (it is probably running). */
  sweepGraceMs?: number;
  logger?: WebhookLogger;
}

/** What one pass did. */
export interface WebhookPassReport {
  examined: number;
  delivered: number;
  retrying: number;
  failed: number;
  /** Held by another process. */
  skipped: number;
  /** Deliveries the sweep created this pass. */
  swept: number;
}

export const WEBHOOK_WORKER_DEFAULTS = {
  intervalMs: 2000,
  leaseMs: 120_000,
  batchSize: 100,
  concurrency: 8,
  sweepEveryMs: 5 * 60_000,
  sweepGraceMs: 60_000,
} as const;

const SWEEP_PAGE = 500;

export class WebhookWorker {
  private readonly clock: () => Date;
  private readonly attempts: DeliveryAttempts;
  private lastSweep: number | null = null;

  constructor(private readonly options: WebhookWorkerOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.attempts = new DeliveryAttempts({
      deliveries: options.deliveries,
      endpoints: options.endpoints,
      events: options.events,
      sender: options.sender,
      clock: this.clock,
      owner: options.owner ?? `worker:${process.pid}:${randomBytes(3).toString('hex')}`,
      leaseMs: options.leaseMs ?? WEBHOOK_WORKER_DEFAULTS.leaseMs,
      logger: options.logger,
    });
  }

  /** Runs passes now and every intervalMs (WEBHOOK_INTERVAL_MS) until stopped. */
  start(
    options: { intervalMs?: number; onReport?: (report: WebhookPassReport) => void } = {},
  ): PeriodicWorker<WebhookPassReport> {
    return startPeriodicWorker(() => this.runPass(), {
      intervalMs: options.intervalMs ?? WEBHOOK_WORKER_DEFAULTS.intervalMs,
      onReport: options.onReport,
    });
  }

  /** One pass: the sweep when its time has come, then every due delivery attempted once. */
  async runPass(): Promise<WebhookPassReport> {
    const now = this.clock();
    let swept = 0;
    const sweepEvery = this.options.sweepEveryMs ?? WEBHOOK_WORKER_DEFAULTS.sweepEveryMs;
    if (this.lastSweep === null || now.getTime() - this.lastSweep >= sweepEvery) {
      this.lastSweep = now.getTime();
      swept = await this.sweep();
    }
    const due = await this.options.deliveries.due(now, this.options.batchSize ?? WEBHOOK_WORKER_DEFAULTS.batchSize);
    const report: WebhookPassReport = { examined: due.length, delivered: 0, retrying: 0, failed: 0, skipped: 0, swept };
    await eachWithConcurrency(due, this.options.concurrency ?? WEBHOOK_WORKER_DEFAULTS.concurrency, async (d) => {
      let outcome: AttemptOutcome;
      try {
        outcome = await this.attempts.attemptDue(d);
      } catch (error) {
        // A store failed: the attempt, if claimed, is taken over after its lease.
        outcome = 'skipped';
        this.options.logger?.error({ delivery: d._id, error: String(error).slice(0, 200) }, 'webhooks: pass failed');
      }
      report[outcome] += 1;
    });
    return report;
  }

  /**
   * Creates the deliveries missing for the events of the last 72 h (older than the grace), to each endpoint that
   * wants them. Gives how many it created.
   */
  async sweep(): Promise<number> {
    const now = this.clock().getTime();
    const until = now - (this.options.sweepGraceMs ?? WEBHOOK_WORKER_DEFAULTS.sweepGraceMs);
    let since = new Date(now - RETRY_WINDOW_MS);
    const endpointsOf = new Map<string, Promise<WebhookEndpoint[]>>();
    const seen = new Set<string>();
    let created = 0;
    for (;;) {
      const page = await this.options.events.recent(since, SWEEP_PAGE);
      const fresh = page.filter((e) => !seen.has(e._id) && e.createdAt.getTime() <= until);
      for (const event of fresh) seen.add(event._id);
      created += await this.enqueueMissing(fresh, endpointsOf);
      const last = page[page.length - 1];
      // A full page moves on from its last event (inclusive: ties are kept apart by `seen`); a page that cannot
      // move on (more events of one millisecond than a page) or reaches the grace ends the sweep.
      if (page.length < SWEEP_PAGE || !last || last.createdAt.getTime() > until) break;
      if (last.createdAt.getTime() === since.getTime()) break;
      since = last.createdAt;
    }
    if (created > 0) this.options.logger?.warn({ created }, 'webhooks: sweep enqueued missing deliveries');
    return created;
  }

  private async enqueueMissing(
    events: MerchantEvent[],
    endpointsOf: Map<string, Promise<WebhookEndpoint[]>>,
  ): Promise<number> {
    const wanted: { event: MerchantEvent; endpoint: WebhookEndpoint }[] = [];
    for (const event of events) {
      let endpoints = endpointsOf.get(event.merchantId);
      if (!endpoints) {
        endpoints = this.options.endpoints.byMerchant(event.merchantId);
        endpointsOf.set(event.merchantId, endpoints);
      }
      for (const endpoint of (await endpoints).filter((e) => wantsEvent(e, event))) wanted.push({ event, endpoint });
    }
    if (wanted.length === 0) return 0;
    const existing = await this.options.deliveries.existing(wanted.map((w) => deliveryId(w.event._id, w.endpoint._id)));
    let created = 0;
    for (const { event, endpoint } of wanted) {
      if (existing.has(deliveryId(event._id, endpoint._id))) continue;
      const inserted = await this.options.deliveries.insertDelivery(newDelivery(event, endpoint._id, this.clock()));
      if (inserted === 'inserted') created += 1;
    }
    return created;
  }
}

async function eachWithConcurrency<T>(items: readonly T[], concurrency: number, run: (item: T) => Promise<void>) {
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, async () => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await run(item);
    }
  });
  await Promise.all(lanes);
}
