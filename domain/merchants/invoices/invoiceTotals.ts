/**
 * An invoice's amounts, in whole francs: each line is quantity × unit price; VAT is charged on the subtotal at the
 * invoice's rate and rounded half up to the franc (19.25 % of 1 002 F is 192.885 F: 193 F); the total is the
 * subtotal plus VAT. Computed in integers (the rate in hundredths of a percent), so no floating-point error moves
 * a franc.
 */

/** Cameroon's VAT rate (19.25 %: 17.5 % plus the 10 % communal surcharge on it), kept as data. */
export const CAMEROON_VAT = 0.1925;

export interface InvoiceItem {
  description: string;
  quantity: number;
  unitPrice: number;
}

export interface InvoiceLine extends InvoiceItem {
  amount: number;
}

export interface InvoiceTotals {
  lines: InvoiceLine[];
  subtotal: number;
  vat: number;
  total: number;
}

/** A rate as a whole number of hundredths of a percent (0.1925 → 1925), or null when it has finer digits. */
export function rateInBasisPoints(rate: number): number | null {
  const points = Math.round(rate * 10_000);
  return Math.abs(points - rate * 10_000) < 1e-6 && points >= 0 && points <= 10_000 ? points : null;
}

/** The VAT on a subtotal: `subtotal × rate`, rounded half up to the franc. */
export function vatOn(subtotal: number, basisPoints: number): number {
  return Math.floor((subtotal * basisPoints + 5_000) / 10_000);
}

/** The lines, subtotal, VAT and total of an invoice's items at a rate (in basis points). */
export function invoiceTotals(items: readonly InvoiceItem[], basisPoints: number): InvoiceTotals {
  const lines = items.map((item) => ({ ...item, amount: item.quantity * item.unitPrice }));
  const subtotal = lines.reduce((sum, line) => sum + line.amount, 0);
  const vat = vatOn(subtotal, basisPoints);
  return { lines, subtotal, vat, total: subtotal + vat };
}
