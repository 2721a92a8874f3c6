/**
 * The reason of a request as people type it: spaces collapsed as the service keeps them, and a "no reason" word
 * (`-`, `none`, `rien`…) meaning none.
 */
import { MAX_REASON_LENGTH } from '../../domain/paymentRequests/paymentRequests';

/** What people type for "no reason" (accents and case ignored). `0` is not one: it means back everywhere. */
const NO_REASON = new Set([
  '-',
  '--',
  '.',
  'x',
  'no',
  'non',
  'none',
  'nothing',
  'skip',
  'aucun',
  'aucune',
  'rien',
  'sans',
  'passer',
]);

/** The reason as the domain will keep it (spaces collapsed), or '' when the person typed a "no reason" word. */
export function reasonOf(typed: string): string {
  const reason = typed.replace(/\s+/g, ' ').trim();
  const word = reason.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  return NO_REASON.has(word) ? '' : reason;
}

/** Whether a typed reason can be kept: something typed, and not longer than the service keeps. */
export function reasonFits(typed: string): boolean {
  return typed !== '' && reasonOf(typed).length <= MAX_REASON_LENGTH;
}

export function reasonTooLong(typed: string): boolean {
  return reasonOf(typed).length > MAX_REASON_LENGTH;
}
