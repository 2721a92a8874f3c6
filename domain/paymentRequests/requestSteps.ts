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
 * An account whose status changes between `paying` and the ledger post (the payer frozen, the requester's wallet
 * closed when they leave), even with a crash in between and several processes driving the attempt with their own
 * caches: the ledger decides a status on the account's chain and records the refusal under the transfer id
 * (Ledger.setAccountStatus), so every driver gets the same outcome and records the same step; a `failed` step
 * always means the transfer moved nothing and never will. The ledger's other refusals that it does not record
 * (malformed input) depend only on the request, so every driver gets them alike.
 */
import { accountIds } from '../ledger/accounts';
import type { Ledger } from '../ledger/ledger';
import type { InsertResult } from '../ledger/ledgerStore';
import type { CreditLeg, TransferRequest } from '../ledger/transfers';
import type { Notifier } from '../notifier';
import { formatMsisdnForDisplay } from '../phone';
import type { UserDirectory } from '../userDirectory';
import type { ActionRefusal, RequestStatus } from './paymentRequestResults';
import type {
  PaymentRequest,
  PaymentRequestStore,
  RequestStep,
  StepKind,
  TerminalStepKind,
} from './paymentRequestStore';
import { outcomeNotice } from './requestNotices';

/** Rounds of read-decide-insert before giving up under contention: each lost round means someone else progressed. */
const MAX_ROUNDS = 50;

const TERMINAL: ReadonlySet<StepKind> = new Set(['paid', 'declined', 'cancelled', 'expired']);
const REFUSAL_OF: Record<TerminalStepKind, ActionRefusal> = {
  paid: 'ALREADY_PAID',
  declined: 'DECLINED',
  cancelled: 'CANCELLED',
  expired: 'EXPIRED',
};

/** What the steps of a request are acted on with. */
export interface RequestStepsOptions {
  ledger: Ledger;
  store: PaymentRequestStore;
  users: UserDirectory;
  notifier: Notifier;
  clock: () => Date;
}

/** Acts on one request by inserting its next step: pays, closes or expires it, and announces how it ended. */
export class RequestSteps {
  private readonly ledger: Ledger;
  private readonly store: PaymentRequestStore;
  private readonly users: UserDirectory;
  private readonly notifier: Notifier;
  private readonly clock: () => Date;

  constructor(options: RequestStepsOptions) {
    this.ledger = options.ledger;
    this.store = options.store;
    this.users = options.users;
    this.notifier = options.notifier;
    this.clock = options.clock;
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
        await this.finishAttempt(request, steps, head);
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
        await this.finishAttempt(request, steps, head);
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
        // An attempt is being decided: finish it (the ledger decides it once), then see whether it paid.
        await this.finishAttempt(request, steps, head);
        continue;
      }
      const seq = (head?.seq ?? 0) + 1;
      await this.append(request, seq, { kind: this.isPastExpiry(request) ? 'expired' : kind });
    }
    throw new Error(`payment request ${request._id}: too much contention`);
  }

  /**
   * Drives an attempt's transfer and records its outcome in the slot after it (or reads the outcome already
   * there). Every driver asks the ledger for the same transfer, so they all get, and record, the same outcome.
   */
  private async finishAttempt(
    request: PaymentRequest,
    steps: RequestStep[],
    paying: RequestStep,
  ): Promise<RequestStep> {
    let outcome = steps.find((s) => s.seq === paying.seq + 1);
    if (!outcome) {
      const result = await this.ledger.transfer(this.transferOf(request, paying));
      // A single transfer that is ok has posted: the money moved.
      const paid = result.ok;
      const step = newStep(request._id, paying.seq + 1, this.clock(), {
        kind: paid ? 'paid' : 'failed',
        payId: paying.payId,
        transferId: paying.transferId,
        fee: paying.fee,
        reason: result.ok ? null : result.reason,
      });
      if ((await this.store.insertStep(step)) === 'inserted') outcome = step;
      else outcome = (await this.store.getStep(step._id)) ?? undefined;
      if (!outcome) throw new Error(`step ${step._id} reported as duplicate but not found`);
    }
    if (isTerminal(outcome.kind)) await this.announce(request, outcome);
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
   * then caches the outcome on the request. Called by whoever sees a terminal step, so a crash between the step
   * and the notice is repaired by the next reader or the worker.
   */
  private async announce(request: PaymentRequest, step: RequestStep): Promise<void> {
    if (request.state === step.kind) return;
    const kind = step.kind as TerminalStepKind;
    const payer = (await this.users.find(request.payer))?.name ?? formatMsisdnForDisplay(request.payer);
    const [to, notice] = outcomeNotice(request, kind, payer);
    await this.notifier.notify(to, notice, `preq-${kind}:${request._id}`);
    await this.store.setState(request._id, kind);
  }

  private async sortedSteps(requestId: string): Promise<RequestStep[]> {
    return (await this.store.steps(requestId)).sort((a, b) => a.seq - b.seq);
  }

  private isPastExpiry(request: PaymentRequest): boolean {
    return this.clock().getTime() > request.expiresAt.getTime();
  }
}

/** Whether a step ends the request. */
function isTerminal(kind: StepKind): kind is TerminalStepKind {
  return TERMINAL.has(kind);
}

/** A step with every field it does not set null. */
function newStep(
  requestId: string,
  seq: number,
  at: Date,
  fields: Partial<RequestStep> & { kind: StepKind },
): RequestStep {
  return {
    _id: `${requestId}#${seq}`,
    requestId,
    seq,
    kind: fields.kind,
    payId: fields.payId ?? null,
    transferId: fields.transferId ?? null,
    fee: fields.fee ?? null,
    reason: fields.reason ?? null,
    at,
  };
}
