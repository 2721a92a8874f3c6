/**
 * Payment requests: a person (their wallet) or a merchant asks a mobile number for an amount; the payer pays,
 * declines, or lets it expire; the requester may cancel it. Nothing is in the ledger until it is paid (docs/ledger.md).
 *
 * How races are decided. A request's life is a short chain of steps with ids `<request>#1`, `<request>#2`…; to
 * act, read the steps, decide against the last one (the head), and insert the next slot. The unique `_id` of that
 * slot decides every race between pay, decline, cancel and expiry: exactly one insert takes it, the others re-read
 * and find what happened. No update decides anything (conditional updates are not atomic on FerretDB v1).
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
 *
 * When a person leaves (`endFor`), the requests they made are cancelled and those made to them declined; what was
 * made before their departure is never shown to the number's next owner (`since` in the lists).
 *
 * Fees: the payer pays the requested amount plus the p2p fee on top, like a send; the requester receives exactly
 * what they asked for. A merchant requester is credited on its merchant account (transfer kind `merchant`).
 */
import { startPeriodicWorker } from './periodicWorker';
import { computeFee, defaultFeeSchedules, type FeeSchedule } from './fees';
import { accountIds, type AccountId } from './ledger/accounts';
import type { Ledger, TransferRefusal } from './ledger/ledger';
import type { InsertResult } from './ledger/store';
import type { CreditLeg, TransferRequest } from './ledger/transfers';
import { isFrancs, type Francs } from './money';
import { dateParam, francsParam, type Notice, type Notifier } from './notifications';
import { formatMsisdnForDisplay, type Msisdn } from './phone';
import type { UserDirectory } from './users';

/** Who asks: a registered person (paid into their wallet) or a merchant (paid into its merchant account). */
export type RequesterRef =
  { kind: 'wallet'; msisdn: Msisdn } | { kind: 'merchant'; merchantId: string; name: string; contact: Msisdn };

export type TerminalStepKind = 'paid' | 'declined' | 'cancelled' | 'expired';
export type StepKind = 'paying' | 'failed' | TerminalStepKind;

/** `open` until a terminal step was seen and announced: a cache for listing and for the worker, never a decision. */
export type RequestState = 'open' | TerminalStepKind;

/** What people see: `paying` while an attempt is being decided; `expired` as soon as it is past its expiry. */
export type RequestStatus = 'open' | 'paying' | TerminalStepKind;

export interface PaymentRequest {
  _id: string;
  requester: { kind: 'wallet' | 'merchant'; account: AccountId; name: string; contact: Msisdn };
  payer: Msisdn;
  amount: number;
  reason: string;
  createdAt: Date;
  expiresAt: Date;
  state: RequestState;
}

/** One step of a request's life; `_id` is `<requestId>#<seq>` and its uniqueness decides every race. */
export interface RequestStep {
  _id: string;
  requestId: string;
  seq: number;
  kind: StepKind;
  /** The caller's id of the pay attempt (on `paying` and its outcome). */
  payId: string | null;
  /** The attempt's ledger transfer (on `paying` and its outcome). */
  transferId: string | null;
  fee: number | null;
  /** Why an attempt failed (the ledger's refusal). */
  reason: string | null;
  at: Date;
}

/** Port: where requests and their steps are kept. `insertStep` decides; `setState` only caches. */
export interface PaymentRequestStore {
  insertRequest(request: PaymentRequest): Promise<InsertResult>;
  getRequest(id: string): Promise<PaymentRequest | null>;
  insertStep(step: RequestStep): Promise<InsertResult>;
  getStep(id: string): Promise<RequestStep | null>;
  /** Every step of one request, in any order. */
  steps(requestId: string): Promise<RequestStep[]>;
  setState(id: string, state: RequestState): Promise<void>;
  /** Requests to this payer whose cached state is `state`. */
  byPayer(payer: Msisdn, state: RequestState): Promise<PaymentRequest[]>;
  /** Requests made by this account, any state. */
  byRequester(account: AccountId): Promise<PaymentRequest[]>;
  /** Requests whose cached state is open, for the worker. */
  open(limit: number): Promise<PaymentRequest[]>;
}

export type CreateRefusal =
  | 'INVALID_ID'
  | 'INVALID_AMOUNT'
  | 'REASON_TOO_LONG'
  | 'INVALID_EXPIRY'
  | 'SAME_ACCOUNT'
  | 'REQUESTER_NOT_REGISTERED'
  | 'CONFLICT';

/** Why a pay, decline or cancel did not happen. */
export type ActionRefusal =
  | 'NOT_FOUND'
  | 'ALREADY_PAID'
  | 'DECLINED'
  | 'CANCELLED'
  | 'EXPIRED'
  | 'PAYER_NOT_REGISTERED'
  // What the ledger said about a failed attempt (funds, limits, a frozen account).
  | TransferRefusal;

