/** What a caller names as a payout's destination, checked and normalized (a RIB with its key, a Cameroon mobile). */
import { parseCameroonMobile } from '../../phone';
import type { PayoutDestination } from './payout';
import { parseRib, ribText } from './rib';

/** A destination as asked (before its account number or phone is checked). */
export type PayoutDestinationInput =
  | { type: 'bank'; bankCode: string; accountNumber: string; accountName: string }
  | { type: 'mtn_momo' | 'orange_money'; phone: string };

const MAX_NAME = 70;

/**
 * The destination when it is valid: a bank account whose RIB has the right key and starts with `bankCode`, and a
 * holder's name; or a Cameroonian mobile number. Null otherwise.
 */
export function checkDestination(input: PayoutDestinationInput): PayoutDestination | null {
  if (input.type === 'bank') {
    const rib = parseRib(input.accountNumber);
    const name = input.accountName.replace(/\s+/g, ' ').trim();
    if (!rib || rib.bankCode !== input.bankCode.trim() || name === '' || name.length > MAX_NAME) return null;
    return { type: 'bank', bankCode: rib.bankCode, accountNumber: ribText(rib), accountName: name };
  }
  const phone = parseCameroonMobile(input.phone);
  return phone.ok ? { type: input.type, phone: phone.msisdn } : null;
}
