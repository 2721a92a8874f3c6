/**
 * PINs: the rules for choosing one, and how it is kept. A PIN is never stored, logged or echoed; only its scrypt
 * hash (with a random salt per person) is kept, and comparing takes the same time whatever the guess.
 */
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** Why a chosen PIN is refused. */
export type PinRejection = 'PIN_FORMAT' | 'PIN_TOO_SIMPLE';

const PIN_FORMAT = /^\d{4,5}$/;

// Scrypt's recommended interactive cost (N = 2^14, r = 8): about 50 ms here, enough to make guessing a leaked
// hash's 100 000 PINs slow, short enough for a chat turn.
const COST = { N: 16_384, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

function scrypt(secret: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCallback(secret, salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/**
 * Whether a PIN may be chosen: 4 or 5 digits, and not one a thief tries first: one digit repeated (0000), a run up
 * or down (1234, 98765), a repeated pair (1212), or a well-known one (the keypad's middle column, a recent year).
 */
export function checkNewPin(pin: string): { ok: true } | { ok: false; reason: PinRejection } {
  if (!PIN_FORMAT.test(pin)) return { ok: false, reason: 'PIN_FORMAT' };
  const digits = [...pin].map(Number);
  const steps = digits.slice(1).map((d, i) => d - (digits[i] as number));
  const allSame = steps.every((s) => s === 0);
  const run = steps.every((s) => s === 1) || steps.every((s) => s === -1);
  const pairRepeated = pin.length === 4 && pin.slice(0, 2) === pin.slice(2);
  const wellKnown = ['2580', '0852', '1004', '2000', '6969', '1122', '1313'].includes(pin);
  const recentYear = pin.length === 4 && /^(19[5-9]\d|20[0-3]\d)$/.test(pin);
  if (allSame || run || pairRepeated || wellKnown || recentYear) return { ok: false, reason: 'PIN_TOO_SIMPLE' };
  return { ok: true };
}

/** Hashes a PIN with a fresh salt; the result names its parameters so they can be raised later. */
export async function hashPin(pin: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(pin, salt, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** Whether a PIN matches a stored hash, in constant time. A malformed hash matches nothing. */
export async function pinMatches(pin: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await scrypt(pin, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
