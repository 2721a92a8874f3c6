/**
 * Merchants' payment links: made once under the caller's id, listed, turned off; and their public page's service,
 * which makes a merchant payment request (source `link`) for whoever fills it, and gives its pay page. A limited
 * link reserves a slot before each request (linkSlots.ts), so it is never paid more often than it may be.
 */
import { createHash, randomBytes } from 'node:crypto';
import { isFrancs } from '../../money';
import { parseCameroonMobile } from '../../phone';
import { MAX_REASON_LENGTH } from '../../paymentRequests/paymentRequests';
import { canOperate, merchantLimits, type Merchant } from '../merchant';
import type { CreateMerchantRequest, MerchantRequestStatus } from '../merchantRequestPort';
import type { MerchantStore } from '../merchantStore';
import { newLinkCode, normalizeLinkCode } from './linkCode';
import { LinkSlots } from './linkSlots';
import type { PaymentLink, PaymentLinkStore } from './paymentLink';
import { paymentLinkView, type PaymentLinkStatus, type PaymentLinkView } from './paymentLinkView';

export const MAX_ORDER_REFERENCE_LENGTH = 64;
const CLIENT_ID = /^[A-Za-z0-9_\-.:]{1,100}$/;

/** What a merchant asks for when making a link. */
export interface NewPaymentLink {
  merchantId: string;
  /** The caller's idempotency id: the same id again gives the link already made. */
  id: string;
  reusable: boolean;
  amount: number | null;
  minAmount?: number | null;
  maxAmount?: number | null;
  reason: string;
  expiresAt?: Date | null;
  maxPayments?: number | null;
  orderReference?: string | null;
}

export type CreateLinkRefusal =
  | 'INVALID_ID'
  | 'MERCHANT_NOT_FOUND'
  | 'MERCHANT_SUSPENDED'
  | 'INVALID_AMOUNT'
  | 'AMOUNT_ABOVE_LIMIT'
  | 'INVALID_BOUNDS'
  | 'REASON_TOO_LONG'
  | 'INVALID_EXPIRY'
  | 'INVALID_MAX_PAYMENTS'
  | 'ORDER_REFERENCE_TOO_LONG'
  | 'CONFLICT';

/** Why a link's page makes no request. */
export type LinkPayRefusal =
  | 'NOT_FOUND'
  | 'EXPIRED'
  | 'DEACTIVATED'
  | 'FULL'
  /** Every slot is held by a payment in progress: one may end unpaid and free it. */
  | 'BUSY'
  | 'MERCHANT_UNAVAILABLE'
  | 'INVALID_NUMBER'
  | 'INVALID_AMOUNT'
  | 'AMOUNT_TOO_LOW'
  | 'AMOUNT_TOO_HIGH'
  /** The merchant request was refused (its reason is logged by its maker, not shown). */
  | 'REFUSED';

/** What a link's public page shows. */
export interface LinkPageView {
  link: PaymentLinkView;
  merchantName: string;
  /** `active` when the page offers its form. */
  state: PaymentLinkStatus | 'unavailable';
}

export interface PaymentLinksOptions {
  store: PaymentLinkStore;
  merchants: Pick<MerchantStore, 'getMerchant'>;
  createRequest: CreateMerchantRequest;
  requestStatus: MerchantRequestStatus;
  /** Where pages are served, e.g. `https://pay.example.cm` (a link is `<publicUrl>/l/<code>`). */
  publicUrl: string;
  clock?: () => Date;
}

export class PaymentLinks {
  private readonly clock: () => Date;
  private readonly slots: LinkSlots;

  constructor(private readonly options: PaymentLinksOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.slots = new LinkSlots(options.store, options.requestStatus, this.clock);
  }

  /** Makes a link under the caller's id; the same id again returns it (with other fields: CONFLICT). */
  async create(
    input: NewPaymentLink,
  ): Promise<{ ok: true; link: PaymentLinkView } | { ok: false; reason: CreateLinkRefusal }> {
    if (!CLIENT_ID.test(input.id)) return { ok: false, reason: 'INVALID_ID' };
    const merchant = await this.options.merchants.getMerchant(input.merchantId);
    if (!merchant) return { ok: false, reason: 'MERCHANT_NOT_FOUND' };
    if (!canOperate(merchant)) return { ok: false, reason: 'MERCHANT_SUSPENDED' };
    const checked = checkNewLink(input, merchant, this.clock());
    if (!checked.ok) return checked;
    const { store } = this.options;
    const _id = linkIdOf(input.merchantId, input.id);
    const existing = await store.getLink(_id);
    if (existing) return sameLink(existing, checked.link) ? this.viewed(existing) : { ok: false, reason: 'CONFLICT' };
    for (;;) {
      const link: PaymentLink = { ...checked.link, _id, code: newLinkCode(), createdAt: this.clock() };
      if ((await store.insertLink(link)) === 'inserted') return this.viewed(link);
      const winner = await store.getLink(_id);
      // Otherwise the code was taken: draw another.
      if (winner) return sameLink(winner, checked.link) ? this.viewed(winner) : { ok: false, reason: 'CONFLICT' };
    }
  }

