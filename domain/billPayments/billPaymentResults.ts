/**
 * What the bill payment conversation gets back (lookups, quotes, payments, statuses and receipts), and the ids a
 * payment is known by: its ledger transfer (the aggregator's trid) and the dedupe keys of its notices.
 */
import type { AllowedAmounts, Biller } from '../billers';
import type { Quote } from '../fees';
import type { TransferRefusal } from '../ledger/transferResults';
import type { Msisdn } from '../phone';
import { shortReferenceOf } from '../shortReference';
import type { PayItem } from './billAggregator';
import type { BillPaymentIntent, BillPaymentOutcome } from './billPaymentStore';

/** What a customer number has to pay, or why there is nothing to show. */
export type BillLookupResult =
  | { ok: true; biller: Biller; customerNumber: string; customerName: string | null; items: PayItem[] }
  | { ok: false; reason: 'UNKNOWN_BILLER' | 'INVALID_NUMBER' | 'UNKNOWN_CUSTOMER' | 'NO_OPEN_BILL' };

/** The confirmation screen's figures, or why the amount cannot be paid (with what can). */
export type BillQuoteResult =
  | { ok: true; quote: Quote }
  | { ok: false; reason: 'UNKNOWN_BILLER' }
  | { ok: false; reason: 'AMOUNT_NOT_ALLOWED'; allowed: AllowedAmounts | null };

/** What to pay: `id` is chosen by the caller before the call and makes every retry the same payment. */
export interface BillPaymentRequest {
  id: string;
  payer: Msisdn;
  billerId: string;
  customerNumber: string;
  /** The bill, offer or prepaid item from `lookup`. */
  item: PayItem;
  amount: number;
}

/** What the payer is shown after paying. */
export interface BillReceipt {
  paymentId: string;
  transferId: string;
  billerId: string;
  customerNumber: string;
  amount: number;
  fee: number;
  total: number;
  /** The aggregator's payment number (S3P `ptn`). */
  reference: string;
  /** What the payer reads and quotes: the same on the notice and the history line (domain/shortReference.ts). */
  shortReference: string;
  receiptNumber: string;
  /** The meter token of a prepaid payment, 20 digits; null otherwise. */
  token: string | null;
}

/** Why a payment did not happen. Ledger refusals (INSUFFICIENT_FUNDS, LIMIT_DAILY, ...) pass through. */
export type BillPaymentRefusal =
  | 'UNKNOWN_BILLER'
  | 'INVALID_NUMBER'
  | 'INVALID_ID'
  | 'AMOUNT_NOT_ALLOWED'
  | 'CONFLICT'
  /** The aggregator would not price it (bill paid meanwhile, offer withdrawn): nothing was held. */
  | 'QUOTE_REFUSED'
  /** The aggregator refused or failed the payment: the money held was released. */
  | 'PAYMENT_FAILED'
  | TransferRefusal;

/**
 * PAID: done, with its receipt. PENDING: the money is held and the aggregator has not said yet; the payer will be
 * told (the reconciler). Refusals say why; nothing stays held after one.
 */
export type BillPaymentResult =
  | { ok: true; status: 'PAID'; receipt: BillReceipt }
  | { ok: true; status: 'PENDING'; paymentId: string; transferId: string }
  | { ok: false; reason: BillPaymentRefusal; allowed?: AllowedAmounts | null };

/** Where a payment stands, for "what happened to my payment?". */
export type BillPaymentStatus =
  | { status: 'NOT_FOUND' }
  | { status: 'PAID'; receipt: BillReceipt }
  | { status: 'PENDING' }
  | { status: 'FAILED'; reason: string };

/** The ledger transfer (and aggregator trid) of a bill payment id. */
export function billTransferId(paymentId: string): string {
  return `bill:${paymentId}`;
}

/** The dedupe key of the one notice a payment may get. */
export function billNoticeKey(transferId: string): string {
  return `bill-payment:${transferId}`;
}

/** The dedupe key of the one "being checked" notice a payment may get before its outcome. */
export function billReviewNoticeKey(transferId: string): string {
  return `bill-payment:${transferId}:review`;
}

/** The answer for a payment whose money is held while the aggregator has not said how it went. */
export function pending(intent: BillPaymentIntent): BillPaymentResult {
  return { ok: true, status: 'PENDING', paymentId: paymentIdOf(intent._id), transferId: intent._id };
}

/** The caller's payment id inside a bill payment's transfer id (the inverse of billTransferId). */
export function paymentIdOf(transferId: string): string {
  return transferId.slice('bill:'.length);
}

/** The receipt of a payment the aggregator said it collected. */
export function receiptOf(
  intent: BillPaymentIntent,
  outcome: Extract<BillPaymentOutcome, { status: 'SUCCESS' }>,
): BillReceipt {
  return {
    paymentId: paymentIdOf(intent._id),
    transferId: intent._id,
    billerId: intent.billerId,
    customerNumber: intent.customerNumber,
    amount: intent.amount,
    fee: intent.fee,
    total: intent.amount + intent.fee,
    reference: outcome.ptn,
    shortReference: shortReferenceOf(intent),
    receiptNumber: outcome.receiptNumber,
    token: outcome.token,
  };
}

/** A 20-digit token in groups of four, as meters and paper receipts show it. */
export function groupToken(token: string): string {
  return token.replace(/(\d{4})(?=\d)/g, '$1 ');
}
