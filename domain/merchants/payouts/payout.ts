/**
 * A merchant's payout: money out of its merchant account to a bank account (the `bank` rail) or to an MTN MoMo or
 * Orange Money number. The record is written once, before anything is held; where a payout stands is read from
 * the approvals, the rail payment and the ledger (payouts.ts), and `state` only caches it for lists and the sweep.
 */
import type { Rail } from '../../ledger/accounts';
import type { Msisdn } from '../../phone';

/** Where a payout's money goes. `accountNumber` is the 23-digit RIB, `bankCode` its first five digits. */
export type PayoutDestination =
  | { type: 'bank'; bankCode: string; accountNumber: string; accountName: string }
  | { type: 'mtn_momo' | 'orange_money'; phone: Msisdn };

export type PayoutStatus = 'pending_approval' | 'pending' | 'processing' | 'paid' | 'failed' | 'needs_review';

/** Why a payout was not made. */
export type PayoutRefusal =
  | 'INVALID_AMOUNT'
  | 'INVALID_DESTINATION'
  | 'MERCHANT_NOT_FOUND'
  | 'MERCHANT_SUSPENDED'
  | 'RAIL_UNAVAILABLE'
  | 'INSUFFICIENT_FUNDS'
  /** The id was used before for another amount or destination. */
  | 'CONFLICT';

/** A payout as asked; immutable but for the cached `state`. */
export interface PayoutRecord {
  /** The ledger transfer id and the rail's reference: `payout:<merchantId>:<id>`. */
  _id: string;
  merchantId: string;
  /** The caller's id (the API's Idempotency-Key); unique per merchant. */
  callerId: string;
  amount: number;
  fee: number;
  destination: PayoutDestination;
  rail: Rail;
  /** The merchant's own reference, shown on the bank statement. */
  reference: string | null;
  requestedBy: Msisdn;
  /** Whether a checker must approve it before anything is held. */
  approvalRequired: boolean;
  createdAt: Date;
  state: PayoutStatus;
}

/** A payout as the merchant sees it. */
export interface PayoutView {
  id: string;
  payoutId: string;
  merchantId: string;
  amount: number;
  fee: number;
  currency: 'XAF';
  destination: PayoutDestination;
  reference: string | null;
  status: PayoutStatus;
  /** Why it failed (a rail's reason, INSUFFICIENT_FUNDS, APPROVAL_REJECTED); null otherwise. */
  failureReason: string | null;
  requestedBy: Msisdn;
  createdAt: Date;
}

/** The ledger transfer id of a merchant's payout. */
export function payoutTransferId(merchantId: string, callerId: string): string {
  return `payout:${merchantId}:${callerId}`;
}

/** The rail a destination is paid by. */
export function railOfDestination(destination: PayoutDestination): Rail {
  return destination.type;
}

/** Whether two destinations are the same account. */
export function sameDestination(a: PayoutDestination, b: PayoutDestination): boolean {
  if (a.type === 'bank' || b.type === 'bank') {
    return (
      a.type === 'bank' &&
      b.type === 'bank' &&
      a.accountNumber === b.accountNumber &&
      a.bankCode === b.bankCode &&
      a.accountName === b.accountName
    );
  }
  return a.type === b.type && a.phone === b.phone;
}

/** The view as plain JSON, for events. */
export function payoutJson(view: PayoutView): Record<string, unknown> {
  return { ...view, createdAt: view.createdAt.toISOString() };
}
