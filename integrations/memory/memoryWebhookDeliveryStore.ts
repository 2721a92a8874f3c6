/** Webhook deliveries and attempts in memory: the twin of the MongoDB store. */
import type { InsertResult } from '../../domain/ledger/ledgerStore';
import type { DeliveryState, WebhookAttempt, WebhookDelivery } from '../../domain/merchants/webhooks/deliveries';
import type { AttemptResult, DeliveryPage, WebhookDeliveryStore } from '../../domain/merchants/webhooks/deliveryStore';
import { roundTrip, Table } from './table';

/** Newest event first, then the greater event id: the order of the merchant's event list. */
function newestEventFirst(a: WebhookDelivery, b: WebhookDelivery): number {
  const byTime = b.eventCreatedAt.getTime() - a.eventCreatedAt.getTime();
  if (byTime !== 0) return byTime;
  return a.eventId < b.eventId ? 1 : a.eventId > b.eventId ? -1 : 0;
}

export class MemoryWebhookDeliveryStore implements WebhookDeliveryStore {
  private readonly deliveries = new Table<WebhookDelivery>();
  private readonly attempts = new Table<WebhookAttempt>();

  async insertDelivery(delivery: WebhookDelivery): Promise<InsertResult> {
    await roundTrip();
    return this.deliveries.insert(delivery);
  }

  async getDelivery(id: string): Promise<WebhookDelivery | null> {
    await roundTrip();
    return this.deliveries.get(id);
  }

  async existing(ids: readonly string[]): Promise<Set<string>> {
    await roundTrip();
    return new Set(ids.filter((id) => this.deliveries.has(id)));
  }

  async due(now: Date, limit: number): Promise<WebhookDelivery[]> {
    await roundTrip();
    return this.deliveries
      .find((d) => d.state === 'pending' && d.nextAttemptAt !== null && d.nextAttemptAt.getTime() <= now.getTime())
      .sort((a, b) => (a.nextAttemptAt?.getTime() ?? 0) - (b.nextAttemptAt?.getTime() ?? 0))
      .slice(0, limit);
  }

  async byEvent(merchantId: string, eventId: string): Promise<WebhookDelivery[]> {
    await roundTrip();
    return this.deliveries.find((d) => d.merchantId === merchantId && d.eventId === eventId);
  }

  async byState(merchantId: string, state: DeliveryState, limit: number): Promise<WebhookDelivery[]> {
    await roundTrip();
    return this.deliveries
      .find((d) => d.merchantId === merchantId && d.state === state)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .slice(0, limit);
  }

  async deliveriesOf(merchantId: string, endpointId: string, page: DeliveryPage): Promise<WebhookDelivery[]> {
    await roundTrip();
    const mine = this.deliveries
      .find((d) => d.merchantId === merchantId && d.endpointId === endpointId)
      .sort(newestEventFirst);
    if (page.before === undefined) return mine.slice(0, page.limit);
    const before = mine.find((d) => d._id === page.before);
    if (!before) return [];
    return mine.filter((d) => newestEventFirst(before, d) < 0).slice(0, page.limit);
  }

  async insertAttempt(attempt: WebhookAttempt): Promise<InsertResult> {
    await roundTrip();
    return this.attempts.insert(attempt);
  }

  async getAttempt(id: string): Promise<WebhookAttempt | null> {
    await roundTrip();
    return this.attempts.get(id);
  }

  async attemptsOf(deliveryId: string): Promise<WebhookAttempt[]> {
    await roundTrip();
    return this.attempts.find((a) => a.deliveryId === deliveryId).sort((a, b) => a.n - b.n);
  }

  async finishAttempt(id: string, result: AttemptResult): Promise<void> {
    await roundTrip();
    const attempt = this.attempts.get(id);
    if (!attempt || attempt.finishedAt !== null) return;
    this.attempts.put({
      ...attempt,
      finishedAt: result.at,
      delivered: result.delivered,
      statusCode: result.statusCode,
      durationMs: result.durationMs,
      error: result.error,
      responseSnippet: result.responseSnippet,
    });
  }

  async markDelivered(id: string, attempt: number, result: AttemptResult): Promise<void> {
    await roundTrip();
    const delivery = this.deliveries.get(id);
    if (!delivery) return;
    this.deliveries.put({
      ...delivery,
      state: 'delivered',
      attempts: Math.max(delivery.attempts, attempt),
      nextAttemptAt: null,
      lastAttemptAt: result.at,
      lastStatus: result.statusCode,
      lastError: null,
      deliveredAt: delivery.deliveredAt ?? result.at,
    });
  }

  async markFailed(id: string, attempt: number, result: AttemptResult, nextAttemptAt: Date | null): Promise<void> {
    await roundTrip();
    const delivery = this.deliveries.get(id);
    if (!delivery || delivery.state === 'delivered' || delivery.attempts >= attempt) return;
    this.deliveries.put({
      ...delivery,
      state: nextAttemptAt === null ? 'failed' : 'pending',
      attempts: attempt,
      nextAttemptAt,
      lastAttemptAt: result.at,
      lastStatus: result.statusCode,
      lastError: result.error,
    });
  }
}
