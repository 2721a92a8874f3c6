/**
 * A payment link's public code: 8 characters of Crockford base32 (40 random bits), short enough to read aloud or
 * type from a poster. It is not a secret (the link is meant to be shared); its uniqueness is decided by the store's
 * unique index, a collision simply draws again.
 */
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const LINK_CODE_LENGTH = 8;
const CODE = /^[0-9A-HJKMNP-TV-Z]{8}$/;

/** A fresh random code. */
export function newLinkCode(): string {
  const bytes = randomBytes(LINK_CODE_LENGTH);
  // Each byte's low 5 bits: uniform over the 32 symbols.
  return Array.from(bytes, (b) => ALPHABET[b & 31]).join('');
}

/**
 * A typed code as stored, or null when it cannot be one: Crockford's reading rules (any case, `I` and `L` read as
 * `1`, `O` as `0`, hyphens ignored).
 */
export function normalizeLinkCode(typed: string): string | null {
  const code = typed.toUpperCase().replace(/-/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  return CODE.test(code) ? code : null;
}
