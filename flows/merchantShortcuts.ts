/**
 * The merchant's one-line commands, in French or English:
 *
 * - `request 15000 677123456 invoice 42`, `demande 15 000 F au 677 12 34 56 commande 42 gâteau`: ask a customer
 *   to pay. After the amount and the number, a reference word (`invoice`, `facture`, `order`, `commande`, `ref`)
 *   and the order reference may follow; any other words are the reason, kept as typed.
 * - `order 42`, `commande A-17`: the payments of an order.
 * - `refund K7M-X3Q-PRT`, `rembourser A-17 5000`: refund a payment (by its short reference or its order
 *   reference), all that is left or the amount given.
 *
 * The words are read case- and accent-insensitively, but references and reasons keep what was typed. Amounts and
 * numbers are read by the domain's parsers, as everywhere. A text that starts like one of these commands but cannot
 * be read whole is an almost-command (`malformed`), so the person is told how to type it.
 */
import { parseAmount, type AmountRejection, type Francs } from '../domain/money';
import { MAX_REASON_LENGTH } from '../domain/paymentRequests/paymentRequests';
import { parseCameroonMobile, type Msisdn, type PhoneRejection } from '../domain/phone';
import { parseShortReference } from '../domain/shortReference';
import { text, type Reply } from './conversation';
import { orderReferenceOf } from './merchantInput';
import { badAmount, badPhone } from './refusals';
import { reasonOf } from './requestPayment/reason';

/** A recognised merchant command. */
export type MerchantShortcut =
  | { kind: 'merchantRequest'; amount: Francs; payer: Msisdn; orderReference?: string; reason?: string }
  | { kind: 'merchantOrder'; orderReference: string }
  | { kind: 'merchantRefund'; reference: string; amount?: Francs };

export type MerchantCommand = 'request' | 'order' | 'refund';

/** A merchant command that could not be read whole, with what is wrong. */
export type MalformedMerchantShortcut =
  | { kind: 'malformed'; command: MerchantCommand; reason: 'MISSING_AMOUNT' | 'MISSING_REFERENCE' | 'AMBIGUOUS' }
  | { kind: 'malformed'; command: 'request' | 'refund'; reason: 'BAD_AMOUNT'; amountRejection: AmountRejection }
  | { kind: 'malformed'; command: 'request'; reason: 'MISSING_RECIPIENT' }
  | { kind: 'malformed'; command: 'request'; reason: 'BAD_RECIPIENT'; recipientRejection: PhoneRejection }
  | { kind: 'malformed'; command: 'request'; reason: 'REASON_TOO_LONG'; length: number }
  | { kind: 'malformed'; command: MerchantCommand; reason: 'BAD_REFERENCE' };

/** An amount and a number written in the loosest way take about a dozen words; more is not a request. */
const MAX_ARGUMENT_WORDS = 16;

const VERBS: ReadonlyMap<string, MerchantCommand> = new Map([
  ...(['request', 'demande', 'demander'] as const).map((w) => [w, 'request'] as const),
  ...(['order', 'commande'] as const).map((w) => [w, 'order'] as const),
  ...(['refund', 'rembourser', 'rembourse', 'remboursement', 'remboursez'] as const).map((w) => [w, 'refund'] as const),
]);

/** Words that announce an order reference after the amount and the number. */
const REFERENCE_WORDS = new Set(['invoice', 'facture', 'order', 'commande', 'ref', 'reference']);
/** Words between a reference word and the reference: `facture n° 42`, `order no 42`. */
const NUMBER_WORDS = new Set(['no', 'n°', 'n', 'numero', 'num', 'number', '#']);
/** Words between the amount and the number: `au`, `à` (read as `a`), `to`, `from`… */
const CONNECTORS = new Set(['to', 'au', 'a', 'pour', 'vers', 'sur', 'from', 'du', 'de', 'chez', 'le', 'numero']);

