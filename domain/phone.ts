/**
 * Cameroonian mobile numbers: parsing what people type, the operator behind a number, and the forms other
 * systems want (display, Orange Money's nine digits, masked for logs).
 */
// The "max" metadata is the only libphonenumber-js build that tells a mobile number from a landline: the
// default ("min") build leaves getType() undefined for every number.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** An E.164 Cameroonian mobile number without the '+', e.g. `237677123456`; only parseCameroonMobile makes one. */
export type Msisdn = string & { readonly __brand: 'Msisdn' };

/** The mobile network a number was allocated to, as far as its prefix tells. */
export type MobileOperator = 'MTN' | 'ORANGE' | 'OTHER';

/** Why a text is not a usable Cameroonian mobile number. */
export type PhoneRejection = 'EMPTY' | 'NOT_A_NUMBER' | 'NOT_CAMEROON' | 'NOT_MOBILE';

/** The outcome of reading a phone number typed by a user. */
export type ParsedCameroonMobile =
  { ok: true; msisdn: Msisdn; operator: MobileOperator } | { ok: false; reason: PhoneRejection };

const CAMEROON_CALLING_CODE = '237';

/**
 * Three-digit prefixes of the nine-digit national number, from the operators' number allocations.
 * Allocations change and numbers are ported between operators, so this table is a best guess
 * used to suggest a rail, and it is the one place to update. Prefixes not listed (Nexttel's 66x, Camtel's
 * 62x and 242/243) are OTHER.
 */
const OPERATOR_PREFIX_RANGES: readonly { operator: Exclude<MobileOperator, 'OTHER'>; first: number; last: number }[] = [
  { operator: 'MTN', first: 650, last: 654 },
  { operator: 'ORANGE', first: 655, last: 659 },
  { operator: 'MTN', first: 670, last: 679 },
  { operator: 'MTN', first: 680, last: 684 },
  { operator: 'ORANGE', first: 686, last: 689 },
  { operator: 'ORANGE', first: 690, last: 699 },
];

// Digits plus the separators people use when writing numbers; anything else (letters, "ext", "#") is refused
// rather than skipped, because the library would otherwise pick a number out of arbitrary text.
const PHONE_CHARACTERS = /^[\d\s+\-.()/]+$/;
// Longer than any phone number however it is written: refuse before doing any work on it.
const MAX_INPUT_LENGTH = 40;

/** Reads a Cameroonian mobile number written in any common form (`677123456`, `+237 6 77 12 34 56`, `00237…`). */
export function parseCameroonMobile(text: string): ParsedCameroonMobile {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, reason: 'EMPTY' };
  if (trimmed.length > MAX_INPUT_LENGTH || !PHONE_CHARACTERS.test(trimmed))
    return { ok: false, reason: 'NOT_A_NUMBER' };

  // A '+' may only open the number, possibly inside a parenthesis as in "(+237) 677123456".
  const international = /^\(?\s*\+/.test(trimmed);
  const plusSigns = trimmed.split('+').length - 1;
  if (plusSigns > (international ? 1 : 0)) return { ok: false, reason: 'NOT_A_NUMBER' };

  // Separators are dropped here because the library refuses some common forms whole (it rejects
  // "(+237) 677123456" when asked not to extract numbers from text, which we need to refuse letters).
  const digits = trimmed.replace(/\D/g, '');
  if (digits === '') return { ok: false, reason: 'NOT_A_NUMBER' };
  const number = parsePhoneNumberFromString(international ? `+${digits}` : digits, {
    defaultCountry: 'CM',
    extract: false,
  });
  if (number === undefined) return { ok: false, reason: 'NOT_A_NUMBER' };
  if (number.countryCallingCode !== CAMEROON_CALLING_CODE) return { ok: false, reason: 'NOT_CAMEROON' };
  if (!number.isValid()) return { ok: false, reason: 'NOT_A_NUMBER' };
  if (number.getType() !== 'MOBILE') return { ok: false, reason: 'NOT_MOBILE' };

  return { ok: true, msisdn: number.number.slice(1) as Msisdn, operator: operatorOf(number.nationalNumber) };
}

function operatorOf(nationalNumber: string): MobileOperator {
  const prefix = Number(nationalNumber.slice(0, 3));
  const range = OPERATOR_PREFIX_RANGES.find(({ first, last }) => prefix >= first && prefix <= last);
  return range?.operator ?? 'OTHER';
}

/** Formats a number the way Cameroonians write it, e.g. `+237 6 77 12 34 56`. */
export function formatMsisdnForDisplay(m: Msisdn): string {
  return parsePhoneNumberFromString(`+${m}`)?.formatInternational() ?? `+${m}`;
}

/** The nine-digit national number without the country code, e.g. `677123456`, as Orange Money's API wants it. */
export function localNineDigits(m: Msisdn): string {
  return m.slice(CAMEROON_CALLING_CODE.length);
}

const KEPT_TRAILING_DIGITS = 3;
// Any script's decimal digits: a number written in full-width digits must not slip through unmasked.
const DIGIT = /^\p{Nd}$/u;

/**
 * Masks the phone number in any string for logs, e.g. `237677123456` → `2376*****456`: keeps the country code and
 * first digit of the subscriber number (or only the first digit without a country code) and the last three digits;
 * every other digit becomes '*' and other characters are kept, so the output never holds five digits in a row.
 */
export function maskMsisdn(m: string): string {
  const characters = Array.from(m);
  const digitCount = characters.filter((c) => DIGIT.test(c)).length;
  const hasCountryCode = m.replace(/\D/g, '').startsWith(CAMEROON_CALLING_CODE) && digitCount >= 12;
  const keptLeading = hasCountryCode ? CAMEROON_CALLING_CODE.length + 1 : 1;
  let seen = 0;
  return characters
    .map((c) => {
      if (!DIGIT.test(c)) return c;
      seen += 1;
      const kept = seen <= keptLeading || seen > Math.max(digitCount - KEPT_TRAILING_DIGITS, keptLeading);
      return kept ? c : '*';
    })
    .join('');
}
