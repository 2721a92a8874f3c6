/**
 * MTN's X-Reference-Id for one of our payments. MTN requires a UUID version 4 there, and our transfer ids are not
 * UUIDs (`topup:<key>`, `withdraw:<key>`), so the id is derived from the transfer id, deterministically: a retry,
 * a restart or the reconciler's status call all name the same MTN resource, and MTN's 409 on a repeat is what
 * stops a second payment. A random UUID stored beside the payment would do the same, but would need a write
 * before the call and a read before every status call; a derivation needs neither.
 *
 * The derivation is UUID version 5's recipe (SHA-1 of a namespace and the name, truncated to 16 bytes) with the
 * version nibble set to 4 instead of 5: MTN validates the header as a version-4 UUID, and a v5-stamped value
 * risks a 400 there. Collisions would need a SHA-1 collision on two of our own ids.
 */
import { createHash } from 'node:crypto';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

// A fixed namespace, so the same transfer id always gives the same UUID and no other use of SHA-1 collides with it.
const NAMESPACE = 'mtn-momo-x-reference-id:';

/** Whether MTN accepts `value` as an X-Reference-Id (a version-4 UUID, RFC 4122 variant). */
export function isUuidV4(value: string): boolean {
  return UUID_V4.test(value);
}

/** The X-Reference-Id for a transfer id: the id itself when it already is a UUID v4, else its derivation. */
export function mtnReferenceId(transferId: string): string {
  if (isUuidV4(transferId)) return transferId.toLowerCase();
  const bytes = createHash('sha1').update(NAMESPACE).update(transferId, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
