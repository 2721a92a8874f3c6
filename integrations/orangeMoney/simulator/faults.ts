/**
 * The faults the Orange Money simulator can be told to play, each for the next N occasions: core API calls that
 * answer 500 or hang past the client's timeout, notifications dropped, sent twice or sent late, and payments
 * that stay pending for ever (never completing, never expiring). Kept in memory: a fault is a test's or an
 * operator's instruction to this process, not state of the simulated Orange.
 */
import { z } from 'zod';

/** What happens to one notification. */
export type NotificationFault = { kind: 'drop' } | { kind: 'duplicate' } | { kind: 'delay'; delayMs: number };

/** The body of `POST /_admin/faults`: every field adds that many occasions; `reset` clears everything first. */
export const faultRequestSchema = z
  .object({
    reset: z.boolean().optional(),
    failNext: z.number().int().min(0).max(1000).optional(),
    hangNext: z.number().int().min(0).max(1000).optional(),
    dropNotifications: z.number().int().min(0).max(1000).optional(),
    duplicateNotifications: z.number().int().min(0).max(1000).optional(),
    delayNotifications: z
      .object({ count: z.number().int().min(0).max(1000), delayMs: z.number().int().min(0).max(3_600_000) })
      .optional(),
    stayPending: z.number().int().min(0).max(1000).optional(),
  })
  .strict();

export type FaultRequest = z.infer<typeof faultRequestSchema>;

export class SimulatorFaults {
  private failures = 0;
  private hangs = 0;
  private stuck = 0;
  private notifications: NotificationFault[] = [];

  /** The next `count` core API calls answer 500 before doing anything. */
  failNext(count: number): void {
    this.failures += count;
  }

  /** The next `count` core API calls do their work, then answer only after the simulator's hang time. */
  hangNext(count: number): void {
    this.hangs += count;
  }

  /** The next `count` notifications are never sent (Orange's are sometimes lost). */
  dropNotifications(count: number): void {
    this.queue(count, { kind: 'drop' });
  }

  /** The next `count` notifications are sent twice. */
  duplicateNotifications(count: number): void {
    this.queue(count, { kind: 'duplicate' });
  }

  /** The next `count` notifications are sent `delayMs` late. */
  delayNotifications(count: number, delayMs: number): void {
    this.queue(count, { kind: 'delay', delayMs });
  }

  /** The next `count` payments stay PENDING for ever: no completion, no expiry (a stuck platform). */
  stayPending(count: number): void {
    this.stuck += count;
  }

  /** Applies an admin request. */
  apply(request: FaultRequest): void {
    if (request.reset) this.reset();
    this.failNext(request.failNext ?? 0);
    this.hangNext(request.hangNext ?? 0);
    this.dropNotifications(request.dropNotifications ?? 0);
    this.duplicateNotifications(request.duplicateNotifications ?? 0);
    if (request.delayNotifications) {
      this.delayNotifications(request.delayNotifications.count, request.delayNotifications.delayMs);
    }
    this.stayPending(request.stayPending ?? 0);
  }

  reset(): void {
    this.failures = 0;
    this.hangs = 0;
    this.stuck = 0;
    this.notifications = [];
  }

  /** Takes the fault for this core API call, if any: 500 first, then a hang. */
  takeCallFault(): 'fail' | 'hang' | null {
    if (this.failures > 0) {
      this.failures -= 1;
      return 'fail';
    }
    if (this.hangs > 0) {
      this.hangs -= 1;
      return 'hang';
    }
    return null;
  }

  /** Whether the payment being made now stays pending for ever. */
  takeStuck(): boolean {
    if (this.stuck === 0) return false;
    this.stuck -= 1;
    return true;
  }

  takeNotificationFault(): NotificationFault | null {
    return this.notifications.shift() ?? null;
  }

  private queue(count: number, fault: NotificationFault): void {
    for (let i = 0; i < count; i += 1) this.notifications.push(fault);
  }
}
