/**
 * Port to the bill aggregator (shaped like Smobilpay S3P v2's API): look up what a customer number owes,
 * quote and collect a payment under our transfer id (`trid`), and verify a payment by that id. A real adapter
 * and the simulator (`integrations/bills/`) implement it; the payment service never knows which.
 */

/** Something that can be paid for a customer number: an open bill, a subscription offer, or prepaid credit. */
export interface PayItem {
  /** The aggregator's id of the item, quoted and paid by (S3P `payItemId`). */
  payItemId: string;
  kind: 'BILL' | 'OFFER' | 'PREPAID';
  /** The bill's amount or the offer's price in francs; null when the payer chooses it (prepaid credit). */
  amount: number | null;
  /** The number printed on the bill, when it is a bill. */
  billNumber: string | null;
  /** The offer's name as the aggregator gives it ("Evasion"), when it is an offer. */
  label: string | null;
  /** ISO date the bill is due, when known. Strings, so an item travels in a conversation snapshot as is. */
  dueDate: string | null;
}

/** What the aggregator knows about a customer number. */
export type AggregatorLookup =
  { status: 'FOUND'; customerName: string | null; items: PayItem[] } | { status: 'UNKNOWN_CUSTOMER' };

/** A price the aggregator holds for a while; collecting needs it. */
export interface AggregatorQuote {
  quoteId: string;
  /** What the payment costs at the aggregator, in francs: must equal the amount asked. */
  price: number;
  /** After this the aggregator refuses to collect on the quote. */
  expiresAt: Date;
}

/** A payment as the aggregator tells it. ERRORED is final: nothing was or will be collected under that trid. */
export type AggregatorPayment =
  | { status: 'SUCCESS'; ptn: string; receiptNumber: string; token: string | null }
  | { status: 'PENDING'; ptn: string | null }
  | { status: 'ERRORED'; reason: string };

/** What verify says, NOT_FOUND when the aggregator never accepted a collect under that trid. */
export type AggregatorVerification = AggregatorPayment | { status: 'NOT_FOUND' };

export interface CollectRequest {
  quoteId: string;
  /** The payer's number (S3P `customerPhonenumber`), nine national digits. */
  payerPhone: string;
  /** The customer number at the biller (S3P `serviceNumber`). */
  customerNumber: string;
  /** Our ledger transfer id: how we find the payment again (S3P `trid`). */
  trid: string;
}

/**
 * The aggregator. Faults (network, 5xx) are thrown; business outcomes are values.
 * Contract the payment service relies on: a collect on an expired quote is refused and never accepted later;
 * a collect under a trid already used never pays twice (it answers that payment's status).
 */
export interface BillAggregator {
  /** Open bills (`GET /bill`) or subscription items (`GET /subscription`) of a customer of a service. */
  lookup(serviceId: string, lookup: 'BILLS' | 'SUBSCRIPTION', customerNumber: string): Promise<AggregatorLookup>;
  /** Prices a payment of `amount` on an item (`POST /quotestd`); a refusal says why. */
  quote(
    payItemId: string,
    amount: number,
  ): Promise<{ ok: true; quote: AggregatorQuote } | { ok: false; reason: string }>;
  /** Pays on a quote (`POST /collectstd`) under our trid. */
  collect(request: CollectRequest): Promise<AggregatorPayment>;
  /** The payment made under our trid (`GET /verifytx?trid=`). */
  verify(trid: string): Promise<AggregatorVerification>;
}
