/**
 * Port: where deliveries and their attempts are kept. Inserts decide (a delivery per event and endpoint, an attempt
 * per number); the updates only write the delivery's cached state, which a stale value cannot make wrong for long.
 */
import type { InsertResult } from '../../ledger/ledgerStore';
import type { DeliveryState, WebhookAttempt, WebhookDelivery } from './deliveries';

/** What an attempt ended with. */
export interface AttemptResult {
  at: Date;
  delivered: boolean;
  statusCode: number | null;
  durationMs: number | null;
  error: string | null;
  responseSnippet: string | null;
}

/** A page of an endpoint's deliveries. */
export interface DeliveryPage {
  limit: number;
  before?: string;
}

export interface WebhookDeliveryStore {
  /** `duplicate` when the event already has its delivery to this endpoint. */
  insertDelivery(delivery: WebhookDelivery): Promise<InsertResult>;
  getDelivery(id: string): Promise<WebhookDelivery | null>;
  /** Which of these delivery ids exist (the sweep's check before inserting). */
  existing(ids: readonly string[]): Promise<Set<string>>;
  /** Pending deliveries due at `now`, earliest first. */
  due(now: Date, limit: number): Promise<WebhookDelivery[]>;
  /** The deliveries of one event of a merchant. */
  byEvent(merchantId: string, eventId: string): Promise<WebhookDelivery[]>;
  /** A merchant's deliveries in one state, the most recently created first (the log of failed ones). */
  byState(merchantId: string, state: DeliveryState, limit: number): Promise<WebhookDelivery[]>;
  /**
   * A merchant's deliveries to one endpoint, newest event first (by the event's time, then its id: the order of the
   * merchant's event list). `before`: the id of a delivery already shown, to read the ones older than it; a delivery
   * that is not this merchant's to this endpoint gives none.
   */
  deliveriesOf(merchantId: string, endpointId: string, page: DeliveryPage): Promise<WebhookDelivery[]>;

  /** Claims attempt `attempt.n`: `duplicate` when someone else has. */
  insertAttempt(attempt: WebhookAttempt): Promise<InsertResult>;
  getAttempt(id: string): Promise<WebhookAttempt | null>;
  /** The attempts of a delivery, first to last. */
  attemptsOf(deliveryId: string): Promise<WebhookAttempt[]>;
  /** Writes an attempt's outcome, once: an attempt already finished keeps its first outcome. */
  finishAttempt(id: string, result: AttemptResult): Promise<void>;

  /** Caches a success: the delivery is `delivered` whatever else happened (the merchant did acknowledge it). */
  markDelivered(id: string, attempt: number, result: AttemptResult): Promise<void>;
  /**
   * Caches a failed (or abandoned) attempt `attempt`: `pending` until `nextAttemptAt`, or `failed` when null. Only
   * over an older attempt count and never over `delivered`, so a late writer does not move the cache backwards.
   */
  markFailed(id: string, attempt: number, result: AttemptResult, nextAttemptAt: Date | null): Promise<void>;
}
