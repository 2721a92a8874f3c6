/**
 * Money in francs CFA (XAF): the amount type, reading amounts as people type them, and writing them for people.
 *
 * XAF has no minor unit (ISO 4217 exponent 0), so an amount is a whole number of francs. It is held in a JS number
 * because MAX_AMOUNT keeps every amount, and any sum of a few amounts, far inside Number.MAX_SAFE_INTEGER.
 */

/** A whole, non-negative number of francs; the brand stops counts, ids and unchecked numbers passing for money. */
export type Francs = number & { readonly __brand: 'Francs' };

/** The largest single amount the product accepts: one billion francs; anything above is a typo or an attack. */
export const MAX_AMOUNT = 1_000_000_000;

/** Tells whether a value is a valid amount of francs: a safe integer from 0 to MAX_AMOUNT. */
export function isFrancs(n: unknown): n is Francs {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 && n <= MAX_AMOUNT;
}

/** Checks a number and brands it as Francs; throws a RangeError for negatives, fractions, NaN and huge values. */
export function francs(n: number): Francs {
  if (!isFrancs(n)) {
    throw new RangeError(`Not an amount of francs: ${String(n)} (expected a whole number from 0 to ${MAX_AMOUNT})`);
  }
  // `+ 0` turns -0 into 0, so that 0 and -0 never print or compare differently downstream.
  return (n + 0) as Francs;
}

/** Why a typed amount was refused; each reason maps to its own message for the user. */
export type AmountRejection = 'EMPTY' | 'NOT_A_NUMBER' | 'ZERO' | 'NEGATIVE' | 'FRACTIONAL' | 'TOO_LARGE';

/** The outcome of reading a typed amount: a positive amount of francs, or the reason it was refused. */
export type ParsedAmount = { ok: true; amount: Francs } | { ok: false; reason: AmountRejection };

/** `5000 FCFA`, `5000F`, `5 000 frs`, `5000 XAF`…: the currency may follow the number, with or without a space. */
const CURRENCY_SUFFIX = /\s?(?:f ?cfa|cfa|xaf|francs?|frs?|f)$/;

/** `k` multiplies by a thousand and `m` by a million (`5k`, `2,5k`, `1M`); the exponent is in powers of ten. */
const MULTIPLIER_EXPONENTS: Readonly<Record<string, number>> = { k: 3, m: 6 };

/** ASCII hyphen-minus, and the Unicode minus sign that some keyboards and autocorrect produce. */
const MINUS = /^[-\u2212]\s?/;

const DIGITS = /^[0-9]+$/;

/**
 * Digits grouped by three with one separator throughout: `5 000`, `1.250.000`, `5,000`. The first group may not
 * start with 0, so `0.500` is read as a decimal (a fraction), not as five hundred.
 */
const GROUPED_DIGITS = /^[1-9][0-9]{0,2}([ .,])[0-9]{3}(?:\1[0-9]{3})*$/;

/** A number read from text as digit strings, so that no binary floating point ever touches the value. */
interface Numeral {
  /** Digits before the decimal mark, separators removed. */
  integer: string;
  /** Digits after the decimal mark; empty when there is none. */
  fraction: string;
}

/**
 * Reads what a person typed as an amount of francs.
 *
 * Accepted: `5000`, `5 000` (any spaces, including no-break and narrow no-break), `5.000`, `5,000`, `1.250.000`,
 * `5k`, `5 K`, `2.5k`, `2,5k`, `1m`, `1M`, then optionally a currency: `F`, `FCFA`, `F CFA`, `CFA`, `XAF`, `fr`,
 * `frs`, `franc`, `francs` (any case). Leading and trailing whitespace is ignored.
 *
 * Ambiguous forms are decided by these rules:
 * - A `.` or `,` followed by groups of exactly three digits is a thousands separator (`5.000` is 5000), provided the
 *   same separator is used throughout and the first group does not start with 0.
 * - Otherwise a single final `.` or `,` is a decimal mark (`5.5`, `5,50`, `1 250,50`). A decimal whose digits are
 *   all zeros is that whole number (`5.00` and `5,0` are 5); any other decimal is FRACTIONAL (`5.50`).
 * - A decimal part of exactly three digits after a grouped number, or after more than three digits (`1.250,000`,
 *   `1 000.000`, `5000.000`), mixes the two readings and is refused as NOT_A_NUMBER rather than guessed; after a
 *   lone zero it is a decimal (`0.500` is FRACTIONAL, `0.000` is ZERO).
 * - Before `k` or `m` the separator is always a decimal mark and no grouping is allowed: `2.5k` and `2.500k` are
 *   2500, `1,25m` is 1 250 000; the result must be whole (`2.0001k` is FRACTIONAL).
 * - `m` means million (as in `1M`); `mo`, `mil` and other words are NOT_A_NUMBER.
 * - A leading `+`, exponents (`1e5`), hex (`0x10`), other currencies (`5000$`) and look-alike letters (`50OO`) are
 *   NOT_A_NUMBER: an amount that moves money must be unmistakable.
 *
 * Reasons are checked in this order: EMPTY, NOT_A_NUMBER, ZERO, NEGATIVE, FRACTIONAL, TOO_LARGE; so `-0` is ZERO
 * and `-5.5` is NEGATIVE. Never throws.
 */
