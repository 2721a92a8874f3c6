/**
 * The transactions as a CSV file a spreadsheet opens as it is: a BOM so Excel reads the accents as UTF-8, a header
 * row with stable names (scripts read them), dates both in ISO (UTC) and in Douala time, amounts as integer francs.
 * A cell a spreadsheet would take for a formula (one beginning with = + - @, a tab or a carriage return: an order
 * reference or a description the payer's side may have chosen) is given a leading apostrophe, so it stays text.
 */
import { stringify } from 'csv-stringify/sync';
import type { MerchantPaymentView } from '../../../domain/merchants/merchantPaymentView';
import { doualaDay, doualaMinute } from './transactionFilters';

const COLUMNS = [
  'created_at',
  'created_douala',
  'day_douala',
  'id',
  'request_id',
  'short_reference',
  'order_reference',
  'description',
  'payer',
  'amount',
  'currency',
  'status',
  'paid_by',
  'paid_from',
  'paid_at',
  'paid_douala',
  'cash_point_id',
  'cash_point',
  'cashier',
] as const;

type Column = (typeof COLUMNS)[number];

const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell made safe from being run as a formula. */
export function neutralised(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function rowOf(
  payment: MerchantPaymentView,
  cashPointNames: ReadonlyMap<string, string>,
): Record<Column, string | number> {
  const text = (value: string | null) => (value === null ? '' : neutralised(value));
  return {
    created_at: payment.createdAt.toISOString(),
    created_douala: doualaMinute(payment.createdAt),
    day_douala: doualaDay(payment.createdAt),
    id: text(payment.id),
    request_id: text(payment.requestId),
    short_reference: text(payment.shortReference),
    order_reference: text(payment.orderReference),
    description: text(payment.reason),
    payer: text(payment.payer),
    amount: payment.amount,
    currency: payment.currency,
    status: payment.status,
    paid_by: payment.paidBy ?? '',
    paid_from: text(payment.paidFrom),
    paid_at: payment.paidAt ? payment.paidAt.toISOString() : '',
    paid_douala: payment.paidAt ? doualaMinute(payment.paidAt) : '',
    cash_point_id: text(payment.cashPointId),
    cash_point: text(payment.cashPointId === null ? null : (cashPointNames.get(payment.cashPointId) ?? '')),
    cashier: text(payment.cashier),
  };
}

/** The file's text: BOM, header, one line per payment, in the order given. */
export function transactionsCsv(
  payments: readonly MerchantPaymentView[],
  cashPointNames: ReadonlyMap<string, string>,
): string {
  return stringify(
    payments.map((p) => rowOf(p, cashPointNames)),
    { header: true, columns: [...COLUMNS], bom: true, record_delimiter: 'windows' },
  );
}

/** The file's name: the merchant and the Douala day it was made, in characters every system keeps. */
export function transactionsCsvName(merchantId: string, now: Date): string {
  return `transactions-${merchantId.replace(/[^A-Za-z0-9_-]/g, '')}-${doualaDay(now)}.csv`;
}
