/**
 * What a merchant asks for when making an invoice, checked and tidied (names and descriptions with their spaces
 * tidied, items, VAT rate, total, notes), and what makes a repeated create the same invoice.
 */
import { isFrancs } from '../../money';
import type { Msisdn } from '../../phone';
import type { Invoice } from './invoice';
import { CAMEROON_VAT, invoiceTotals, rateInBasisPoints, type InvoiceItem } from './invoiceTotals';

/** The caller's id an invoice is made under. */
export const CLIENT_ID = /^[A-Za-z0-9_\-.:]{1,100}$/;
const MAX_ITEMS = 100;
const MAX_TEXT = 200;
const MAX_NOTES = 1000;

/** What a merchant asks for when making an invoice. */
export interface NewInvoice {
  merchantId: string;
  id: string;
  customer: { name: string; phone?: Msisdn | null };
  items: InvoiceItem[];
  /** Default CAMEROON_VAT; 0 for none. */
  vatRate?: number;
  dueDate: Date;
  notes?: string;
}

export type CreateInvoiceRefusal =
  | 'INVALID_ID'
  | 'MERCHANT_NOT_FOUND'
  | 'MERCHANT_SUSPENDED'
  | 'INVALID_CUSTOMER'
  | 'INVALID_ITEMS'
  | 'INVALID_VAT_RATE'
  | 'INVALID_TOTAL'
  | 'INVALID_NOTES'
  | 'CONFLICT';

/** An invoice as asked, checked, before its id and number. */
export type CheckedInvoice = Omit<Invoice, '_id' | 'number' | 'createdAt' | 'settled'>;

/** The invoice asked for, checked and tidied, or why it cannot be made. */
export function checkInvoice(
  input: NewInvoice,
): { ok: true; invoice: CheckedInvoice } | { ok: false; reason: CreateInvoiceRefusal } {
  const name = input.customer.name.replace(/\s+/g, ' ').trim();
  if (name.length === 0 || name.length > MAX_TEXT) return { ok: false, reason: 'INVALID_CUSTOMER' };
  if (input.items.length === 0 || input.items.length > MAX_ITEMS) return { ok: false, reason: 'INVALID_ITEMS' };
  const items: InvoiceItem[] = [];
  for (const item of input.items) {
    const description = item.description.replace(/\s+/g, ' ').trim();
    const quantityOk = Number.isSafeInteger(item.quantity) && item.quantity >= 1 && item.quantity <= 1_000_000;
    if (!description || description.length > MAX_TEXT || !quantityOk || !isFrancs(item.unitPrice)) {
      return { ok: false, reason: 'INVALID_ITEMS' };
    }
    items.push({ description, quantity: item.quantity, unitPrice: item.unitPrice });
  }
  const basisPoints = rateInBasisPoints(input.vatRate ?? CAMEROON_VAT);
  if (basisPoints === null) return { ok: false, reason: 'INVALID_VAT_RATE' };
  const totals = invoiceTotals(items, basisPoints);
  if (!isFrancs(totals.total) || totals.total <= 0) return { ok: false, reason: 'INVALID_TOTAL' };
  const notes = (input.notes ?? '').trim();
  if (notes.length > MAX_NOTES) return { ok: false, reason: 'INVALID_NOTES' };
  return {
    ok: true,
    invoice: {
      merchantId: input.merchantId,
      clientId: input.id,
      customer: { name, phone: input.customer.phone ?? null },
      lines: totals.lines,
      vatBasisPoints: basisPoints,
      subtotal: totals.subtotal,
      vat: totals.vat,
      total: totals.total,
      dueDate: input.dueDate,
      notes,
    },
  };
}

/** What makes a repeated create the same invoice. */
export function comparable(invoice: CheckedInvoice) {
  const { merchantId, customer, lines, vatBasisPoints, dueDate, notes } = invoice;
  return { merchantId, customer, lines, vatBasisPoints, dueDate: dueDate.getTime(), notes };
}
