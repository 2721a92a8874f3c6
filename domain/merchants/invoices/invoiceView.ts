/** An invoice as the merchant API shows it: plain JSON-friendly data, amounts in whole francs. */
import type { Msisdn } from '../../phone';
import type { Invoice } from './invoice';
import type { InvoiceLine } from './invoiceTotals';

export const INVOICE_STATUSES = ['draft', 'sent', 'paid', 'partially_paid', 'overdue', 'cancelled'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export interface InvoiceView {
  id: string;
  object: 'invoice';
  number: string;
  status: InvoiceStatus;
  customer: { name: string; phone: Msisdn | null };
  lines: InvoiceLine[];
  /** 0.1925 for 19.25 %. */
  vatRate: number;
  subtotal: number;
  vat: number;
  total: number;
  amountPaid: number;
  amountDue: number;
  currency: 'XAF';
  dueDate: Date;
  notes: string;
  /** The public page once sent (`<publicUrl>/i/<token>`), null while a draft. */
  url: string | null;
  createdAt: Date;
  sentAt: Date | null;
  cancelledAt: Date | null;
}

/** What decides an invoice's status besides the invoice: its marks, what is paid, and the time. */
export interface InvoiceFacts {
  sentAt: Date | null;
  cancelledAt: Date | null;
  amountPaid: number;
  url: string | null;
  now: Date;
}

/**
 * The status: cancelled first; a draft until sent; paid once the total is paid; overdue past the due date while not
 * paid in full; partially paid with some paid before the due date; sent.
 */
export function invoiceStatus(invoice: Invoice, facts: Omit<InvoiceFacts, 'url'>): InvoiceStatus {
  if (facts.cancelledAt) return 'cancelled';
  if (!facts.sentAt) return 'draft';
  if (facts.amountPaid >= invoice.total) return 'paid';
  if (facts.now.getTime() > invoice.dueDate.getTime()) return 'overdue';
  return facts.amountPaid > 0 ? 'partially_paid' : 'sent';
}

export function invoiceView(invoice: Invoice, facts: InvoiceFacts): InvoiceView {
  return {
    id: invoice._id,
    object: 'invoice',
    number: invoice.number,
    status: invoiceStatus(invoice, facts),
    customer: invoice.customer,
    lines: invoice.lines,
    vatRate: invoice.vatBasisPoints / 10_000,
    subtotal: invoice.subtotal,
    vat: invoice.vat,
    total: invoice.total,
    amountPaid: facts.amountPaid,
    amountDue: Math.max(invoice.total - facts.amountPaid, 0),
    currency: 'XAF',
    dueDate: invoice.dueDate,
    notes: invoice.notes,
    url: facts.url,
    createdAt: invoice.createdAt,
    sentAt: facts.sentAt,
    cancelledAt: facts.cancelledAt,
  };
}