export function parseAmount(text: string): ParsedAmount {
  // \s matches U+00A0 and U+202F too, which phones insert when they format numbers.
  let body = text.replace(/\s+/g, ' ').trim().toLowerCase();
  if (body === '') return { ok: false, reason: 'EMPTY' };

  body = body.replace(CURRENCY_SUFFIX, '');

  let exponent = 0;
  const last = body.slice(-1);
  const multiplierExponent = MULTIPLIER_EXPONENTS[last];
  if (multiplierExponent !== undefined) {
    exponent = multiplierExponent;
    body = body.slice(0, -1).trimEnd();
  }

  const sign = MINUS.exec(body);
  const negative = sign !== null;
  if (sign !== null) body = body.slice(sign[0].length);

  const numeral = exponent > 0 ? readMultipliedNumeral(body) : readNumeral(body);
  if (numeral === undefined) return { ok: false, reason: 'NOT_A_NUMBER' };

  const integer = numeral.integer.replace(/^0+/, '');
  // Trailing zeros of a decimal change nothing (5.00 is 5), so drop them before asking whether it is whole.
  const fraction = numeral.fraction.replace(/0+$/, '');
  if (integer === '' && fraction === '') return { ok: false, reason: 'ZERO' };
  if (negative) return { ok: false, reason: 'NEGATIVE' };
  // The fraction ends in a non-zero digit, so scaling by 10^exponent leaves it whole only if it is that short.
  if (fraction.length > exponent) return { ok: false, reason: 'FRACTIONAL' };

  const whole = (integer + fraction.padEnd(exponent, '0')).replace(/^0+/, '');
  // Compare lengths first so that a thousand-digit string never reaches Number(); ten digits are exact.
  if (whole.length > String(MAX_AMOUNT).length || Number(whole) > MAX_AMOUNT) {
    return { ok: false, reason: 'TOO_LARGE' };
  }
  return { ok: true, amount: francs(Number(whole)) };
}

/** Reads the number before `k` or `m`: plain digits with an optional decimal part (`2.5`, `2,5`, `1`). */
function readMultipliedNumeral(body: string): Numeral | undefined {
  const match = /^([0-9]+)(?:[.,]([0-9]+))?$/.exec(body);
  if (match === null || match[1] === undefined) return undefined;
  return { integer: match[1], fraction: match[2] ?? '' };
}

/** Reads a number without a multiplier, by the grouping and decimal rules documented on parseAmount. */
function readNumeral(body: string): Numeral | undefined {
  if (DIGITS.test(body)) return { integer: body, fraction: '' };
  if (GROUPED_DIGITS.test(body)) return { integer: body.replace(/[ .,]/g, ''), fraction: '' };

  const cut = Math.max(body.lastIndexOf('.'), body.lastIndexOf(','));
  if (cut < 0) return undefined;
  const head = body.slice(0, cut);
  const mark = body.charAt(cut);
  const tail = body.slice(cut + 1);
  if (!DIGITS.test(tail)) return undefined;
  // Three digits after a separator read as thousands, so here they could be either reading: refuse rather than
  // guess, except after a lone zero, where a thousands reading (`0.500` as 500) is something nobody writes.
  if (tail.length === 3 && !/^0+$/.test(head)) return undefined;
  if (DIGITS.test(head)) return { integer: head, fraction: tail };
  if (GROUPED_DIGITS.test(head) && !head.includes(mark)) {
    return { integer: head.replace(/[ .,]/g, ''), fraction: tail };
  }
  return undefined;
}

/**
 * Writes an amount for people: `5 000 FCFA`, `0 FCFA`, `-1 250 000 FCFA`; throws a RangeError for a non-integer.
 *
 * The thousands separator is an ordinary space (U+0020), not a no-break space, so that an SMS stays in the GSM-7
 * alphabet and holds 160 characters instead of 70. parseAmount reads every positive result back unchanged.
 */
export function formatFrancs(amount: number): string {
  if (!Number.isSafeInteger(amount)) {
    throw new RangeError(`Cannot format ${String(amount)} as francs: not a whole number`);
  }
  const digits = String(Math.abs(amount));
  const grouped = digits.replace(/\B(?=(?:[0-9]{3})+$)/g, ' ');
  return `${amount < 0 ? '-' : ''}${grouped} FCFA`;
}
