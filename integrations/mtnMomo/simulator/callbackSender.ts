/**
 * How the simulated MTN calls back: when a payment ends, an in-process timer sends its status body to the
 * X-Callback-Url given with the request. Like MTN, it sends once, waits about 2 s for an answer, and never
 * retries; the planned faults can drop, repeat or delay a callback. Timers do not survive a restart (MTN's
 * callbacks are not guaranteed either): the status call still tells the truth.
 *
 * The method: MTN's callback guide asks integrators to accept both PUT and POST, and its Deposit guide says the
 * callback is a POST; integrators have reported PUT for requests to pay. POST is the default, PUT an option.
 */
import type { SimulatorFaults } from './faults';

export type CallbackMethod = 'POST' | 'PUT';

/** A callback the simulator sent (or tried to), for tests. */
export interface SentCallback {
  url: string;
  method: CallbackMethod;
  body: unknown;
  /** The HTTP status our side answered, or null when it could not be reached in time. */
  answeredWith: number | null;
}

const CALLBACK_TIMEOUT_MS = 2_000;

export class CallbackSender {
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;
  readonly sent: SentCallback[] = [];

  constructor(
    private readonly method: CallbackMethod,
    private readonly faults: SimulatorFaults,
  ) {}

  /** Runs `task` after `delayMs` on an unref'd timer (a pending callback never keeps the process alive). */
  later(delayMs: number, task: () => Promise<unknown>): void {
    if (this.closed) return;
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        if (!this.closed) void task().catch(() => undefined);
      },
      Math.max(0, delayMs),
    );
    timer.unref();
    this.timers.add(timer);
  }

  /** Sends one payment's callback as the planned faults say. */
  async deliver(url: string, body: unknown): Promise<void> {
    const plan = this.faults.takeCallbackPlan();
    switch (plan.kind) {
      case 'drop':
        return;
      case 'delay':
        this.later(plan.ms, () => this.send(url, body));
        return;
      case 'duplicate':
        await this.send(url, body);
        await this.send(url, body);
        return;
      case 'normal':
        await this.send(url, body);
    }
  }

  /** Stops every timer: callbacks not sent yet are lost, as on a real restart. */
  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private async send(url: string, body: unknown): Promise<void> {
    const record: SentCallback = { url, method: this.method, body, answeredWith: null };
    this.sent.push(record);
    try {
      const response = await fetch(url, {
        method: this.method,
        // The one header an integrator saw on MTN's callbacks; there is no signature or authorization to send.
        headers: { 'Content-Type': 'application/json', 'User-Agent': 'LWAC Http Client 1.0' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(CALLBACK_TIMEOUT_MS),
      });
      await response.arrayBuffer().catch(() => undefined);
      record.answeredWith = response.status;
    } catch {
      // Not reached or too slow: MTN does not retry either.
    }
  }
}
