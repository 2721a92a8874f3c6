/**
 * An invoice as a PDF (pdfkit, A4, the built-in Helvetica): the same content as its page, for printing and
 * keeping. The document's title names the invoice number, so a file manager and a search find it.
 */
import PDFDocument from 'pdfkit';
import type { InvoicePageView } from '../../../domain/merchants/invoices/invoices';
import { formatFrancs } from '../../../domain/money';
import type { Language } from '../../../domain/users';
import { formatParam } from '../../../flows/messages/catalog';
import { invoicePageMessages, type InvoicePageKey } from '../../../flows/messages/invoicePage';

/** The PDF of an invoice, in a language. */
export function invoicePdf(view: InvoicePageView, language: Language): Promise<Buffer> {
  const invoice = view.invoice;
  const text = (key: InvoicePageKey, params: Record<string, string> = {}) =>
    invoicePageMessages[language][key].replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
  const date = (at: Date) => formatParam({ date: at.toISOString() }, language).slice(0, 10);
  const money = (amount: number) => pdfSafe(formatFrancs(amount));
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: `${text('title', { number: invoice.number })}`, Author: pdfSafe(view.merchantName) },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.fontSize(18).text(pdfSafe(text('title', { number: invoice.number })));
  doc.moveDown(0.5).fontSize(11);
  doc.text(pdfSafe(text('from', { merchant: view.merchantName })));
  doc.text(pdfSafe(text('to', { customer: invoice.customer.name })));
  doc.text(pdfSafe(text('issued', { date: date(invoice.createdAt) })));
  doc.text(pdfSafe(text('due', { date: date(invoice.dueDate) })));
  doc.moveDown();

  const columns = [50, 300, 350, 450];
  const row = (cells: string[], bold = false) => {
    const y = doc.y;
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica');
    cells.forEach((cell, i) => {
      const width = i === 0 ? 240 : 90;
      doc.text(pdfSafe(cell), columns[i]!, y, { width, align: i === 0 ? 'left' : 'right' });
    });
    doc.x = 50;
    doc.moveDown(0.3);
  };
  row([text('description'), text('quantity'), text('unitPrice'), text('amount')], true);
  for (const line of invoice.lines) {
    row([line.description, String(line.quantity), money(line.unitPrice), money(line.amount)]);
  }
  doc.moveDown(0.5);
  const rate = String(Math.round(invoice.vatRate * 10_000) / 100).replace('.', language === 'fr' ? ',' : '.');
  row([text('subtotal'), '', '', money(invoice.subtotal)]);
  row([text('vat', { rate }), '', '', money(invoice.vat)]);
  row([text('total'), '', '', money(invoice.total)], true);
  row([text('paid'), '', '', money(invoice.amountPaid)]);
  row([text('amountDue'), '', '', money(invoice.amountDue)], true);
  doc
    .moveDown()
    .fontSize(9)
    .text(pdfSafe(text('vatRule')), 50);
  if (invoice.notes) {
    doc
      .moveDown()
      .fontSize(10)
      .text(pdfSafe(text('notesLabel')));
    doc.text(pdfSafe(invoice.notes));
  }
  doc.end();
  return done;
}

/** Text the built-in fonts can draw: their WinAnsi set, other characters replaced (narrow spaces by spaces). */
function pdfSafe(text: string): string {
  return text
    .replace(/[\u00a0\u202f]/g, ' ')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[^\u0020-\u007e\u00a0-\u00ff€…–—"]/g, '?');
}
