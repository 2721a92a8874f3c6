/**
 * The outbox worker: delivers the notices the services queued (integrations/mongo/outbox.ts) to people on the
 * channel they last used, SMS otherwise, in their language (French without an account). Any number of processes
 * may run it at once:
 * - each attempt at a notice is claimed by an insert into a unique index, so one process sends it;
 * - a failed attempt is retried with exponential backoff (attempts and next time recorded on the notice); after
 *   maxAttempts, or at once when the provider refuses the message itself, the notice is `failed`, kept and counted;
 * - an attempt claimed by a process that died before recording it is counted as failed once its lease is over, so
 *   the next attempt can go; the text may then go out twice, the one case where it can (a provider takes no
 *   idempotency key for SMS), which beats losing the notice;
 * - each channel sends within its rate: a token bucket per channel and process spaces the sends, and with
 *   `sendSlots` the rate also holds for all processes together (sharedSendRate.ts).
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { startPeriodicWorker, type PeriodicWorker } from '../../../domain/periodicWorker';
import { maskMsisdn } from '../../../domain/phone';
import type { Language, UserDirectory } from '../../../domain/users';
import {
  NoticeSendError,
  smsOnlyDirectory,
  type AttemptOutcome,
  type ChannelDirectory,
  type DeliveryOutbox,
  type NoticeSender,
  type OutboxMessage,
  type SendSlotStore,
} from './ports';
import { SharedSendRate } from './sharedSendRate';
import { TokenBucket } from './tokenBucket';

/** The few logger methods used (pino's signature). */
export interface OutboxLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface OutboxWorkerOptions {
  outbox: DeliveryOutbox;
  /** One sender per channel; the fallback channel's sender is required. */
  senders: readonly NoticeSender[];
  /** Whose language to use: people without an account get `defaultLanguage`. */
  users: UserDirectory;
  /** Which channel each person last used; SMS for everyone when absent. */
  channels?: ChannelDirectory;
  /** The channel for people whose last channel has no sender (USSD, console) or is unknown. */
  fallbackChannel?: string;
  defaultLanguage?: Language;
  /** OUTBOX_MAX_ATTEMPTS: attempts before a notice is given up. */
  maxAttempts?: number;
  /** OUTBOX_RETRY_BASE_MS: the wait after the first failure, doubled after each further one… */
  retryBaseMs?: number;
  /** OUTBOX_RETRY_MAX_MS: …up to this. */
  retryMaxMs?: number;
  /** How long a claimed attempt may stay undecided before it is taken for abandoned; far above any send timeout. */
  claimLeaseMs?: number;
  /** Notices examined per pass. */
  batchSize?: number;
  /** Notices in flight at once in this process. */
  concurrency?: number;
  /** Sends per second and channel in this process (OUTBOX_SMS_PER_SECOND for `sms`); others get defaultRatePerSecond. */
  ratePerSecond?: Readonly<Record<string, number>>;
  defaultRatePerSecond?: number;
  /** Where the processes share each channel's rate; without it the rate holds per process only. */
  sendSlots?: SendSlotStore;
  logger?: OutboxLogger;
  clock?: () => Date;
  /** How the rate limiter waits; injected with the clock so tests measure rates on a fake clock. */
  sleep?: (ms: number) => Promise<void>;
  /** Names this process in claims (host, pid and a random suffix by default). */
  owner?: string;
}

/** What one pass did. */
export interface OutboxPassReport {
  examined: number;
  sent: number;
  /** Failed this time, to be tried again later. */
  retrying: number;
  /** Given up this pass. */
  failed: number;
  /** Claimed by another process (or still in flight there). */
  skipped: number;
}

type Outcome = 'sent' | 'retrying' | 'failed' | 'skipped';

export const OUTBOX_DEFAULTS = {
  intervalMs: 2000,
  maxAttempts: 8,
  retryBaseMs: 10_000,
  retryMaxMs: 30 * 60_000,
  claimLeaseMs: 5 * 60_000,
  batchSize: 100,
  concurrency: 4,
  defaultRatePerSecond: 10,
} as const;

const MAX_ERROR_LENGTH = 200;

