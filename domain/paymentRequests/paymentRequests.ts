/**
 * Payment requests: a person (their wallet) or a merchant asks a mobile number for an amount; the payer pays,
 * declines, or lets it expire; the requester may cancel it. Nothing is in the ledger until it is paid. Every
 * action is decided by inserting the request's next step (requestSteps.ts says how races are decided).
 *
 * When a person leaves (`endFor`), the requests they made are cancelled and those made to them declined; what was
 * made before their departure is never shown to the number's next owner (`since` in the lists).
 *
 * Fees: the payer pays the requested amount plus the p2p fee on top, like a send; the requester receives exactly
 * what they asked for. A merchant requester is credited on its merchant account (transfer kind `merchant`).
 *
 * With rails (`payLinks`), a request to a number without an account also gets a pay page, where it is paid by
 * mobile money or card without an account (payByLink.ts); the payer then pays the rail's fee on top instead.
 */
import { startPeriodicWorker } from '../periodicWorker';
import { computeFee, defaultFeeSchedules, type FeeSchedule } from '../fees';
import { accountIds, type AccountId } from '../ledger/accounts';
import type { Ledger } from '../ledger/ledger';
import type { TransferRefusal } from '../ledger/transferResults';
import { isFrancs, type Francs } from '../money';
import type { Notifier } from '../notifier';
import type { Msisdn } from '../phone';
import type { RailPayments } from '../railPayments/railPayments';
import { PayByLink } from './payByLink';
import type { PayLinkStore } from './payLinkStore';
import { RequestRailAttempts } from './railAttempts';
import { shortReferenceOf } from '../shortReference';
import type { ShortReferences } from '../shortReferences';
import type { UserDirectory } from '../userDirectory';
import type { ActionRefusal, CreateRefusal, PaymentReceipt, RequesterRef, RequestView } from './paymentRequestResults';
import type { MerchantRequestFacts, PaymentRequest, PaymentRequestStore, RequestStep } from './paymentRequestStore';
import { newcomerNotice, requestNotice } from './requestNotices';
import { RequestSteps } from './requestSteps';

/** What PaymentRequests needs. */
export interface PaymentRequestsOptions {
  ledger: Ledger;
  store: PaymentRequestStore;
  users: UserDirectory;
  notifier: Notifier;
  /** Where each request's short reference is reserved before the request is recorded. */
  shortReferences: ShortReferences;
  clock?: () => Date;
  feeSchedule?: FeeSchedule;
  /** How long a request stays payable when the requester does not say. */
  defaultExpiryDays?: number;
  /** Pay pages: where links are kept, the rails that collect, and the public address the links point to. */
  payLinks?: { store: PayLinkStore; railPayments: RailPayments; publicUrl: string };
  /**
   * Called when a request's end (its terminal step) is announced, before the end is cached on the request: it runs
   * at least once per end, and again after a crash (the worker announces until the cache is set). Must be safe to
   * repeat. Merchants record their events here.
   */
  onEnded?: (request: PaymentRequest, step: RequestStep) => Promise<void>;
  /**
   * Called by whoever records an attempt that failed (funds, limits, the rail's refusal), at once; not repeated
   * after a crash (onEnded's caller can read the failed steps again). Must be safe to repeat.
   */
  onAttemptFailed?: (request: PaymentRequest, step: RequestStep) => Promise<void>;
}

export const MAX_REASON_LENGTH = 60;
const MAX_EXPIRY_DAYS = 30;
/** A request id must leave room for `preq:<id>:<slot>` within the ledger's 200-character transfer ids. */
const REQUEST_ID = /^[A-Za-z0-9_\-.]{1,150}$/;

/** The payment-request service the requestPayment flow and merchant routes invoke. */
export class PaymentRequests {
  private readonly ledger: Ledger;
  private readonly store: PaymentRequestStore;
  private readonly users: UserDirectory;
  private readonly notifier: Notifier;
  private readonly shortReferences: ShortReferences;
  private readonly clock: () => Date;
  private readonly feeSchedule: FeeSchedule;
  private readonly defaultExpiryDays: number;
  private readonly steps: RequestSteps;
  /** The pay page's service; null without rails. */
  readonly byLink: PayByLink | null;

