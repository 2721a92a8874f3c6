/**
 * A token bucket: at most `ratePerSecond` operations per second on average, with bursts of at most `burst`.
 * Callers reserve a slot and wait until it comes, so concurrent callers queue in order instead of polling.
 */

/** Milliseconds since an arbitrary origin, increasing; injected so tests can measure rates on a fake clock. */
export type MonotonicClock = () => number;

export class TokenBucket {
  private tokens: number;
  private updatedAt: number;
  private readonly burst: number;
  private readonly clock: MonotonicClock;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly ratePerSecond: number,
    options: { burst?: number; clock?: MonotonicClock; sleep?: (ms: number) => Promise<void> } = {},
  ) {
    if (!(ratePerSecond > 0)) throw new Error(`a rate must be positive, got ${ratePerSecond}`);
    // A burst of one spaces operations evenly: never more than ratePerSecond in any one-second window.
    this.burst = Math.max(1, options.burst ?? 1);
    this.clock = options.clock ?? (() => performance.now());
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.tokens = this.burst;
    this.updatedAt = this.clock();
  }

  /**
   * Reserves one token and tells how long to wait before using it (0 when one is available now). The balance may
   * go negative: each reservation then waits for its own refill, so reservations are served in order.
   */
  reserve(): number {
    const now = this.clock();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.updatedAt) * this.ratePerSecond) / 1000);
    this.updatedAt = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : (-this.tokens * 1000) / this.ratePerSecond;
  }

  /** Waits for a token and takes it. */
  async take(): Promise<void> {
    const wait = this.reserve();
    if (wait > 0) await this.sleep(wait);
  }
}
