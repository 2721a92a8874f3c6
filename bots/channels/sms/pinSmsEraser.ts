/**
 * Removes an inbound SMS that held a PIN from Twilio's message log, through its REST API
 * (`DELETE /2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}.json`, the twilio package's
 * `messages(sid).remove()`), so the PIN does not stay readable in Twilio's console and API.
 *
 * It runs beside the reply, never in its way: `erase` returns at once and nothing it does can fail a turn. Twilio
 * refuses to delete a message it has not finished processing (error 20009: "wait at least a minute"), so each
 * deletion is first written down (PinSmsDeletions), tried at once, and when refused tried again later with growing
 * waits, by this process or, after a restart, by any other: a periodic pass takes the deletions that are due. One
 * that never succeeds is logged with its MessageSid (never the body) for someone to delete by hand. A message
 * already gone (404: another process was first) counts as deleted.
 */
import twilio from 'twilio';
import type { Logger } from '../../../integrations/logger';
import { RedirectingRequestClient } from '../../../integrations/twilio/redirectingRequestClient';
import type { PendingPinSms, PinSmsDeletions } from './ports';

export interface PinSmsEraserOptions {
  /** The auth token of the account the messages belong to (TWILIO_AUTH_TOKEN). */
  authToken: string;
  /** TWILIO_API_BASE_URL: a simulator's URL; Twilio's own hosts when unset. */
  apiBaseUrl?: string;
  deletions: PinSmsDeletions;
  logger: Logger;
  /** The waits before each new try after a refusal; as many tries as waits, plus the first. */
  retryDelaysMs?: readonly number[];
  /** How often the deletions due are looked for (the retries' granularity). */
  passIntervalMs?: number;
  /** Per request. */
  timeoutMs?: number;
  clock?: () => Date;
}

/** Twilio asks for a minute at least, and says some records take longer to finish: about a day of tries in all. */
export const DEFAULT_ERASE_RETRY_DELAYS_MS: readonly number[] = [
  60_000,
  5 * 60_000,
  30 * 60_000,
  3 * 3_600_000,
  20 * 3_600_000,
];
const DEFAULT_PASS_INTERVAL_MS = 30_000;
const DEFAULT_TIMEOUT_MS = 10_000;
// Deletions tried by one pass; the rest wait for the next.
const PASS_LIMIT = 50;

export class PinSmsEraser {
  private readonly retryDelaysMs: readonly number[];
  private readonly timeoutMs: number;
  private readonly clock: () => Date;
  private readonly log: Logger;
  /** A REST client per account (the account is the webhook's, checked by its signature). */
  private readonly clients = new Map<string, twilio.Twilio>();
  /** The messages being deleted by this process now, and what their tries will be done with. */
  private readonly inFlight = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private passing: Promise<void> | null = null;

  constructor(private readonly options: PinSmsEraserOptions) {
    this.retryDelaysMs = options.retryDelaysMs ?? DEFAULT_ERASE_RETRY_DELAYS_MS;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.clock = options.clock ?? (() => new Date());
    this.log = options.logger.child({ channel: 'sms', worker: 'pin_sms_eraser' });
  }

  /** Writes the deletion down and tries it now, in the background; never throws, never waits. */
  erase(accountSid: string, messageSid: string): void {
    if (this.inFlight.has(messageSid)) return;
    const pending: PendingPinSms = { messageSid, accountSid, tries: 0, nextAt: this.clock() };
    this.track(
      messageSid,
      this.options.deletions
        .add(pending)
        .catch((error: unknown) => {
          // Tried all the same; only a retry after a restart is lost.
          this.log.warn({ messageSid, err: errorName(error) }, 'pin sms deletion not written down');
        })
        .then(() => this.tryOnce(pending)),
    );
  }

  /** Starts the periodic pass over the deletions due (left by a refusal, a restart or another process). */
  start(): void {
    if (this.timer) return;
    const interval = this.options.passIntervalMs ?? DEFAULT_PASS_INTERVAL_MS;
    this.timer = setInterval(() => void this.pass(), interval);
    // The pass must not keep the process alive.
    this.timer.unref();
    void this.pass();
  }

  /** Tries every deletion due now that this process is not already trying. */
  async pass(): Promise<void> {
    if (this.passing) return this.passing;
    this.passing = (async () => {
      try {
        const due = await this.options.deletions.due(this.clock(), PASS_LIMIT);
        for (const pending of due) {
          if (!this.inFlight.has(pending.messageSid)) this.track(pending.messageSid, this.tryOnce(pending));
        }
      } catch (error) {
        this.log.warn({ err: errorName(error) }, 'pin sms deletions not read');
      }
    })().finally(() => (this.passing = null));
    return this.passing;
  }

  /** Resolves once the tries started so far are over (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0 || this.passing) {
      await Promise.all([...this.inFlight.values(), this.passing]);
    }
  }

  /** Stops the pass and lets the tries in flight end; deletions still waiting stay written down for the next start. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.idle();
  }

  private track(messageSid: string, work: Promise<void>): void {
    const done = work
      .catch((error: unknown) => this.log.warn({ messageSid, err: errorName(error) }, 'pin sms deletion failed'))
      .finally(() => this.inFlight.delete(messageSid));
    this.inFlight.set(messageSid, done);
  }

  private async tryOnce(pending: PendingPinSms): Promise<void> {
    const { messageSid } = pending;
    const tries = pending.tries + 1;
    const outcome = await this.remove(pending);
    if (outcome === 'deleted' || outcome === 'gone') {
      await this.options.deletions.remove(messageSid);
      this.log.info({ messageSid, tries, outcome }, 'pin sms erased from twilio');
      return;
    }
    const delay = this.retryDelaysMs[tries - 1];
    if (delay === undefined) {
      await this.options.deletions.remove(messageSid);
      this.log.error({ messageSid, tries, ...outcome }, 'pin sms could not be erased from twilio: delete it by hand');
      return;
    }
    await this.options.deletions.reschedule({ ...pending, tries, nextAt: new Date(this.clock().getTime() + delay) });
    this.log.warn({ messageSid, tries, delayMs: delay, ...outcome }, 'pin sms erase retried later');
  }

  /** One DELETE call: done, already gone, or why not (status and Twilio's code only: nothing of the message). */
  private async remove(
    pending: PendingPinSms,
  ): Promise<'deleted' | 'gone' | { status?: number; code?: number; reason?: string }> {
    try {
      await this.client(pending.accountSid)
        .api.v2010.accounts(pending.accountSid)
        .messages(pending.messageSid)
        .remove();
      return 'deleted';
    } catch (error) {
      if (error instanceof twilio.RestException) {
        if (error.status === 404) return 'gone';
        return { status: error.status, ...(error.code ? { code: error.code } : {}) };
      }
      const code = (error as { code?: unknown } | null)?.code;
      return { reason: typeof code === 'string' ? code : errorName(error) };
    }
  }

  private client(accountSid: string): twilio.Twilio {
    let client = this.clients.get(accountSid);
    if (!client) {
      const { authToken, apiBaseUrl } = this.options;
      const timeout = this.timeoutMs;
      // No SDK auto-retry: the waits above follow Twilio's advice for this refusal.
      client = twilio(accountSid, authToken, {
        timeout,
        autoRetry: false,
        ...(apiBaseUrl ? { httpClient: new RedirectingRequestClient(apiBaseUrl, { timeout }) } : {}),
      });
      this.clients.set(accountSid, client);
    }
    return client;
  }
}

/** An error's name only: a message could quote a request. */
function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
