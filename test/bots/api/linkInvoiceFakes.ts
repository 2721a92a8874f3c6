/**
 * In-memory fakes of the API's payment link and invoice ports, for the API's own tests (the services themselves are
 * tested in test/domain/merchants and end to end in linksInvoices.e2e.test.ts): views kept in maps by id, made
 * once per id, with a refusal to answer on demand.
 */
import type { InvoiceOutcome, InvoicesPort, PaymentLinksPort } from '../../../bots/api/ports';
import type { NewInvoice } from '../../../domain/merchants/invoices/invoices';
import { invoiceTotals, rateInBasisPoints } from '../../../domain/merchants/invoices/invoiceTotals';
import type { InvoiceView } from '../../../domain/merchants/invoices/invoiceView';
import type { NewPaymentLink } from '../../../domain/merchants/paymentLinks/paymentLinks';
import type { PaymentLinkView } from '../../../domain/merchants/paymentLinks/paymentLinkView';

function page<T extends { id: string }>(items: T[], options: { limit: number; startingAfter?: string }) {
  const start = options.startingAfter === undefined ? 0 : items.findIndex((v) => v.id === options.startingAfter) + 1;
  return { data: items.slice(start, start + options.limit), hasMore: items.length > start + options.limit };
}

export class FakePaymentLinks implements PaymentLinksPort {
  readonly views = new Map<string, PaymentLinkView & { merchantId: string }>();
  refuseWith: string | null = null;

  constructor(private readonly now: () => Date) {}

  async create(input: NewPaymentLink) {
    if (this.refuseWith) return { ok: false as const, reason: this.refuseWith };
    const id = `pl_${input.id}`;
    const existing = this.views.get(id);
    if (existing) return { ok: true as const, link: existing };
    const link = aLinkView({
      id,
      merchantId: input.merchantId,
      reusable: input.reusable,
      amount: input.amount,
      reason: input.reason,
      createdAt: this.now(),
    });
    this.views.set(id, link);
    return { ok: true as const, link };
  }

  async get(merchantId: string, linkId: string) {
    const link = this.views.get(linkId);
    return link && link.merchantId === merchantId ? link : null;
  }

  async list(merchantId: string, options: { limit: number; startingAfter?: string }) {
    return page(
      [...this.views.values()].filter((v) => v.merchantId === merchantId),
      options,
    );
  }

  async deactivate(merchantId: string, linkId: string) {
    const link = await this.get(merchantId, linkId);
    if (!link) return null;
    const off = { ...link, status: 'deactivated' as const, deactivatedAt: link.deactivatedAt ?? this.now() };
    this.views.set(linkId, off);
    return off;
  }
}

/** A link's view with plausible values, and the merchant it belongs to (kept beside it). */
export function aLinkView(
  fields: { id: string; merchantId: string; createdAt: Date } & Partial<PaymentLinkView>,
): PaymentLinkView & { merchantId: string } {
  const code = 'K7M2Q9XD';
  return {
    object: 'payment_link',
    code,
    url: `https://pay.example.cm/l/${code}`,
    status: 'active',
    reusable: true,
    amount: 5000,
    minAmount: null,
    maxAmount: null,
    currency: 'XAF',
    reason: 'Panier de fruits',
    expiresAt: null,
    maxPayments: null,
    paymentsCount: 0,
    orderReference: null,
    deactivatedAt: null,
    ...fields,
  };
}

export class FakeInvoices implements InvoicesPort {
  readonly views = new Map<string, InvoiceView & { merchantId: string }>();
  refuseWith: string | null = null;

  constructor(private readonly now: () => Date) {}

  async create(input: NewInvoice): Promise<InvoiceOutcome> {
    if (this.refuseWith) return { ok: false, reason: this.refuseWith };
    const id = `inv_${input.id}`;
    const existing = this.views.get(id);
    if (existing) return { ok: true, invoice: existing };
    const invoice = anInvoiceView({
      id,
      merchantId: input.merchantId,
      createdAt: this.now(),
      customer: { name: input.customer.name, phone: input.customer.phone ?? null },
      dueDate: input.dueDate,
      ...totalsOf(input),
    });
    this.views.set(id, invoice);
    return { ok: true, invoice };
  }

  async get(merchantId: string, invoiceId: string) {
    const invoice = this.views.get(invoiceId);
    return invoice && invoice.merchantId === merchantId ? invoice : null;
  }

  async list(merchantId: string, options: { limit: number; startingAfter?: string }) {
    return page(
      [...this.views.values()].filter((v) => v.merchantId === merchantId),
      options,
    );
  }

  async send(merchantId: string, invoiceId: string): Promise<InvoiceOutcome> {
    const invoice = await this.get(merchantId, invoiceId);
    if (!invoice) return { ok: false, reason: 'NOT_FOUND' };
    if (!invoice.customer.phone) return { ok: false, reason: 'NO_PHONE' };
    const sent = {
      ...invoice,
      status: 'sent' as const,
      url: `https://pay.example.cm/i/${'t'.repeat(43)}`,
      sentAt: invoice.sentAt ?? this.now(),
    };
    this.views.set(invoiceId, sent);
    return { ok: true, invoice: sent };
  }

  async cancel(merchantId: string, invoiceId: string): Promise<InvoiceOutcome> {
    const invoice = await this.get(merchantId, invoiceId);
    if (!invoice) return { ok: false, reason: 'NOT_FOUND' };
    if (invoice.amountPaid > 0) return { ok: false, reason: 'HAS_PAYMENTS' };
    const cancelled = { ...invoice, status: 'cancelled' as const, cancelledAt: invoice.cancelledAt ?? this.now() };
    this.views.set(invoiceId, cancelled);
    return { ok: true, invoice: cancelled };
  }
}

function totalsOf(input: NewInvoice) {
  const rate = input.vatRate ?? 0.1925;
  const totals = invoiceTotals(input.items, rateInBasisPoints(rate) ?? 1925);
  return {
    lines: totals.lines,
    vatRate: rate,
    subtotal: totals.subtotal,
    vat: totals.vat,
    total: totals.total,
    amountDue: totals.total,
  };
}

/** An invoice's view with plausible values, and its merchant. */
export function anInvoiceView(
  fields: { id: string; merchantId: string; createdAt: Date } & Partial<InvoiceView>,
): InvoiceView & { merchantId: string } {
  return {
    object: 'invoice',
    number: 'F-2026-0001',
    status: 'draft',
    customer: { name: 'Hôtel Le Palmier', phone: null },
    lines: [{ description: 'Riz 25 kg', quantity: 2, unitPrice: 12_500, amount: 25_000 }],
    vatRate: 0.1925,
    subtotal: 25_000,
    vat: 4_813,
    total: 29_813,
    amountPaid: 0,
    amountDue: 29_813,
    currency: 'XAF',
    dueDate: new Date('2026-12-31T22:59:59.999Z'),
    notes: '',
    url: null,
    sentAt: null,
    cancelledAt: null,
    ...fields,
  };
}
