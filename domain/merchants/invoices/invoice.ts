/**
 * A merchant's invoice as kept, and the port of where invoices and their records are kept. Every decision is an
 * insert: its number (`{merchantId, year, seq}` taken once, by one invoice), its public token, each payment request
 * made from its page, the slot each of those requests held (one payment in flight at a time), its marks (sent,
 * cancelled). Reminders are decided by the outbox's own key. Only `settled`, a cache for the reminder worker,
 * is ever updated.
 */
import type { Msisdn } from '../../phone';
import type { InvoiceLine } from './invoiceTotals';

export interface Invoice {
  /** `inv_` and 24 hex characters of a hash of the merchant and the caller's id. */
  _id: string;
  merchantId: string;
  clientId: string;
  /** `F-2026-0001`: per merchant and year (Douala time), consecutive. */
  number: string;
  customer: { name: string; phone: Msisdn | null };
  lines: InvoiceLine[];
  /** Basis points: 1925 is 19.25 %. */
  vatBasisPoints: number;
  subtotal: number;
  vat: number;
  total: number;
  dueDate: Date;
  notes: string;
  createdAt: Date;
  /** Cache: paid in full or cancelled, so the worker stops looking. Never a decision. */
  settled: boolean;
}

/** A number taken: `_id` is `<merchantId>:<year>:<seq>`; one per invoice (a unique index on `invoiceId`). */
export interface InvoiceNumber {
  _id: string;
  merchantId: string;
  year: number;
  seq: number;
  invoiceId: string;
}

/** An invoice's public page: `_id` is the invoice id (one per invoice), the token unique. */
export interface InvoiceToken {
  _id: string;
  token: string;
  at: Date;
}

/** A request made from an invoice's page: `_id` is the request id. */
export interface InvoicePayment {
  _id: string;
  invoiceId: string;
  amount: number;
  at: Date;
}

/**
 * The right to have one payment of an invoice in flight: `_id` is `<invoiceId>#<generation>`, taken by an insert.
 * A generation with no request (`requestId` null) releases the one before it.
 */
export interface InvoiceSlot {
  _id: string;
  invoiceId: string;
  generation: number;
  requestId: string | null;
  payer: Msisdn | null;
  /** What the request asks: at most the amount due when the slot was taken. */
  amount: number;
  at: Date;
}

/** Something that happens once to an invoice: `invoice-sent:<id>`, `invoice-cancelled:<id>`. */
export interface InvoiceMark {
  _id: string;
  invoiceId: string;
  at: Date;
}

export interface InvoiceStore {
  insertInvoice(invoice: Invoice): Promise<'inserted' | 'duplicate'>;
  getInvoice(id: string): Promise<Invoice | null>;
  /** A merchant's invoices, newest first, after `startingAfter` when given. */
  list(merchantId: string, options: { limit: number; startingAfter?: string }): Promise<Invoice[]>;
  /** Invoices not known to be settled, oldest due first. */
  unsettled(limit: number): Promise<Invoice[]>;
  markSettled(id: string): Promise<void>;
  /** The highest sequence taken for a merchant and year, 0 when none. */
  lastSeq(merchantId: string, year: number): Promise<number>;
  /** `duplicate` when the number, or a number for this invoice, is taken. */
  insertNumber(number: InvoiceNumber): Promise<'inserted' | 'duplicate'>;
  numberOf(invoiceId: string): Promise<InvoiceNumber | null>;
  insertToken(token: InvoiceToken): Promise<'inserted' | 'duplicate'>;
  tokenOf(invoiceId: string): Promise<InvoiceToken | null>;
  byToken(token: string): Promise<InvoiceToken | null>;
  insertPayment(payment: InvoicePayment): Promise<'inserted' | 'duplicate'>;
  payments(invoiceId: string): Promise<InvoicePayment[]>;
  /** `duplicate` when that generation of the invoice's slot is taken. */
  insertSlot(slot: InvoiceSlot): Promise<'inserted' | 'duplicate'>;
  /** Every generation of an invoice's slot. */
  slots(invoiceId: string): Promise<InvoiceSlot[]>;
  insertMark(mark: InvoiceMark): Promise<'inserted' | 'duplicate'>;
  marks(invoiceId: string): Promise<InvoiceMark[]>;
}
