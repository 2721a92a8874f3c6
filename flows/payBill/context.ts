/**
 * What the pay-a-bill conversation keeps between turns, and the services' shapes it speaks. Billers, bills and
 * offers are plain JSON (the mask is a regex source, dates are ISO strings), so they travel in the saved
 * snapshot as they are.
 */
import type { BillPayments } from '../../domain/billPayments/billPayments';
import type { Biller } from '../../domain/billers';
import type { PayItem } from '../../domain/billPayments/billAggregator';
import type { FlowInput } from '../conversation';

/** What BillPayments.lookup takes and answers. */
export interface LookupBillInput {
  billerId: string;
  customerNumber: string;
}
export type LookupBillResult = Awaited<ReturnType<BillPayments['lookup']>>;
/** What BillPayments.quote takes and answers. */
export interface QuoteBillInput {
  billerId: string;
  item: PayItem;
  amount: number;
}
export type QuoteBillResult = ReturnType<BillPayments['quote']>;
/** What BillPayments.pay takes and answers. */
export type PayBillInput = Parameters<BillPayments['pay']>[0];
export type PayBillResult = Awaited<ReturnType<BillPayments['pay']>>;

export interface PayBillContext {
  input: FlowInput;
  /** The billers on offer, in menu order (BillPayments.list). */
  billers: Biller[];
  biller: Biller | null;
  /** As the service normalized it (separators removed). */
  customerNumber: string;
  customerName: string | null;
  /** What the lookup found to pay: bills, offers or prepaid credit. */
  items: PayItem[];
  item: PayItem | null;
  amount: number;
  fee: number;
  total: number;
  /** The idempotency key of this payment, made at confirmation. */
  payId: string;
}
