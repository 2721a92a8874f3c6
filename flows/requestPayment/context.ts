/**
 * What the request-payment conversation keeps between turns, and the services' shapes it speaks. Requests are kept
 * as plain JSON (dates as ISO strings), so they travel in the saved snapshot as they are.
 */
import { randomBytes } from 'node:crypto';
import type { PaymentRequests } from '../../domain/paymentRequests/paymentRequests';
import type { RequestStatus, RequestView } from '../../domain/paymentRequests/paymentRequestResults';
import type { Msisdn } from '../../domain/phone';
import type { PagedContext } from '../requestPages';

/** What PaymentRequests.create takes and answers. */
export type CreateRequestInput = Parameters<PaymentRequests['create']>[0];
export type CreateRequestResult = Awaited<ReturnType<PaymentRequests['create']>>;
/** What PaymentRequests.cancel takes and answers. */
export type CancelRequestInput = Parameters<PaymentRequests['cancel']>[0];
export type CancelRequestResult = Awaited<ReturnType<PaymentRequests['cancel']>>;

/** A request the person made, as kept in the flow's context. */
export interface OwnRequest {
  id: string;
  /** Absent in a conversation saved before short references: screens then show shortReferenceOf's fallback. */
  shortReference?: string;
  payer: Msisdn;
  amount: number;
  reason: string;
  expiresAt: string;
  status: RequestStatus;
}

export interface RequestPaymentContext extends PagedContext<OwnRequest> {
  payer: Msisdn | null;
  amount: number;
  reason: string;
  fee: number;
  /** The idempotency key (and reference) of the request, made at confirmation. */
  requestId: string;
  /** The person's open requests, newest first. */
  mine: OwnRequest[];
}

export function ownRequest(view: RequestView): OwnRequest {
  return {
    id: view.id,
    shortReference: view.shortReference,
    payer: view.payer,
    amount: view.amount,
    reason: view.reason,
    expiresAt: new Date(view.expiresAt).toISOString(),
    status: view.status,
  };
}

/** Whether the payer can still pay it, so the requester may still cancel it. */
export function isOpen(view: RequestView): boolean {
  return view.status === 'open' || view.status === 'paying';
}

/**
 * A new request id: `R` and 12 characters of Crockford's base32 (60 random bits). A UUID would do as a key, but
 * people read this id in SMS and quote it to support, and the payment's transfer id embeds it.
 */
export function newRequestId(): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  // 256 is a multiple of 32, so the low five bits of a random byte are uniform.
  return 'R' + Array.from(randomBytes(12), (byte) => alphabet[byte & 31]).join('');
}
