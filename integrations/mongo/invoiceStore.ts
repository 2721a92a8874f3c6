/**
 * Merchants' invoices on MongoDB / FerretDB: the invoices, their numbers (unique by number through `_id`, and by
 * invoice through an index), their page tokens (unique), the requests made from their pages, the slots those requests
 * held (unique by generation through `_id`) and their marks (sent, cancelled). Everything is decided by an insert; only the `settled` cache is updated.
 */
import type { Connection, mongo } from 'mongoose';
import type {
  Invoice,
  InvoiceMark,
  InvoiceNumber,
  InvoicePayment,
  InvoiceSlot,
  InvoiceStore,
  InvoiceToken,
} from '../../domain/merchants/invoices/invoice';
import { insertOnce } from './insertOnce';
import { pageOf } from './paymentLinkStore';

const INVOICES = 'merchant_invoices';
const NUMBERS = 'merchant_invoice_numbers';
const TOKENS = 'merchant_invoice_tokens';
const PAYMENTS = 'merchant_invoice_payments';
const MARKS = 'merchant_invoice_marks';
const SLOTS = 'merchant_invoice_slots';

/** Creates the indexes invoices rely on: run before serving traffic. */
export async function ensureInvoiceIndexes(connection: Connection): Promise<void> {
  const invoices = connection.collection(INVOICES);
  await invoices.createIndex({ merchantId: 1, createdAt: -1, _id: -1 });
  await invoices.createIndex({ settled: 1, dueDate: 1 });
  await connection.collection(NUMBERS).createIndex({ invoiceId: 1 }, { unique: true });
  await connection.collection(NUMBERS).createIndex({ merchantId: 1, year: 1, seq: -1 });
  await connection.collection(TOKENS).createIndex({ token: 1 }, { unique: true });
  await connection.collection(PAYMENTS).createIndex({ invoiceId: 1 });
  await connection.collection(MARKS).createIndex({ invoiceId: 1 });
  await connection.collection(SLOTS).createIndex({ invoiceId: 1 });
}

export class MongoInvoiceStore implements InvoiceStore {
  private readonly invoices: mongo.Collection<Invoice>;
  private readonly numbers: mongo.Collection<InvoiceNumber>;
  private readonly tokens: mongo.Collection<InvoiceToken>;
  private readonly paymentDocs: mongo.Collection<InvoicePayment>;
  private readonly markDocs: mongo.Collection<InvoiceMark>;
  private readonly slotDocs: mongo.Collection<InvoiceSlot>;

  constructor(connection: Connection) {
    const collection = <T extends mongo.Document>(name: string) =>
      connection.collection<T>(name) as unknown as mongo.Collection<T>;
    this.invoices = collection<Invoice>(INVOICES);
    this.numbers = collection<InvoiceNumber>(NUMBERS);
    this.tokens = collection<InvoiceToken>(TOKENS);
    this.paymentDocs = collection<InvoicePayment>(PAYMENTS);
    this.markDocs = collection<InvoiceMark>(MARKS);
    this.slotDocs = collection<InvoiceSlot>(SLOTS);
  }

  insertInvoice(invoice: Invoice): Promise<'inserted' | 'duplicate'> {
    return insertOnce(this.invoices, { ...invoice });
  }

  getInvoice(id: string): Promise<Invoice | null> {
    return this.invoices.findOne({ _id: id });
  }

  list(merchantId: string, options: { limit: number; startingAfter?: string }): Promise<Invoice[]> {
    return pageOf(this.invoices, merchantId, options);
  }

  unsettled(limit: number): Promise<Invoice[]> {
    return this.invoices.find({ settled: false }).sort({ dueDate: 1 }).limit(limit).toArray() as Promise<Invoice[]>;
  }

  async markSettled(id: string): Promise<void> {
    await this.invoices.updateOne({ _id: id }, { $set: { settled: true } });
  }

  async lastSeq(merchantId: string, year: number): Promise<number> {
    const [last] = await this.numbers.find({ merchantId, year }).sort({ seq: -1 }).limit(1).toArray();
    return last?.seq ?? 0;
  }

  insertNumber(number: InvoiceNumber): Promise<'inserted' | 'duplicate'> {
    return insertOnce(this.numbers, { ...number });
  }

  numberOf(invoiceId: string): Promise<InvoiceNumber | null> {
    return this.numbers.findOne({ invoiceId });
  }

  insertToken(token: InvoiceToken): Promise<'inserted' | 'duplicate'> {
    return insertOnce(this.tokens, { ...token });
  }

  tokenOf(invoiceId: string): Promise<InvoiceToken | null> {
    return this.tokens.findOne({ _id: invoiceId });
  }

  byToken(token: string): Promise<InvoiceToken | null> {
    return this.tokens.findOne({ token });
  }

  insertPayment(payment: InvoicePayment): Promise<'inserted' | 'duplicate'> {
    return insertOnce(this.paymentDocs, { ...payment });
  }

  payments(invoiceId: string): Promise<InvoicePayment[]> {
    return this.paymentDocs.find({ invoiceId }).toArray() as Promise<InvoicePayment[]>;
  }

  insertSlot(slot: InvoiceSlot): Promise<'inserted' | 'duplicate'> {
    return insertOnce(this.slotDocs, { ...slot });
  }

  slots(invoiceId: string): Promise<InvoiceSlot[]> {
    return this.slotDocs.find({ invoiceId }).toArray() as Promise<InvoiceSlot[]>;
  }

  insertMark(mark: InvoiceMark): Promise<'inserted' | 'duplicate'> {
    return insertOnce(this.markDocs, { ...mark });
  }

  marks(invoiceId: string): Promise<InvoiceMark[]> {
    return this.markDocs.find({ invoiceId }).toArray() as Promise<InvoiceMark[]>;
  }
}
