/**
 * An in-process bill aggregator for development and tests: S3P's shape, with data derived from the customer
 * number so the same number always tells the same story (the stories: simulatedCustomers.ts, shared with the
 * Smobilpay HTTP simulator). Numbers ending in 8888 stay PENDING until `settle()` or `pendingMs`.
 */
import { randomUUID } from 'node:crypto';
import type {
  AggregatorLookup,
  AggregatorPayment,
  AggregatorQuote,
  AggregatorVerification,
  BillAggregator,
  CollectRequest,
  PayItem,
} from '../../domain/billPayments/billAggregator';
import {
  isUnknownCustomer,
  scriptedOutcome,
  simulatedCustomerName,
  simulatedItems,
  simulatedReceipt,
} from './simulatedCustomers';

export interface SimulatedBillAggregatorOptions {
  /** Waits this long in every call, like a network round trip. */
  delayMs?: number;
  /** How long a quote can be collected on. */
  quoteTtlMs?: number;
  /** A PENDING payment turns SUCCESS after this long; by default it stays pending until `settle()`. */
  pendingMs?: number;
  clock?: () => Date;
}

interface Payment {
  trid: string;
  payItemId: string;
  amount: number;
  state: AggregatorPayment;
  acceptedAt: Date;
}

interface Item {
  serviceId: string;
  customerNumber: string;
  item: PayItem;
}

export class SimulatedBillAggregator implements BillAggregator {
  private readonly delayMs: number;
  private readonly quoteTtlMs: number;
  private readonly pendingMs: number | null;
  private readonly clock: () => Date;
  private readonly quotes = new Map<string, { payItemId: string; customerNumber: string; quote: AggregatorQuote }>();
  private readonly payments = new Map<string, Payment>();
  /** What was collected on each item, so a bill paid in full is no longer open. */
  private readonly paidByItem = new Map<string, number>();
  private readonly collectCalls = new Map<string, number>();

  constructor(options: SimulatedBillAggregatorOptions = {}) {
    this.delayMs = options.delayMs ?? 0;
    this.quoteTtlMs = options.quoteTtlMs ?? 5 * 60_000;
    this.pendingMs = options.pendingMs ?? null;
    this.clock = options.clock ?? (() => new Date());
  }

  async lookup(serviceId: string, lookup: 'BILLS' | 'SUBSCRIPTION', customerNumber: string): Promise<AggregatorLookup> {
    await this.delay();
    if (isUnknownCustomer(customerNumber)) return { status: 'UNKNOWN_CUSTOMER' };
    const items = this.itemsOf(serviceId, lookup, customerNumber)
      .map(({ item }) => item)
      .filter((item) => this.stillOpen(item))
      // A bill paid in part shows what is still owed on it.
      .map((item) => (item.kind === 'BILL' ? { ...item, amount: this.openAmount(item) } : item));
    return { status: 'FOUND', customerName: simulatedCustomerName(customerNumber), items };
  }

  async quote(
    payItemId: string,
    amount: number,
  ): Promise<{ ok: true; quote: AggregatorQuote } | { ok: false; reason: string }> {
    await this.delay();
    const found = this.findItem(payItemId);
    if (!found || !this.stillOpen(found.item)) return { ok: false, reason: 'UNKNOWN_PAY_ITEM' };
    const { item } = found;
    if (!Number.isSafeInteger(amount) || amount <= 0) return { ok: false, reason: 'INVALID_AMOUNT' };
    if (item.kind === 'OFFER' && amount !== item.amount) return { ok: false, reason: 'AMOUNT_NOT_PRICE' };
    if (item.kind === 'BILL' && amount > this.openAmount(item)) return { ok: false, reason: 'AMOUNT_ABOVE_BILL' };
    const quote: AggregatorQuote = {
      quoteId: randomUUID(),
      price: amount,
      expiresAt: new Date(this.clock().getTime() + this.quoteTtlMs),
    };
    this.quotes.set(quote.quoteId, { payItemId, customerNumber: found.customerNumber, quote });
    return { ok: true, quote };
  }