export interface PaymentReceipt {
  /** The ledger transfer id. */
  reference: string;
  requestId: string;
  amount: number;
  fee: number;
  total: number;
  balanceAfter: number;
}

/** A request as listed for people. */
export interface RequestView {
  id: string;
  requesterName: string;
  payer: Msisdn;
  amount: number;
  reason: string;
  createdAt: Date;
  expiresAt: Date;
  status: RequestStatus;
}

export interface PaymentRequestsOptions {
  ledger: Ledger;
  store: PaymentRequestStore;
  users: UserDirectory;
  notifier: Notifier;
  clock?: () => Date;
  feeSchedule?: FeeSchedule;
  /** How long a request stays payable when the requester does not say. */
  defaultExpiryDays?: number;
}

export const MAX_REASON_LENGTH = 60;
const MAX_EXPIRY_DAYS = 30;
/** A request id must leave room for `preq:<id>:<slot>` within the ledger's 200-character transfer ids. */
const REQUEST_ID = /^[A-Za-z0-9_\-.]{1,150}$/;
/** Rounds of read-decide-insert before giving up under contention: each lost round means someone else progressed. */
const MAX_ROUNDS = 50;

const TERMINAL: ReadonlySet<StepKind> = new Set(['paid', 'declined', 'cancelled', 'expired']);
const REFUSAL_OF: Record<TerminalStepKind, ActionRefusal> = {
  paid: 'ALREADY_PAID',
  declined: 'DECLINED',
  cancelled: 'CANCELLED',
  expired: 'EXPIRED',
};

/** The payment-request service the requestPayment flow and merchant routes invoke. */
export class PaymentRequests {
  private readonly ledger: Ledger;
  private readonly store: PaymentRequestStore;
  private readonly users: UserDirectory;
  private readonly notifier: Notifier;
  private readonly clock: () => Date;
  private readonly feeSchedule: FeeSchedule;
  private readonly defaultExpiryDays: number;

  constructor(options: PaymentRequestsOptions) {
    this.ledger = options.ledger;
    this.store = options.store;
    this.users = options.users;
    this.notifier = options.notifier;
    this.clock = options.clock ?? (() => new Date());
    this.feeSchedule = options.feeSchedule ?? defaultFeeSchedules.p2p;
    this.defaultExpiryDays = options.defaultExpiryDays ?? 3;
  }

  /** The fee the payer pays on top of a request of `amount`. */
  feeFor(amount: number): number {
    return computeFee(this.feeSchedule, amount as Francs);
  }

  /**
   * Creates a request under the caller's id and tells the payer how to pay it (sign up first if they have no
   * account). The same id again returns the request already made; with other fields it is a CONFLICT.
   */
  async create(input: {
    id: string;
    requester: RequesterRef;
    payer: Msisdn;
    amount: number;
    reason?: string;
    expiresInDays?: number;
  }): Promise<{ ok: true; request: PaymentRequest } | { ok: false; reason: CreateRefusal }> {
    if (!REQUEST_ID.test(input.id)) return { ok: false, reason: 'INVALID_ID' };
    if (!isFrancs(input.amount) || input.amount <= 0) return { ok: false, reason: 'INVALID_AMOUNT' };
    const reason = (input.reason ?? '').replace(/\s+/g, ' ').trim();
    if (reason.length > MAX_REASON_LENGTH) return { ok: false, reason: 'REASON_TOO_LONG' };
    const days = input.expiresInDays ?? this.defaultExpiryDays;
    if (!(days > 0 && days <= MAX_EXPIRY_DAYS)) return { ok: false, reason: 'INVALID_EXPIRY' };

    let requester: PaymentRequest['requester'];
    if (input.requester.kind === 'wallet') {
      if (input.requester.msisdn === input.payer) return { ok: false, reason: 'SAME_ACCOUNT' };
      const profile = await this.users.find(input.requester.msisdn);
      if (!profile) return { ok: false, reason: 'REQUESTER_NOT_REGISTERED' };
      const account = accountIds.wallet(input.requester.msisdn);
      requester = { kind: 'wallet', account, name: profile.name, contact: input.requester.msisdn };
    } else {
      const account = accountIds.merchant(input.requester.merchantId);
      requester = { kind: 'merchant', account, name: input.requester.name, contact: input.requester.contact };
    }

    const now = this.clock();
    const fresh: PaymentRequest = {
      _id: input.id,
      requester,
      payer: input.payer,
      amount: input.amount,
      reason,
      createdAt: now,
      expiresAt: new Date(now.getTime() + days * 86_400_000),
      state: 'open',
    };
    let request = fresh;
    if ((await this.store.insertRequest(fresh)) === 'duplicate') {
      const existing = await this.store.getRequest(input.id);
      if (!existing) throw new Error(`payment request ${input.id} reported as duplicate but not found`);
      const same =
        existing.requester.account === requester.account &&
        existing.payer === input.payer &&
        existing.amount === input.amount &&
        existing.reason === reason;
      if (!same) return { ok: false, reason: 'CONFLICT' };
      request = existing;
    }
    const registered = (await this.users.find(request.payer)) !== null;
    await this.notifier.notify(
      request.payer,
      registered ? requestNotice(request) : newcomerNotice(request),
      `preq-new:${request._id}`,
    );
    return { ok: true, request };
  }

