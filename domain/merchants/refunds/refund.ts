/**
 * A merchant's refund of a payment it collected: to the payer's wallet (a ledger transfer) or back to the mobile
 * money account that paid (a payout through the rail). Refunds of one payment are numbered (`<payment transfer>#<n>`)
 * and slot n is taken by an insert, decided only after reading refunds 1..n-1, so their sum never exceeds what was
 * paid (refunds.ts says how). How one ended is an insert-once outcome row; the record's `state` is only a cache.
 */
import type { Rail } from '../../ledger/accounts';
import type { Msisdn } from '../../phone';

export const REFUND_DESTINATIONS = ['wallet', 'mobile_money'] as const;
export type RefundDestination = (typeof REFUND_DESTINATIONS)[number];

export type RefundStatus = 'pending' | 'processed' | 'failed';

/** Why a refund was not made (or, for INSUFFICIENT_FUNDS, made and failed at once). */
export type RefundRefusal =
  | 'PAYMENT_NOT_FOUND'
  | 'NOT_PAID'
  | 'INVALID_AMOUNT'
  | 'EXCEEDS_REFUNDABLE'
  | 'MERCHANT_SUSPENDED'
  | 'DESTINATION_UNAVAILABLE'
  | 'INSUFFICIENT_FUNDS'
  /** The caller's id was used before for another amount or destination. */
  | 'CONFLICT';

/** A refund as recorded when its slot was taken; only `state` and `processedAt` (a cache) change. */
export interface RefundRecord {
  /** `<payment transfer id>#<n>`: the slot that decided it. */
  _id: string;
  paymentTransferId: string;
  n: number;
  merchantId: string;
  /** The caller's idempotency key; unique per merchant. */
  callerId: string;
  requestId: string;
  amount: number;
  destination: RefundDestination;
  /** The rail that pays a mobile-money refund out (the one that collected); null to a wallet. */
  rail: Rail | null;
  /** Who gets the money: the wallet's owner, or the mobile-money number paid. */
  payee: Msisdn;
  reason: string | null;
  /** The team member who made it; null through the API (or before refunds recorded it). */
  requestedBy: Msisdn | null;
  shortReference: string;
  createdAt: Date;
  /** A cache of the outcome row. */
  state: RefundStatus;
  processedAt: Date | null;
}

/** How a refund ended: inserted once (`_id` = `<refund id>#outcome`), the first insert stands forever. */
export interface RefundOutcome {
  _id: string;
  refundId: string;
  state: 'processed' | 'failed';
  reason: string | null;
  at: Date;
}

/** A refund as the merchant (the API, the chat) sees it. */
export interface RefundView {
  /** The caller's id. */
  id: string;
  /** The full id, `<payment transfer id>#<n>`. */
  refundId: string;
  merchantId: string;
  requestId: string;
  paymentTransferId: string;
  amount: number;
  currency: 'XAF';
  destination: RefundDestination;
  status: RefundStatus;
  /** Why it failed; null otherwise. */
  reason: string | null;
  /** The merchant's reason for the refund, as it gave it (cleaned); null when it gave none. */
  note: string | null;
  /** The team member who made it; null through the API. */
  requestedBy: Msisdn | null;
  shortReference: string;
  createdAt: Date;
  processedAt: Date | null;
}

/** The id of slot `n` of a payment's refunds. */
export function refundSlotId(paymentTransferId: string, n: number): string {
  return `${paymentTransferId}#${n}`;
}

/** The id of a refund's outcome row. */
export function refundOutcomeId(refundId: string): string {
  return `${refundId}#outcome`;
}

/** The ledger transfer (and rail reference) that moves a refund's money; `#` is not allowed in transfer ids. */
export function refundTransferId(record: Pick<RefundRecord, 'paymentTransferId' | 'n'>): string {
  return `mrefund:${record.paymentTransferId}:${record.n}`;
}

/** The view of a record, with its outcome if one was decided (the outcome wins over the cached state). */
export function refundViewOf(record: RefundRecord, outcome: RefundOutcome | null): RefundView {
  return {
    id: record.callerId,
    refundId: record._id,
    merchantId: record.merchantId,
    requestId: record.requestId,
    paymentTransferId: record.paymentTransferId,
    amount: record.amount,
    currency: 'XAF',
    destination: record.destination,
    status: outcome ? outcome.state : 'pending',
    reason: outcome?.reason ?? null,
    note: record.reason,
    requestedBy: record.requestedBy,
    shortReference: record.shortReference,
    createdAt: record.createdAt,
    processedAt: outcome?.state === 'processed' ? outcome.at : null,
  };
}

/** The view as plain JSON, for events. */
export function refundJson(view: RefundView): Record<string, unknown> {
  return {
    ...view,
    createdAt: view.createdAt.toISOString(),
    processedAt: view.processedAt ? view.processedAt.toISOString() : null,
  };
}
