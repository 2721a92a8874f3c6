/**
 * Notch Pay's webhook signature: the `x-notch-signature` header holds the hex HMAC-SHA256 of the raw request body,
 * keyed by the webhook's hash key (the "Hash Key" shown beside the endpoint in Notch Pay's dashboard). Shared by
 * our webhook route (to verify) and the simulator (to sign), so both sides agree by construction and the tests
 * show the route refuses anything else.
 *
 * Sources disagree on details, so verification accepts: the hex digest alone or prefixed `sha256=` (one
 * integrator saw the prefix), in either case. The old WooCommerce plugin read `x-notchpay-signature` with
 * HMAC-SHA512: not accepted, as the current reference names only the SHA-256 header.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header Notch Pay signs its webhooks in (Node lower-cases header names). */
export const NOTCH_SIGNATURE_HEADER = 'x-notch-signature';

/** The signature Notch Pay sends for this raw body. */
export function signNotchPayWebhook(rawBody: Buffer | string, hashKey: string): string {
  return createHmac('sha256', hashKey).update(rawBody).digest('hex');
}

/** Whether `header` is the signature of `rawBody` under `hashKey`, compared in constant time. */
export function isValidNotchPaySignature(rawBody: Buffer, header: string | undefined, hashKey: string): boolean {
  if (!header || hashKey === '') return false;
  const given = header.trim().replace(/^sha256=/i, '');
  if (!/^[0-9a-fA-F]{64}$/.test(given)) return false;
  const expected = Buffer.from(signNotchPayWebhook(rawBody, hashKey), 'hex');
  return timingSafeEqual(Buffer.from(given, 'hex'), expected);
}
