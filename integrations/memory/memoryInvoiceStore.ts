/** Invoices in memory: the twin of the MongoDB store (numbers unique by number and by invoice, tokens unique, slots by generation). */
import type {
  Invoice,
  InvoiceMark,
  InvoiceNumber,
  InvoicePayment,
  InvoiceSlot,
  InvoiceStore,
  InvoiceToken,
} from '../../domain/merchants/invoices/invoice';
import { newestPage } from './memoryPaymentLinkStore';
import { roundTrip, Table } from './table';

export class MemoryInvoiceStore implements InvoiceStore {
  private readonly invoices = new Table<Invoice>();
  private readonly numbers = new Table<InvoiceNumber>();
  private readonly tokens = new Table<InvoiceToken>();
  private readonly paymentDocs = new Table<InvoicePayment>();
  private readonly markDocs = new Table<InvoiceMark>();
  private readonly slotDocs = new Table<InvoiceSlot>();

  async insertInvoice(invoice: Invoice): Promise<'inserted' | 'duplicate'> {
    await roundTrip();
    return this.invoices.insert(invoice);
  }

  async getInvoice(id: string): Promise<Invoice | null> {
    await roundTrip();
    return this.invoices.get(id);
  }

  async list(merchantId: string, options: { limit: number; startingAfter?: string }): Promise<Invoice[]> {
    await roundTrip();
    return newestPage(this.invoices.find(), merchantId, options);
  }

  async unsettled(limit: number): Promise<Invoice[]> {
    await roundTrip();
    return this.invoices
      .find((i) => !i.settled)
      .sort((a, b) => +a.dueDate - +b.dueDate)
      .slice(0, limit);
  }

  async markSettled(id: string): Promise<void> {
    await roundTrip();
    const invoice = this.invoices.get(id);
    if (invoice) this.invoices.put({ ...invoice, settled: true });
  }

  async lastSeq(merchantId: string, year: number): Promise<number> {
    await roundTrip();
    const seqs = this.numbers.find((n) => n.merchantId === merchantId && n.year === year).map((n) => n.seq);
    return Math.max(0, ...seqs);
  }

  async insertNumber(number: InvoiceNumber): Promise<'inserted' | 'duplicate'> {
    await roundTrip();
    if (this.numbers.find((n) => n.invoiceId === number.invoiceId).length > 0) return 'duplicate';
    return this.numbers.insert(number);
  }

  async numberOf(invoiceId: string): Promise<InvoiceNumber | null> {
    await roundTrip();
    return this.numbers.find((n) => n.invoiceId === invoiceId)[0] ?? null;
  }

  async insertToken(token: InvoiceToken): Promise<'inserted' | 'duplicate'> {
    await roundTrip();
    if (this.tokens.find((t) => t.token === token.token).length > 0) return 'duplicate';
    return this.tokens.insert(token);
  }

  async tokenOf(invoiceId: string): Promise<InvoiceToken | null> {
    await roundTrip();
    return this.tokens.get(invoiceId);
  }

  async byToken(token: string): Promise<InvoiceToken | null> {
    await roundTrip();
    return this.tokens.find((t) => t.token === token)[0] ?? null;
  }

  async insertPayment(payment: InvoicePayment): Promise<'inserted' | 'duplicate'> {
    await roundTrip();
    return this.paymentDocs.insert(payment);
  }

  async payments(invoiceId: string): Promise<InvoicePayment[]> {
    await roundTrip();
    return this.paymentDocs.find((p) => p.invoiceId === invoiceId);
  }

  async insertSlot(slot: InvoiceSlot): Promise<'inserted' | 'duplicate'> {
    await roundTrip();
    return this.slotDocs.insert(slot);
  }

  async slots(invoiceId: string): Promise<InvoiceSlot[]> {
    await roundTrip();
    return this.slotDocs.find((s) => s.invoiceId === invoiceId);
  }

  async insertMark(mark: InvoiceMark): Promise<'inserted' | 'duplicate'> {
    await roundTrip();
    return this.markDocs.insert(mark);
  }

  async marks(invoiceId: string): Promise<InvoiceMark[]> {
    await roundTrip();
    return this.markDocs.find((m) => m.invoiceId === invoiceId);
  }
}
