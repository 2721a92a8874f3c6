/**
 * Faults the Smobilpay simulator can be told to play, so timeouts, 5xx and slow billers can be tested over real
 * HTTP: the next N API calls answer 500 (`fail`) or do not answer (`hang`), the next N collects stay PENDING
 * until settled (`pending`) or end ERRORED (`errored`). Kept in the process (not the database): they are a
 * test's or a developer's instructions to this one simulator, not state S3P would have.
 */
import { z } from 'zod';

export const faultKinds = ['fail', 'hang', 'pending', 'errored'] as const;
export type FaultKind = (typeof faultKinds)[number];

export const faultRequestSchema = z.object({
  kind: z.enum(faultKinds),
  count: z.number().int().min(1).max(1000).default(1),
});

export class SimulatorFaults {
  private readonly planned = new Map<FaultKind, number>();

  /** The next `count` calls (`fail`, `hang`) or collects (`pending`, `errored`) play the fault. */
  plan(kind: FaultKind, count = 1): void {
    this.planned.set(kind, (this.planned.get(kind) ?? 0) + count);
  }

  /** Uses one planned fault of that kind, if any is left. */
  take(kind: FaultKind): boolean {
    const left = this.planned.get(kind) ?? 0;
    if (left <= 0) return false;
    this.planned.set(kind, left - 1);
    return true;
  }

  /** What is still planned (the admin route shows it). */
  pending(): Record<FaultKind, number> {
    return Object.fromEntries(faultKinds.map((k) => [k, this.planned.get(k) ?? 0])) as Record<FaultKind, number>;
  }

  clear(): void {
    this.planned.clear();
  }
}
