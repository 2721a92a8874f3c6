/**
 * The billers people can pay, as data: what to ask for, how to check it, what amounts are allowed and which
 * ledger account the money goes to. Number formats and amount rules are not confirmed by the aggregator
 * yet, so they live here as values (masks are regex sources) and change without touching code.
 */
import { accountIds, type AccountId } from './ledger/accounts';

/**
 * How the amount of a payment is chosen. FIXED: exactly the bill's amount (or the offer's price). PARTIAL: any
 * amount from `min` up to the bill's amount. CUSTOM: any amount from `min` to `max` (prepaid credit).
 */
export type AmountRule =
  { type: 'FIXED' } | { type: 'PARTIAL'; min: number } | { type: 'CUSTOM'; min: number; max: number };

/** What the aggregator is asked for a customer number: open bills, or subscription items (offers, prepaid). */
export type LookupKind = 'BILLS' | 'SUBSCRIPTION';

/**
 * Catalog keys of the billers' names and of their customer-number labels. The domain knows no catalog, so they
 * are listed here; the catalogs (`flows/messages/bills.ts`) must have each of them, or they do not compile.
 */
export type BillerNameKey = `bills.biller.${'eneoPostpaid' | 'eneoPrepaid' | 'camwater' | 'canalplus'}`;
export type NumberLabelKey = `bills.numberLabel.${'billOrContract' | 'meter' | 'contract' | 'subscriber'}`;

/** One biller as the product offers it. */
export interface Biller {
  /** Our stable id, used in conversations, intents and logs. */
  id: string;
  /** The brand as printed on the bill, the same in every language (used in notices). */
  brand: string;
  /** Catalog key of the name shown in menus (`flows/messages/bills.ts`). */
  nameKey: BillerNameKey;
  /** Catalog key of the label of the customer number ("Contract number", "Meter number"...). */
  numberLabelKey: NumberLabelKey;
  /** Regex source the customer number (digits only, separators removed) must match in full. */
  validationMask: string;
  /** The aggregator's service id (S3P `serviceid`); the simulator uses our ids. */
  serviceId: string;
  lookup: LookupKind;
  amount: AmountRule;
  /** Whether a successful payment returns a token the payer must type into a meter (ENEO prepaid). */
  returnsToken: boolean;
  /** The ledger biller the money is owed to (BILLER_IDS): several of our billers may share one (ENEO). */
  ledgerBillerId: string;
}

/** The billers offered first, in menu order. */
export const BILLERS: readonly Biller[] = Object.freeze([
  {
    id: 'eneo-postpaid',
    brand: 'ENEO',
    nameKey: 'bills.biller.eneoPostpaid',
    numberLabelKey: 'bills.numberLabel.billOrContract',
    // ENEO contract numbers are 9 digits and bill numbers 12 on the bills we have seen; unconfirmed.
    validationMask: '^[0-9]{9,14}$',
    serviceId: 'eneo-postpaid',
    lookup: 'BILLS',
    // People often pay part of an electricity bill at the counter.
    amount: { type: 'PARTIAL', min: 100 },
    returnsToken: false,
    ledgerBillerId: 'eneo',
  },
  {
    id: 'eneo-prepaid',
    brand: 'ENEO',
    nameKey: 'bills.biller.eneoPrepaid',
    numberLabelKey: 'bills.numberLabel.meter',
    // STS prepaid meters carry 11-digit numbers, some 13; unconfirmed.
    validationMask: '^[0-9]{11,13}$',
    serviceId: 'eneo-prepaid',
    lookup: 'SUBSCRIPTION',
    amount: { type: 'CUSTOM', min: 500, max: 250_000 },
    returnsToken: true,
    ledgerBillerId: 'eneo',
  },
  {
    id: 'camwater',
    brand: 'CAMWATER',
    nameKey: 'bills.biller.camwater',
    numberLabelKey: 'bills.numberLabel.contract',
    validationMask: '^[0-9]{6,12}$',
    serviceId: 'camwater',
    lookup: 'BILLS',
    amount: { type: 'FIXED' },
    returnsToken: false,
    ledgerBillerId: 'camwater',
  },
  {
    id: 'canalplus',
    brand: 'Canal+',
    nameKey: 'bills.biller.canalplus',
    numberLabelKey: 'bills.numberLabel.subscriber',
    // Subscriber numbers are 8 digits, decoder numbers 14; either is accepted; unconfirmed.
    validationMask: '^[0-9]{8,14}$',
    serviceId: 'canalplus',
    lookup: 'SUBSCRIPTION',
    // An offer is bought at its price.
    amount: { type: 'FIXED' },
    returnsToken: false,
    ledgerBillerId: 'canalplus',
  },
] satisfies Biller[]);

/** The biller with this id, or null. */
export function findBiller(id: string, billers: readonly Biller[] = BILLERS): Biller | null {
  return billers.find((b) => b.id === id) ?? null;
}

/** The ledger account a biller's payments are credited to until they are settled with it. */
export function payableAccount(biller: Biller): AccountId {
  return accountIds.payable(biller.ledgerBillerId);
}

/** Removes what people type between digits (spaces, dashes, dots, slashes) before the mask is applied. */
export function normalizeCustomerNumber(text: string): string {
  return text.trim().replace(/[\s\-./]/g, '');
}

/** Whether a customer number (already normalized) matches the biller's mask in full. */
export function isValidCustomerNumber(biller: Biller, customerNumber: string): boolean {
  // Anchored here too, so a mask written without ^...$ cannot accept a number with extra characters.
  return new RegExp(`^(?:${biller.validationMask})$`).test(customerNumber);
}

/** The amounts allowed for one item: `min`..`max` inclusive (equal for FIXED). */
export interface AllowedAmounts {
  min: number;
  max: number;
}

/**
 * The amounts a biller's rule allows for an item whose amount is `due` (a bill's amount or an offer's price; null
 * when the aggregator leaves it open, as for prepaid credit). Null when the rule needs an amount the item lacks.
 */
export function allowedAmounts(rule: AmountRule, due: number | null): AllowedAmounts | null {
  switch (rule.type) {
    case 'FIXED':
      return due === null ? null : { min: due, max: due };
    case 'PARTIAL':
      return due === null ? null : { min: Math.min(rule.min, due), max: due };
    case 'CUSTOM':
      return { min: rule.min, max: rule.max };
  }
}
