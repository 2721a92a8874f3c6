/**
 * A payment rail simulated in-process, for tests and the default local start. It accepts a request, then
 * completes it after a delay and calls the completion callback (the function a provider's HTTP callback route
 * calls), just as MTN MoMo calls our callback URL.
 *
 * Outcomes follow MTN's sandbox test numbers (`4673312345D`), mapped to Cameroonian numbers: a national number
 * `6XX12345D` ends as D says, any other number succeeds.
 *
 * | D | collect (request to pay)      | payout                     |
 * |---|-------------------------------|----------------------------|
 * | 0 | failed: PAYER_FAILED          | failed: PAYER_FAILED       |
 * | 1 | failed: REJECTED              | failed: REJECTED           |
 * | 2 | failed: EXPIRED               | failed: EXPIRED            |
 * | 3 | stays pending                 | stays pending              |
 * | 4 | succeeds after 10x the delay  | succeeds after 10x         |
 * | 5 | failed: PAYER_NOT_FOUND       | failed: NOT_ENOUGH_FUNDS   |
 * | 6 | failed: PAYEE_NOT_ALLOWED     | failed: LIMIT_REACHED      |
 */
import type { Rail } from '../../domain/ledger/accounts';
import type {
  PaymentRail,
  RailAcceptance,
  RailCallbackHandler,
  RailDirection,
  RailFailure,
  RailRequest,
  RailStatus,
} from '../../domain/paymentRail';
import { timerScheduler, type Scheduler } from './scheduler';

/** How a scripted number ends: after the delay, after ten delays, never, or failed with a reason. */
export type ScriptedOutcome = 'succeeds' | 'delayed' | 'stays_pending' | { fails: RailFailure };

const SANDBOX_NUMBER = /^6\d{2}12345([0-6])$/;

/** What the sandbox does with a payment to or from this number (the nine-digit national number decides). */
export function sandboxOutcome(direction: RailDirection, msisdn: string): ScriptedOutcome {
  const digit = SANDBOX_NUMBER.exec(msisdn.replace(/^237/, ''))?.[1];
  switch (digit) {
    case '0':
      return { fails: 'PAYER_FAILED' };
    case '1':
      return { fails: 'REJECTED' };
    case '2':
      return { fails: 'EXPIRED' };
    case '3':
      return 'stays_pending';
    case '4':
      return 'delayed';
    case '5':
      return { fails: direction === 'collect' ? 'PAYER_NOT_FOUND' : 'NOT_ENOUGH_FUNDS' };
    case '6':
      return { fails: direction === 'collect' ? 'PAYEE_NOT_ALLOWED' : 'LIMIT_REACHED' };
    default:
      return 'succeeds';
  }
}

/** A payment as the simulated rail remembers it. */
export interface SimulatedPayment {
  reference: string;
  direction: RailDirection;
  msisdn: string;
  amount: number;
  /** What the payer's prompt said, and our note (RailRequest). */
  payerMessage?: string;
  payeeNote?: string;
  /** The operation's short reference, which a provider keeps as its own (MTN externalId, Orange orderId). */
  shortReference?: string;
  status: RailStatus;
  /** How many times it was asked for (the first accepted it; repeats changed nothing, like MTN's 409). */
  requests: number;
  requestedAt: Date;
}

/** Which rail it plays, how fast, on which timers, and whom it calls back. */
export interface SimulatedRailOptions {
  rail: Rail;
  /** How long a payment takes to complete; a "delayed" number takes ten times this. Default 3000 ms. */
  delayMs?: number;
  /** When completions run: real timers by default, a ManualScheduler in tests. */
  schedule?: Scheduler;
  clock?: () => Date;
  /** Called after each completion with the reference, like a provider's callback. Also settable by `connect`. */
  onCallback?: RailCallbackHandler;
}

const MSISDN = /^2376\d{8}$/;

/** A rail that lives in this process, with MTN's sandbox behaviour. */
export class SimulatedRail implements PaymentRail {
  readonly rail: Rail;
  private readonly delayMs: number;
  private readonly schedule: Scheduler;
  private readonly clock: () => Date;
  private handler: RailCallbackHandler | null;
  private available = true;
  private readonly payments = new Map<string, SimulatedPayment>();