  constructor(options: PaymentRequestsOptions) {
    this.ledger = options.ledger;
    this.store = options.store;
    this.users = options.users;
    this.notifier = options.notifier;
    this.shortReferences = options.shortReferences;
    this.clock = options.clock ?? (() => new Date());
    this.feeSchedule = options.feeSchedule ?? defaultFeeSchedules.p2p;
    this.defaultExpiryDays = options.defaultExpiryDays ?? 3;
    const { ledger, store, users, notifier, clock } = this;
    const pages = options.payLinks;
    const rails = pages
      ? new RequestRailAttempts(pages.railPayments, pages.store, (request) => this.byLink!.linkFor(request))
      : undefined;
    this.steps = new RequestSteps({
      ledger,
      store,
      users,
      notifier,
      clock,
      ...(rails ? { railAttempts: rails } : {}),
      ...(options.onEnded ? { onEnded: options.onEnded } : {}),
      ...(options.onAttemptFailed ? { onAttemptFailed: options.onAttemptFailed } : {}),
    });
    this.byLink =
      pages && rails
        ? new PayByLink({ store, links: pages.store, steps: this.steps, rails, publicUrl: pages.publicUrl, clock })
        : null;
    // A pay page's collection that ends (by callback, reconciler or recovery) is recorded on its request at once,
    // so the requester is told then, not at the next sweep.
    pages?.railPayments.whenFinished(async (record) => {
      if (record.requestId === undefined) return;
      const request = await this.store.getRequest(record.requestId);
      if (request) await this.steps.advance(request);
    });
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
    /** A merchant's order reference and where the request came from (merchant requesters only). */
    merchant?: MerchantRequestFacts;
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
      // Named like the prefix of the transfers that will pay it; not part of what makes a retry the same request.
      shortReference: await this.shortReferences.reserve(requestTransferPrefix(input.id)),
      ...(input.merchant && input.requester.kind === 'merchant' ? { merchant: input.merchant } : {}),
    };
    let request = fresh;
    if ((await this.store.insertRequest(fresh)) === 'duplicate') {
      const existing = await this.store.getRequest(input.id);
      if (!existing) throw new Error(`payment request ${input.id} reported as duplicate but not found`);
      const same =
        existing.requester.account === requester.account &&
        existing.payer === input.payer &&
        existing.amount === input.amount &&
        existing.reason === reason &&
        (existing.merchant?.orderReference ?? null) === (fresh.merchant?.orderReference ?? null);
      if (!same) return { ok: false, reason: 'CONFLICT' };
      request = existing;
    }
    const registered = (await this.users.find(request.payer)) !== null;
    let notice = requestNotice(request);
    if (!registered) notice = newcomerNotice(request, this.byLink ? await this.byLink.linkFor(request) : null);
    await this.notifier.notify(request.payer, notice, `preq-new:${request._id}`);
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
    const attempt = await this.steps.pay(request, input.id, this.feeFor(request.amount));
    if (!attempt.ok) return attempt;
    const outcome = attempt.outcome;
    if (outcome.kind !== 'paid') return { ok: false, reason: outcome.reason as TransferRefusal };
    const fee = outcome.fee ?? 0;
    const balance = await this.ledger.balance(accountIds.wallet(request.payer));
    return {
      ok: true,
      receipt: {
        reference: outcome.transferId!,
        shortReference: shortReferenceOf(request),
        requestId: request._id,
        amount: request.amount,
        fee,
        total: request.amount + fee,
        balanceAfter: balance.available,
      },
    };
  }

  /** The payer declines the request; the requester is told. Declining again is fine. */
  async decline(input: {
    requestId: string;
    payer: Msisdn;
  }): Promise<{ ok: true } | { ok: false; reason: ActionRefusal }> {
    const request = await this.store.getRequest(input.requestId);
    if (!request || request.payer !== input.payer) return { ok: false as const, reason: 'NOT_FOUND' };
    return this.steps.close(request, 'declined');
  }

  /** The requester takes the request back; the payer is told. Cancelling again is fine. */
  async cancel(input: {
    requestId: string;
    requester: AccountId;
  }): Promise<{ ok: true } | { ok: false; reason: ActionRefusal }> {
    const request = await this.store.getRequest(input.requestId);
    if (!request || request.requester.account !== input.requester) return { ok: false as const, reason: 'NOT_FOUND' };
    return this.steps.close(request, 'cancelled');
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
    for (const request of made.filter((r) => r.state === 'open')) await this.steps.close(request, 'cancelled');
    const toThem = await this.store.byPayer(msisdn, 'open');
    for (const request of toThem.filter((r) => !madeAfter(r, at))) await this.steps.close(request, 'declined');
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
        const status = await this.steps.advance(request);
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

  /** A request as people see it, with its status now. */
  private async view(request: PaymentRequest): Promise<RequestView> {
    const status = await this.steps.status(request);
    return {
      id: request._id,
      shortReference: shortReferenceOf(request),
      requesterName: request.requester.name,
      payer: request.payer,
      amount: request.amount,
      reason: request.reason,
      createdAt: request.createdAt,
      expiresAt: request.expiresAt,
      status,
    };
  }
}

/** What a request's short reference is reserved under: the prefix of its paying transfers' ids. */
function requestTransferPrefix(requestId: string): string {
  return `preq:${requestId}`;
}

/** Whether a request was made after `since` (a departure): before it, it was the number's previous owner's. */
function madeAfter(request: PaymentRequest, since: Date | null): boolean {
  return since === null || request.createdAt.getTime() > since.getTime();
}

/** Orders request views newest first. */
function newestFirst(a: RequestView, b: RequestView): number {
  return b.createdAt.getTime() - a.createdAt.getTime();
}
