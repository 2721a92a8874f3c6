/**
 * The transactions' filters as the list, the CSV export and their links share them: read from the query with a
 * schema (anything unknown or malformed is refused, never half-applied), and applied to the merchant's payments in
 * code. Days are Douala days (UTC+1, no summer time), both ends included.
 */
import { z } from 'zod';
import { RAILS } from '../../../domain/ledger/accounts';
import { limitPeriods } from '../../../domain/ledger/kyc';
import type { MerchantPaymentView } from '../../../domain/merchants/merchantPaymentView';
import type { RequestStatus } from '../../../domain/paymentRequests/paymentRequestResults';

/** Every status a merchant's request can have now (`failed` is an attempt's end, not a request's: it stays open). */
export const PAYMENT_STATUSES = [
  'open',
  'paying',
  'paid',
  'declined',
  'cancelled',
  'expired',
] as const satisfies readonly RequestStatus[];

/** How a payment was paid: from the payer's wallet, or through a rail on the pay page. */
export const PAYMENT_RAILS = ['wallet', ...RAILS] as const;

/** The cash-point filter's value for payments made outside any cash point (the API, links, the chat). */
export const NO_CASH_POINT = 'none';

/** Rows on one page of the list. */
export const PAGE_SIZE = 50;

const DOUALA_OFFSET_MS = 3_600_000;

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((text) => {
    const date = new Date(`${text}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
  });

/** A blank field of a GET form means "no filter"; a repeated one is not a filter we made. */
const blankIsAbsent = (value: unknown) => (value === '' ? undefined : value);

const schema = z
  .object({
    status: z.preprocess(blankIsAbsent, z.enum(PAYMENT_STATUSES).optional()),
    rail: z.preprocess(blankIsAbsent, z.enum(PAYMENT_RAILS).optional()),
    cashPoint: z.preprocess(
      blankIsAbsent,
      z
        .string()
        .regex(/^[A-Za-z0-9_-]{1,64}$/)
        .optional(),
    ),
    from: z.preprocess(blankIsAbsent, day.optional()),
    to: z.preprocess(blankIsAbsent, day.optional()),
    q: z.preprocess(blankIsAbsent, z.string().trim().max(60).optional()),
    page: z.preprocess(blankIsAbsent, z.coerce.number().int().min(1).max(100_000).default(1)),
  })
  .refine((f) => f.from === undefined || f.to === undefined || f.from <= f.to, { path: ['to'] });

/** The filters asked for (all optional) and the page. */
export type TransactionFilters = z.infer<typeof schema>;

/** The filters of a query, or the names of the fields that are wrong. */
export function parseTransactionFilters(
  query: Record<string, unknown>,
): { ok: true; filters: TransactionFilters } | { ok: false; fields: string[] } {
  const known = Object.fromEntries(
    ['status', 'rail', 'cashPoint', 'from', 'to', 'q', 'page'].map((key) => [key, query[key]]),
  );
  const parsed = schema.safeParse(known);
  if (parsed.success) return { ok: true, filters: parsed.data };
  return { ok: false, fields: [...new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? '')))] };
}

/** The cash point a filter names: an id, null for "outside any cash point", undefined for all. */
export function cashPointOfFilter(filters: TransactionFilters): string | null | undefined {
  if (filters.cashPoint === undefined) return undefined;
  return filters.cashPoint === NO_CASH_POINT ? null : filters.cashPoint;
}

/** The Douala day of a moment, `YYYY-MM-DD`. */
export function doualaDay(at: Date): string {
  return limitPeriods(at).day;
}

/** A moment in Douala, `YYYY-MM-DD HH:MM`, as a spreadsheet sorts it. */
export function doualaMinute(at: Date): string {
  return new Date(at.getTime() + DOUALA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

function digitsOf(text: string): string {
  return text.replace(/\D/g, '');
}

/** Whether a payment matches the text searched: its order reference, its short reference or the payer's digits. */
function matchesSearch(payment: MerchantPaymentView, q: string): boolean {
  const wanted = q.toLowerCase();
  if (payment.orderReference?.toLowerCase().includes(wanted)) return true;
  // Short references are typed with or without spaces, dashes or dots (k7m-x3q-prt).
  const reference = wanted.replace(/[\s.-]/g, '').toUpperCase();
  if (reference.length > 0 && payment.shortReference.includes(reference)) return true;
  // A number as people type it (`6 77 12 34 56`, `+237…`): only digits and their separators.
  if (/^[\d\s+().-]+$/.test(q) && digitsOf(q).length >= 3) {
    const digits = digitsOf(q);
    return payment.payer.includes(digits) || (payment.paidFrom?.includes(digits) ?? false);
  }
  return false;
}

/** Whether a payment matches every filter given (the page is not a filter). */
export function matchesFilters(payment: MerchantPaymentView, filters: TransactionFilters): boolean {
  if (filters.status !== undefined && payment.status !== filters.status) return false;
  if (filters.rail !== undefined && payment.paidBy !== filters.rail) return false;
  const cashPoint = cashPointOfFilter(filters);
  if (cashPoint !== undefined && payment.cashPointId !== cashPoint) return false;
  const paymentDay = doualaDay(payment.createdAt);
  if (filters.from !== undefined && paymentDay < filters.from) return false;
  if (filters.to !== undefined && paymentDay > filters.to) return false;
  if (filters.q !== undefined && !matchesSearch(payment, filters.q)) return false;
  return true;
}

/** The filters as a query again (without the page), for links to other pages and to the export. */
export function filterQuery(filters: TransactionFilters): Record<string, string> {
  const query: Record<string, string> = {};
  for (const key of ['status', 'rail', 'cashPoint', 'from', 'to', 'q'] as const) {
    const value = filters[key];
    if (value !== undefined) query[key] = value;
  }
  return query;
}
