/**
 * What webhook deliveries rely on from their store, run against every implementation: one delivery per event and
 * endpoint, one claim per attempt number across processes, the due ones found earliest first, an attempt's first
 * outcome kept, an endpoint's deliveries paged newest event first, and a cached state that a late writer never moves backwards nor takes from `delivered`.
 */
import type { WebhookAttempt, WebhookDelivery } from '../../domain/merchants/webhooks/deliveries';
import { attemptId, deliveryId } from '../../domain/merchants/webhooks/deliveries';
import type { AttemptResult, WebhookDeliveryStore } from '../../domain/merchants/webhooks/deliveryStore';
import { anId, at, race } from './fixtures';
import type { MakeSubject } from './subject';

function aDelivery(overrides: Partial<WebhookDelivery> = {}): WebhookDelivery {
  const eventId = anId('evt');
  const endpointId = anId('we');
  return {
    _id: deliveryId(eventId, endpointId),
    merchantId: anId('m'),
    eventId,
    endpointId,
    eventType: 'payment.succeeded',
    eventCreatedAt: at(0),
    createdAt: at(0),
    state: 'pending',
    attempts: 0,
    nextAttemptAt: at(0),
    lastAttemptAt: null,
    lastStatus: null,
    lastError: null,
    deliveredAt: null,
    ...overrides,
  };
}

function anAttempt(delivery: WebhookDelivery, n: number, owner = 'worker-a'): WebhookAttempt {
  return {
    _id: attemptId(delivery._id, n),
    deliveryId: delivery._id,
    merchantId: delivery.merchantId,
    n,
    trigger: 'schedule',
    owner,
    claimedAt: at(n * 1000),
    finishedAt: null,
    delivered: null,
    statusCode: null,
    durationMs: null,
    error: null,
    responseSnippet: null,
  };
}

function result(ms: number, overrides: Partial<AttemptResult> = {}): AttemptResult {
  return {
    at: at(ms),
    delivered: false,
    statusCode: 500,
    durationMs: 12,
    error: 'HTTP 500',
    responseSnippet: 'oops',
    ...overrides,
  };
}

