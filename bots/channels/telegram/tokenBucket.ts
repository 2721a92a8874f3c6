/**
 * A token bucket that hands out waits instead of refusals: each take reserves the next free slot, so callers that
 * arrive together leave spaced at the bucket's rate, in the order they arrived.
 */

export interface TokenBucketOptions {
  /** Slots refilled per second. */
  perSecond: number;
  /** How many slots can be used at once after a quiet period. */
  burst: number;
}

export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly options: TokenBucketOptions,
    now: number,
  ) {
    this.tokens = options.burst;
    this.updatedAt = now;
  }

  /** Reserves one slot; returns how many milliseconds to wait before using it (0: now). */
  take(now: number): number {
    this.refill(now);
    this.tokens -= 1;
    // A negative balance is slots already promised to earlier callers: this one waits until its own refills.
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.options.perSecond) * 1000);
  }

  /** Whether the bucket is full again at `now`: nobody is waiting and it may be forgotten. */
  isFull(now: number): boolean {
    this.refill(now);
    return this.tokens >= this.options.burst;
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.updatedAt) / 1000;
    this.tokens = Math.min(this.options.burst, this.tokens + elapsed * this.options.perSecond);
    this.updatedAt = now;
  }
}
