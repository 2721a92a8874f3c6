/**
 * A merchant's order, as `/order 42` and the API's `GET /orders/:reference` show it: every request made for its order
 * reference (an order may be asked again after a request expired), what was paid, and one history of it all. Refunds
 * join through `refundsOf` (the refunds service), so this file does not depend on them.
 */
import type { RequestStatus } from '../paymentRequests/paymentRequestResults';
import type { MerchantPaymentView } from './merchantPaymentView';
import type { MerchantRequests } from './merchantRequests';

/** A refund of one of the order's payments, as the refunds service tells it. */
export interface OrderRefund {
  /** The payment request it refunds (its full id). */
  requestId: string;
  shortReference: string;
  status: string;
  at: Date;
  amount: number;
}

/** One moment of an order's life, with the short reference of the request (or refund) it belongs to. */
export interface OrderHistoryEntry {
  status: string;
  at: Date;
  reason: string | null;
  shortReference: string;
}

/** An order as the merchant sees it. */
export interface OrderView {
  orderReference: string;
  /** Its requests, newest first. */
  payments: MerchantPaymentView[];
  /** `paid` when any request was paid; otherwise the newest request's status. */
  status: RequestStatus;
  /** The sum of the paid requests' amounts. */
  paidAmount: number;
  /** Refunds of its payments (empty without a refunds service). */
  refunds: OrderRefund[];
  /** Every request's and refund's moments, oldest first. */
  history: OrderHistoryEntry[];
}

/** What Orders needs. */
export interface OrdersOptions {
  requests: MerchantRequests;
  /** The refunds of a paid request (by its full id): the extension point of the refunds service. */
  refundsOf?: (requestId: string) => Promise<Omit<OrderRefund, 'requestId'>[]>;
}

/** Orders: a merchant's payment requests grouped by their order reference. */
export class Orders {
  private readonly requests: MerchantRequests;
  private readonly refundsOf: (requestId: string) => Promise<Omit<OrderRefund, 'requestId'>[]>;

  constructor(options: OrdersOptions) {
    this.requests = options.requests;
    this.refundsOf = options.refundsOf ?? (async () => []);
  }

  /** The order of this reference, or null when the merchant asked nothing for it. */
  async status(merchantId: string, orderReference: string): Promise<OrderView | null> {
    const payments = await this.requests.byOrder(merchantId, orderReference);
    if (payments.length === 0) return null;
    const paid = payments.filter((p) => p.status === 'paid');
    const refunds: OrderRefund[] = [];
    for (const payment of paid) {
      for (const refund of await this.refundsOf(payment.requestId))
        refunds.push({ ...refund, requestId: payment.requestId });
    }
    const history: OrderHistoryEntry[] = payments.flatMap((p) =>
      p.history.map((h) => ({ ...h, shortReference: p.shortReference })),
    );
    for (const refund of refunds) {
      history.push({
        status: `refund_${refund.status}`,
        at: refund.at,
        reason: null,
        shortReference: refund.shortReference,
      });
    }
    history.sort((a, b) => a.at.getTime() - b.at.getTime());
    return {
      orderReference: payments[0]!.orderReference ?? orderReference,
      payments,
      status: paid.length > 0 ? 'paid' : payments[0]!.status,
      paidAmount: paid.reduce((sum, p) => sum + p.amount, 0),
      refunds,
      history,
    };
  }
}
