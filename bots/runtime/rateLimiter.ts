/**
 * Per-person message rate limit: a sliding one-minute window of message times, in this process's memory. Several
 * processes each apply it, so a person spread over N processes gets up to N times the limit: enough to stop a
 * runaway client or a flood, which is what it is for; money is protected by the PIN and the ledger, not by this.
 */
export class RateLimiter {
  private readonly perMinute: number;
  private readonly clock: () => Date;
  private readonly recent = new Map<string, number[]>();

  constructor(options: { perMinute: number; clock: () => Date }) {
    this.perMinute = options.perMinute;
    this.clock = options.clock;
  }

  /** Counts a message from `who`; false when it goes beyond the limit (and is then not counted). */
  allow(who: string): boolean {
    const now = this.clock().getTime();
    const times = (this.recent.get(who) ?? []).filter((t) => now - t < 60_000);
    if (times.length >= this.perMinute) {
      this.recent.set(who, times);
      return false;
    }
    times.push(now);
    this.recent.set(who, times);
    // Forget people who went quiet, so the map does not grow with every number ever seen.
    if (this.recent.size > 10_000) {
      for (const [key, value] of this.recent) if (value.every((t) => now - t >= 60_000)) this.recent.delete(key);
    }
    return true;
  }
}
