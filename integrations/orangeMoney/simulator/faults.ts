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
    /** Limits failNext and hangNext to one operation (`mp/pay`, `cashin/init`…); all core calls by default. */
    operation: z.string().max(40).optional(),
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

/** A fault waiting for a core API call (of one operation, or of any). */
interface CallFault {
  kind: 'fail' | 'hang';
  operation?: string;
}

export class SimulatorFaults {
  private calls: CallFault[] = [];
  private stuck = 0;
  private notifications: NotificationFault[] = [];

  /** The next `count` core API calls (of `operation`, if given) answer 500 before doing anything. */
  failNext(count: number, operation?: string): void {
    for (let i = 0; i < count; i += 1) this.calls.push({ kind: 'fail', ...(operation ? { operation } : {}) });
  }

  /**
   * The next `count` core API calls (of `operation`, if given) do their work, then answer only after the
   * simulator's hang time: the caller times out not knowing whether it happened.
   */
  hangNext(count: number, operation?: string): void {
    for (let i = 0; i < count; i += 1) this.calls.push({ kind: 'hang', ...(operation ? { operation } : {}) });
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
    this.failNext(request.failNext ?? 0, request.operation);
    this.hangNext(request.hangNext ?? 0, request.operation);
    this.dropNotifications(request.dropNotifications ?? 0);
    this.duplicateNotifications(request.duplicateNotifications ?? 0);
    if (request.delayNotifications) {
      this.delayNotifications(request.delayNotifications.count, request.delayNotifications.delayMs);
    }
    this.stayPending(request.stayPending ?? 0);
  }

  reset(): void {
    this.calls = [];
    this.stuck = 0;
    this.notifications = [];
  }

  /** Takes the first fault waiting for this core API call, if any. */
  takeCallFault(operation: string): 'fail' | 'hang' | null {
    const index = this.calls.findIndex((fault) => fault.operation === undefined || fault.operation === operation);
    if (index === -1) return null;
    const [fault] = this.calls.splice(index, 1);
    return fault?.kind ?? null;
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
