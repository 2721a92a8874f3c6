/**
 * Webhook deliveries (`webhook_deliveries`) and their attempts (`webhook_attempts`) on MongoDB / FerretDB. A
 * delivery and each attempt are decided by the insert of their `_id`; the updates write the delivery's cached state
 * (guarded so a late writer does not move it backwards; on FerretDB a guard is not atomic, and the worst a lost race
 * leaves is a stale cache, which the next claim corrects) and an attempt's outcome.
 */
import type { Connection, mongo } from 'mongoose';
import type { InsertResult } from '../../domain/ledger/ledgerStore';
import type { DeliveryState, WebhookAttempt, WebhookDelivery } from '../../domain/merchants/webhooks/deliveries';
import type { AttemptResult, DeliveryPage, WebhookDeliveryStore } from '../../domain/merchants/webhooks/deliveryStore';
import { isDuplicateKeyError } from './insertBatcher';

const DELIVERIES = 'webhook_deliveries';
const ATTEMPTS = 'webhook_attempts';

/** Creates the indexes the worker's and the log's reads use: run before serving traffic. */
export async function ensureWebhookDeliveryIndexes(connection: Connection): Promise<void> {
  await connection.collection(DELIVERIES).createIndex({ state: 1, nextAttemptAt: 1 });
  await connection.collection(DELIVERIES).createIndex({ merchantId: 1, eventId: 1 });
  await connection.collection(DELIVERIES).createIndex({ merchantId: 1, state: 1, createdAt: -1 });
  await connection
    .collection(DELIVERIES)
    .createIndex({ merchantId: 1, endpointId: 1, eventCreatedAt: -1, eventId: -1 });
  await connection.collection(ATTEMPTS).createIndex({ deliveryId: 1, n: 1 });
}

async function insertOnce<T extends { _id: string }>(collection: mongo.Collection<T>, doc: T): Promise<InsertResult> {
  try {
    await collection.insertOne(doc as mongo.OptionalUnlessRequiredId<T>);
    return 'inserted';
  } catch (error) {
    if (isDuplicateKeyError(error)) return 'duplicate';
    throw error;
  }
}

function asDelivery(doc: WebhookDelivery): WebhookDelivery {
  return {
    _id: doc._id,
    merchantId: doc.merchantId,
    eventId: doc.eventId,
    endpointId: doc.endpointId,
    eventType: doc.eventType,
    eventCreatedAt: doc.eventCreatedAt,
    createdAt: doc.createdAt,
    state: doc.state,
    attempts: doc.attempts,
    nextAttemptAt: doc.nextAttemptAt ?? null,
    lastAttemptAt: doc.lastAttemptAt ?? null,
    lastStatus: doc.lastStatus ?? null,
    lastError: doc.lastError ?? null,
    deliveredAt: doc.deliveredAt ?? null,
  };
}

function asAttempt(doc: WebhookAttempt): WebhookAttempt {
  return {
    _id: doc._id,
    deliveryId: doc.deliveryId,
    merchantId: doc.merchantId,
    n: doc.n,
    trigger: doc.trigger,
    owner: doc.owner,
    claimedAt: doc.claimedAt,
    finishedAt: doc.finishedAt ?? null,
    delivered: doc.delivered ?? null,
    statusCode: doc.statusCode ?? null,
    durationMs: doc.durationMs ?? null,
    error: doc.error ?? null,
    responseSnippet: doc.responseSnippet ?? null,
  };
}

/** The WebhookDeliveryStore port on a mongoose connection. */
export class MongoWebhookDeliveryStore implements WebhookDeliveryStore {
  private readonly deliveries: mongo.Collection<WebhookDelivery>;
  private readonly attempts: mongo.Collection<WebhookAttempt>;

  constructor(connection: Connection) {
    this.deliveries = connection.collection<WebhookDelivery>(DELIVERIES);
    this.attempts = connection.collection<WebhookAttempt>(ATTEMPTS);
  }

  insertDelivery(delivery: WebhookDelivery): Promise<InsertResult> {
    return insertOnce(this.deliveries, { ...delivery });
  }

