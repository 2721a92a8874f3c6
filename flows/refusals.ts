/**
 * One place that turns a refusal (a business outcome from a domain service, or bad input) into what the person
 * reads (refusals are values, not errors): a message key saying what happened and, where possible, what to do.
 */
import type { AmountRejection } from '../domain/money';
import type { PhoneRejection } from '../domain/phone';
import { text, type Reply } from './conversation';

const REFUSALS: Readonly<Record<string, string>> = {
  INSUFFICIENT_FUNDS: 'refusal.insufficientFunds',
  LIMIT_PER_TRANSACTION: 'refusal.limitPerTransaction',
  LIMIT_DAILY: 'refusal.limitDaily',
  LIMIT_MONTHLY: 'refusal.limitMonthly',
  LIMIT_BALANCE: 'refusal.limitBalance',
  RECIPIENT_LIMIT_BALANCE: 'refusal.recipientLimitBalance',
  SAME_ACCOUNT: 'refusal.sameAccount',
  ACCOUNT_FROZEN: 'refusal.accountFrozen',
  ACCOUNT_CLOSED: 'refusal.accountClosed',
  INVALID_AMOUNT: 'refusal.invalidAmount',
};

/** The reply for a refusal reason; reasons without their own text get a general one that names nothing internal. */
export function refusal(reason: string): Reply {
  return text(REFUSALS[reason] ?? 'refusal.other');
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
