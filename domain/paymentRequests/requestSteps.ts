/**
 * How a payment request's races are decided. A request's life is a short chain of steps with ids `<request>#1`,
 * `<request>#2`…; to act, read the steps, decide against the last one (the head), and insert the next slot. The
 * unique `_id` of that slot decides every race between pay, decline, cancel and expiry: exactly one insert takes
 * it, the others re-read and find what happened. No update decides anything (conditional updates are not atomic
 * on FerretDB v1).
 *
 * Paying takes two steps, so a failed payment does not make the request unpayable forever:
 * - `paying` (slot n) names the attempt's ledger transfer, `preq:<request>:<n>`, with its amounts and fee, and
 *   commits the request to that attempt: while it is the head nobody may decline, cancel or expire the request.
 * - The attempt's outcome (slot n+1) is `paid` if the ledger posted the transfer, `failed` otherwise (insufficient
 *   funds, a limit). `failed` opens the request again; the next attempt takes slot n+2 with a new transfer id.
 * The transfer id derives from the request id and the slot, and only the transfer named by the `paying` step just
 * before `paid` can ever be driven after that, so a request is paid at most once. Anyone who meets a `paying` head
 * (the payer's retry, a concurrent cancel, the expiry worker after a crash) drives that same transfer: the ledger
 * makes it happen once and gives every driver the same outcome, which they all record in slot n+1. The caller's
 * pay id is kept on the attempt, so a retry of the same pay gets that attempt's answer, never a second attempt.
 *
 * An attempt through a rail (the pay page, `rail` on the step) takes minutes: the payer approves a prompt on their
 * phone, or pays on a card page. Its transfer is the rail's collection (railAttempts.ts), and the outcome slot is
 * written once the rail payment is final; until then the request stays `paying`, so nobody may decline, cancel,
 * expire or pay it otherwise, and a second attempt waits for this one to fail.
 *
 * An account whose status changes between `paying` and the ledger post (the payer frozen, the requester's wallet
 * closed when they leave), even with a crash in between and several processes driving the attempt with their own
 * caches: the ledger decides a status on the account's chain and records the refusal under the transfer id
 * (Ledger.setAccountStatus), so every driver gets the same outcome and records the same step; a `failed` step
 * always means the transfer moved nothing and never will. The ledger's other refusals that it does not record
 * (malformed input) depend only on the request, so every driver gets them alike.
 */
import { accountIds, type Rail } from '../ledger/accounts';
import type { Ledger } from '../ledger/ledger';
import type { InsertResult } from '../ledger/ledgerStore';
import type { CreditLeg, TransferRequest } from '../ledger/transfers';
import type { Notifier } from '../notifier';
import { formatMsisdnForDisplay, type Msisdn } from '../phone';
import type { UserDirectory } from '../userDirectory';
import type { ActionRefusal, RequestStatus } from './paymentRequestResults';
import type {
  PaymentRequest,
  PaymentRequestStore,
  RequestStep,
  StepKind,
  TerminalStepKind,
} from './paymentRequestStore';
import type { RailAttemptDriver, RailAttemptState } from './railAttempts';
import { outcomeNotice } from './requestNotices';
import { isTerminal, newStep, REFUSAL_OF } from './stepRecords';

/** Rounds of read-decide-insert before giving up under contention: each lost round means someone else progressed. */
const MAX_ROUNDS = 50;

/** What the steps of a request are acted on with. */
export interface RequestStepsOptions {
  ledger: Ledger;
  store: PaymentRequestStore;
  users: UserDirectory;
  notifier: Notifier;
  clock: () => Date;
  /** Drives attempts through a rail; without it, a request is paid from wallets only. */
  railAttempts?: RailAttemptDriver;
  /** Told how a request ended; see PaymentRequestsOptions.onEnded. */
  onEnded?: (request: PaymentRequest, step: RequestStep) => Promise<void>;
  /** Told of an attempt that failed; see PaymentRequestsOptions.onAttemptFailed. */
  onAttemptFailed?: (request: PaymentRequest, step: RequestStep) => Promise<void>;
}

/** A rail attempt as payRail answers it: the one this call made (`mine`) or the one already in flight. */
export interface RailAttemptAnswer {
  ok: true;
  attempt: RequestStep;
  mine: boolean;
  state: RailAttemptState;
}

