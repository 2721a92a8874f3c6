/**
 * A merchant's payment requests: made through the API, the chat, a payment link or an invoice, paid like any
 * request (the request's steps decide every race: paymentRequests/requestSteps.ts), into the merchant's own ledger
 * account. This service adds what is the merchant's: its own ids (kept apart from other merchants' under
 * `mr_<merchant>_<id>`), its order references, its limits, and the events it is told of (`payment_request.created`
 * when made, `payment.succeeded`, `payment.failed` and `payment_request.expired` from the request's steps).
 */
import { limitPeriods } from '../ledger/kyc';
import type { Msisdn } from '../phone';
import type { CreateRefusal, RequestStatus } from '../paymentRequests/paymentRequestResults';
import type { PaymentRequests } from '../paymentRequests/paymentRequests';
import type {
  MerchantRequestSource,
  PaymentRequest,
  PaymentRequestStore,
  RequestStep,
} from '../paymentRequests/paymentRequestStore';
import { canOperate, merchantLimits, type Merchant } from './merchant';
import type { MerchantEventRecorder } from './merchantEvent';
import {
  merchantIdOf,
  merchantPaymentJson,
  merchantPaymentView,
  merchantRequestId,
  type MerchantPaymentView,
} from './merchantPaymentView';
import type { Merchants } from './merchants';

/** Why a merchant's request could not be made. */
export type MerchantRequestRefusal =
  | CreateRefusal
  | 'MERCHANT_NOT_FOUND'
  | 'MERCHANT_SUSPENDED'
  | 'ABOVE_PAYMENT_LIMIT'
  | 'ABOVE_DAILY_LIMIT'
  | 'INVALID_ORDER_REFERENCE';

/** What `create` takes. `id`: the merchant's own id for the request, its idempotency key. */
export interface MerchantRequestInput {
  merchantId: string;
  id: string;
  payer: Msisdn;
  amount: number;
  orderReference?: string;
  reason?: string;
  expiresInDays?: number;
  source: MerchantRequestSource;
  /** The link's or the invoice's id. */
  sourceId?: string;
  /** The cash point it is made at, and the cashier who made it (both checked by the caller against the team). */
  cashPointId?: string;
  cashier?: Msisdn;
}

/** A page of a merchant's requests, newest first. */
export interface MerchantPaymentPage {
  data: MerchantPaymentView[];
  hasMore: boolean;
}

/** What MerchantRequests needs. */
export interface MerchantRequestsOptions {
  merchants: Merchants;
  requests: PaymentRequests;
  requestStore: PaymentRequestStore;
  events: MerchantEventRecorder;
  clock?: () => Date;
}