export function describeWebhookDeliveryStoreContract(name: string, makeSubject: MakeSubject<WebhookDeliveryStore>) {
  describe(`WebhookDeliveryStore contract: ${name}`, () => {
    let store: WebhookDeliveryStore;
    let anotherProcess: () => WebhookDeliveryStore;
    beforeEach(async () => {
      ({ store, anotherProcess } = await makeSubject());
    });

    it('keeps one delivery per event and endpoint: the first stands', async () => {
      const delivery = aDelivery();
      const results = await race([store, anotherProcess()], 6, (s) => s.insertDelivery(delivery));
      expect(results.filter((r) => r === 'inserted')).toHaveLength(1);
      expect(await anotherProcess().getDelivery(delivery._id)).toEqual(delivery);
      expect(await store.existing([delivery._id, 'evt-none:we-none'])).toEqual(new Set([delivery._id]));
      expect(await store.existing([])).toEqual(new Set());
    });

    it('finds the pending deliveries due, earliest first, up to the limit', async () => {
      const merchantId = anId('m');
      const late = aDelivery({ merchantId, nextAttemptAt: at(3000) });
      const early = aDelivery({ merchantId, nextAttemptAt: at(1000) });
      const future = aDelivery({ merchantId, nextAttemptAt: at(9000) });
      const done = aDelivery({ merchantId, state: 'delivered', nextAttemptAt: null });
      for (const d of [late, early, future, done]) await store.insertDelivery(d);
      expect((await store.due(at(5000), 10)).map((d) => d._id)).toEqual([early._id, late._id]);
      expect((await store.due(at(5000), 1)).map((d) => d._id)).toEqual([early._id]);
    });

    it("finds an event's deliveries and a merchant's failed ones, newest first", async () => {
      const merchantId = anId('m');
      const eventId = anId('evt');
      const one = aDelivery({ merchantId, eventId, _id: deliveryId(eventId, 'we-1'), endpointId: 'we-1' });
      const two = aDelivery({ merchantId, eventId, _id: deliveryId(eventId, 'we-2'), endpointId: 'we-2' });
      const failedOld = aDelivery({ merchantId, state: 'failed', createdAt: at(1000) });
      const failedNew = aDelivery({ merchantId, state: 'failed', createdAt: at(2000) });
      for (const d of [one, two, failedOld, failedNew, aDelivery({ eventId })]) await store.insertDelivery(d);
      expect((await store.byEvent(merchantId, eventId)).map((d) => d._id).sort()).toEqual([one._id, two._id].sort());
      expect(await store.byState(merchantId, 'failed', 10)).toEqual([failedNew, failedOld]);
    });

    it("pages an endpoint's deliveries, newest event first, from a delivery of its own", async () => {
      const merchantId = anId('m');
      const endpointId = anId('we');
      const toEndpoint = (eventId: string, eventMs: number) =>
        aDelivery({
          merchantId,
          endpointId,
          eventId,
          _id: deliveryId(eventId, endpointId),
          eventCreatedAt: at(eventMs),
          // Created in another order than their events (a sweep can enqueue an older event late).
          createdAt: at(10_000 - eventMs),
        });
      // Two events at the same time: the greater id first, "evt-b1" before "evt-b10" despite its id's prefix.
      const oldest = toEndpoint('evt-a', 1000);
      const tiedSmall = toEndpoint('evt-b1', 2000);
      const tiedGreat = toEndpoint('evt-b10', 2000);
      const newest = toEndpoint('evt-c', 3000);
      const elsewhere = aDelivery({ merchantId, eventId: 'evt-c', _id: deliveryId('evt-c', 'we-other') });
      const otherMerchant = aDelivery({ endpointId, eventCreatedAt: at(4000) });
      for (const d of [tiedSmall, newest, oldest, elsewhere, tiedGreat, otherMerchant]) await store.insertDelivery(d);

      expect(await store.deliveriesOf(merchantId, endpointId, { limit: 10 })).toEqual([
        newest,
        tiedGreat,
        tiedSmall,
        oldest,
      ]);
      const first = await anotherProcess().deliveriesOf(merchantId, endpointId, { limit: 2 });
      expect(first.map((d) => d._id)).toEqual([newest._id, tiedGreat._id]);
      const second = await store.deliveriesOf(merchantId, endpointId, { limit: 2, before: first[1]!._id });
      expect(second.map((d) => d._id)).toEqual([tiedSmall._id, oldest._id]);
      expect(await store.deliveriesOf(merchantId, endpointId, { limit: 2, before: oldest._id })).toEqual([]);
      // A cursor that is not one of this endpoint's deliveries, or not this merchant's, ends the list.
      expect(await store.deliveriesOf(merchantId, endpointId, { limit: 2, before: elsewhere._id })).toEqual([]);
      expect(await store.deliveriesOf(merchantId, endpointId, { limit: 2, before: otherMerchant._id })).toEqual([]);
      expect(await store.deliveriesOf(merchantId, endpointId, { limit: 2, before: 'evt-none:we-none' })).toEqual([]);
      expect(await store.deliveriesOf(anId('m'), endpointId, { limit: 10 })).toEqual([]);
    });

    it('gives each attempt number to one claimer across processes, and lists attempts in order', async () => {
      const delivery = aDelivery();
      await store.insertDelivery(delivery);
      const claims = await race([store, anotherProcess()], 8, (s, n) =>
        s.insertAttempt(anAttempt(delivery, 1, `worker-${n}`)),
      );
      expect(claims.filter((c) => c === 'inserted')).toHaveLength(1);
      await store.insertAttempt(anAttempt(delivery, 3));
      await store.insertAttempt(anAttempt(delivery, 2));
      expect((await anotherProcess().attemptsOf(delivery._id)).map((a) => a.n)).toEqual([1, 2, 3]);
    });

    it("keeps an attempt's first outcome", async () => {
      const delivery = aDelivery();
      const attempt = anAttempt(delivery, 1);
      await store.insertAttempt(attempt);
      await store.finishAttempt(attempt._id, result(1500));
      await anotherProcess().finishAttempt(attempt._id, result(1600, { delivered: true, statusCode: 200 }));
      expect(await store.getAttempt(attempt._id)).toEqual({
        ...attempt,
        finishedAt: at(1500),
        delivered: false,
        statusCode: 500,
        durationMs: 12,
        error: 'HTTP 500',
        responseSnippet: 'oops',
      });
    });

    it('caches a failed attempt, never over a newer one', async () => {
      const delivery = aDelivery();
      await store.insertDelivery(delivery);
      await store.markFailed(delivery._id, 2, result(2000), at(62_000));
      await anotherProcess().markFailed(delivery._id, 1, result(1000), at(61_000));
      expect(await store.getDelivery(delivery._id)).toEqual({
        ...delivery,
        attempts: 2,
        nextAttemptAt: at(62_000),
        lastAttemptAt: at(2000),
        lastStatus: 500,
        lastError: 'HTTP 500',
      });
      await store.markFailed(delivery._id, 3, result(3000, { statusCode: null, error: 'timeout' }), null);
      expect(await store.getDelivery(delivery._id)).toMatchObject({
        state: 'failed',
        attempts: 3,
        nextAttemptAt: null,
        lastStatus: null,
        lastError: 'timeout',
      });
    });

    it('keeps a delivery delivered whatever a later failure says', async () => {
      const delivery = aDelivery();
      await store.insertDelivery(delivery);
      await store.markDelivered(delivery._id, 2, result(2000, { delivered: true, statusCode: 204, error: null }));
      await anotherProcess().markFailed(delivery._id, 3, result(3000), at(9000));
      await store.markDelivered(delivery._id, 1, result(4000, { delivered: true, statusCode: 200, error: null }));
      expect(await store.getDelivery(delivery._id)).toEqual({
        ...delivery,
        state: 'delivered',
        attempts: 2,
        nextAttemptAt: null,
        lastAttemptAt: at(4000),
        lastStatus: 200,
        lastError: null,
        deliveredAt: at(2000),
      });
    });
  });
}
