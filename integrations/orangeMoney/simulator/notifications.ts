/**
 * The simulated Orange Money's notifications: when a payment settles, `POST notifUrl {payToken, status, message}`,
 * once, no retry, on an in-process timer (so a restart loses the notifications still waiting, as the real ones are
 * sometimes lost). The faults decide whether one is dropped, sent twice or sent late.
 */
import type { SimulatorFaults } from './faults';

/** What a notification says. */
export interface OrangeNotificationBody {
  payToken: string;
  status: string;
  message: string;
}

export class SimulatorNotifications {
  private readonly timers = new Set<NodeJS.Timeout>();
  private sent = 0;

  constructor(
    private readonly faults: SimulatorFaults,
    private readonly timeoutMs: number,
  ) {}

  /** How many notification requests were made (a duplicate counts twice, a dropped one not at all). */
  get count(): number {
    return this.sent;
  }

  /**
   * After `delayMs`, reads what to send (`read` answers null when there is nothing to say) and sends it to `url`,
   * as the next notification fault says.
   */
  schedule(delayMs: number, url: string, read: () => Promise<OrangeNotificationBody | null>): void {
    this.after(delayMs, async () => {
      const body = await read();
      if (body === null) return;
      const fault = this.faults.takeNotificationFault();
      if (fault?.kind === 'drop') return;
      if (fault?.kind === 'delay') {
        this.after(fault.delayMs, () => this.post(url, body));
        return;
      }
      await this.post(url, body);
      if (fault?.kind === 'duplicate') await this.post(url, body);
    });
  }

  /** Cancels every notification still waiting. */
  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private after(delayMs: number, task: () => Promise<void>): void {
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        void task().catch(() => undefined);
      },
      Math.max(0, delayMs),
    );
    timer.unref();
    this.timers.add(timer);
  }

  private async post(url: string, body: OrangeNotificationBody): Promise<void> {
    this.sent += 1;
    try {
      await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch {
      // Like Orange, no retry: the merchant confirms by asking the status.
    }
  }
}
