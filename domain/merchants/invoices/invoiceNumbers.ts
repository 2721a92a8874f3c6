/**
 * Invoice numbers: `F-<year>-<seq>`, per merchant and year in Douala time, consecutive. A number is taken by
 * inserting `{merchantId, year, seq, invoiceId}`, unique both by number and by invoice: a creator reads the last
 * sequence and inserts the next; losing (E11000) means another invoice took it, or another creator of the same
 * invoice did (then that is ours). So concurrent creations get distinct consecutive numbers, and a retried one
 * keeps the number it had.
 */
import type { InvoiceNumber, InvoiceStore } from './invoice';

/** Douala is UTC+1 all year: its calendar year starts an hour before UTC's. */
const DOUALA_OFFSET_MS = 3_600_000;

export function doualaYear(at: Date): number {
  return new Date(at.getTime() + DOUALA_OFFSET_MS).getUTCFullYear();
}

export function formatInvoiceNumber(year: number, seq: number): string {
  return `F-${year}-${String(seq).padStart(4, '0')}`;
}

/** The number of an invoice, taken now if it has none. */
export async function takeInvoiceNumber(
  store: InvoiceStore,
  merchantId: string,
  invoiceId: string,
  at: Date,
): Promise<InvoiceNumber> {
  const year = doualaYear(at);
  for (;;) {
    const mine = await store.numberOf(invoiceId);
    if (mine) return mine;
    const seq = (await store.lastSeq(merchantId, year)) + 1;
    const number = { _id: `${merchantId}:${year}:${seq}`, merchantId, year, seq, invoiceId };
    if ((await store.insertNumber(number)) === 'inserted') return number;
  }
}
