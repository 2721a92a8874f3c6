/** Payment links and invoices to the API's JSON, and an invoice's due date from the API's day. */
import type { z } from 'zod';
import type { InvoiceView } from '../../../domain/merchants/invoices/invoiceView';
import type { PaymentLinkView } from '../../../domain/merchants/paymentLinks/paymentLinkView';
import type { invoiceResource, paymentLinkResource } from './schemas/linksAndInvoices';

// Douala is UTC+1 all year.
const DOUALA_OFFSET_MS = 3_600_000;

function iso(date: Date | null): string | null {
  return date === null ? null : date.toISOString();
}

/** The last instant of a day in Douala (`2026-12-31` → 2026-12-31T22:59:59.999Z): an invoice due that day. */
export function endOfDoualaDay(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + 86_400_000 - DOUALA_OFFSET_MS - 1);
}

/** The day in Douala of an instant, `YYYY-MM-DD`. */
export function doualaDay(at: Date): string {
  return new Date(at.getTime() + DOUALA_OFFSET_MS).toISOString().slice(0, 10);
}

/** A link's view as the API's JSON, with its QR codes' addresses. */
export function presentPaymentLink(link: PaymentLinkView): z.infer<typeof paymentLinkResource> {
  return {
    object: 'payment_link',
    id: link.id,
    code: link.code,
    url: link.url,
    qr_png_url: `${link.url}/qr.png`,
    qr_svg_url: `${link.url}/qr.svg`,
    status: link.status,
    reusable: link.reusable,
    amount: link.amount,
    min_amount: link.minAmount,
    max_amount: link.maxAmount,
    currency: 'XAF',
    description: link.reason,
    max_payments: link.maxPayments,
    payments_count: link.paymentsCount,
    expires_at: iso(link.expiresAt),
    order_reference: link.orderReference,
    created_at: link.createdAt.toISOString(),
    deactivated_at: iso(link.deactivatedAt),
  };
}

/** An invoice's view as the API's JSON, with its PDF's address once it has a page. */
export function presentInvoice(invoice: InvoiceView): z.infer<typeof invoiceResource> {
  return {
    object: 'invoice',
    id: invoice.id,
    number: invoice.number,
    status: invoice.status,
    customer: { name: invoice.customer.name, phone: invoice.customer.phone },
    items: invoice.lines.map((line) => ({
      description: line.description,
      quantity: line.quantity,
      unit_price: line.unitPrice,
      amount: line.amount,
    })),
    vat_rate: invoice.vatRate,
    subtotal: invoice.subtotal,
    vat: invoice.vat,
    total: invoice.total,
    amount_paid: invoice.amountPaid,
    amount_due: invoice.amountDue,
    currency: 'XAF',
    due_date: doualaDay(invoice.dueDate),
    notes: invoice.notes,
    url: invoice.url,
    pdf_url: invoice.url === null ? null : `${invoice.url}.pdf`,
    created_at: invoice.createdAt.toISOString(),
    sent_at: iso(invoice.sentAt),
    cancelled_at: iso(invoice.cancelledAt),
  };
}