  async getDelivery(id: string): Promise<WebhookDelivery | null> {
    const doc = await this.deliveries.findOne({ _id: id });
    return doc ? asDelivery(doc) : null;
  }

  async existing(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const docs = await this.deliveries.find({ _id: { $in: [...ids] } }, { projection: { _id: 1 } }).toArray();
    return new Set(docs.map((d) => d._id));
  }

  async due(now: Date, limit: number): Promise<WebhookDelivery[]> {
    const docs = await this.deliveries
      .find({ state: 'pending', nextAttemptAt: { $lte: now } })
      .sort({ nextAttemptAt: 1, _id: 1 })
      .limit(limit)
      .toArray();
    return docs.map(asDelivery);
  }

  async byEvent(merchantId: string, eventId: string): Promise<WebhookDelivery[]> {
    const docs = await this.deliveries.find({ merchantId, eventId }).sort({ _id: 1 }).toArray();
    return docs.map(asDelivery);
  }

  async byState(merchantId: string, state: DeliveryState, limit: number): Promise<WebhookDelivery[]> {
    const docs = await this.deliveries
      .find({ merchantId, state })
      .sort({ createdAt: -1, _id: -1 })
      .limit(limit)
      .toArray();
    return docs.map(asDelivery);
  }

  async deliveriesOf(merchantId: string, endpointId: string, page: DeliveryPage): Promise<WebhookDelivery[]> {
    let filter: mongo.Filter<WebhookDelivery> = { merchantId, endpointId };
    if (page.before !== undefined) {
      const before = await this.deliveries.findOne({ _id: page.before, merchantId, endpointId });
      if (!before) return [];
      filter = {
        merchantId,
        endpointId,
        $or: [
          { eventCreatedAt: { $lt: before.eventCreatedAt } },
          { eventCreatedAt: before.eventCreatedAt, eventId: { $lt: before.eventId } },
        ],
      };
    }
    const docs = await this.deliveries
      .find(filter)
      .sort({ eventCreatedAt: -1, eventId: -1 })
      .limit(page.limit)
      .toArray();
    return docs.map(asDelivery);
  }

  insertAttempt(attempt: WebhookAttempt): Promise<InsertResult> {
    return insertOnce(this.attempts, { ...attempt });
  }

  async getAttempt(id: string): Promise<WebhookAttempt | null> {
    const doc = await this.attempts.findOne({ _id: id });
    return doc ? asAttempt(doc) : null;
  }

  async attemptsOf(deliveryId: string): Promise<WebhookAttempt[]> {
    const docs = await this.attempts.find({ deliveryId }).sort({ n: 1 }).toArray();
    return docs.map(asAttempt);
  }

  async finishAttempt(id: string, result: AttemptResult): Promise<void> {
    // Only its claimer writes an attempt's outcome, so the guard only stops a repeat, never decides a race.
    await this.attempts.updateOne(
      { _id: id, finishedAt: null },
      {
        $set: {
          finishedAt: result.at,
          delivered: result.delivered,
          statusCode: result.statusCode,
          durationMs: result.durationMs,
          error: result.error,
          responseSnippet: result.responseSnippet,
        },
      },
    );
  }

  async markDelivered(id: string, attempt: number, result: AttemptResult): Promise<void> {
    const delivery = await this.deliveries.findOne({ _id: id });
    if (!delivery) return;
    await this.deliveries.updateOne(
      { _id: id },
      {
        $set: {
          state: 'delivered',
          nextAttemptAt: null,
          lastAttemptAt: result.at,
          lastStatus: result.statusCode,
          lastError: null,
          deliveredAt: delivery.deliveredAt ?? result.at,
        },
        $max: { attempts: attempt },
      },
    );
  }

  async markFailed(id: string, attempt: number, result: AttemptResult, nextAttemptAt: Date | null): Promise<void> {
    await this.deliveries.updateOne(
      { _id: id, state: { $ne: 'delivered' }, attempts: { $lt: attempt } },
      {
        $set: {
          state: nextAttemptAt === null ? 'failed' : 'pending',
          attempts: attempt,
          nextAttemptAt,
          lastAttemptAt: result.at,
          lastStatus: result.statusCode,
          lastError: result.error,
        },
      },
    );
  }
}
