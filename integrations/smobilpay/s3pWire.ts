/**
 * S3P v2's wire shapes, as the vendor's clients model them (the PHP client's models, a public Go client's
 * recorded answers): zod schemas for what we read, and the error codes. Amounts travel as numbers or as strings
 * ("1000.00"), and ids as numbers or strings, so both are accepted. Only fields we use are required.
 */
import { z } from 'zod';

const text = z.union([z.string(), z.number()]).transform(String);
const optionalText = z
  .union([z.string(), z.number(), z.null()])
  .optional()
  .transform((v) => (v === null || v === undefined ? null : String(v)));
const amount = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const value = Number(v);
  if (!Number.isFinite(value)) {
    ctx.addIssue({ code: 'custom', message: 'not an amount' });
    return z.NEVER;
  }
  return value;
});
const i18n = z.array(z.object({ language: z.string(), localText: z.string() })).nullish();

/** A service of `GET /service`. */
export const s3pServiceSchema = z.object({
  serviceid: text,
  merchant: z.string(),
  title: z.string().nullish(),
  type: z.string(),
  status: z.string().nullish(),
  validationMask: z.string().nullish(),
  labelServiceNumber: i18n,
  hint: i18n,
  denomination: z.number().nullish(),
});
export type S3pService = z.infer<typeof s3pServiceSchema>;

export const amountTypes = ['FIXED', 'PARTIAL', 'OVERPAY', 'CUSTOM'] as const;

/** An open bill of `GET /bill`. */
export const s3pBillSchema = z.object({
  payItemId: z.string(),
  serviceNumber: optionalText,
  serviceid: text,
  merchant: z.string(),
  amountType: z.string(),
  amountLocalCur: amount.nullish(),
  billNumber: optionalText,
  customerNumber: optionalText,
  billDueDate: optionalText,
  payItemDescr: optionalText,
  /** Not in S3P's documented Bill model: only our simulator sends it (real bills carry no name). */
  customerName: optionalText,
});
export type S3pBill = z.infer<typeof s3pBillSchema>;

/** A subscription item of `GET /subscription` (a pay-TV offer, prepaid credit). */
export const s3pSubscriptionSchema = z.object({
  payItemId: z.string(),
  serviceNumber: optionalText,
  serviceid: text,
  merchant: z.string(),
  amountType: z.string(),
  name: optionalText,
  amountLocalCur: amount.nullish(),
  customerName: optionalText,
  dueDate: optionalText,
  payItemDescr: optionalText,
});
export type S3pSubscription = z.infer<typeof s3pSubscriptionSchema>;

/** The answer to `POST /quotestd`. */
export const s3pQuoteSchema = z.object({
  quoteId: z.string(),
  expiresAt: z.string(),
  payItemId: z.string(),
  amountLocalCur: amount,
  priceLocalCur: amount,
});
export type S3pQuote = z.infer<typeof s3pQuoteSchema>;

/** Payment statuses S3P reports (collectstd and verifytx). */
export const paymentStatuses = ['SUCCESS', 'PENDING', 'INPROCESS', 'ERRORED', 'ERROREDREFUNDED', 'REVERSED'] as const;
export type S3pPaymentStatus = (typeof paymentStatuses)[number];

/** A payment as `POST /collectstd` answers it and `GET /verifytx` lists it. */
export const s3pPaymentSchema = z.object({
  ptn: optionalText,
  trid: optionalText,
  receiptNumber: optionalText,
  veriCode: optionalText,
  priceLocalCur: amount.nullish(),
  /** A digital code to show the customer (ENEO prepaid: the meter token), or null. */
  pin: optionalText,
  status: z.enum(paymentStatuses),
  payItemId: optionalText,
  errorCode: z.union([z.number(), z.string()]).nullish(),
  timestamp: optionalText,
});
export type S3pPayment = z.infer<typeof s3pPaymentSchema>;

/** S3P's error body (every non-2xx answer). */
export const s3pErrorSchema = z.object({
  respCode: z.coerce.number(),
  devMsg: z.string().nullish(),
  usrMsg: z.string().nullish(),
  link: z.string().nullish(),
});
export type S3pErrorBody = z.infer<typeof s3pErrorSchema>;

/**
 * Error codes. Documented or seen in public clients: 4009 (access token invalid, the documentation's example),
 * 40100 (unauthorized), 40602 (service unknown). The others are OURS: the vendor's full list was not available
 * to check, so the simulator answers these and the adapter maps them; replace them with the vendor's codes when
 * known (the mapping is in one place, `smobilpayAggregator.ts`).
 */
export const S3P_ERRORS = {
  ACCESS_TOKEN_INVALID: 4009,
  UNAUTHORIZED: 40100,
  SERVICE_UNKNOWN: 40602,
  // Ours from here.
  INVALID_REQUEST: 40001,
  INVALID_AMOUNT: 40002,
  AMOUNT_NOT_PRICE: 40003,
  AMOUNT_ABOVE_BILL: 40004,
  CUSTOMER_UNKNOWN: 40401,
  PAY_ITEM_UNKNOWN: 40402,
  QUOTE_UNKNOWN: 40403,
  QUOTE_EXPIRED: 40410,
  QUOTE_ALREADY_USED: 40411,
  SERVICE_NUMBER_MISMATCH: 40412,
  INTERNAL: 50000,
} as const;
