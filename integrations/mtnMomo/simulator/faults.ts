/**
 * Faults the simulated MTN can be told to commit, so the client's and the product's handling of them is tested
 * over real HTTP: answers that fail or never come in time, callbacks lost, repeated or late, a payment that never
 * ends. Each is a count of the next calls (or callbacks, or payments) it applies to. Kept in memory: a fault is a
 * test's instruction to this process, not MTN's state.
 */
import { z } from 'zod';

/** What the next callback does. */
export type CallbackPlan =
  { kind: 'normal' } | { kind: 'drop' } | { kind: 'duplicate' } | { kind: 'delay'; ms: number };

/** The admin route's body: every field adds to what is already planned. */
export const faultOrder = z
  .object({
    /** The next N product API calls answer 500 before doing anything. */
    failNext: z.number().int().min(0).max(1000).optional(),
    /** The next N product API calls are carried out, but answered only after the simulator's hang time. */
    hangNext: z.number().int().min(0).max(1000).optional(),
    dropCallbacks: z.number().int().min(0).max(1000).optional(),
    duplicateCallbacks: z.number().int().min(0).max(1000).optional(),
    delayCallbacks: z
      .object({ count: z.number().int().min(0).max(1000), ms: z.number().int().min(0).max(600_000) })
      .optional(),
    /** The next N payments accepted stay PENDING forever, whatever their number says. */
    pendingForever: z.number().int().min(0).max(1000).optional(),
    /** Forgets every fault still planned (applied before the other fields). */
    reset: z.boolean().optional(),
  })
  .strict();

export type FaultOrder = z.infer<typeof faultOrder>;

/** The faults still planned. */
export class SimulatorFaults {
  private failures = 0;
  private hangs = 0;
  private drops = 0;
  private duplicates = 0;
  private delays: number[] = [];
  private stuck = 0;

  apply(order: FaultOrder): void {
    if (order.reset) this.reset();
    this.failures += order.failNext ?? 0;
    this.hangs += order.hangNext ?? 0;
    this.drops += order.dropCallbacks ?? 0;
    this.duplicates += order.duplicateCallbacks ?? 0;
    if (order.delayCallbacks) {
      for (let i = 0; i < order.delayCallbacks.count; i += 1) this.delays.push(order.delayCallbacks.ms);
    }
    this.stuck += order.pendingForever ?? 0;
  }

  reset(): void {
    this.failures = 0;
    this.hangs = 0;
    this.drops = 0;
    this.duplicates = 0;
    this.delays = [];
    this.stuck = 0;
  }

  /** Whether this call answers 500 (and uses up one planned failure). */
  takeFailure(): boolean {
    return this.take('failures');
  }

  /** Whether this call's answer is held back (and uses up one planned hang). */
  takeHang(): boolean {
    return this.take('hangs');
  }

  /** Whether this new payment stays pending forever. */
  takeStuck(): boolean {
    return this.take('stuck');
  }

  /** What the next callback does: dropped first, then duplicated, then delayed, in that order of precedence. */
  takeCallbackPlan(): CallbackPlan {
    if (this.take('drops')) return { kind: 'drop' };
    if (this.take('duplicates')) return { kind: 'duplicate' };
    const ms = this.delays.shift();
    return ms === undefined ? { kind: 'normal' } : { kind: 'delay', ms };
  }

  private take(counter: 'failures' | 'hangs' | 'drops' | 'duplicates' | 'stuck'): boolean {
    if (this[counter] <= 0) return false;
    this[counter] -= 1;
    return true;
  }
}