  /** A merchant's link, or null (another merchant's link is not found). */
  async get(merchantId: string, linkId: string): Promise<PaymentLinkView | null> {
    const link = await this.options.store.getLink(linkId);
    return link && link.merchantId === merchantId ? this.view(link) : null;
  }

  /** A merchant's links, newest first. */
  async list(
    merchantId: string,
    options: { limit: number; startingAfter?: string },
  ): Promise<{ data: PaymentLinkView[]; hasMore: boolean }> {
    const limit = Math.min(Math.max(Math.trunc(options.limit), 1), 100);
    const links = await this.options.store.list(merchantId, { ...options, limit: limit + 1 });
    const data = await Promise.all(links.slice(0, limit).map((l) => this.view(l)));
    return { data, hasMore: links.length > limit };
  }

  /** Turns a link off for good: its page makes no more requests (those made stay payable). */
  async deactivate(merchantId: string, linkId: string): Promise<PaymentLinkView | null> {
    const link = await this.options.store.getLink(linkId);
    if (!link || link.merchantId !== merchantId) return null;
    if (!link.deactivatedAt) await this.options.store.deactivate(linkId, this.clock());
    const now = await this.options.store.getLink(linkId);
    return now ? this.view(now) : null;
  }

  /** What the page of a code shows; null for a code that opens nothing. */
  async open(typedCode: string): Promise<LinkPageView | null> {
    const found = await this.linkOf(typedCode);
    if (!found) return null;
    const { link, merchant } = found;
    const view = await this.view(link);
    const state = view.status === 'active' && !canOperate(merchant) ? 'unavailable' : view.status;
    return { link: view, merchantName: merchant.name, state };
  }

  /** The public URL of a code's link (for its QR code); null when the code opens nothing. */
  async urlOf(typedCode: string): Promise<string | null> {
    const code = normalizeLinkCode(typedCode);
    const link = code ? await this.options.store.byCode(code) : null;
    return link ? this.urlFor(link) : null;
  }

  /**
   * Makes a merchant request for whoever filled the page: the typed number pays, the typed amount when the payer
   * chooses. `attemptId`: the form's idempotency key (the request's id is derived from it and the link).
   */
  async pay(input: {
    code: string;
    payerNumber: string;
    amount: string | null;
    attemptId?: string;
  }): Promise<{ ok: true; requestId: string; payUrl: string } | { ok: false; reason: LinkPayRefusal }> {
    const found = await this.linkOf(input.code);
    if (!found) return { ok: false, reason: 'NOT_FOUND' };
    const { link, merchant } = found;
    const status = this.statusWithoutSlots(link);
    if (status !== 'active') return { ok: false, reason: status === 'expired' ? 'EXPIRED' : 'DEACTIVATED' };
    if (!canOperate(merchant)) return { ok: false, reason: 'MERCHANT_UNAVAILABLE' };
    const number = parseCameroonMobile(input.payerNumber);
    if (!number.ok) return { ok: false, reason: 'INVALID_NUMBER' };
    const amount = amountOf(link, input.amount, merchant);
    if (!amount.ok) return amount;
    const attemptId = /^[A-Za-z0-9_-]{8,64}$/.test(input.attemptId ?? '')
      ? input.attemptId!
      : randomBytes(9).toString('base64url');
    const requestId = `link-${link.code}-${attemptId}`;
    const taking = await this.slots.take(link, { attemptId, requestId, payer: number.msisdn, amount: amount.amount });
    if (taking.kind === 'none') return { ok: false, reason: taking.reason };
    const slot = taking.slot;
    const made = await this.options.createRequest({
      merchantId: link.merchantId,
      id: slot.requestId!,
      payer: number.msisdn,
      amount: amount.amount,
      reason: link.reason,
      orderReference: link.orderReference,
      source: 'link',
      sourceId: link._id,
    });
    if (!made.ok) {
      if (taking.kind === 'taken' && link.maxPayments !== null) await this.slots.release(slot);
      return { ok: false, reason: 'REFUSED' };
    }
    return { ok: true, requestId: made.requestId, payUrl: made.payUrl };
  }

  private async linkOf(typedCode: string): Promise<{ link: PaymentLink; merchant: Merchant } | null> {
    const code = normalizeLinkCode(typedCode);
    if (!code) return null;
    const link = await this.options.store.byCode(code);
    const merchant = link ? await this.options.merchants.getMerchant(link.merchantId) : null;
    return link && merchant ? { link, merchant } : null;
  }

  private async viewed(link: PaymentLink): Promise<{ ok: true; link: PaymentLinkView }> {
    return { ok: true, link: await this.view(link) };
  }

  private async view(link: PaymentLink): Promise<PaymentLinkView> {
    const paid = await this.slots.paidCount(link);
    let status = this.statusWithoutSlots(link);
    if (status === 'active' && link.maxPayments !== null && paid >= link.maxPayments) status = 'full';
    return paymentLinkView(link, this.urlFor(link), status, paid);
  }

