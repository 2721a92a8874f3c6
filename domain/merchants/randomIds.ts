/** Random public ids of the merchant resources: lowercase base32, safe in a URL, an account id and a transfer id. */
import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** `length` random characters of lowercase base32 (5 bits each, from a fresh random byte each: no bias). */
export function randomBase32(length: number): string {
  const bytes = randomBytes(length);
  let text = '';
  for (const byte of bytes) text += ALPHABET[byte & 31];
  return text;
}

/** A merchant's id: `m_` and 16 characters (80 bits). */
export function newMerchantId(): string {
  return `m_${randomBase32(16)}`;
}

/** An API key's public id: `key_` and 16 characters. */
export function newApiKeyId(): string {
  return `key_${randomBase32(16)}`;
}
