/**
 * The id a POST asks a service to create its resource under, derived from the merchant and the Idempotency-Key: a
 * re-run of the same call (a takeover after a crash) asks for the same resource and creates nothing more.
 */
import { createHash } from 'node:crypto';

/** `<prefix>_` and 24 hex characters of a hash of the merchant and the key. */
export function clientIdFor(prefix: string, merchantId: string, idempotencyKey: string): string {
  return `${prefix}_${createHash('sha256').update(`${merchantId}\n${idempotencyKey}`).digest('hex').slice(0, 24)}`;
}
