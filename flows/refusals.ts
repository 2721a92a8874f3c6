/**
 * One place that turns a refusal (a business outcome from a domain service, or bad input) into what the person
 * reads (refusals are values, not errors): a message key saying what happened and, where possible, what to do.
 */
import type { BillPaymentRefusal } from '../domain/billPayments/billPaymentResults';
import type { TransferRefusal } from '../domain/ledger/transferResults';
import type { AmountRejection } from '../domain/money';
import type { ActionRefusal, CreateRefusal } from '../domain/paymentRequests/paymentRequestResults';
import type { PhoneRejection } from '../domain/phone';
import type { RailPaymentRefusal } from '../domain/railPayments/railPaymentResults';
import type { SendRefusal } from '../domain/sendMoney';
import type { TopUpRefusal } from '../domain/topUps';
import { text, type Reply } from './conversation';
import type { MessageKey } from './messages';

/**
 * Every reason a domain service gives for not doing what a flow asked, and `OTHER` for an outcome that carries no
 * reason (a failed call, an answer the flow cannot use).
 */
export type RefusalReason =
  | TransferRefusal
  | SendRefusal
  | RailPaymentRefusal
  | TopUpRefusal
  | CreateRefusal
  | ActionRefusal
  | BillPaymentRefusal
  | 'OTHER';

/** The general text: says nothing was done and names nothing internal. */
const OTHER: MessageKey = 'refusal.other';

/**
 * The text of every reason. A reason a person can act on has its own words; one they cannot (an internal
 * conflict, a ledger state) or one the flow meeting it answers in its own words gets the general text, chosen
 * here on purpose: a reason the domain adds later does not compile until it is given a text.
 */
const REFUSALS: Readonly<Record<RefusalReason, MessageKey>> = {
  INSUFFICIENT_FUNDS: 'refusal.insufficientFunds',
  PAYING: 'refusal.paying',
  LIMIT_PER_TRANSACTION: 'refusal.limitPerTransaction',
  LIMIT_DAILY: 'refusal.limitDaily',
  LIMIT_MONTHLY: 'refusal.limitMonthly',
  LIMIT_BALANCE: 'refusal.limitBalance',
  RECIPIENT_LIMIT_BALANCE: 'refusal.recipientLimitBalance',
  SAME_ACCOUNT: 'refusal.sameAccount',
  ACCOUNT_FROZEN: 'refusal.accountFrozen',
  ACCOUNT_CLOSED: 'refusal.accountClosed',
  INVALID_AMOUNT: 'refusal.invalidAmount',
  // The ledger's own states and checks: nothing the person can change.
  INVALID_ID: OTHER,
  NO_CREDITS: OTHER,
  ACCOUNT_NOT_FOUND: OTHER,
  INVALID_EXPIRY: OTHER,
  TOO_MANY_LIMITED_CREDITS: OTHER,
  STALE: OTHER,
  CONFLICT: OTHER,
  NOT_FOUND: OTHER,
  NOT_PENDING: OTHER,
  EXPIRED: OTHER,
  ALREADY_RESOLVED: OTHER,
  IN_REVIEW: OTHER,
  NOT_REFUNDABLE: OTHER,
  REFUND_OUT_OF_ORDER: OTHER,
  REFUND_EXCEEDS_ORIGINAL: OTHER,
  // Reasons the flow that meets them answers in its own words (top-up, withdrawal, requests, bills).
  SENDER_NOT_REGISTERED: OTHER,
  UNSUPPORTED_RAIL: OTHER,
  NO_WALLET: OTHER,
  WALLET_UNAVAILABLE: OTHER,
  RAIL_REFUSED: OTHER,
  FAILED: OTHER,
  OTHER_NUMBERS_LIMIT: OTHER,
  REASON_TOO_LONG: OTHER,
  REQUESTER_NOT_REGISTERED: OTHER,
  ALREADY_PAID: OTHER,
  DECLINED: OTHER,
  CANCELLED: OTHER,
  PAYER_NOT_REGISTERED: OTHER,
  UNKNOWN_BILLER: OTHER,
  INVALID_NUMBER: OTHER,
  AMOUNT_NOT_ALLOWED: OTHER,
  QUOTE_REFUSED: OTHER,
  PAYMENT_FAILED: OTHER,
  OTHER,
};

/** The reply for a refusal reason. */
export function refusal(reason: RefusalReason): Reply {
  return text(REFUSALS[reason]);
}

/**
 * The reply for a reason read back from storage (a refused transfer in the history): written by any version of
 * the ledger, it is checked rather than trusted, and one this version does not know gets the general text.
 */
export function storedRefusal(reason: string | null): Reply {
  return refusal(
    reason !== null && Object.prototype.hasOwnProperty.call(REFUSALS, reason) ? (reason as RefusalReason) : 'OTHER',
  );
}

/** What to type instead of an amount that did not parse. */
export function badAmount(reason: AmountRejection): Reply {
  return text(
    reason === 'TOO_LARGE' ? 'input.amountTooLarge' : reason === 'FRACTIONAL' ? 'input.amountWhole' : 'input.amount',
  );
}

/** What to type instead of a number that did not parse. */
export function badPhone(reason: PhoneRejection): Reply {
  return text(reason === 'NOT_CAMEROON' || reason === 'NOT_MOBILE' ? 'input.phoneNotCameroonMobile' : 'input.phone');
}
