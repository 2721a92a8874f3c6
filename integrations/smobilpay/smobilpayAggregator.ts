/**
 * The bill aggregator port (domain/billPayments/billAggregator.ts) on Smobilpay S3P v2. Faults (timeouts, the
 * network, 5xx, S3P refusing our credentials) are thrown; business outcomes (unknown customer, a refused quote,
 * a failed payment) are values.
 *
 * Statuses, and why:
 * - SUCCESS → SUCCESS, with the meter token from `pin` (ENEO prepaid; separators removed).
 * - PENDING and INPROCESS → PENDING: the biller has not answered yet.
 * - ERRORED → ERRORED: nothing was collected.
 * - ERROREDREFUNDED → ERRORED: it failed after S3P had taken the money from our account, and S3P gave it back,
 *   so in the end nothing was paid and the payer's hold must be released.
 * - REVERSED → ERRORED: the biller's payment was undone and the money returned to our account, so the payer must
 *   get it back too. Caution: if a SUCCESS was already recorded for that payment, the domain does not look again;
 *   a reversal after success needs a refund the domain does not have yet (reported, not handled here).
 * - anything else is thrown: we do not guess at money.
 *
 * A trid used twice: the vendor's documentation says S3P does NOT check that a trid is unique. Our saga collects
 * once per trid (its decision is insert-once) and never retries a collect, and a collect re-sent on the same
 * quote is refused by S3P (a quote is used once). So when a collect is refused, we ask `/verifytx?trid=` before
 * answering ERRORED: if a payment exists under the trid, its status is the answer, never a false failure.
 */
import type {
  AggregatorLookup,
  AggregatorPayment,
  AggregatorQuote,
  AggregatorVerification,
  BillAggregator,
  CollectRequest,
  PayItem,
} from '../../domain/billPayments/billAggregator';
import { SmobilpayApiError, type SmobilpayClient } from './client';
import { S3P_ERRORS, type S3pBill, type S3pPayment, type S3pService, type S3pSubscription } from './s3pWire';

export interface SmobilpayAggregatorOptions {
  client: SmobilpayClient;
  /** Sent as `customerEmailaddress` (S3P's models list it for regulatory compliance); omitted when empty. */
  customerEmail?: string;
  /** How long the service list (serviceid → merchant) is kept before it is fetched again. */
  serviceCacheMs?: number;
  clock?: () => Date;
}

/** Codes that mean "this customer number is not known for this service" on a lookup. */
const UNKNOWN_CUSTOMER_CODES: ReadonlySet<number> = new Set([S3P_ERRORS.CUSTOMER_UNKNOWN]);

/** Why a quote was refused, by code; other refusals keep their code in the reason. */
const QUOTE_REFUSALS: ReadonlyMap<number, string> = new Map([
  [S3P_ERRORS.PAY_ITEM_UNKNOWN, 'UNKNOWN_PAY_ITEM'],
  [S3P_ERRORS.INVALID_AMOUNT, 'INVALID_AMOUNT'],
  [S3P_ERRORS.AMOUNT_NOT_PRICE, 'AMOUNT_NOT_PRICE'],
  [S3P_ERRORS.AMOUNT_ABOVE_BILL, 'AMOUNT_ABOVE_BILL'],
]);

/** Why a collect was refused, by code. */
const COLLECT_REFUSALS: ReadonlyMap<number, string> = new Map([
  [S3P_ERRORS.QUOTE_EXPIRED, 'QUOTE_EXPIRED'],
  [S3P_ERRORS.QUOTE_UNKNOWN, 'BAD_QUOTE'],
  [S3P_ERRORS.QUOTE_ALREADY_USED, 'BAD_QUOTE'],
  [S3P_ERRORS.SERVICE_NUMBER_MISMATCH, 'BAD_QUOTE'],
]);

/** Refusals that say our credentials or setup are wrong: faults, never a customer's business outcome. */
const SETUP_CODES: ReadonlySet<number> = new Set([
  S3P_ERRORS.ACCESS_TOKEN_INVALID,
  S3P_ERRORS.UNAUTHORIZED,
  S3P_ERRORS.SERVICE_UNKNOWN,
]);

export class SmobilpayAggregator implements BillAggregator {
  private readonly client: SmobilpayClient;
  private readonly customerEmail: string | undefined;
  private readonly serviceCacheMs: number;
  private readonly clock: () => Date;
  private services: { at: number; byId: Map<string, S3pService> } | null = null;

  constructor(options: SmobilpayAggregatorOptions) {
    this.client = options.client;
    this.customerEmail = options.customerEmail || undefined;
    this.serviceCacheMs = options.serviceCacheMs ?? 60 * 60_000;
    this.clock = options.clock ?? (() => new Date());
  }

  /** The services our account may use (cached): what the biller list is built from. */
  async serviceList(): Promise<S3pService[]> {
    return [...(await this.serviceMap()).values()];
  }

  private async serviceMap(refresh = false): Promise<Map<string, S3pService>> {
    const now = this.clock().getTime();
    if (refresh || !this.services || now - this.services.at >= this.serviceCacheMs) {
      const list = await this.client.services();
      this.services = { at: now, byId: new Map(list.map((s) => [s.serviceid, s])) };
    }
    return this.services.byId;
  }