  async collect(request: CollectRequest): Promise<AggregatorPayment> {
    await this.delay();
    this.collectCalls.set(request.trid, (this.collectCalls.get(request.trid) ?? 0) + 1);
    const existing = this.payments.get(request.trid);
    if (existing) return this.current(existing);
    const quoted = this.quotes.get(request.quoteId);
    if (!quoted || quoted.customerNumber !== request.customerNumber) return { status: 'ERRORED', reason: 'BAD_QUOTE' };
    // Refused and not recorded: an expired quote can never be collected (the contract the service relies on).
    if (this.clock().getTime() > quoted.quote.expiresAt.getTime())
      return { status: 'ERRORED', reason: 'QUOTE_EXPIRED' };
    this.quotes.delete(request.quoteId);
    const outcome = scriptedOutcome(request.customerNumber);
    const state: AggregatorPayment =
      outcome === 'ERRORED'
        ? { status: 'ERRORED', reason: 'BILLER_REFUSED' }
        : outcome === 'PENDING'
          ? { status: 'PENDING', ptn: simulatedReceipt(request.trid, false).ptn }
          : this.success(request.trid, quoted.payItemId);
    const payment: Payment = {
      trid: request.trid,
      payItemId: quoted.payItemId,
      amount: quoted.quote.price,
      state,
      acceptedAt: this.clock(),
    };
    this.payments.set(request.trid, payment);
    if (state.status === 'SUCCESS') this.recordPaid(payment);
    return state;
  }

  async verify(trid: string): Promise<AggregatorVerification> {
    await this.delay();
    const payment = this.payments.get(trid);
    return payment ? this.current(payment) : { status: 'NOT_FOUND' };
  }

  /** Ends a PENDING payment (tests, the dev console): as the biller would, later. */
  settle(trid: string, outcome: 'SUCCESS' | 'ERRORED'): void {
    const payment = this.payments.get(trid);
    if (!payment || payment.state.status !== 'PENDING') throw new Error(`no pending payment under ${trid}`);
    payment.state =
      outcome === 'SUCCESS' ? this.success(trid, payment.payItemId) : { status: 'ERRORED', reason: 'BILLER_REFUSED' };
    if (outcome === 'SUCCESS') this.recordPaid(payment);
  }

  /** How many collects arrived under a trid (tests: one payment, one collect). */
  collectsFor(trid: string): number {
    return this.collectCalls.get(trid) ?? 0;
  }

  /** The payment under a trid as the aggregator holds it, or null. */
  paymentFor(trid: string): AggregatorPayment | null {
    const payment = this.payments.get(trid);
    return payment ? this.current(payment) : null;
  }

  private current(payment: Payment): AggregatorPayment {
    if (
      payment.state.status === 'PENDING' &&
      this.pendingMs !== null &&
      this.clock().getTime() - payment.acceptedAt.getTime() >= this.pendingMs
    ) {
      this.settle(payment.trid, 'SUCCESS');
    }
    return payment.state;
  }

  private success(trid: string, payItemId: string): AggregatorPayment {
    const prepaid = this.findItem(payItemId)?.item.kind === 'PREPAID';
    return { status: 'SUCCESS', ...simulatedReceipt(trid, prepaid) };
  }

  private recordPaid(payment: Payment): void {
    this.paidByItem.set(payment.payItemId, (this.paidByItem.get(payment.payItemId) ?? 0) + payment.amount);
  }

  private openAmount(item: PayItem): number {
    return (item.amount ?? 0) - (this.paidByItem.get(item.payItemId) ?? 0);
  }

  private stillOpen(item: PayItem): boolean {
    return item.kind !== 'BILL' || this.openAmount(item) > 0;
  }

  /** Every item a customer number ever had, bills at their full amounts. */
  private itemsOf(serviceId: string, lookup: 'BILLS' | 'SUBSCRIPTION', customerNumber: string): Item[] {
    return simulatedItems(serviceId, lookup, customerNumber, this.clock()).map(({ suffix, ...item }) => ({
      serviceId,
      customerNumber,
      item: { payItemId: `sim:${serviceId}:${customerNumber}:${suffix}`, ...item },
    }));
  }

  private findItem(payItemId: string): Item | null {
    const [prefix, serviceId, customerNumber] = payItemId.split(':');
    if (prefix !== 'sim' || !serviceId || !customerNumber) return null;
    for (const lookup of ['BILLS', 'SUBSCRIPTION'] as const) {
      const found = this.itemsOf(serviceId, lookup, customerNumber).find((i) => i.item.payItemId === payItemId);
      if (found) return found;
    }
    return null;
  }

  private async delay(): Promise<void> {
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
  }
}