/** One word as the command words are compared: lower case, accents dropped, straight apostrophes. */
function wordOf(token: string): string {
  return token
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`]/g, "'")
    .replace(/[.!?;:,]+$/, '');
}

/**
 * Reads a typed text as a merchant command, an almost-command, or null when it starts with none of their words
 * (or is free text after `order`/`commande`, such as `commande de pizza`). Never throws.
 */
export function parseMerchantShortcut(typed: string): MerchantShortcut | MalformedMerchantShortcut | null {
  const raw = typed
    .trim()
    .replace(/^\/(?=\S)/, '')
    .split(/\s+/);
  const command = VERBS.get(wordOf(raw[0] ?? ''));
  if (!command) return null;
  const rest = raw.slice(1).filter((token) => token !== '');
  if (command === 'order') return readOrder(rest);
  if (command === 'refund') return readRefund(rest);
  return readRequest(rest);
}

/** `order 42`, `commande n° A-17`: one reference, nothing else. */
function readOrder(rest: string[]): MerchantShortcut | MalformedMerchantShortcut | null {
  const words = dropLeading(rest, NUMBER_WORDS);
  if (words.length === 0) return { kind: 'malformed', command: 'order', reason: 'MISSING_REFERENCE' };
  if (words.length > 1) return null;
  const orderReference = orderReferenceOf(words[0]!.replace(/^#/, ''));
  return orderReference
    ? { kind: 'merchantOrder', orderReference }
    : { kind: 'malformed', command: 'order', reason: 'BAD_REFERENCE' };
}

/**
 * `refund K7M-X3Q-PRT`, `rembourser K7M X3Q PRT 5 000`: the reference (a short reference may be typed in
 * pieces), then optionally an amount. The longest reading of the reference is tried first.
 */
function readRefund(rest: string[]): MerchantShortcut | MalformedMerchantShortcut {
  const words = dropLeading(rest, NUMBER_WORDS);
  if (words.length === 0) return { kind: 'malformed', command: 'refund', reason: 'MISSING_REFERENCE' };
  for (let cut = Math.min(words.length, MAX_ARGUMENT_WORDS); cut >= 1; cut -= 1) {
    const reference = cut === 1 ? referenceOf(words[0]!) : parseShortReference(words.slice(0, cut).join(' '));
    if (!reference) continue;
    const amountText = words.slice(cut).join(' ');
    if (amountText === '') return { kind: 'merchantRefund', reference };
    const amount = parseAmount(amountText);
    if (amount.ok) return { kind: 'merchantRefund', reference, amount: amount.amount };
    if (cut === 1)
      return { kind: 'malformed', command: 'refund', reason: 'BAD_AMOUNT', amountRejection: amount.reason };
  }
  return { kind: 'malformed', command: 'refund', reason: 'BAD_REFERENCE' };
}

/** A payment's reference as typed (short or order reference), trailing punctuation dropped, or null. */
function referenceOf(token: string): string | null {
  const reference = token.replace(/[.,;:!?]+$/, '');
  return parseShortReference(reference) ? reference : orderReferenceOf(reference.replace(/^#/, ''));
}

interface RequestReading {
  amount: Francs;
  payer: Msisdn;
  /** Where the amount and the number end: the words after are the reference and the reason. */
  end: number;
}

/**
 * `request 15000 677123456 invoice 42 cake`: every way of cutting the first words into an amount and a number is
 * tried (both contain spaces), the amount first or the number first; the reading that takes the most words wins,
 * and two different readings of as many words are ambiguous.
 */
function readRequest(rest: string[]): MerchantShortcut | MalformedMerchantShortcut {
  if (rest.length === 0) return { kind: 'malformed', command: 'request', reason: 'MISSING_AMOUNT' };
  const lower = rest.map(wordOf);
  const limit = Math.min(rest.length, MAX_ARGUMENT_WORDS);
  let best: RequestReading[] = [];
  for (let end = limit; end >= 2 && best.length === 0; end -= 1) {
    best = readingsEndingAt(lower, end);
  }
  const distinct = new Set(best.map((r) => `${r.amount}>${r.payer}`));
  if (distinct.size > 1) return { kind: 'malformed', command: 'request', reason: 'AMBIGUOUS' };
  const [reading] = best;
  if (!reading) return diagnoseRequest(lower.slice(0, limit));
  return withDetails(reading, rest.slice(reading.end), lower.slice(reading.end));
}

function readingsEndingAt(lower: string[], end: number): RequestReading[] {
  const readings: RequestReading[] = [];
  for (let cut = 1; cut < end; cut += 1) {
    const first = lower.slice(0, cut);
    const second = dropLeading(lower.slice(cut, end), CONNECTORS).join(' ');
    if (second === '') continue;
    const amountFirst = readPair(first.join(' '), second);
    if (amountFirst) readings.push({ ...amountFirst, end });
    const payerFirst = readPair(second, first.join(' '));
    if (payerFirst) readings.push({ ...payerFirst, end });
  }
  return readings;
}

function readPair(amountText: string, payerText: string): { amount: Francs; payer: Msisdn } | null {
  const amount = parseAmount(amountText);
  if (!amount.ok) return null;
  const payer = parseCameroonMobile(payerText);
  return payer.ok ? { amount: amount.amount, payer: payer.msisdn } : null;
}

/** The order reference and the reason after the amount and the number, as typed. */
function withDetails(
  reading: RequestReading,
  raw: string[],
  lower: string[],
): MerchantShortcut | MalformedMerchantShortcut {
  let reasonStart = 0;
  let orderReference: string | undefined;
  if (lower.length > 0 && REFERENCE_WORDS.has(lower[0]!)) {
    let at = 1;
    while (at < lower.length && NUMBER_WORDS.has(lower[at]!)) at += 1;
    const typed = raw[at];
    const reference = typed === undefined ? null : orderReferenceOf(typed.replace(/^#/, ''));
    if (!reference) return { kind: 'malformed', command: 'request', reason: 'BAD_REFERENCE' };
    orderReference = reference;
    reasonStart = at + 1;
  }
  const reason = reasonOf(raw.slice(reasonStart).join(' '));
  if (reason.length > MAX_REASON_LENGTH) {
    return { kind: 'malformed', command: 'request', reason: 'REASON_TOO_LONG', length: reason.length };
  }
  return {
    kind: 'merchantRequest',
    amount: reading.amount,
    payer: reading.payer,
    ...(orderReference === undefined ? {} : { orderReference }),
    ...(reason === '' ? {} : { reason }),
  };
}

/** Says what is wrong with a request that has no reading: the amount, or the number after it. */
function diagnoseRequest(lower: string[]): MalformedMerchantShortcut {
  const whole = dropLeading(lower, CONNECTORS).join(' ');
  // A lone phone number also reads as an amount (677 million), but nobody means that.
  if (parseCameroonMobile(whole).ok) return { kind: 'malformed', command: 'request', reason: 'MISSING_AMOUNT' };
  if (parseAmount(whole).ok) return { kind: 'malformed', command: 'request', reason: 'MISSING_RECIPIENT' };
  const firstAmount = parseAmount(lower[0] ?? '');
  if (!firstAmount.ok) {
    return { kind: 'malformed', command: 'request', reason: 'BAD_AMOUNT', amountRejection: firstAmount.reason };
  }
  const payer = parseCameroonMobile(dropLeading(lower.slice(1), CONNECTORS).slice(0, 5).join(' '));
  const recipientRejection = payer.ok ? 'NOT_A_NUMBER' : payer.reason;
  return { kind: 'malformed', command: 'request', reason: 'BAD_RECIPIENT', recipientRejection };
}

function dropLeading(words: string[], drop: ReadonlySet<string>): string[] {
  let start = 0;
  while (start < words.length && drop.has(wordOf(words[start]!))) start += 1;
  return words.slice(start);
}

/** What to answer a merchant almost-command: what was wrong, or how to type the command. */
export function malformedMerchantReply(malformed: MalformedMerchantShortcut): Reply {
  switch (malformed.reason) {
    case 'BAD_AMOUNT':
      return badAmount(malformed.amountRejection);
    case 'BAD_RECIPIENT':
      return badPhone(malformed.recipientRejection);
    case 'REASON_TOO_LONG':
      return text('merchantRequest.reasonTooLong', { length: malformed.length, max: MAX_REASON_LENGTH });
    default:
      return text(`shortcut.how.${malformed.command}`);
  }
}