/** Delivers outbox notices; run passes with `start` (periodic) or `runPass`. */
export class OutboxWorker {
  private readonly options: OutboxWorkerOptions;
  private readonly senders = new Map<string, NoticeSender>();
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly sharedRate: SharedSendRate | null;
  private readonly fallback: NoticeSender;
  private readonly channels: ChannelDirectory;
  private readonly clock: () => Date;
  private readonly owner: string;
  private readonly maxAttempts: number;

  constructor(options: OutboxWorkerOptions) {
    this.options = options;
    for (const sender of options.senders) this.senders.set(sender.channel, sender);
    const fallbackChannel = options.fallbackChannel ?? 'sms';
    const fallback = this.senders.get(fallbackChannel);
    if (!fallback) throw new Error(`the outbox needs a sender for its fallback channel ${fallbackChannel}`);
    this.fallback = fallback;
    this.channels = options.channels ?? smsOnlyDirectory;
    this.clock = options.clock ?? (() => new Date());
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? OUTBOX_DEFAULTS.maxAttempts);
    const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    this.sharedRate = options.sendSlots ? new SharedSendRate(options.sendSlots, this.clock, sleep) : null;
  }

  /** Runs passes now and every intervalMs (OUTBOX_INTERVAL_MS) until stopped. */
  start(
    options: { intervalMs?: number; onReport?: (report: OutboxPassReport) => void } = {},
  ): PeriodicWorker<OutboxPassReport> {
    return startPeriodicWorker(() => this.runPass(), {
      intervalMs: options.intervalMs ?? OUTBOX_DEFAULTS.intervalMs,
      onReport: options.onReport,
    });
  }

  /** One pass: the notices due now, oldest first, each attempted once. */
  async runPass(): Promise<OutboxPassReport> {
    const due = await this.options.outbox.due(this.clock(), this.options.batchSize ?? OUTBOX_DEFAULTS.batchSize);
    const report: OutboxPassReport = { examined: due.length, sent: 0, retrying: 0, failed: 0, skipped: 0 };
    await eachWithConcurrency(due, this.options.concurrency ?? OUTBOX_DEFAULTS.concurrency, async (message) => {
      try {
        report[await this.deliver(message)] += 1;
      } catch (error) {
        // Only recording an outcome can fail here: the attempt stays claimed and is taken over after its lease.
        report.skipped += 1;
        this.options.logger?.error({ notice: message._id, error: describe(error) }, 'outbox: recording failed');
      }
    });
    return report;
  }

  /** Notices waiting to be sent (for metrics). */
  backlog(): Promise<number> {
    return this.options.outbox.backlog();
  }

  /** Notices given up (for metrics and alerts). */
  failures(): Promise<number> {
    return this.options.outbox.failures();
  }

  private async deliver(message: OutboxMessage): Promise<Outcome> {
    const attempt = (message.attempts ?? 0) + 1;
    if (!(await this.options.outbox.claimAttempt(message._id, attempt, this.owner, this.clock()))) {
      await this.takeOverIfAbandoned(message, attempt);
      return 'skipped';
    }
    let channel = this.fallback.channel;
    let receipt;
    try {
      const language = (await this.options.users.find(message.to))?.language ?? this.options.defaultLanguage ?? 'fr';
      const sender = await this.senderFor(message);
      channel = sender.channel;
      try {
        receipt = await this.sendOn(sender, message, language);
      } catch (error) {
        // A channel that refuses for good (the person blocked the bot, unlinked the account) is no reason to
        // give the notice up while SMS may still reach them: the same attempt goes by SMS.
        if (sender === this.fallback || !isPermanent(error)) throw error;
        this.options.logger?.warn(
          { notice: message._id, recipient: maskMsisdn(message.to), channel, error: describe(error) },
          'outbox: channel refused for good, sending by the fallback channel',
        );
        channel = this.fallback.channel;
        receipt = await this.sendOn(this.fallback, message, language);
      }
    } catch (error) {
      return this.recordFailure(message, attempt, channel, error);
    }
    // Outside the try: a notice that went out must never be recorded as failed (it would go out again).
    await this.options.outbox.recordAttempt(message._id, attempt, {
      sent: true,
      channel,
      providerId: receipt.providerId,
      at: this.clock(),
    });
    this.options.logger?.info(
      { notice: message._id, key: message.notice.key, recipient: maskMsisdn(message.to), channel, attempt },
      'outbox: notice sent',
    );
    return 'sent';
  }

  private async sendOn(sender: NoticeSender, message: OutboxMessage, language: Language) {
    await this.bucketOf(sender.channel).take();
    await this.sharedRate?.take(sender.channel, this.rateOf(sender.channel));
    return sender.send(message.to, message.notice, language);
  }

  private async senderFor(message: OutboxMessage): Promise<NoticeSender> {
    if (message.notice.bySms === true) return this.fallback;
    const channel = await this.channels.channelFor(message.to);
    return (channel !== null ? this.senders.get(channel) : undefined) ?? this.fallback;
  }

  private bucketOf(channel: string): TokenBucket {
    let bucket = this.buckets.get(channel);
    if (!bucket) {
      bucket = new TokenBucket(this.rateOf(channel), {
        clock: () => this.clock().getTime(),
        sleep: this.options.sleep,
      });
      this.buckets.set(channel, bucket);
    }
    return bucket;
  }

  private rateOf(channel: string): number {
    return (
      this.options.ratePerSecond?.[channel] ?? this.options.defaultRatePerSecond ?? OUTBOX_DEFAULTS.defaultRatePerSecond
    );
  }

  private async recordFailure(
    message: OutboxMessage,
    attempt: number,
    channel: string,
    error: unknown,
  ): Promise<'retrying' | 'failed'> {
    const giveUp = isPermanent(error) || attempt >= this.maxAttempts;
    const now = this.clock();
    const outcome: AttemptOutcome = {
      sent: false,
      error: describe(error),
      at: now,
      retryAt: giveUp ? null : new Date(now.getTime() + this.retryDelayMs(attempt)),
    };
    await this.options.outbox.recordAttempt(message._id, attempt, outcome);
    const fields = {
      notice: message._id,
      key: message.notice.key,
      recipient: maskMsisdn(message.to),
      channel,
      attempt,
      error: outcome.error,
      retryAt: outcome.retryAt?.toISOString(),
    };
    if (giveUp) this.options.logger?.error(fields, 'outbox: notice given up');
    else this.options.logger?.warn(fields, 'outbox: send failed, will retry');
    return giveUp ? 'failed' : 'retrying';
  }

  /** The wait after failed attempt n (1 for the first): base, 2×base, 4×base… up to the maximum. */
  retryDelayMs(attempt: number): number {
    const base = this.options.retryBaseMs ?? OUTBOX_DEFAULTS.retryBaseMs;
    const max = this.options.retryMaxMs ?? OUTBOX_DEFAULTS.retryMaxMs;
    return Math.min(max, base * 2 ** Math.min(attempt - 1, 30));
  }

  /**
   * Another process holds this attempt. If it claimed it longer ago than the lease, it died (or hung) before
   * recording the outcome: count the attempt as failed, so the next pass can claim the next one.
   */
  private async takeOverIfAbandoned(message: OutboxMessage, attempt: number): Promise<void> {
    const claim = await this.options.outbox.claimOf(message._id, attempt);
    const now = this.clock();
    const lease = this.options.claimLeaseMs ?? OUTBOX_DEFAULTS.claimLeaseMs;
    if (!claim || now.getTime() - claim.claimedAt.getTime() < lease) return;
    const giveUp = attempt >= this.maxAttempts;
    await this.options.outbox.recordAttempt(message._id, attempt, {
      sent: false,
      error: `attempt abandoned by ${claim.owner}`,
      at: now,
      retryAt: giveUp ? null : now,
    });
    this.options.logger?.warn(
      { notice: message._id, recipient: maskMsisdn(message.to), attempt, owner: claim.owner },
      'outbox: abandoned attempt taken over',
    );
  }
}

function isPermanent(error: unknown): boolean {
  return error instanceof NoticeSendError && error.permanent;
}

/** An error as a short text safe to store and log: long digit runs (phone numbers) masked. */
function describe(error: unknown): string {
  const text =
    error instanceof NoticeSendError
      ? error.message
      : error instanceof Error
        ? `${error.name}: ${error.message}`
        : String(error);
  return text.replace(/\d{8,}/g, (digits) => maskMsisdn(digits)).slice(0, MAX_ERROR_LENGTH);
}

async function eachWithConcurrency<T>(items: readonly T[], concurrency: number, run: (item: T) => Promise<void>) {
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, async () => {
    while (next < items.length) {
      const item = items[next];
      next += 1;
      await run(item as T);
    }
  });
  await Promise.all(lanes);
}