/** Acts on one request by inserting its next step: pays, closes or expires it, and announces how it ended. */
export class RequestSteps {
  private readonly ledger: Ledger;
  private readonly store: PaymentRequestStore;
  private readonly users: UserDirectory;
  private readonly notifier: Notifier;
  private readonly clock: () => Date;
  private readonly railAttempts: RailAttemptDriver | undefined;
  private readonly onEnded: (request: PaymentRequest, step: RequestStep) => Promise<void>;
  private readonly onAttemptFailed: (request: PaymentRequest, step: RequestStep) => Promise<void>;

  constructor(options: RequestStepsOptions) {
    this.ledger = options.ledger;
    this.store = options.store;
    this.users = options.users;
    this.notifier = options.notifier;
    this.clock = options.clock;
    this.railAttempts = options.railAttempts;
    this.onEnded = options.onEnded ?? (async () => undefined);
    this.onAttemptFailed = options.onAttemptFailed ?? (async () => undefined);
  }

  /**
   * Pays the request under the caller's attempt id `payId` (with `fee` on top): the attempt's outcome step
   * (`paid`, or `failed` with the ledger's reason), or why no attempt could be made. The same `payId` again gets
   * that attempt's outcome, never a second attempt.
   */
  async pay(
    request: PaymentRequest,
    payId: string,
    fee: number,
  ): Promise<{ ok: true; outcome: RequestStep } | { ok: false; reason: ActionRefusal }> {
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      const steps = await this.sortedSteps(request._id);
      const mine = steps.find((s) => s.kind === 'paying' && s.payId === payId);
      if (mine) return { ok: true, outcome: await this.finishAttempt(request, steps, mine) };
      const head = steps.at(-1);
      if (head && isTerminal(head.kind)) {
        await this.announce(request, head);
        return { ok: false, reason: REFUSAL_OF[head.kind] };
      }
      if (head?.kind === 'paying') {
        if ((await this.finishAttempt(request, steps, head)).kind === 'paying') return { ok: false, reason: 'PAYING' };
        continue;
      }
      const seq = (head?.seq ?? 0) + 1;
      if (this.isPastExpiry(request)) {
        await this.append(request, seq, { kind: 'expired' });
        continue;
      }
      // Inserted or not, the next round reads what the slot holds: our attempt, or whoever beat us to it.
      await this.append(request, seq, {
        kind: 'paying',
        payId,
        transferId: `preq:${request._id}:${seq}`,
        fee,
      });
    }
    throw new Error(`payment request ${request._id}: too much contention`);
  }

  /**
   * Starts an attempt through `rail`, prompting `payer` for the amount and `fee`, unless one is in flight: then
   * answers with that one (whoever started it), so one attempt at most is ever in flight. A new attempt is made only
   * once the last one failed, and `maxAttempts` at most (each prompts a phone). The same `payId` again answers with
   * that attempt as it stands.
   */
  async payRail(
    request: PaymentRequest,
    attempt: { payId: string; rail: Rail; payer: Msisdn; fee: number; maxAttempts: number },
  ): Promise<RailAttemptAnswer | { ok: false; reason: ActionRefusal | 'TOO_MANY_ATTEMPTS' }> {
    if (!this.railAttempts) throw new Error('payment requests were built without rails');
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      const steps = await this.sortedSteps(request._id);
      const mine = steps.find((s) => s.kind === 'paying' && s.payId === attempt.payId);
      if (mine) return { ok: true, attempt: mine, mine: true, state: await this.settleRail(request, steps, mine) };
      const head = steps.at(-1);
      if (head && isTerminal(head.kind)) {
        await this.announce(request, head);
        return { ok: false, reason: REFUSAL_OF[head.kind] };
      }
      if (head?.kind === 'paying') {
        if (head.rail) {
          const state = await this.settleRail(request, steps, head);
          if (state.state === 'pending') return { ok: true, attempt: head, mine: false, state };
        } else await this.finishAttempt(request, steps, head);
        continue;
      }
      const seq = (head?.seq ?? 0) + 1;
      if (this.isPastExpiry(request)) {
        await this.append(request, seq, { kind: 'expired' });
        continue;
      }
      // Attempts never run side by side, so counting those before this slot holds the cap exactly.
      if (steps.filter((s) => s.kind === 'paying' && s.rail).length >= attempt.maxAttempts) {
        return { ok: false, reason: 'TOO_MANY_ATTEMPTS' };
      }
      // The slot decides: one attempt takes it, every other call reads it next round and answers with it.
      await this.append(request, seq, {
        kind: 'paying',
        payId: attempt.payId,
        transferId: `preq:${request._id}:${seq}`,
        fee: attempt.fee,
        rail: attempt.rail,
        railPayer: attempt.payer,
      });
    }
    throw new Error(`payment request ${request._id}: too much contention`);
  }

  /** The last attempt through a rail and where it stands, or null when there was none. */
  async lastRailAttempt(request: PaymentRequest): Promise<{ attempt: RequestStep; state: RailAttemptState } | null> {
    const steps = await this.sortedSteps(request._id);
    const attempt = steps.filter((s) => s.kind === 'paying' && s.rail).at(-1);
    if (!attempt) return null;
    return { attempt, state: await this.settleRail(request, steps, attempt) };
  }

  /** Where a request stands now, from its head step (and its expiry while it is open). */
  async status(request: PaymentRequest): Promise<RequestStatus> {
    const head = (await this.sortedSteps(request._id)).at(-1);
    let status: RequestStatus;
    if (head && isTerminal(head.kind)) status = head.kind;
    else if (head?.kind === 'paying') status = 'paying';
    else status = this.isPastExpiry(request) ? 'expired' : 'open';
    return status;
  }

  /** Takes a request as far as it goes now: finishes an attempt left in `paying`, expires it when past due. */
  async advance(request: PaymentRequest): Promise<RequestStatus> {
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      const steps = await this.sortedSteps(request._id);
      const head = steps.at(-1);
      if (head && isTerminal(head.kind)) {
        await this.announce(request, head);
        return head.kind;
      }
      if (head?.kind === 'paying') {
        if ((await this.finishAttempt(request, steps, head)).kind === 'paying') return 'paying';
        continue;
      }
      if (!this.isPastExpiry(request)) return 'open';
      await this.append(request, (head?.seq ?? 0) + 1, { kind: 'expired' });
    }
    throw new Error(`payment request ${request._id}: too much contention`);
  }

  /** Declines or cancels a request, unless it ended otherwise first (then says how). */
  async close(
    request: PaymentRequest,
    kind: 'declined' | 'cancelled',
  ): Promise<{ ok: true } | { ok: false; reason: ActionRefusal }> {
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      const steps = await this.sortedSteps(request._id);
      const head = steps.at(-1);
      if (head && isTerminal(head.kind)) {
        await this.announce(request, head);
        return head.kind === kind ? { ok: true } : { ok: false, reason: REFUSAL_OF[head.kind] };
      }
      if (head?.kind === 'paying') {
        // An attempt is being decided: finish it (the ledger decides it once), then see whether it paid. One
        // through a rail may still wait for the payer: the request cannot end under it.
        if ((await this.finishAttempt(request, steps, head)).kind === 'paying') return { ok: false, reason: 'PAYING' };
        continue;
      }
      const seq = (head?.seq ?? 0) + 1;
      await this.append(request, seq, { kind: this.isPastExpiry(request) ? 'expired' : kind });
    }
    throw new Error(`payment request ${request._id}: too much contention`);
  }

  /**
   * Drives an attempt's transfer and records its outcome in the slot after it (or reads the outcome already
   * there). Every driver asks the ledger (or the rail payment) for the same transfer, so they all get, and record,
   * the same outcome. An attempt through a rail that is still pending is returned as it is (`paying`).
   */
  private async finishAttempt(
    request: PaymentRequest,
    steps: RequestStep[],
    paying: RequestStep,
  ): Promise<RequestStep> {
    const recorded = steps.find((s) => s.seq === paying.seq + 1);
    if (paying.rail && !recorded) {
      await this.settleRail(request, steps, paying);
      return (await this.store.getStep(`${request._id}#${paying.seq + 1}`)) ?? paying;
    }
    if (recorded) {
      if (isTerminal(recorded.kind)) await this.announce(request, recorded);
      return recorded;
    }
    const result = await this.ledger.transfer(this.transferOf(request, paying));
    // A single transfer that is ok has posted: the money moved.
    return this.recordOutcome(request, paying, result.ok ? null : result.reason);
  }

  /** Where a rail attempt stands; once its rail payment is final, records the outcome (once) and announces it. */
  private async settleRail(
    request: PaymentRequest,
    steps: RequestStep[],
    paying: RequestStep,
  ): Promise<RailAttemptState> {
    const recorded = steps.find((s) => s.seq === paying.seq + 1);
    if (recorded) {
      if (isTerminal(recorded.kind)) await this.announce(request, recorded);
      return recorded.kind === 'paid' ? { state: 'paid' } : { state: 'failed', reason: recorded.reason ?? 'FAILED' };
    }
    if (!this.railAttempts) throw new Error(`payment request ${request._id}: a rail attempt but no rails`);
    const state = await this.railAttempts.drive(request, paying);
    if (state.state === 'pending') return state;
    const outcome = await this.recordOutcome(request, paying, state.state === 'paid' ? null : state.reason);
    return outcome.kind === 'paid' ? { state: 'paid' } : { state: 'failed', reason: outcome.reason ?? 'FAILED' };
  }

  /** Records an attempt's outcome in the slot after it (`paid` when no failure reason); the first record stands. */
  private async recordOutcome(
    request: PaymentRequest,
    paying: RequestStep,
    failure: string | null,
  ): Promise<RequestStep> {
    const step = newStep(request._id, paying.seq + 1, this.clock(), {
      kind: failure === null ? 'paid' : 'failed',
      payId: paying.payId,
      transferId: paying.transferId,
      fee: paying.fee,
      reason: failure,
      ...(paying.rail ? { rail: paying.rail, railPayer: paying.railPayer } : {}),
    });
    let outcome: RequestStep | null = step;
    if ((await this.store.insertStep(step)) === 'duplicate') outcome = await this.store.getStep(step._id);
    if (!outcome) throw new Error(`step ${step._id} reported as duplicate but not found`);
    if (isTerminal(outcome.kind)) await this.announce(request, outcome);
    else if (outcome.kind === 'failed') await this.onAttemptFailed(request, outcome);
    return outcome;
  }

  /** The ledger transfer an attempt names: amount to the requester, fee to the fees account. */
  private transferOf(request: PaymentRequest, paying: RequestStep): TransferRequest {
    const fee = paying.fee ?? 0;
    const credits: CreditLeg[] = [{ account: request.requester.account, amount: request.amount }];
    if (fee > 0) credits.push({ account: accountIds.fees, amount: fee });
    return {
      id: paying.transferId!,
      kind: request.requester.kind === 'merchant' ? 'merchant' : 'p2p',
      debit: accountIds.wallet(request.payer),
      credits,
      mode: 'single',
      // The request's own: every attempt to pay it is the same operation to the people on both sides.
      ...(request.shortReference === undefined ? {} : { shortReference: request.shortReference }),
    };
  }

  /** Inserts the step of slot `seq` unless someone took it first; announces an end it inserted. */
  private async append(
    request: PaymentRequest,
    seq: number,
    fields: Partial<RequestStep> & { kind: StepKind },
  ): Promise<InsertResult> {
    const step = newStep(request._id, seq, this.clock(), fields);
    const inserted = await this.store.insertStep(step);
    if (inserted === 'inserted' && isTerminal(step.kind)) await this.announce(request, step);
    return inserted;
  }

  /**
   * Tells the side that did not act how the request ended, once (the dedupe key names the request and outcome),
   * then `onEnded`, then caches the outcome on the request. Called by whoever sees a terminal step until the cache
   * is set, so a crash between the step and the notice or `onEnded` is repaired by the next reader or the worker.
   */
  private async announce(request: PaymentRequest, step: RequestStep): Promise<void> {
    if (request.state === step.kind) return;
    const kind = step.kind as TerminalStepKind;
    const payer = (await this.users.find(request.payer))?.name ?? formatMsisdnForDisplay(request.payer);
    const [to, notice] = outcomeNotice(request, kind, payer);
    await this.notifier.notify(to, notice, `preq-${kind}:${request._id}`);
    // Before the cache: until it is set, the worker announces again and this runs again.
    await this.onEnded(request, step);
    await this.store.setState(request._id, kind);
  }

  private async sortedSteps(requestId: string): Promise<RequestStep[]> {
    return (await this.store.steps(requestId)).sort((a, b) => a.seq - b.seq);
  }

  private isPastExpiry(request: PaymentRequest): boolean {
    return this.clock().getTime() > request.expiresAt.getTime();
  }
}