/** The merchant's own id: what fits `mr_<merchant>_<id>` within a request id (letters, digits, `_-.`). */
const MERCHANT_OWN_ID = /^[A-Za-z0-9_\-.]{1,128}$/;
/** An order reference as merchants write them: `A-17`, `INV/2026/042`, `#42`. */
const ORDER_REFERENCE = /^[A-Za-z0-9 _\-./#]{1,40}$/;
const SOURCES: readonly MerchantRequestSource[] = ['chat', 'api', 'link', 'invoice'];

/** The merchant payment request service, and what a merchant's request becomes (its events). */
export class MerchantRequests {
  private readonly merchants: Merchants;
  private readonly requests: PaymentRequests;
  private readonly store: PaymentRequestStore;
  private readonly events: MerchantEventRecorder;
  private readonly clock: () => Date;

  constructor(options: MerchantRequestsOptions) {
    this.merchants = options.merchants;
    this.requests = options.requests;
    this.store = options.requestStore;
    this.events = options.events;
    this.clock = options.clock ?? (() => new Date());
  }

  /**
   * Asks `payer` for `amount` on the merchant's behalf, under the merchant's own `id`: the same id again answers
   * with the request already made (CONFLICT when other fields differ). The payer is told how to pay.
   */
  async create(
    input: MerchantRequestInput,
  ): Promise<{ ok: true; payment: MerchantPaymentView } | { ok: false; reason: MerchantRequestRefusal }> {
    if (!MERCHANT_OWN_ID.test(input.id)) return { ok: false, reason: 'INVALID_ID' };
    const orderReference = input.orderReference === undefined ? null : input.orderReference.trim();
    if (orderReference !== null && !ORDER_REFERENCE.test(orderReference)) {
      return { ok: false, reason: 'INVALID_ORDER_REFERENCE' };
    }
    if (!SOURCES.includes(input.source)) throw new Error(`unknown merchant request source ${String(input.source)}`);
    const merchant = await this.merchants.get(input.merchantId);
    if (!merchant) return { ok: false, reason: 'MERCHANT_NOT_FOUND' };
    if (!canOperate(merchant)) return { ok: false, reason: 'MERCHANT_SUSPENDED' };

    const requestId = merchantRequestId(merchant._id, input.id);
    // A retry of a request already made is not asked again of the limits: it asks for nothing new.
    const retry = (await this.store.getRequest(requestId)) !== null;
    if (!retry) {
      const refusal = await this.beyondLimits(merchant, input.amount);
      if (refusal) return { ok: false, reason: refusal };
    }
    const created = await this.requests.create({
      id: requestId,
      requester: { kind: 'merchant', merchantId: merchant._id, name: merchant.name, contact: merchant.owner },
      payer: input.payer,
      amount: input.amount,
      ...(input.reason === undefined ? {} : { reason: input.reason }),
      ...(input.expiresInDays === undefined ? {} : { expiresInDays: input.expiresInDays }),
      merchant: {
        orderReference,
        source: input.source,
        sourceId: input.sourceId ?? null,
        ...(input.cashPointId === undefined ? {} : { cashPointId: input.cashPointId }),
        ...(input.cashier === undefined ? {} : { cashier: input.cashier }),
      },
    });
    if (!created.ok) return created;
    const payment = await this.view(created.request);
    // Recorded by the retry too: a crash after the request and before its event is repaired by the retry.
    await this.events.record({
      merchantId: merchant._id,
      type: 'payment_request.created',
      subjectKey: `${requestId}:created`,
      data: merchantPaymentJson(payment),
    });
    return { ok: true, payment };
  }

  /** One of the merchant's requests by its own id, or null. */
  async get(merchantId: string, id: string): Promise<MerchantPaymentView | null> {
    const request = await this.store.getRequest(merchantRequestId(merchantId, id));
    return request && merchantIdOf(request) === merchantId ? this.view(request) : null;
  }

  /** A merchant's request by its full id (`mr_<merchant>_<id>`), or null (null too for a person's request). */
  async byRequestId(requestId: string): Promise<MerchantPaymentView | null> {
    const request = await this.store.getRequest(requestId);
    return request && merchantIdOf(request) !== null ? this.view(request) : null;
  }

  /**
   * The merchant's requests, newest first, `limit` at a time (1 to 100); `startingAfter`: the merchant's own id of
   * the last request of the previous page; `status`: only those with that status now.
   */
  async list(
    merchantId: string,
    options: { limit: number; startingAfter?: string; status?: RequestStatus },
  ): Promise<MerchantPaymentPage> {
    const limit = Math.min(Math.max(Math.floor(options.limit), 1), 100);
    let requests = await this.newestFirst(merchantId);
    if (options.startingAfter !== undefined) {
      const after = merchantRequestId(merchantId, options.startingAfter);
      const index = requests.findIndex((r) => r._id === after);
      requests = index < 0 ? [] : requests.slice(index + 1);
    }
    const data: MerchantPaymentView[] = [];
    for (const request of requests) {
      const view = await this.view(request);
      if (options.status !== undefined && view.status !== options.status) continue;
      if (data.length === limit) return { data, hasMore: true };
      data.push(view);
    }
    return { data, hasMore: false };
  }

  /** Every one of the merchant's requests, newest first (for reports computed in code). */
  async all(merchantId: string): Promise<MerchantPaymentView[]> {
    return Promise.all((await this.newestFirst(merchantId)).map((r) => this.view(r)));
  }

  /** The merchant's paid requests (its payments), newest first, a page at a time as `list`. */
  payments(merchantId: string, options: { limit: number; startingAfter?: string }): Promise<MerchantPaymentPage> {
    return this.list(merchantId, { ...options, status: 'paid' });
  }

  /** The merchant's requests for one order reference, newest first. */
  async byOrder(merchantId: string, orderReference: string): Promise<MerchantPaymentView[]> {
    const merchant = await this.merchants.get(merchantId);
    if (!merchant) return [];
    const requests = (await this.store.byOrder(merchant.account, orderReference.trim())).sort(newestRequestFirst);
    return Promise.all(requests.map((r) => this.view(r)));
  }

  /**
   * What PaymentRequests calls when a request's end is announced (onEnded): records the merchant's events for it,
   * once each however often it runs. Failed attempts are recorded here too, in case their own call was lost.
   */
  async ended(request: PaymentRequest, step: RequestStep): Promise<void> {
    const merchantId = merchantIdOf(request);
    if (merchantId === null) return;
    const steps = await this.store.steps(request._id);
    const view = merchantPaymentView(request, steps, { now: this.clock(), payUrl: await this.payUrlOf(request) });
    for (const failed of steps.filter((s) => s.kind === 'failed')) await this.recordFailure(view, failed);
    if (step.kind === 'paid') {
      await this.events.record({
        merchantId,
        type: 'payment.succeeded',
        subjectKey: `${request._id}:paid`,
        data: merchantPaymentJson(view, 'payment'),
      });
    } else if (step.kind === 'expired') {
      await this.events.record({
        merchantId,
        type: 'payment_request.expired',
        subjectKey: `${request._id}:expired`,
        data: merchantPaymentJson(view),
      });
    }
    // Declined and cancelled have no event type of their own yet: the request's status says it.
  }

  /** What PaymentRequests calls when an attempt failed (onAttemptFailed): records `payment.failed` once. */
  async attemptFailed(request: PaymentRequest, step: RequestStep): Promise<void> {
    if (merchantIdOf(request) === null) return;
    await this.recordFailure(await this.view(request), step);
  }

  private async recordFailure(view: MerchantPaymentView, failed: RequestStep): Promise<void> {
    await this.events.record({
      merchantId: view.merchantId,
      type: 'payment.failed',
      subjectKey: `${failed._id}:failed`,
      data: { ...merchantPaymentJson(view, 'payment'), failure: { reason: failed.reason, at: failed.at } },
    });
  }

  /**
   * Which limit `amount` would break: the merchant's per payment, or per Douala day counted as the sum of the
   * requests it made today. The day's sum is a read, so requests made at the same instant by several processes may
   * together pass it by a little; the per-payment limit bounds by how much. Every request made counts, paid or not:
   * the limit is on what a merchant may ask for.
   */
  private async beyondLimits(
    merchant: Merchant,
    amount: number,
  ): Promise<'ABOVE_PAYMENT_LIMIT' | 'ABOVE_DAILY_LIMIT' | null> {
    const limits = merchantLimits(merchant);
    if (amount > limits.perPayment) return 'ABOVE_PAYMENT_LIMIT';
    const today = limitPeriods(this.clock()).day;
    const madeToday = (await this.store.byRequester(merchant.account))
      .filter((r) => limitPeriods(r.createdAt).day === today)
      .reduce((sum, r) => sum + r.amount, 0);
    return madeToday + amount > limits.perDay ? 'ABOVE_DAILY_LIMIT' : null;
  }

  private async newestFirst(merchantId: string): Promise<PaymentRequest[]> {
    const merchant = await this.merchants.get(merchantId);
    if (!merchant) return [];
    return (await this.store.byRequester(merchant.account)).sort(newestRequestFirst);
  }

  private async view(request: PaymentRequest): Promise<MerchantPaymentView> {
    const steps = await this.store.steps(request._id);
    return merchantPaymentView(request, steps, { now: this.clock(), payUrl: await this.payUrlOf(request) });
  }

  private async payUrlOf(request: PaymentRequest): Promise<string | null> {
    return this.requests.byLink ? this.requests.byLink.linkFor(request) : null;
  }
}

/** Newest first, then by id, so pages never skip nor repeat a request made in the same millisecond. */
function newestRequestFirst(a: PaymentRequest, b: PaymentRequest): number {
  return b.createdAt.getTime() - a.createdAt.getTime() || (a._id < b._id ? 1 : a._id > b._id ? -1 : 0);
}
