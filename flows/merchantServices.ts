/**
 * What the merchant conversations ask of the merchant services, as the shapes their invoked actors take and
 * answer (bound to the real services at wiring), and the lookup of the person's own merchant every one of them
 * starts with: a person reaches them from the menu or by a one-line command, so each checks the owner itself.
 */
import { fromPromise } from 'xstate';
import type { MerchantCategory, MerchantStatus } from '../domain/merchants/merchant';
import type { Msisdn } from '../domain/phone';
import { notProvided } from './notProvided';

/** The person's merchant as the conversations need it. */
export interface MerchantSummary {
  id: string;
  name: string;
  category: MerchantCategory;
  status: MerchantStatus;
}

export interface MerchantOfInput {
  msisdn: Msisdn;
}

/** The merchant a person owns, or null. */
export const merchantOfActor = fromPromise<MerchantSummary | null, MerchantOfInput>(notProvided('merchantOf'));

export interface OpenMerchantInput {
  owner: Msisdn;
  name: string;
  category: MerchantCategory;
}

export type OpenMerchantRefusal = 'INVALID_NAME' | 'INVALID_CATEGORY' | 'OWNER_NOT_REGISTERED';

export type OpenMerchantResult =
  { ok: true; merchant: { id: string; name: string }; created: boolean } | { ok: false; reason: OpenMerchantRefusal };

export interface CreateMerchantRequestInput {
  merchantId: string;
  /** The idempotency key of the request, made when the owner confirms, before the call. */
  id: string;
  payer: Msisdn;
  amount: number;
  orderReference?: string;
  reason?: string;
}

export type CreateMerchantRequestRefusal =
  | 'INVALID_AMOUNT'
  | 'REASON_TOO_LONG'
  | 'SAME_ACCOUNT'
  | 'CONFLICT'
  | 'MERCHANT_SUSPENDED'
  | 'ABOVE_PAYMENT_LIMIT'
  | 'ABOVE_DAILY_LIMIT'
  | 'INVALID_ORDER_REFERENCE';

export type CreateMerchantRequestResult =
  | {
      ok: true;
      payment: {
        shortReference: string;
        amount: number;
        payer: Msisdn;
        orderReference: string | null;
        payUrl: string | null;
      };
    }
  | { ok: false; reason: CreateMerchantRequestRefusal };

export interface OrderStatusInput {
  merchantId: string;
  orderReference: string;
}

/** One payment asked for under an order reference. `status` is the request's (open, paid, expired…). */
export interface OrderPayment {
  shortReference: string;
  requestId: string;
  amount: number;
  status: string;
  payer: Msisdn;
  /** When it was asked for (an ISO date or a Date: both are shown alike). */
  at: string | Date;
}

export type RefundStatus = 'pending' | 'processed' | 'failed';

export interface OrderRefund {
  shortReference: string;
  amount: number;
  status: RefundStatus;
}

export interface OrderStatus {
  orderReference: string;
  paidAmount: number;
  payments: OrderPayment[];
  refunds: OrderRefund[];
}

export interface FindPaymentInput {
  merchantId: string;
  /** A payment's short reference or its order reference, as the owner typed it. */
  reference: string;
}

export interface FoundPayment {
  requestId: string;
  shortReference: string;
  amount: number;
  /** What is left to refund of it. */
  refundable: number;
  payer: Msisdn;
}

export interface RefundPaymentInput {
  merchantId: string;
  requestId: string;
  /** The idempotency key of the refund, made when the owner confirms, before the PIN. */
  id: string;
  /** None means what is left. */
  amount?: number;
}

export type RefundPaymentRefusal =
  | 'NOT_PAID'
  | 'EXCEEDS_REFUNDABLE'
  | 'INSUFFICIENT_FUNDS'
  | 'DESTINATION_UNAVAILABLE'
  | 'MERCHANT_SUSPENDED'
  | 'INVALID_AMOUNT'
  | 'PAYMENT_NOT_FOUND'
  | 'CONFLICT';

export type RefundPaymentResult =
  | {
      ok: true;
      refund: {
        shortReference: string;
        amount: number;
        status: RefundStatus;
        destination: 'wallet' | 'mobile_money';
      };
    }
  | { ok: false; reason: RefundPaymentRefusal };
