/**
 * What merchant owners type that is neither an amount nor a number: a business name, an order reference, a
 * payment's reference. Each is checked here, the same way by the menus and by the one-line commands, so the
 * service is only asked about things that can be right (it still decides).
 */

/** A business name is kept trimmed, between these lengths. */
export const MIN_BUSINESS_NAME = 2;
export const MAX_BUSINESS_NAME = 60;

/** An order reference is the merchant's own: letters, digits and a few separators, no spaces. */
export const MAX_ORDER_REFERENCE = 40;
const ORDER_REFERENCE = /^[\p{L}\p{N}][\p{L}\p{N}\-_./#]*$/u;

/** The business name as it will be kept: spaces collapsed. */
export function businessNameOf(typed: string): string {
  return typed.replace(/\s+/g, ' ').trim();
}

export function isBusinessName(typed: string): boolean {
  const name = businessNameOf(typed);
  // A lone number is a menu answer typed at the wrong step, not a shop's name.
  return name.length >= MIN_BUSINESS_NAME && name.length <= MAX_BUSINESS_NAME && !/^\d+$/.test(name);
}

/** The order reference typed (trailing punctuation dropped), or null when it cannot be one. */
export function orderReferenceOf(typed: string): string | null {
  const reference = typed.trim().replace(/[.,;:!?]+$/, '');
  return reference.length <= MAX_ORDER_REFERENCE && ORDER_REFERENCE.test(reference) ? reference : null;
}

/** What owners type for "no order reference" at that question (accents and case ignored). */
const NO_REFERENCE = new Set(['-', '--', '.', 'x', 'no', 'non', 'none', 'aucun', 'aucune', 'rien', 'sans', 'skip']);

export function isNoReference(typed: string): boolean {
  return NO_REFERENCE.has(typed.trim().normalize('NFD').replace(/\p{M}/gu, '').toLowerCase());
}