  /**
   * Pays a request from the payer's wallet: amount plus fee. `id` is the caller's idempotency key for this
   * attempt: the same id again answers with what that attempt did. After a failed attempt (insufficient funds),
   * a new id may try again.
   */
  async pay(input: {
    id: string;
    requestId: string;
    payer: Msisdn;
  }): Promise<{ ok: true; receipt: PaymentReceipt } | { ok: false; reason: ActionRefusal }> {
    const request = await this.store.getRequest(input.requestId);
    if (!request || request.payer !== input.payer) return { ok: false, reason: 'NOT_FOUND' };
    if (!(await this.ledger.store.getAccount(accountIds.wallet(input.payer)))) {
      return { ok: false, reason: 'PAYER_NOT_REGISTERED' };
    }
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      const steps = await this.sortedSteps(request._id);
      const mine = steps.find((s) => s.kind === 'paying' && s.payId === input.id);
      if (mine) {
        const outcome = await this.finishAttempt(request, steps, mine);
        if (outcome.kind !== 'paid') return { ok: false, reason: outcome.reason as TransferRefusal };
        const fee = outcome.fee ?? 0;
        const balance = await this.ledger.balance(accountIds.wallet(request.payer));
        return {
          ok: true,
          receipt: {
            reference: outcome.transferId!,
            requestId: request._id,
            amount: request.amount,
            fee,
            total: request.amount + fee,
            balanceAfter: balance.available,
          },
        };
      }
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
        payId: input.id,
        transferId: `preq:${request._id}:${seq}`,
        fee: this.feeFor(request.amount),
      });
    }
    throw new Error(`payment request ${request._id}: too much contention`);
  }

  /** The payer declines the request; the requester is told. Declining again is fine. */
  async decline(input: {
    requestId: string;
    payer: Msisdn;
  }): Promise<{ ok: true } | { ok: false; reason: ActionRefusal }> {
    const request = await this.store.getRequest(input.requestId);
    if (!request || request.payer !== input.payer) return { ok: false as const, reason: 'NOT_FOUND' };
    return this.close(request, 'declined');
  }

  /** The requester takes the request back; the payer is told. Cancelling again is fine. */
  async cancel(input: {
    requestId: string;
    requester: AccountId;
  }): Promise<{ ok: true } | { ok: false; reason: ActionRefusal }> {
    const request = await this.store.getRequest(input.requestId);
    if (!request || request.requester.account !== input.requester) return { ok: false as const, reason: 'NOT_FOUND' };
    return this.close(request, 'cancelled');
  }

  /**
   * Requests this number may pay now, newest first. `since`: when the number's previous owner left; requests made
   * to them before then are not this person's.
   */
  async openFor(payer: Msisdn, since: Date | null = null): Promise<RequestView[]> {
    const mine = (await this.store.byPayer(payer, 'open')).filter((r) => madeAfter(r, since));
    const views = await Promise.all(mine.map((r) => this.view(r)));
    return views.filter((v) => v.status === 'open' || v.status === 'paying').sort(newestFirst);
  }

  /**
   * Requests made by this account (a wallet or a merchant), newest first, with their current status. `since`:
   * when the wallet's number's previous owner left; their requests are not this person's.
   */
  async madeBy(requester: AccountId, limit = 20, since: Date | null = null): Promise<RequestView[]> {
    const requests = (await this.store.byRequester(requester))
      .filter((r) => madeAfter(r, since))
      .sort((a, b) => +b.createdAt - +a.createdAt);
    return Promise.all(requests.slice(0, limit).map((r) => this.view(r)));
  }

  /**
   * Ends what a person who leaves left open: the requests they made are cancelled (their payers told) and those
   * made to them before `at` declined (their requesters told). An attempt being paid is finished first, by the
   * ledger's decision: with the wallet already closed it fails, and nothing is paid into a wallet nobody owns.
   * Safe to repeat.
   */
  async endFor(msisdn: Msisdn, at: Date): Promise<void> {
    const made = await this.store.byRequester(accountIds.wallet(msisdn));
    for (const request of made.filter((r) => r.state === 'open')) await this.close(request, 'cancelled');
    const toThem = await this.store.byPayer(msisdn, 'open');
    for (const request of toThem.filter((r) => !madeAfter(r, at))) await this.close(request, 'declined');
  }

  /** A request with its current status, or null. */
  async get(requestId: string): Promise<RequestView | null> {
    const request = await this.store.getRequest(requestId);
    return request ? this.view(request) : null;
  }

  /**
   * One pass of the worker: expires open requests past their expiry, finishes attempts a crash left in `paying`,
   * and announces outcomes not yet announced. Several processes may run it at once.
   */
  async sweepOnce(batch = 500): Promise<{ examined: number; settled: number; errors: number }> {
    const report = { examined: 0, settled: 0, errors: 0 };
    for (const request of await this.store.open(batch)) {
      report.examined += 1;
      try {
        const status = await this.advance(request);
        if (status !== 'open' && status !== 'paying') report.settled += 1;
      } catch {
        report.errors += 1; // tried again next pass
      }
    }
    return report;
  }

  /** Runs sweepOnce at start and every `intervalMs`. */
  startExpiryWorker(options: { intervalMs: number; onReport?: (r: { examined: number; settled: number }) => void }) {
    return startPeriodicWorker(() => this.sweepOnce(), options);
  }

  private async advance(request: PaymentRequest): Promise<RequestStatus> {
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

  private async close(
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
    };
  }

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
    const amount = francsParam(request.amount);
    const reference = request._id;
    const payer = (await this.users.find(request.payer))?.name ?? formatMsisdnForDisplay(request.payer);
    const notices: Record<TerminalStepKind, [Msisdn, Notice]> = {
      paid: [request.requester.contact, { key: 'payments.requestPaid', params: { payer, amount, reference } }],
      declined: [request.requester.contact, { key: 'payments.requestDeclined', params: { payer, amount, reference } }],
      expired: [request.requester.contact, { key: 'payments.requestExpired', params: { payer, amount, reference } }],
      cancelled: [
        request.payer,
        { key: 'payments.requestCancelled', params: { requester: request.requester.name, amount, reference } },
      ],
    };
    const [to, notice] = notices[kind];
    await this.notifier.notify(to, notice, `preq-${kind}:${request._id}`);
    await this.store.setState(request._id, kind);
  }

  private async view(request: PaymentRequest): Promise<RequestView> {
    const head = (await this.sortedSteps(request._id)).at(-1);
    let status: RequestStatus;
    if (head && isTerminal(head.kind)) status = head.kind;
    else if (head?.kind === 'paying') status = 'paying';
    else status = this.isPastExpiry(request) ? 'expired' : 'open';
    return {
      id: request._id,
      requesterName: request.requester.name,
      payer: request.payer,
      amount: request.amount,
      reason: request.reason,
      createdAt: request.createdAt,
      expiresAt: request.expiresAt,
      status,
    };
  }

  private async sortedSteps(requestId: string): Promise<RequestStep[]> {
    return (await this.store.steps(requestId)).sort((a, b) => a.seq - b.seq);
  }

  private isPastExpiry(request: PaymentRequest): boolean {
    return this.clock().getTime() > request.expiresAt.getTime();
  }
}

