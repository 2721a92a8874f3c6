/**
 * The `orderId` Orange Money records with a payment (it shows in Orange's records and comes back as `txnmode`).
 * Orange publishes no limit. The examples we found are short letters and digits ("order1234"), and one integration
 * strips the dots out of its ids before sending them, so we send at most ORDER_ID_MAX letters and digits: a value
 * that fits is sent as it is, any other is shortened the same way every time (its letters and digits, cut, and a
 * hash of the whole value, so two values never share an orderId by being cut alike).
 */
import { createHash } from 'node:crypto';

export const ORDER_ID_MAX = 20;
const DIGEST_CHARACTERS = 8;

export function orangeOrderId(value: string): string {
  const plain = value.replace(/[^A-Za-z0-9]/g, '');
  if (plain === value && plain.length > 0 && plain.length <= ORDER_ID_MAX) return value;
  const digest = createHash('sha256').update(value).digest('hex').slice(0, DIGEST_CHARACTERS);
  return `${plain.slice(0, ORDER_ID_MAX - DIGEST_CHARACTERS)}${digest}`;
}