  private statusWithoutSlots(link: PaymentLink): PaymentLinkStatus {
    if (link.deactivatedAt) return 'deactivated';
    if (link.expiresAt && link.expiresAt.getTime() <= this.clock().getTime()) return 'expired';
    return 'active';
  }

  private urlFor(link: PaymentLink): string {
    return `${this.options.publicUrl.replace(/\/+$/, '')}/l/${link.code}`;
  }
}

/** A link's id: the same merchant and caller's id give the same link, whoever makes it. */
function linkIdOf(merchantId: string, clientId: string): string {
  return `pl_${createHash('sha256').update(`${merchantId}\u0000${clientId}`).digest('hex').slice(0, 24)}`;
}

type CheckedLink = Omit<PaymentLink, '_id' | 'code' | 'createdAt'>;

function checkNewLink(
  input: NewPaymentLink,
  merchant: Merchant,
  now: Date,
): { ok: true; link: CheckedLink } | { ok: false; reason: CreateLinkRefusal } {
  const limit = merchantLimits(merchant).perPayment;
  const positive = (n: number | null | undefined) => n === null || n === undefined || (isFrancs(n) && n > 0);
  if (!positive(input.amount) || !positive(input.minAmount) || !positive(input.maxAmount)) {
    return { ok: false, reason: 'INVALID_AMOUNT' };
  }
  const fixed = input.amount;
  const min = fixed === null ? (input.minAmount ?? null) : null;
  const max = fixed === null ? (input.maxAmount ?? null) : null;
  if (fixed !== null && (input.minAmount != null || input.maxAmount != null)) {
    return { ok: false, reason: 'INVALID_BOUNDS' };
  }
  if (min !== null && max !== null && min > max) return { ok: false, reason: 'INVALID_BOUNDS' };
  if ((fixed ?? 0) > limit || (min ?? 0) > limit) return { ok: false, reason: 'AMOUNT_ABOVE_LIMIT' };
  const reason = input.reason.replace(/\s+/g, ' ').trim();
  if (reason.length > MAX_REASON_LENGTH) return { ok: false, reason: 'REASON_TOO_LONG' };
  const expiresAt = input.expiresAt ?? null;
  if (expiresAt && !(expiresAt.getTime() > now.getTime())) return { ok: false, reason: 'INVALID_EXPIRY' };
  let maxPayments = input.maxPayments ?? null;
  if (!input.reusable) {
    if (maxPayments !== null && maxPayments !== 1) return { ok: false, reason: 'INVALID_MAX_PAYMENTS' };
    maxPayments = 1;
  }
  if (maxPayments !== null && !(Number.isSafeInteger(maxPayments) && maxPayments >= 1 && maxPayments <= 10_000)) {
    return { ok: false, reason: 'INVALID_MAX_PAYMENTS' };
  }
  const orderReference = input.orderReference?.trim() || null;
  if (orderReference && orderReference.length > MAX_ORDER_REFERENCE_LENGTH) {
    return { ok: false, reason: 'ORDER_REFERENCE_TOO_LONG' };
  }
  return {
    ok: true,
    link: {
      merchantId: input.merchantId,
      clientId: input.id,
      reusable: input.reusable,
      amount: fixed,
      minAmount: min,
      maxAmount: max,
      reason,
      expiresAt,
      maxPayments,
      orderReference,
      deactivatedAt: null,
    },
  };
}

/** Whether a stored link is what a repeated create asks for. */
function sameLink(stored: PaymentLink, asked: CheckedLink): boolean {
  return (
    stored.merchantId === asked.merchantId &&
    stored.reusable === asked.reusable &&
    stored.amount === asked.amount &&
    stored.minAmount === asked.minAmount &&
    stored.maxAmount === asked.maxAmount &&
    stored.reason === asked.reason &&
    (stored.expiresAt?.getTime() ?? null) === (asked.expiresAt?.getTime() ?? null) &&
    stored.maxPayments === asked.maxPayments &&
    stored.orderReference === asked.orderReference
  );
}

/** The amount a page's form pays: the link's own, or the payer's within the link's bounds and the merchant's limit. */
function amountOf(
  link: PaymentLink,
  typed: string | null,
  merchant: Merchant,
): { ok: true; amount: number } | { ok: false; reason: LinkPayRefusal } {
  if (link.amount !== null) return { ok: true, amount: link.amount };
  const text = (typed ?? '').replace(/[\s\u00a0\u202f]/g, '');
  const amount = /^\d{1,10}$/.test(text) ? Number(text) : NaN;
  if (!isFrancs(amount) || amount <= 0) return { ok: false, reason: 'INVALID_AMOUNT' };
  if (link.minAmount !== null && amount < link.minAmount) return { ok: false, reason: 'AMOUNT_TOO_LOW' };
  const max = Math.min(link.maxAmount ?? Infinity, merchantLimits(merchant).perPayment);
  if (amount > max) return { ok: false, reason: 'AMOUNT_TOO_HIGH' };
  return { ok: true, amount };
}
