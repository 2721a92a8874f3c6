/**
 * The token of a pay link: whoever holds it may see a request (who asks, the amount, the reason) and pay it, so it
 * must not be guessable. 32 random bytes (256 bits, over the 128 a guess must face) from the system's CSPRNG,
 * written in base64url so it sits in a URL path as is.
 */
import { randomBytes } from 'node:crypto';

const TOKEN_BYTES = 32;
/** What a token looks like: anything else is refused before any lookup. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** A fresh pay token. */
export function newPayToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/** Whether a text has the shape of a pay token (it may still be unknown). */
export function isPayTokenShaped(text: string): boolean {
  return TOKEN.test(text);
}
