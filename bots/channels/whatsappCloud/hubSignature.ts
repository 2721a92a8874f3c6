/**
 * The two secrets of a WhatsApp Cloud API webhook. Meta proves a POST is its own with `X-Hub-Signature-256:
 * sha256=<hex HMAC-SHA256 of the raw body, keyed with the app secret>`; it proves the verification GET is from
 * whoever configured the webhook by sending back the verify token we chose. Both are compared in constant time.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export type SignatureCheck = 'valid' | 'missing' | 'invalid';

const SIGNATURE = /^sha256=([0-9a-f]{64})$/i;

/** Whether `header` signs exactly these bytes with the app secret (never the re-serialized JSON: it would differ). */
export function checkHubSignature(appSecret: string, rawBody: Buffer, header: string | undefined): SignatureCheck {
  if (header === undefined || header.trim() === '') return 'missing';
  const match = SIGNATURE.exec(header.trim());
  if (!match) return 'invalid';
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  return timingSafeEqual(Buffer.from(match[1]!, 'hex'), expected) ? 'valid' : 'invalid';
}

/** Compares a presented secret with ours in constant time (hashes first, so lengths do not leak either). */
export function sameSecret(presented: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}
