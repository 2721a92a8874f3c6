/**
 * The simulated billers' customers, shared by the in-process aggregator (simulatedBillAggregator.ts) and the
 * Smobilpay HTTP simulator (integrations/smobilpay/simulator/), so both tell the same story for the same number
 * and tests written against one hold against the other. Everything derives from the customer number; its last
 * four digits choose the story:
 *
 * | ends with | lookup                         | payment                                   |
 * | --------- | ------------------------------ | ----------------------------------------- |
 * | `0000`    | unknown customer               |                                           |
 * | `1111`    | known, nothing open            |                                           |
 * | `9999`    | open bills                     | ERRORED                                   |
 * | `8888`    | open bills                     | PENDING (until settled, or a delay)       |
 * | other     | one or two open bills (BILLS), | SUCCESS; prepaid returns a 20-digit token |
 * |           | offers or prepaid (SUBSCRIPTION) |                                         |
 *
 * `storyKey` is the in-process simulator's service id (`camwater`, `eneo-postpaid`…): it seeds the amounts, so a
 * simulated S3P service that names the same key answers the same bills.
 */
import { createHash } from 'node:crypto';
import type { PayItem } from '../../domain/billPayments/billAggregator';

/** Subscription offers by story key, at fixed prices (Canal+ Cameroon's bouquets, approximately). */
export const SIMULATED_OFFERS: Readonly<Record<string, readonly { code: string; label: string; price: number }[]>> = {
  canalplus: [
    { code: 'ACCESS', label: 'Access', price: 5_000 },
    { code: 'EVASION', label: 'Evasion', price: 10_000 },
    { code: 'ACCESS_PLUS', label: 'Access+', price: 17_000 },
    { code: 'TOUT_CANAL', label: 'Tout Canal+', price: 25_000 },
  ],
};

/** An item a customer has, without its id: each simulator makes ids its own way from `suffix`. */
export type SimulatedItem = Omit<PayItem, 'payItemId'> & { suffix: string };

/** Whether the number belongs to nobody. */
export function isUnknownCustomer(customerNumber: string): boolean {
  return customerNumber.endsWith('0000');
}

/** How a payment for this number ends: the biller refuses, takes its time, or accepts. */
export function scriptedOutcome(customerNumber: string): 'ERRORED' | 'PENDING' | 'SUCCESS' {
  if (customerNumber.endsWith('9999')) return 'ERRORED';
  if (customerNumber.endsWith('8888')) return 'PENDING';
  return 'SUCCESS';
}

/** Every item a customer number ever had, bills at their full amounts (`now` places the due dates). */
export function simulatedItems(
  storyKey: string,
  lookup: 'BILLS' | 'SUBSCRIPTION',
  customerNumber: string,
  now: Date,
): SimulatedItem[] {
  if (isUnknownCustomer(customerNumber) || customerNumber.endsWith('1111')) return [];
  const offers = SIMULATED_OFFERS[storyKey];
  if (lookup === 'SUBSCRIPTION') {
    return offers
      ? offers.map((o) => ({
          suffix: o.code,
          kind: 'OFFER',
          amount: o.price,
          billNumber: null,
          label: o.label,
          dueDate: null,
        }))
      : [{ suffix: 'PREPAID', kind: 'PREPAID', amount: null, billNumber: null, label: null, dueDate: null }];
  }
  const count = 1 + (seed(storyKey, customerNumber, 'count') % 2);
  const monthStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  return Array.from({ length: count }, (_, n) => {
    // From 2 500 to 62 000 F by steps of 500, due in the month (older bills a month earlier each).
    const amount = 2_500 + (seed(storyKey, customerNumber, `amount${n}`) % 120) * 500;
    const due = new Date(monthStart + (seed(storyKey, customerNumber, `due${n}`) % 28) * 86_400_000);
    due.setUTCMonth(due.getUTCMonth() - n);
    return {
      suffix: `BILL${n}`,
      kind: 'BILL',
      amount,
      billNumber: digits(customerNumber, `${storyKey}bill${n}`, 12),
      label: null,
      dueDate: due.toISOString().slice(0, 10),
    };
  });
}

/** The references of a payment under a trid: the same trid always gets the same ones. */
export function simulatedReceipt(
  trid: string,
  prepaid: boolean,
): { ptn: string; receiptNumber: string; token: string | null } {
  return {
    ptn: `PTN${digits(trid, 'ptn', 12)}`,
    receiptNumber: `R${digits(trid, 'receipt', 9)}`,
    token: prepaid ? digits(trid, 'token', 20) : null,
  };
}

const NAMES = ['NGONO Marie', 'TCHOUA Paul', 'ESSOMBA Jean', 'FOUDA Alice', 'MBARGA Pierre', 'NJOYA Aminatou'];

/** The customer's name at the biller. */
export function simulatedCustomerName(customerNumber: string): string {
  return NAMES[seed('name', customerNumber) % NAMES.length]!;
}

/** A number from 0 to 2^32-1 derived from the inputs: the simulators' only source of variety. */
function seed(...parts: string[]): number {
  return createHash('sha256').update(parts.join('|')).digest().readUInt32BE(0);
}

/** `count` decimal digits derived from the inputs. */
function digits(value: string, purpose: string, count: number): string {
  const hash = createHash('sha256').update(`${purpose}|${value}`).digest();
  let out = '';
  for (let i = 0; out.length < count; i += 1) out += String(hash[i % hash.length]! % 10);
  return out;
}
