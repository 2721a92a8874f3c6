/**
 * PINs: the rules for choosing one, and how it is kept. A PIN is never stored, logged or echoed; only its scrypt
 * hash (with a random salt per person) is kept, and comparing takes the same time whatever the guess.
 *
 * A 4-5 digit PIN has at most 110 000 values, so a salted hash alone falls to a copy of the database in minutes.
 * The PIN is therefore first keyed with a server-side secret, the pepper (HMAC-SHA256(pepper, pin)), which lives
 * in the configuration and never in the database: without it a copied hash cannot be tested against any guess.
 */
import { createHmac, randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

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

/**
 * The schemes a stored hash may name: `scrypt` (the PIN itself, before the pepper; still verified, and replaced
 * at the next right PIN) and `scrypt-hmac` (the PIN keyed with the pepper, then scrypt).
 */
const UNPEPPERED = 'scrypt';
const PEPPERED = 'scrypt-hmac';

/** Used only outside production when PIN_PEPPER is unset (production refuses to start without it). */
export const DEVELOPMENT_PIN_PEPPER = 'development-pin-pepper-not-a-secret';

function peppered(pin: string, pepper: string): string {
  return createHmac('sha256', pepper).update(pin).digest('base64');
}

/** Hashes a PIN with the pepper and a fresh salt; the result names its scheme and parameters. */
export async function hashPin(pin: string, pepper: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(peppered(pin, pepper), salt, COST);
  return [PEPPERED, COST.N, COST.r, COST.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** Whether a PIN matches a stored hash, in constant time. A malformed hash, or one of an unknown scheme, matches nothing. */
export async function pinMatches(pin: string, stored: string, pepper: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if ((scheme !== PEPPERED && scheme !== UNPEPPERED) || !n || !r || !p || !salt || !key) return false;
  const secret = scheme === PEPPERED ? peppered(pin, pepper) : pin;
  const expected = Buffer.from(key, 'base64');
  const actual = await scrypt(secret, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Whether a stored hash predates the pepper (or today's cost), so the next right PIN should replace it. */
export function pinHashOutdated(stored: string): boolean {
  return !stored.startsWith(`${[PEPPERED, COST.N, COST.r, COST.p].join('$')}$`);
}
