/**
 * A merchant's payment request as the merchant sees it (the API, the chat, events and webhooks): built from the
 * request and its steps, which decided everything; the request's cached state is not read. Pure: no I/O.
 */
import type { Rail } from '../ledger/accounts';
import type { Msisdn } from '../phone';
import type { RequestStatus } from '../paymentRequests/paymentRequestResults';
import type { MerchantRequestSource, PaymentRequest, RequestStep } from '../paymentRequests/paymentRequestStore';
import { isTerminal } from '../paymentRequests/stepRecords';
import { shortReferenceOf } from '../shortReference';

/** One moment of a request's life: made, an attempt to pay, an attempt that failed, its end. */
export interface MerchantPaymentEvent {
  status: string;
  at: Date;
  /** Why an attempt failed; null otherwise. */
  reason: string | null;
}

/** A merchant's payment request and, once paid, its payment. */
export interface MerchantPaymentView {
  /** The merchant's own id for it (what it gave when creating it). */
  id: string;
  /** The payment request's full id, `mr_<merchant>_<id>`. */
  requestId: string;
  shortReference: string;
  merchantId: string;
  payer: Msisdn;
  amount: number;
  currency: 'XAF';
  orderReference: string | null;
  reason: string;
  source: MerchantRequestSource;
  sourceId: string | null;
  /** The cash point it was made at, and the cashier who made it; null when none. */
  cashPointId: string | null;
  cashier: Msisdn | null;
  status: RequestStatus;
  createdAt: Date;
  expiresAt: Date;
  paidAt: Date | null;
  /** The ledger transfer that paid it. */
  transferId: string | null;
  /** From the payer's wallet, or through a rail on the pay page. */
  paidBy: 'wallet' | Rail | null;
  /** The number that paid: the payer's wallet, or the mobile-money number a rail collected from (refunds go back there). */
  paidFrom: Msisdn | null;
  /** The fee the payer paid on top of the amount (the paid step's); null until paid, or when none was recorded. */
  fee: number | null;
  /** The pay page, where it can be paid without an account; null where pay pages are off. */
  payUrl: string | null;
  history: MerchantPaymentEvent[];
}

/** The full request id of a merchant's own id: two merchants' ids never collide. */
export function merchantRequestId(merchantId: string, id: string): string {
  return `${merchantRequestPrefix(merchantId)}${id}`;
}

/** What every request id of one merchant starts with. */
export function merchantRequestPrefix(merchantId: string): string {
  return `mr_${merchantId}_`;
}

/** The merchant of a merchant's request (from its requester account `merchant:<id>`), or null. */
export function merchantIdOf(request: PaymentRequest): string | null {
  if (request.requester.kind !== 'merchant') return null;
  const [kind, ...rest] = request.requester.account.split(':');
  return kind === 'merchant' && rest.length > 0 ? rest.join(':') : null;
}

/** A request's status from its steps (the head decides; an open one past its expiry is expired). */
export function statusOf(request: PaymentRequest, steps: RequestStep[], now: Date): RequestStatus {
  const head = [...steps].sort((a, b) => a.seq - b.seq).at(-1);
  if (head && isTerminal(head.kind)) return head.kind;
  if (head?.kind === 'paying') return 'paying';
  return now.getTime() > request.expiresAt.getTime() ? 'expired' : 'open';
}

/** The view of a merchant's request, from the request, all its steps, the time now and its pay page. */
export function merchantPaymentView(
  request: PaymentRequest,
  steps: RequestStep[],
  context: { now: Date; payUrl: string | null },
): MerchantPaymentView {
  const merchantId = merchantIdOf(request) ?? '';
  const prefix = merchantRequestPrefix(merchantId);
  const sorted = [...steps].sort((a, b) => a.seq - b.seq);
  const status = statusOf(request, sorted, context.now);
  const paid = sorted.find((s) => s.kind === 'paid') ?? null;
  const history: MerchantPaymentEvent[] = [{ status: 'created', at: request.createdAt, reason: null }];
  for (const step of sorted) history.push({ status: step.kind, at: step.at, reason: step.reason });
  // Past its expiry with nobody acting yet: expired already, though the worker has not written its step.
  if (status === 'expired' && !sorted.some((s) => s.kind === 'expired')) {
    history.push({ status: 'expired', at: request.expiresAt, reason: null });
  }
  return {
    id: request._id.startsWith(prefix) ? request._id.slice(prefix.length) : request._id,
    requestId: request._id,
    shortReference: shortReferenceOf(request),
    merchantId,
    payer: request.payer,
    amount: request.amount,
    currency: 'XAF',
    orderReference: request.merchant?.orderReference ?? null,
    reason: request.reason,
    source: request.merchant?.source ?? 'api',
    sourceId: request.merchant?.sourceId ?? null,
    cashPointId: request.merchant?.cashPointId ?? null,
    cashier: request.merchant?.cashier ?? null,
    status,
    createdAt: request.createdAt,
    expiresAt: request.expiresAt,
    paidAt: paid?.at ?? null,
    transferId: paid?.transferId ?? null,
    paidBy: paid ? (paid.rail ?? 'wallet') : null,
    paidFrom: paid ? (paid.railPayer ?? request.payer) : null,
    fee: paid?.fee ?? null,
    payUrl: context.payUrl,
    history,
  };
}

/**
 * The view as the API and webhooks show it: snake_case keys, ISO dates, `object` naming the resource
 * (`payment_request`, or `payment` for a paid one).
 */
export function merchantPaymentJson(
  view: MerchantPaymentView,
  object: 'payment_request' | 'payment' = 'payment_request',
): Record<string, unknown> {
  const iso = (date: Date | null) => (date === null ? null : date.toISOString());
  return {
    object,
    id: view.id,
    request_id: view.requestId,
    short_reference: view.shortReference,
    merchant_id: view.merchantId,
    payer: view.payer,
    amount: view.amount,
    currency: view.currency,
    order_reference: view.orderReference,
    description: view.reason,
    source: view.source,
    source_id: view.sourceId,
    status: view.status,
    created_at: iso(view.createdAt),
    expires_at: iso(view.expiresAt),
    paid_at: iso(view.paidAt),
    transfer_id: view.transferId,
    paid_by: view.paidBy,
    pay_url: view.payUrl,
    history: view.history.map((h) => ({ status: h.status, at: iso(h.at), reason: h.reason })),
  };
}
