/**
 * Short references: the one name a person, support and a provider use for an operation. A transfer id such as
 * `topup:c632d53a-1868-4dd3-996e-21714346ab66` is exact but cannot be read out on the phone; its short reference
 * (`K7MX3QPRT`) is what the receipt, the notice, the history line, the pay page and the provider's own reference
 * field (MTN `externalId`, Orange `orderId`) all show, so whoever reads one out finds the same operation.
 *
 * - Alphabet: Crockford's base 32 (already without I, L, O and U) without 0 and 1 as well: no character can be
 *   mistaken for another when read aloud, handwritten or typed from a small screen (0/O, 1/I/L), and without U no
 *   accidental words. 30 characters.
 * - Length: 9 characters, 30^9 ≈ 2·10^13 (about 44 bits): collisions stay rare for billions of operations, and the
 *   store below makes the rare one harmless. Nine characters fit an SMS line, MTN's externalId and Orange's orderId.
 * - Shown as is, in capitals, never grouped: the same nine characters are sent to the provider, which shows them on
 *   its own statement, so the string a person compares must be identical everywhere. What people type is accepted
 *   with or without spaces, dashes or dots, in any case (`k7m-x3q-prt`).
 * - Derived from the transfer id (a hash), so any process computes the same candidate without a read; made unique
 *   by the short reference store (shortReferences.ts): the first candidate taken by another transfer moves the
 *   operation to the next derivation (`<id>#1`, `<id>#2`…), and the one kept travels with the transfer.
 * Pure: no I/O.
 */
import { createHash } from 'node:crypto';

/** The 30 characters a short reference is made of, in the order of their digit values. */
export const SHORT_REFERENCE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';

/** How many characters a short reference has. */
export const SHORT_REFERENCE_LENGTH = 9;

const BASE = BigInt(SHORT_REFERENCE_ALPHABET.length);
const SPACE = BASE ** BigInt(SHORT_REFERENCE_LENGTH);
const ONLY_ALPHABET = new RegExp(`^[${SHORT_REFERENCE_ALPHABET}]{${SHORT_REFERENCE_LENGTH}}$`);

/**
 * The `attempt`-th candidate short reference of a transfer (0 first, then 1, 2… after collisions). The first 8 bytes
 * of a SHA-256, reduced modulo 30^9: 2^64 is about 10^6 times 30^9, so the bias of the reduction is under one in a
 * million, and every character is as likely as any other for all practical purposes.
 */
export function deriveShortReference(transferId: string, attempt = 0): string {
  const input = attempt === 0 ? transferId : `${transferId}#${attempt}`;
  let value = createHash('sha256').update(input).digest().readBigUInt64BE(0) % SPACE;
  let text = '';
  for (let i = 0; i < SHORT_REFERENCE_LENGTH; i++) {
    text = SHORT_REFERENCE_ALPHABET[Number(value % BASE)]! + text;
    value /= BASE;
  }
  return text;
}

/**
 * The short reference something recorded under a transfer id is shown under (a transfer, a top-up's record): the
 * one reserved for it, or, when it was recorded before short references (or by a kind that reserves none), the
 * first derivation of its id, which every display computes alike without a read.
 */
export function shortReferenceOf(recorded: { _id: string; shortReference?: string }): string {
  return recorded.shortReference ?? deriveShortReference(recorded._id);
}

/** Whether `text` is a well-formed short reference as stored and shown (nine characters of the alphabet). */
export function isShortReference(text: string): boolean {
  return ONLY_ALPHABET.test(text);
}

/**
 * What a person typed as a short reference, in its stored form: separators (spaces, dashes, dots, underscores,
 * slashes) dropped, capitals. Null when what is left is not a short reference (a character outside the alphabet,
 * such as 0 or O, which no reference has; another length).
 */
export function parseShortReference(typed: string): string | null {
  const text = typed.replace(/[\s\-._/]/g, '').toUpperCase();
  return isShortReference(text) ? text : null;
}
