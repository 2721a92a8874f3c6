/**
 * The signature of a webhook delivery: `X-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + raw
 * body)>`, one `v1` per secret that signs (two during a rotation). The timestamp is signed with the body, so a
 * captured delivery cannot be replayed later than the receiver's tolerance.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header's name. */
export const SIGNATURE_HEADER = 'X-Signature';

/** The hex HMAC of one secret over `t.body`. */
function sign(secret: string, timestamp: number, rawBody: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex');
}

/** The header's value for a body signed at `timestamp` (unix seconds) with each secret. */
export function signatureHeader(secrets: readonly string[], rawBody: string, timestamp: number): string {
  return [`t=${timestamp}`, ...secrets.map((secret) => `v1=${sign(secret, timestamp, rawBody)}`)].join(',');
}

/** Why a signature is refused. */
export type SignatureRefusal = 'malformed' | 'outside_tolerance' | 'no_match';

/**
 * Checks a delivery as a receiver would: the header parses, its timestamp is within `toleranceSeconds` of `now`,
 * and one of its `v1` matches one of `secrets` (compared in constant time).
 */
export function verifyWebhookSignature(
  header: string,
  rawBody: string,
  secrets: readonly string[],
  options: { toleranceSeconds?: number; now?: Date } = {},
): { ok: true; timestamp: number } | { ok: false; reason: SignatureRefusal } {
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2);
    if (key === 't' && value !== undefined && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && value !== undefined && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  if (timestamp === undefined || signatures.length === 0) return { ok: false, reason: 'malformed' };
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - timestamp) > (options.toleranceSeconds ?? 300)) return { ok: false, reason: 'outside_tolerance' };
  const expected = secrets.map((secret) => Buffer.from(sign(secret, timestamp as number, rawBody), 'hex'));
  const matches = signatures.some((candidate) => {
    const given = Buffer.from(candidate, 'hex');
    return expected.some((e) => timingSafeEqual(e, given));
  });
  return matches ? { ok: true, timestamp } : { ok: false, reason: 'no_match' };
}
