/**
 * Removes an inbound SMS that held a PIN from Twilio's message log, through its REST API
 * (`DELETE /2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}.json`, the twilio package's
 * `messages(sid).remove()`), so the PIN does not stay readable in Twilio's console and API.
 *
 * It runs beside the reply, never in its way: `erase` returns at once and nothing it does can fail a turn. Twilio
 * refuses to delete a message it has not finished processing (error 20009: "wait at least a minute"), so a refused
 * deletion is tried again later, with growing waits; one that never succeeds is logged with its MessageSid (never
 * the body) for someone to delete by hand. A message already gone (404) counts as deleted. The retries live in
 * this process: a restart forgets the ones still waiting, and `stop` logs them.
 */
import twilio from 'twilio';
import type { Logger } from '../../integrations/logger';
import { RedirectingRequestClient } from '../../integrations/twilio/redirectingRequestClient';

export interface PinSmsEraserOptions {
  /** The auth token of the account the messages belong to (TWILIO_AUTH_TOKEN). */
  authToken: string;
  /** TWILIO_API_BASE_URL: a simulator's URL; Twilio's own hosts when unset. */
  apiBaseUrl?: string;
  logger: Logger;
  /** The waits before each new try after a refusal; as many tries as waits, plus the first. */
  retryDelaysMs?: readonly number[];
  /** Per request. */
  timeoutMs?: number;
}

/** Twilio asks for a minute at least, and says some records take longer to finish: about a day of tries in all. */
export const DEFAULT_ERASE_RETRY_DELAYS_MS: readonly number[] = [
  60_000,
  5 * 60_000,
  30 * 60_000,
  3 * 3_600_000,
  20 * 3_600_000,
];
const DEFAULT_TIMEOUT_MS = 10_000;

/** One message to delete: whose it is, and how many tries it has had. */
interface Pending {
  accountSid: string;
  messageSid: string;
  tries: number;
  timer: NodeJS.Timeout | null;
}

export class PinSmsEraser {
  private readonly retryDelaysMs: readonly number[];
  private readonly timeoutMs: number;
  private readonly log: Logger;
  /** A REST client per account (the account is the webhook's, checked by its signature). */
  private readonly clients = new Map<string, twilio.Twilio>();
  /** The deletions not done yet, by MessageSid. */
  private readonly pending = new Map<string, Pending>();
  /** Tries running now, so `idle` can wait for them. */
  private readonly running = new Set<Promise<void>>();
  private stopped = false;

  constructor(private readonly options: PinSmsEraserOptions) {
    this.retryDelaysMs = options.retryDelaysMs ?? DEFAULT_ERASE_RETRY_DELAYS_MS;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.log = options.logger.child({ channel: 'sms', worker: 'pin_sms_eraser' });
  }

  /** Starts deleting a message now, and keeps trying in the background; never throws, never waits. */
  erase(accountSid: string, messageSid: string): void {
    if (this.stopped || this.pending.has(messageSid)) return;
    const entry: Pending = { accountSid, messageSid, tries: 0, timer: null };
    this.pending.set(messageSid, entry);
    this.attempt(entry);
  }

  /** How many deletions are still to be done. */
  get waiting(): number {
    return this.pending.size;
  }

  /** Resolves once no try is running and none is waiting (tests; with short retry delays). */
  async idle(): Promise<void> {
    while (this.running.size > 0 || this.pending.size > 0) {
      if (this.running.size > 0) await Promise.all([...this.running]);
      else await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Stops trying: lets the tries in flight end, and logs the messages left in Twilio's log. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const entry of this.pending.values()) if (entry.timer) clearTimeout(entry.timer);
    await Promise.all([...this.running]);
    for (const entry of this.pending.values()) {
      this.log.warn({ messageSid: entry.messageSid, tries: entry.tries }, 'pin sms left in twilio log at shutdown');
    }
    this.pending.clear();
  }

  private attempt(entry: Pending): void {
    entry.timer = null;
    const run = this.tryOnce(entry).finally(() => this.running.delete(run));
    this.running.add(run);
  }

  private async tryOnce(entry: Pending): Promise<void> {
    entry.tries += 1;
    const outcome = await this.remove(entry);
    if (outcome === 'deleted' || outcome === 'gone') {
      this.pending.delete(entry.messageSid);
      this.log.info({ messageSid: entry.messageSid, tries: entry.tries, outcome }, 'pin sms erased from twilio');
      return;
    }
    const delay = this.retryDelaysMs[entry.tries - 1];
    if (delay === undefined || this.stopped) {
      this.pending.delete(entry.messageSid);
      this.log.error(
        { messageSid: entry.messageSid, tries: entry.tries, ...outcome },
        'pin sms could not be erased from twilio: delete it by hand',
      );
      return;
    }
    this.log.warn(
      { messageSid: entry.messageSid, tries: entry.tries, delayMs: delay, ...outcome },
      'pin sms erase retried',
    );
    entry.timer = setTimeout(() => this.attempt(entry), delay);
    // A retry waiting must not keep the process alive.
    entry.timer.unref();
  }

  /** One DELETE call: done, already gone, or why not (status and Twilio's code only: nothing of the message). */
  private async remove(
    entry: Pending,
  ): Promise<'deleted' | 'gone' | { status?: number; code?: number; reason?: string }> {
    try {
      await this.client(entry.accountSid).api.v2010.accounts(entry.accountSid).messages(entry.messageSid).remove();
      return 'deleted';
    } catch (error) {
      if (error instanceof twilio.RestException) {
        if (error.status === 404) return 'gone';
        return { status: error.status, ...(error.code ? { code: error.code } : {}) };
      }
      return { reason: error instanceof Error ? error.name : 'unknown' };
    }
  }

  private client(accountSid: string): twilio.Twilio {
    let client = this.clients.get(accountSid);
    if (!client) {
      const { authToken, apiBaseUrl } = this.options;
      const timeout = this.timeoutMs;
      // No SDK auto-retry: the waits above are Twilio's advice for this refusal, not a generic backoff.
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
