/**
 * Per-person turn locks in this process's memory: the twin of MongoTurnLocks for tests and tools that run one
 * process. Same rules: one holder at a time; a lock not released within its lease may be taken over; a holder
 * released after a takeover does not remove the new holder's lock.
 */
import type { Msisdn } from '../../domain/phone';
import type { HeldLock, TurnLocks } from '../../bots/runtime/ports';

export interface MemoryTurnLocksOptions {
  /** How long a lock holds without its holder. */
  ttlMs: number;
  clock?: () => Date;
}

interface Lock {
  token: symbol;
  expiresAt: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class MemoryTurnLocks implements TurnLocks {
  private readonly locks = new Map<Msisdn, Lock>();
  private readonly ttlMs: number;
  private readonly clock: () => Date;

  constructor(options: MemoryTurnLocksOptions) {
    this.ttlMs = options.ttlMs;
    this.clock = options.clock ?? (() => new Date());
  }

  async acquire(msisdn: Msisdn, waitMs: number): Promise<HeldLock | null> {
    const deadline = Date.now() + waitMs;
    let pause = 2;
    for (;;) {
      const now = this.clock().getTime();
      const holder = this.locks.get(msisdn);
      if (!holder || holder.expiresAt < now) {
        const token = Symbol(msisdn);
        this.locks.set(msisdn, { token, expiresAt: now + this.ttlMs });
        return { release: async () => this.release(msisdn, token) };
      }
      if (Date.now() >= deadline) return null;
      await sleep(pause);
      pause = Math.min(pause * 2, 50);
    }
  }

  private release(msisdn: Msisdn, token: symbol): void {
    if (this.locks.get(msisdn)?.token === token) this.locks.delete(msisdn);
  }
}
