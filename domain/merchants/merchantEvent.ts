/**
 * Merchant events: what happened to a merchant's payments, refunds and invoices, as the API's `events` resource lists
 * them and webhooks deliver them. An event's id is derived from what happened (`evt_` + a hash of the merchant, the
 * type and the subject's id and state), so the same fact recorded twice (a retry, two processes) is one event: the
 * insert of its id decides.
 */
import type { InsertResult } from '../ledger/ledgerStore';

export const MERCHANT_EVENT_TYPES = [
  'payment.succeeded',
  'payment.failed',
  'payment_request.created',
  'payment_request.expired',
  'refund.pending',
  'refund.processed',
  'refund.failed',
  'payout.pending',
  'payout.paid',
  'payout.failed',
  'invoice.sent',
  'invoice.paid',
  'invoice.partially_paid',
  'invoice.overdue',
  'invoice.cancelled',
  'salary_batch.completed',
] as const;
export type MerchantEventType = (typeof MERCHANT_EVENT_TYPES)[number];

export interface MerchantEvent {
  /** `evt_` + 24 hex characters of SHA-256(merchantId, type, subject key). */
  _id: string;
  merchantId: string;
  type: MerchantEventType;
  /** The resource as the API shows it at the moment of the event (plain JSON). */
  data: Record<string, unknown>;
  createdAt: Date;
}

/** Port: where events are recorded (and from where webhooks are delivered). */
export interface MerchantEventStore {
  insertEvent(event: MerchantEvent): Promise<InsertResult>;
  getEvent(id: string): Promise<MerchantEvent | null>;
  /** Newest first, `startingAfter` an event id of the previous page. */
  list(merchantId: string, options: { limit: number; startingAfter?: string }): Promise<MerchantEvent[]>;
  /**
   * Events of every merchant created at or after `since`, oldest first (by `createdAt`, then `_id`), up to `limit`:
   * how the webhook worker finds events whose deliveries were never enqueued.
   */
  recent(since: Date, limit: number): Promise<MerchantEvent[]>;
}

/**
 * What emits events: the services of payments, refunds and invoices call `record` after the fact is decided.
 * `subjectKey` names the fact (`<request id>:paid`, `<refund id>:processed`): the same key is the same event.
 */
export interface MerchantEventRecorder {
  record(input: {
    merchantId: string;
    type: MerchantEventType;
    subjectKey: string;
    data: Record<string, unknown>;
  }): Promise<MerchantEvent>;
}
