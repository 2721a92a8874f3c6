/** Payment links and invoices as the API takes and answers them: snake_case keys, ISO dates, whole francs. */
import { z } from 'zod';
import { MAX_AMOUNT } from '../../../../domain/money';
import { INVOICE_STATUSES } from '../../../../domain/merchants/invoices/invoiceView';
import { MAX_REASON_LENGTH } from '../../../../domain/paymentRequests/paymentRequests';
import { amount, currency, timestamp } from './common';

/** An order reference as merchant requests keep it (`A-17`, `INV/2026/042`, `#42`). */
const orderReference = z
  .string()
  .regex(/^[A-Za-z0-9 _\-./#]{1,40}$/)
  .meta({ description: 'Up to 40 letters, digits, spaces and `_-./#`.' });

/** What makes a payment link. */
export const createPaymentLinkBody = z
  .strictObject({
    amount: amount.nullable().optional().meta({ description: 'Whole francs; null or absent: the payer chooses.' }),
    min_amount: amount.optional().meta({ description: 'When the payer chooses: the least they may pay.' }),
    max_amount: amount.optional().meta({ description: 'When the payer chooses: the most they may pay.' }),
    currency,
    description: z.string().min(1).max(MAX_REASON_LENGTH).meta({ description: 'What is paid for, shown to payers.' }),
    reusable: z.boolean().default(true).meta({ description: 'Paid by several payers (default); false: paid once.' }),
    max_payments: z.number().int().min(1).max(10_000).optional().meta({ description: 'How often it may be paid.' }),
    expires_at: timestamp.optional(),
    order_reference: orderReference.optional(),
  })
  .meta({ id: 'CreatePaymentLink' });

/** A payment link as the API answers it. */
export const paymentLinkResource = z
  .object({
    object: z.literal('payment_link'),
    id: z.string(),
    code: z.string().meta({ description: 'The public code, the end of the link.' }),
    url: z.string().meta({ description: 'The page payers open: `<host>/l/<code>`.' }),
    qr_png_url: z.string(),
    qr_svg_url: z.string(),
    status: z.enum(['active', 'expired', 'deactivated', 'full']),
    reusable: z.boolean(),
    amount: amount.nullable(),
    min_amount: amount.nullable(),
    max_amount: amount.nullable(),
    currency,
    description: z.string(),
    max_payments: z.number().int().nullable(),
    payments_count: z.number().int().meta({ description: 'How many payments made from it are paid.' }),
    expires_at: timestamp.nullable(),
    order_reference: z.string().nullable(),
    created_at: timestamp,
    deactivated_at: timestamp.nullable(),
  })
  .meta({ id: 'PaymentLink' });

/** An invoice's due date: its day in Douala; it is overdue once that day is over. */
export const dueDate = z.iso.date().meta({ description: 'YYYY-MM-DD: overdue once this day ends (Douala time).' });

/** What makes an invoice (a numbered draft). */
export const createInvoiceBody = z
  .strictObject({
    customer: z.strictObject({
      name: z.string().min(1).max(200),
      phone: z
        .string()
        .min(1)
        .max(40)
        .optional()
        .meta({ description: 'A Cameroonian mobile number: where the invoice is sent.' }),
    }),
    items: z
      .array(
        z.strictObject({
          description: z.string().min(1).max(200),
          quantity: z.number().int().min(1).max(1_000_000),
          unit_price: z.number().int().min(0).max(MAX_AMOUNT).meta({ description: 'Whole francs, before VAT.' }),
        }),
      )
      .min(1)
      .max(100),
    vat_rate: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .meta({ description: 'A fraction with at most four decimals: 0.1925 (the default) is 19.25 %; 0 for none.' }),
    due_date: dueDate,
    notes: z.string().max(1000).optional(),
    currency,
  })
  .meta({ id: 'CreateInvoice' });

/** How an invoice is sent to its customer. */
export const sendInvoiceBody = z
  .strictObject({
    channel: z
      .enum(['chat', 'sms'])
      .meta({ description: 'chat: where the customer last wrote to us (SMS when never); sms: by SMS.' }),
  })
  .meta({ id: 'SendInvoice' });

/** An invoice as the API answers it, its status and amounts as of now. */
export const invoiceResource = z
  .object({
    object: z.literal('invoice'),
    id: z.string(),
    number: z.string().meta({ description: '`F-<year>-<seq>`, consecutive per merchant and year.' }),
    status: z.enum(INVOICE_STATUSES),
    customer: z.object({ name: z.string(), phone: z.string().nullable() }),
    items: z.array(
      z.object({
        description: z.string(),
        quantity: z.number().int(),
        unit_price: z.number().int(),
        amount: z.number().int(),
      }),
    ),
    vat_rate: z.number(),
    subtotal: z.number().int(),
    vat: z.number().int().meta({ description: 'The subtotal times the rate, rounded half up to the franc.' }),
    total: z.number().int(),
    amount_paid: z.number().int(),
    amount_due: z.number().int(),
    currency,
    due_date: dueDate,
    notes: z.string(),
    url: z.string().nullable().meta({ description: 'Its page (`<host>/i/<token>`) once sent; null while a draft.' }),
    pdf_url: z.string().nullable(),
    created_at: timestamp,
    sent_at: timestamp.nullable(),
    cancelled_at: timestamp.nullable(),
  })
  .meta({ id: 'Invoice' });
