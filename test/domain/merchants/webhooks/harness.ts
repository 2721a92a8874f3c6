/**
 * The webhooks as a process runs them, for tests: the service and a worker on MongoDB stores over a connection,
 * the real HTTP sender (loopback allowed, as in development), an in-memory event store standing in for the merchant
 * events' own, and a clock the test moves.
 */
import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import type { InsertResult } from '../../../../domain/ledger/ledgerStore';
import type { MerchantEvent, MerchantEventStore, MerchantEventType } from '../../../../domain/merchants/merchantEvent';
import { MerchantWebhooks } from '../../../../domain/merchants/webhooks/webhooks';
import { WebhookWorker, type WebhookWorkerOptions } from '../../../../domain/merchants/webhooks/webhookWorker';
import {
  ensureWebhookDeliveryIndexes,
  MongoWebhookDeliveryStore,
} from '../../../../integrations/mongo/webhookDeliveryStore';
import {
  ensureWebhookEndpointIndexes,
  MongoWebhookEndpointStore,
} from '../../../../integrations/mongo/webhookEndpointStore';
import { HttpWebhookSender } from '../../../../integrations/webhooks/httpWebhookSender';

export const T0 = new Date('2026-12-01T08:00:00.000Z');
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/** A clock the test sets. */
export class FakeClock {
  private at: number = T0.getTime();
  now = (): Date => new Date(this.at);
  set(date: Date): void {
    this.at = date.getTime();
  }
  advance(ms: number): Date {
    this.at += ms;
    return this.now();
  }
}

/** The merchant events' store, in memory (a hand-written stand-in for the real one). */
export class FakeEventStore implements MerchantEventStore {
  readonly events = new Map<string, MerchantEvent>();

  async insertEvent(event: MerchantEvent): Promise<InsertResult> {
    if (this.events.has(event._id)) return 'duplicate';
    this.events.set(event._id, structuredClone(event));
    return 'inserted';
  }

  async getEvent(id: string): Promise<MerchantEvent | null> {
    const event = this.events.get(id);
    return event ? structuredClone(event) : null;
  }

  async list(merchantId: string, options: { limit: number }): Promise<MerchantEvent[]> {
    return [...this.events.values()]
      .filter((e) => e.merchantId === merchantId)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .slice(0, options.limit);
  }

  async recent(since: Date, limit: number): Promise<MerchantEvent[]> {
    return [...this.events.values()]
      .filter((e) => e.createdAt.getTime() >= since.getTime())
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a._id < b._id ? -1 : 1))
      .slice(0, limit)
      .map((e) => structuredClone(e));
  }
}

export function aMerchantId(): string {
  return `m_${randomBytes(8).toString('hex')}`;
}

/** Records an event at the clock's time (what MerchantEvents does before its afterRecord hook). */
export async function recordEvent(
  events: FakeEventStore,
  clock: FakeClock,
  merchantId: string,
  type: MerchantEventType = 'payment.succeeded',
): Promise<MerchantEvent> {
  const event: MerchantEvent = {
    _id: `evt_${randomBytes(12).toString('hex')}`,
    merchantId,
    type,
    data: { id: `preq_${randomBytes(4).toString('hex')}`, amount: 5000, currency: 'XAF', status: 'paid' },
    createdAt: clock.now(),
  };
  await events.insertEvent(event);
  return event;
}

export interface WebhooksProcess {
  webhooks: MerchantWebhooks;
  worker: WebhookWorker;
  deliveries: MongoWebhookDeliveryStore;
  endpoints: MongoWebhookEndpointStore;
}

/** One process's webhooks on a connection. */
export async function webhooksProcess(
  connection: Connection,
  shared: { events: FakeEventStore; clock: FakeClock },
  options: { timeoutMs?: number; owner?: string; worker?: Partial<WebhookWorkerOptions> } = {},
): Promise<WebhooksProcess> {
  await ensureWebhookEndpointIndexes(connection);
  await ensureWebhookDeliveryIndexes(connection);
  const endpoints = new MongoWebhookEndpointStore(connection);
  const deliveries = new MongoWebhookDeliveryStore(connection);
  const sender = new HttpWebhookSender({
    timeoutMs: options.timeoutMs ?? 2000,
    allowHttp: true,
    allowPrivateAddresses: true,
  });
  const common = { endpoints, deliveries, events: shared.events, sender, clock: shared.clock.now };
  return {
    webhooks: new MerchantWebhooks({ ...common, urlPolicy: { allowHttp: true, allowPrivateAddresses: true } }),
    worker: new WebhookWorker({ ...common, owner: options.owner, ...options.worker }),
    deliveries,
    endpoints,
  };
}