/** The notice to a payer who has an account: they read the request, reason included, in their own menus. */
function requestNotice(request: PaymentRequest): Notice {
  return {
    key: request.reason ? 'payments.requestReceived' : 'payments.requestReceivedNoReason',
    params: {
      requester: request.requester.name,
      amount: francsParam(request.amount),
      reason: request.reason,
      date: dateParam(request.expiresAt),
      reference: request._id,
    },
  };
}

/**
 * The SMS to a number without an account: a stranger may be anyone, and a request is how a fraudster would start
 * ("MTN: a refund is waiting, send your PIN to…"). So it is a fixed text of ours, with the requester's registered
 * name and number and a warning never to share a PIN; the requester's free-text reason is left out (a reason can
 * be written to look like an operator's message), and is shown once the person signs up, in Requests to pay.
 */
function newcomerNotice(request: PaymentRequest): Notice {
  return {
    key: 'payments.requestToNewcomer',
    params: {
      requester: request.requester.name,
      number: formatMsisdnForDisplay(request.requester.contact),
      amount: francsParam(request.amount),
      date: dateParam(request.expiresAt),
    },
  };
}

function isTerminal(kind: StepKind): kind is TerminalStepKind {
  return TERMINAL.has(kind);
}

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

/** Whether a request was made after `since` (a departure): before it, it was the number's previous owner's. */
function madeAfter(request: PaymentRequest, since: Date | null): boolean {
  return since === null || request.createdAt.getTime() > since.getTime();
}

function newestFirst(a: RequestView, b: RequestView): number {
  return b.createdAt.getTime() - a.createdAt.getTime();
}