  constructor(options: SimulatedRailOptions) {
    this.rail = options.rail;
    this.delayMs = options.delayMs ?? 3000;
    this.schedule = options.schedule ?? timerScheduler;
    this.clock = options.clock ?? (() => new Date());
    this.handler = options.onCallback ?? null;
  }

  /** Sets where completions are reported (null: callbacks are lost, as happens with real providers). */
  connect(handler: RailCallbackHandler | null): void {
    this.handler = handler;
  }

  /** While unavailable, every new request is refused at once (`UNAVAILABLE`), like a 503 before anything began. */
  setAvailable(available: boolean): void {
    this.available = available;
  }

  requestPayment(request: RailRequest): Promise<RailAcceptance> {
    return Promise.resolve(this.accept('collect', request));
  }

  payout(request: RailRequest): Promise<RailAcceptance> {
    return Promise.resolve(this.accept('payout', request));
  }

  /** From memory; a reference it never accepted (or asked in the other direction) failed: NOT_FOUND, like a 404. */
  status(direction: RailDirection, reference: string): Promise<RailStatus> {
    const payment = this.payments.get(reference);
    if (!payment || payment.direction !== direction) {
      return Promise.resolve({ outcome: 'failed', reason: 'NOT_FOUND' });
    }
    return Promise.resolve(payment.status);
  }

  /** Ends a payment that stays pending (a late answer from the operator), and calls back. */
  async finish(reference: string, status: Exclude<RailStatus, { outcome: 'pending' }>): Promise<void> {
    const payment = this.payments.get(reference);
    if (!payment || payment.status.outcome !== 'pending') throw new Error(`no pending payment ${reference}`);
    payment.status = status;
    await this.callBack(reference);
  }

  /** What the rail knows about a reference (for tests and the console), or undefined. */
  payment(reference: string): SimulatedPayment | undefined {
    const payment = this.payments.get(reference);
    return payment ? { ...payment } : undefined;
  }

  /** Every payment accepted, in order. */
  allPayments(): SimulatedPayment[] {
    return [...this.payments.values()].map((payment) => ({ ...payment }));
  }

  private accept(direction: RailDirection, request: RailRequest): RailAcceptance {
    const known = this.payments.get(request.reference);
    if (known) {
      // The same reference again: accepted once, nothing new happens (MTN answers 409).
      known.requests += 1;
      return { ok: true };
    }
    if (!this.available) return { ok: false, reason: 'UNAVAILABLE' };
    if (!MSISDN.test(request.msisdn)) return { ok: false, reason: 'INVALID_NUMBER' };
    if (!Number.isSafeInteger(request.amount) || request.amount <= 0) return { ok: false, reason: 'INVALID_AMOUNT' };

    const payment: SimulatedPayment = {
      reference: request.reference,
      direction,
      msisdn: request.msisdn,
      amount: request.amount,
      ...(request.payerMessage === undefined ? {} : { payerMessage: request.payerMessage }),
      ...(request.payeeNote === undefined ? {} : { payeeNote: request.payeeNote }),
      ...(request.shortReference === undefined ? {} : { shortReference: request.shortReference }),
      status: { outcome: 'pending' },
      requests: 1,
      requestedAt: this.clock(),
    };
    this.payments.set(request.reference, payment);
    const scripted = sandboxOutcome(direction, request.msisdn);
    if (scripted !== 'stays_pending') {
      const delay = scripted === 'delayed' ? this.delayMs * 10 : this.delayMs;
      const outcome: RailStatus =
        typeof scripted === 'object' ? { outcome: 'failed', reason: scripted.fails } : { outcome: 'succeeded' };
      this.schedule(async () => {
        payment.status = outcome;
        await this.callBack(request.reference);
      }, delay);
    }
    return { ok: true };
  }

  private async callBack(reference: string): Promise<void> {
    try {
      await this.handler?.({ reference, rail: this.rail });
    } catch {
      // Our callback failed (a crash, a timeout): like a provider, the simulator does not retry. The reconciler
      // finds the payment by asking `status`.
    }
  }
}