  async lookup(serviceId: string, lookup: 'BILLS' | 'SUBSCRIPTION', customerNumber: string): Promise<AggregatorLookup> {
    const merchant = await this.merchantOf(serviceId);
    try {
      if (lookup === 'BILLS') {
        const bills = await this.client.bills(merchant, serviceId, customerNumber);
        return { status: 'FOUND', customerName: firstName(bills), items: bills.map(billItem) };
      }
      const items = await this.client.subscriptions(merchant, serviceId, customerNumber);
      return { status: 'FOUND', customerName: firstName(items), items: items.map(subscriptionItem) };
    } catch (error) {
      if (refusedWith(error, UNKNOWN_CUSTOMER_CODES)) return { status: 'UNKNOWN_CUSTOMER' };
      throw error;
    }
  }

  async quote(
    payItemId: string,
    amount: number,
  ): Promise<{ ok: true; quote: AggregatorQuote } | { ok: false; reason: string }> {
    try {
      const quote = await this.client.quote(payItemId, amount);
      const expiresAt = new Date(quote.expiresAt);
      if (Number.isNaN(expiresAt.getTime())) throw new Error(`quote ${quote.quoteId}: expiresAt is not a date`);
      return { ok: true, quote: { quoteId: quote.quoteId, price: francs(quote.priceLocalCur), expiresAt } };
    } catch (error) {
      if (!isBusinessRefusal(error)) throw error;
      return { ok: false, reason: QUOTE_REFUSALS.get(error.respCode) ?? `REFUSED_${error.respCode}` };
    }
  }

  async collect(request: CollectRequest): Promise<AggregatorPayment> {
    try {
      const payment = await this.client.collect({
        quoteId: request.quoteId,
        customerPhonenumber: `237${request.payerPhone}`,
        customerEmailaddress: this.customerEmail,
        serviceNumber: request.customerNumber,
        trid: request.trid,
      });
      return asPayment(payment);
    } catch (error) {
      if (!isBusinessRefusal(error)) throw error;
      // Refused: but a payment may exist under this trid already (a collect sent again). Its status wins.
      const existing = await this.verify(request.trid);
      if (existing.status !== 'NOT_FOUND') return existing;
      return { status: 'ERRORED', reason: COLLECT_REFUSALS.get(error.respCode) ?? `REFUSED_${error.respCode}` };
    }
  }

  async verify(trid: string): Promise<AggregatorVerification> {
    const payments = await this.client.verify({ trid });
    // S3P does not keep trids unique: if several payments share one, a success or a pending one decides.
    const chosen =
      payments.find((p) => p.status === 'SUCCESS') ??
      payments.find((p) => p.status === 'PENDING' || p.status === 'INPROCESS') ??
      payments[0];
    return chosen ? asPayment(chosen) : { status: 'NOT_FOUND' };
  }

  private async merchantOf(serviceId: string): Promise<string> {
    // A service added since the list was read: read it again once before giving up.
    const service = (await this.serviceMap()).get(serviceId) ?? (await this.serviceMap(true)).get(serviceId);
    if (!service) throw new Error(`smobilpay: service ${serviceId} is not offered to our account`);
    return service.merchant;
  }
}

function isBusinessRefusal(error: unknown): error is SmobilpayApiError {
  return error instanceof SmobilpayApiError && !SETUP_CODES.has(error.respCode);
}

function refusedWith(error: unknown, codes: ReadonlySet<number>): boolean {
  return error instanceof SmobilpayApiError && codes.has(error.respCode);
}

/** Integer francs: XAF has no minor unit, S3P writes "1000.00". */
function francs(value: number): number {
  if (!Number.isSafeInteger(value)) throw new Error(`smobilpay: ${value} is not a whole number of francs`);
  return value;
}

function firstName(items: readonly (S3pBill | S3pSubscription)[]): string | null {
  return items.find((i) => i.customerName)?.customerName ?? null;
}

function billItem(bill: S3pBill): PayItem {
  return {
    payItemId: bill.payItemId,
    kind: 'BILL',
    amount: bill.amountLocalCur === null || bill.amountLocalCur === undefined ? null : francs(bill.amountLocalCur),
    billNumber: bill.billNumber,
    label: null,
    dueDate: bill.billDueDate ? bill.billDueDate.slice(0, 10) : null,
  };
}

/** A CUSTOM item is credit of any amount (prepaid); any other is an offer at its price. */
function subscriptionItem(item: S3pSubscription): PayItem {
  const custom = item.amountType === 'CUSTOM';
  return {
    payItemId: item.payItemId,
    kind: custom ? 'PREPAID' : 'OFFER',
    amount:
      custom || item.amountLocalCur === null || item.amountLocalCur === undefined ? null : francs(item.amountLocalCur),
    billNumber: null,
    label: custom ? null : item.name,
    dueDate: item.dueDate ? item.dueDate.slice(0, 10) : null,
  };
}

function asPayment(payment: S3pPayment): AggregatorPayment {
  switch (payment.status) {
    case 'SUCCESS':
      if (!payment.ptn) throw new Error('smobilpay: a successful payment without its ptn');
      return {
        status: 'SUCCESS',
        ptn: payment.ptn,
        receiptNumber: payment.receiptNumber ?? payment.ptn,
        token: payment.pin ? payment.pin.replace(/\D/g, '') || payment.pin : null,
      };
    case 'PENDING':
    case 'INPROCESS':
      return { status: 'PENDING', ptn: payment.ptn };
    case 'ERRORED':
    case 'ERROREDREFUNDED':
    case 'REVERSED':
      return {
        status: 'ERRORED',
        reason: payment.errorCode ? `${payment.status}_${payment.errorCode}` : payment.status,
      };
  }
}
