/**
 * What the merchant conversations ask of the merchant services, as the shapes their invoked actors take and
 * answer (bound to the real services at wiring), and the lookup of the merchant the person acts for that every one
 * of them starts with: a person reaches them from the menu or by a one-line command, so each checks the person
 * itself. Every action names who acts (`by`): the services read that person's role afresh and may refuse
 * (`TeamRefusal`), whatever the conversation was shown when it started.
 */
import { fromPromise } from 'xstate';
import type { MerchantCategory, MerchantStatus } from '../domain/merchants/merchant';
import type { PermissionRefusal, Permissions } from '../domain/merchants/team/roles';
import type { Msisdn } from '../domain/phone';
import { notProvided } from './notProvided';

/** The merchant the person acts for, and as whom (owner, or their role in its team), as the conversations need it. */
export interface MerchantSummary extends Permissions {
  id: string;
  name: string;
  category: MerchantCategory;
  status: MerchantStatus;
  /** A cashier's cash point's name; null for the other roles. */
  cashPointName: string | null;
}

export interface MerchantOfInput {
  msisdn: Msisdn;
}

/** The merchant a person acts for (the one they own first, else the first team they are in), or null. */
export const merchantOfActor = fromPromise<MerchantSummary | null, MerchantOfInput>(notProvided('merchantOf'));

export interface OpenMerchantInput {
  owner: Msisdn;
  name: string;
  category: MerchantCategory;
}

/**
 * Why a team member may not do this now: no longer in the team, or their role (read afresh at each action) does not
 * allow it, or not on this cash point's payment, or not for this amount.
 */
export type TeamRefusal = 'NOT_A_MEMBER' | PermissionRefusal;

/** What a read answers instead of its result when the person may not make it. */
export interface Refused {
  refused: TeamRefusal;
}

export function isRefused(output: object | null): output is Refused {
  return output !== null && 'refused' in output;
}

/** Why a read was refused, or null when it answered. */
export function refusalIn(output: object | null): TeamRefusal | null {
  return isRefused(output) ? output.refused : null;
}

const TEAM_REFUSALS: readonly string[] = [
  'NOT_A_MEMBER',
  'ROLE_NOT_ALLOWED',
  'OTHER_CASH_POINT',
  'ABOVE_REFUND_LIMIT',
] satisfies TeamRefusal[];

/** The team refusal among an action's refusals, or null for the others. */
export function teamRefusalOf(result: { ok: true } | { ok: false; reason: string }): TeamRefusal | null {
  return !result.ok && TEAM_REFUSALS.includes(result.reason) ? (result.reason as TeamRefusal) : null;
}

export type OpenMerchantRefusal = 'INVALID_NAME' | 'INVALID_CATEGORY' | 'OWNER_NOT_REGISTERED';

export type OpenMerchantResult =
  { ok: true; merchant: { id: string; name: string }; created: boolean } | { ok: false; reason: OpenMerchantRefusal };

export interface CreateMerchantRequestInput {
  merchantId: string;
  /** Who asks: the owner or a team member (a cashier's request carries their cash point). */
  by: Msisdn;
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
  | 'INVALID_ORDER_REFERENCE'
  | TeamRefusal;

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
  /** Who reads: a cashier is shown only their cash point's payments. */
  by: Msisdn;
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
  /** Who refunds: a cashier finds only their cash point's payments. */
  by: Msisdn;
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
  /** The cash point it was made at (it never changes); null: none. */
  cashPointId: string | null;
}

export interface RefundPaymentInput {
  merchantId: string;
  /** Who refunds: their role, cash point and refund limit are checked again before any money moves. */
  by: Msisdn;
  /** The payment's cash point, as found. */
  cashPointId: string | null;
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
  | 'CONFLICT'
  | TeamRefusal;

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
  /** `refundLimit`: with ABOVE_REFUND_LIMIT, the member's limit now. */
  | { ok: false; reason: RefundPaymentRefusal; refundLimit?: number };
