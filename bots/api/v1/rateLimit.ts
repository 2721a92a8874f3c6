/**
 * Rate limits per API key: a fixed window of `windowSeconds` allowing `requests`, counted across processes in the
 * database (one insert per request and a count, so concurrent requests are never undercounted). Every answer to an
 * authenticated request carries X-RateLimit-Limit, -Remaining and -Reset (Unix seconds); a refusal is a 429 with
 * Retry-After (seconds).
 */
import type { Logger } from '../../../integrations/logger';
import type { ApiRateLimitStore } from '../ports';
import { ApiError } from './errors';

export interface RateLimitSettings {
  requests: number;
  windowSeconds: number;
}

export class RateLimiter {
  private lastSweep = 0;

  constructor(
    private readonly store: ApiRateLimitStore,
    private readonly settings: RateLimitSettings,
    private readonly logger: Logger,
  ) {}

  /** Counts a request of `keyId` at `now`: answers the headers to send, or throws a 429 carrying them. */
  async check(keyId: string, now: Date): Promise<Record<string, string>> {
    const windowMs = this.settings.windowSeconds * 1000;
    const window = Math.floor(now.getTime() / windowMs);
    const resetAt = (window + 1) * windowMs;
    this.sweepNowAndThen(now, windowMs);
    const count = await this.store.hit(keyId, window, now);
    const headers = {
      'X-RateLimit-Limit': String(this.settings.requests),
      'X-RateLimit-Remaining': String(Math.max(0, this.settings.requests - count)),
      'X-RateLimit-Reset': String(Math.ceil(resetAt / 1000)),
    };
    if (count > this.settings.requests) {
      const retryAfter = Math.max(1, Math.ceil((resetAt - now.getTime()) / 1000));
      throw new ApiError(
        429,
        'rate_limit',
        'rate_limited',
        `Too many requests: at most ${this.settings.requests} per ${this.settings.windowSeconds} s; retry in ${retryAfter} s.`,
        undefined,
        { ...headers, 'Retry-After': String(retryAfter) },
      );
    }
    return headers;
  }

  // Hits of past windows count for nothing: removed at most once a minute per process, off the request's path.
  private sweepNowAndThen(now: Date, windowMs: number): void {
    const interval = Math.max(windowMs, 60_000);
    if (now.getTime() - this.lastSweep < interval) return;
    this.lastSweep = now.getTime();
    this.store
      .sweep(new Date(now.getTime() - 2 * windowMs))
      .catch((error: unknown) => this.logger.warn({ err: error }, 'rate-limit sweep failed'));
  }
}
