/**
 * What the owner of a top-up or withdrawal is told later: that a person is checking it, or how it ended. One
 * notice of each per payment, whoever settles it (the dedupe keys name the payment, by its transfer id). Each
 * notice quotes the payment's short reference, the one on its receipt and history line.
 */
import type { Transfer } from '../ledger/transfers';
import { francsParam, type Notice, type NoticeKey } from '../notifications';
import type { RailFailure } from '../paymentRail';
import { shortReferenceOf } from '../shortReference';
import type { RailFailureNote, RailPaymentRecord } from './railPaymentsStore';

/** One notice per payment, whoever settles it. */
export function noticeDedupeKey(reference: string): string {
  return `rail-payment:${reference}`;
}

/** One "being checked" notice per payment sent to review, whoever sent it there. */
export function reviewNoticeDedupeKey(reference: string): string {
  return `rail-payment:${reference}:review`;
}

/** Rail failures a person can act on get their own words. */
const TOP_UP_FAILURE_KEYS: Readonly<Partial<Record<RailFailure, NoticeKey>>> = {
  REJECTED: 'money.topUpDeclined',
  EXPIRED: 'money.topUpExpired',
  PAYER_NOT_FOUND: 'money.topUpNoAccount',
};

const WITHDRAWAL_FAILURE_KEYS: Readonly<Partial<Record<RailFailure, NoticeKey>>> = {
  LIMIT_REACHED: 'money.withdrawalLimitReached',
  PAYEE_NOT_ALLOWED: 'money.withdrawalNotAllowed',
};

/** Every notice key this module may send. */
export const RAIL_PAYMENT_NOTICE_KEYS: readonly NoticeKey[] = [
  'money.topUpInReview',
  'money.withdrawalInReview',
  'money.topUpSucceeded',
  'money.topUpFailed',
  ...Object.values(TOP_UP_FAILURE_KEYS),
  'money.withdrawalSucceeded',
  'money.withdrawalFailed',
  ...Object.values(WITHDRAWAL_FAILURE_KEYS),
];

/**
 * The notice for a stored failure reason: a rail failure with words of its own, or the general one for any other
 * (a rail failure without its own words, a ledger reason, a payment never sent), which is stored as text.
 */
function failureKey(
  keys: Readonly<Partial<Record<RailFailure, NoticeKey>>>,
  reason: string,
  general: NoticeKey,
): NoticeKey {
  return (Object.prototype.hasOwnProperty.call(keys, reason) ? keys[reason as RailFailure] : undefined) ?? general;
}

/** Tells the owner that a person is checking the payment (the outcome notice still follows). */
export function inReviewNotice(record: RailPaymentRecord): Notice {
  const key = record.direction === 'collect' ? 'money.topUpInReview' : 'money.withdrawalInReview';
  return { key, params: { amount: francsParam(record.amount), reference: shortReferenceOf(record) } };
}

/** A payment that posted; `balance` is the wallet's available balance just after it. */
export function succeededNotice(record: RailPaymentRecord, balance: number): Notice {
  const reference = shortReferenceOf(record);
  const amount = francsParam(record.amount);
  return record.direction === 'collect'
    ? { key: 'money.topUpSucceeded', params: { amount, balance: francsParam(balance), reference } }
    : {
        key: 'money.withdrawalSucceeded',
        params: { amount, fee: francsParam(record.fee), balance: francsParam(balance), reference },
      };
}

/** A payment that ended without moving money, in the words its reason calls for. */
export function failedNotice(record: RailPaymentRecord, transfer: Transfer, failure: RailFailureNote | null): Notice {
  const reference = shortReferenceOf(record);
  const amount = francsParam(record.amount);
  const reason = failure?.reason ?? (transfer.state === 'expired' ? 'EXPIRED' : 'UNKNOWN');
  if (record.direction === 'collect') {
    return { key: failureKey(TOP_UP_FAILURE_KEYS, reason, 'money.topUpFailed'), params: { amount, reference } };
  }
  const total = francsParam(record.amount + record.fee);
  const key = failureKey(WITHDRAWAL_FAILURE_KEYS, reason, 'money.withdrawalFailed');
  return { key, params: { amount, total, reference } };
}
