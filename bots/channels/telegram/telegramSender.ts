/**
 * Sending to Telegram within its Bot API limits (about 1 message per second per chat, 30 per second
 * overall): one queue per chat keeps a person's messages in order and spaced, a shared bucket spaces the bot's
 * messages overall, and a 429 answer waits the `retry_after` Telegram asks for, then tries again.
 */
import { TokenBucket } from './tokenBucket';

export interface TelegramSenderOptions {
  /** Messages per second in one chat, after the burst. */
  perChatPerSecond?: number;
  /** Messages one chat may get at once after a quiet period (Telegram tolerates short bursts). */
  perChatBurst?: number;
  /** Messages per second over all chats. */
  overallPerSecond?: number;
  /** How many times a call answered 429 is tried again. */
  maxRetries?: number;
  /**
   * The longest `retry_after` waited for (seconds). A longer one fails the call instead: a webhook held that long
   * would be retried by Telegram anyway, and a person is better served by an error than by silence.
   */
  maxRetryAfterSeconds?: number;
  /** Told of each 429, for logs and metrics. */
  onRateLimited?: (chatId: number, retryAfterSeconds: number) => void;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

// Buckets of chats that went quiet are forgotten once this many chats are known.
const MAX_IDLE_BUCKETS = 1000;

/** The queue every call to a chat goes through. */
export class TelegramSender {
  private readonly tails = new Map<number, Promise<unknown>>();
  private readonly chatBuckets = new Map<number, TokenBucket>();
  private readonly overall: TokenBucket;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: TelegramSenderOptions = {}) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    const overallPerSecond = options.overallPerSecond ?? 30;
    this.overall = new TokenBucket({ perSecond: overallPerSecond, burst: overallPerSecond }, this.now());
  }

  /**
   * Runs `call` for `chatId` after the calls queued before it for that chat, once both rate limits allow it; a 429
   * is waited out and the call tried again. Resolves or rejects with the call's own outcome.
   */
  run<T>(chatId: number, call: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(chatId) ?? Promise.resolve();
    // A failed call does not block the chat: the next one still goes.
    const result = previous.then(() => this.attempt(chatId, call));
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(chatId, tail);
    void tail.then(() => {
      if (this.tails.get(chatId) === tail) this.tails.delete(chatId);
    });
    return result;
  }

  private async attempt<T>(chatId: number, call: () => Promise<T>): Promise<T> {
    const maxRetries = this.options.maxRetries ?? 5;
    const maxRetryAfter = this.options.maxRetryAfterSeconds ?? 30;
    for (let attempt = 0; ; attempt += 1) {
      await this.slot(chatId);
      try {
        return await call();
      } catch (error) {
        const retryAfter = retryAfterOf(error);
        if (retryAfter === null || attempt >= maxRetries || retryAfter > maxRetryAfter) throw error;
        this.options.onRateLimited?.(chatId, retryAfter);
        await this.sleep(retryAfter * 1000);
      }
    }
  }

  /** Waits for the chat's next slot, then for the bot's. */
  private async slot(chatId: number): Promise<void> {
    const chatWait = this.bucketOf(chatId).take(this.now());
    if (chatWait > 0) await this.sleep(chatWait);
    const overallWait = this.overall.take(this.now());
    if (overallWait > 0) await this.sleep(overallWait);
  }

  private bucketOf(chatId: number): TokenBucket {
    let bucket = this.chatBuckets.get(chatId);
    if (bucket) return bucket;
    if (this.chatBuckets.size >= MAX_IDLE_BUCKETS) {
      const now = this.now();
      for (const [id, b] of this.chatBuckets) if (b.isFull(now)) this.chatBuckets.delete(id);
    }
    bucket = new TokenBucket(
      { perSecond: this.options.perChatPerSecond ?? 1, burst: this.options.perChatBurst ?? 3 },
      this.now(),
    );
    this.chatBuckets.set(chatId, bucket);
    return bucket;
  }
}

/** The seconds a 429 answer asks to wait (telegraf's TelegramError or the raw answer), or null for other errors. */
export function retryAfterOf(error: unknown): number | null {
  if (typeof error !== 'object' || error === null) return null;
  const { response } = error as { response?: { error_code?: unknown; parameters?: { retry_after?: unknown } } };
  if (response?.error_code !== 429) return null;
  const seconds = response.parameters?.retry_after;
  // A 429 without its wait (never seen, but the field is optional): a second is Telegram's usual window.
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0 ? seconds : 1;
}
