/**
 * Webhook workers as processes: two on separate database connections over the same deliveries send each attempt
 * once (counted at the receiver), an attempt whose process died is taken over after the lease, a slow 2xx is
 * acknowledged within the timeout, and a deleted endpoint ends its deliveries.
 */
import mongoose, { type Connection } from 'mongoose';
import { attemptId } from '../../../../domain/merchants/webhooks/deliveries';
import { useTestDatabase } from '../../../support/database';
import {
  aMerchantId,
  FakeClock,
  FakeEventStore,
  MINUTE,
  recordEvent,
  T0,
  webhooksProcess,
  type WebhooksProcess,
} from './harness';
import { startReceiver, type Receiver } from './receiver';

const db = useTestDatabase();
let secondConnection: Connection;
let clock: FakeClock;
let events: FakeEventStore;
let one: WebhooksProcess;
let two: WebhooksProcess;
let receiver: Receiver;

beforeAll(async () => {
  secondConnection = await mongoose.createConnection(db.uri).asPromise();
});
afterAll(async () => secondConnection.close());

beforeEach(async () => {
  clock = new FakeClock();
  events = new FakeEventStore();
  // Two lanes each: enough to race, and few enough connections for a test server shared with other test files.
  const options = { timeoutMs: 2000, worker: { concurrency: 2 } };
  one = await webhooksProcess(db.connection, { events, clock }, { ...options, owner: 'one' });
  two = await webhooksProcess(secondConnection, { events, clock }, { ...options, owner: 'two' });
  receiver = await startReceiver();
});
afterEach(async () => receiver.close());

async function anEndpoint(app: WebhooksProcess, merchantId: string) {
  const created = await app.webhooks.createEndpoint(merchantId, { url: receiver.url, events: ['*'] });
  if (!created.ok) throw new Error(`endpoint refused: ${created.reason}`);
  return created.endpoint;
}

describe('two workers over the same deliveries', () => {
  it('send each attempt of each delivery once, retries included', async () => {
    const merchantId = aMerchantId();
    await anEndpoint(one, merchantId);
    const recorded = [];
    for (let i = 0; i < 12; i += 1) {
      const event = await recordEvent(events, clock, merchantId);
      await (i % 2 === 0 ? one : two).webhooks.enqueue(event);
      recorded.push(event);
    }
    // Every event's first attempt fails, its second succeeds.
    receiver.answer(...recorded.map(() => ({ status: 500 })));

    let contested = 0;
    for (const at of [0, MINUTE, 2 * MINUTE]) {
      clock.set(new Date(T0.getTime() + at));
      const reports = await Promise.all([
        one.worker.runPass(),
        two.worker.runPass(),
        one.worker.runPass(),
        two.worker.runPass(),
      ]);
      contested += reports.reduce((sum, report) => sum + report.skipped, 0);
    }
    // The passes did race for the same attempts (the losers skipped them), and still each went once.
    expect(contested).toBeGreaterThan(0);

    const sent = receiver.requests.map(
      (r) => `${String(r.headers['x-event-id'])}#${String(r.headers['x-webhook-attempt'])}`,
    );
    expect(new Set(sent).size).toBe(sent.length);
    expect(sent.sort()).toEqual(recorded.flatMap((e) => [`${e._id}#1`, `${e._id}#2`]).sort());
    for (const event of recorded) {
      const [delivery] = await two.webhooks.deliveriesOf(merchantId, event._id);
      expect(delivery).toMatchObject({ state: 'delivered', attempts: 2 });
      const attempts = await one.webhooks.attemptsOf(merchantId, delivery!._id);
      if (attempts?.[0]?.statusCode !== 500) console.log(JSON.stringify(attempts), JSON.stringify(delivery));
      expect(attempts?.map((a) => [a.n, a.statusCode])).toEqual([
        [1, 500],
        [2, 200],
      ]);
      for (const attempt of attempts ?? []) expect(['one', 'two']).toContain(attempt.owner);
    }
  });
});

describe('an attempt whose process died', () => {
  it('blocks the delivery until its lease is over, then the next attempt goes', async () => {
    const merchantId = aMerchantId();
    await anEndpoint(one, merchantId);
    const event = await recordEvent(events, clock, merchantId);
    await one.webhooks.enqueue(event);
    const [delivery] = await one.webhooks.deliveriesOf(merchantId, event._id);
    // A process claimed attempt 1 and died before sending or recording anything.
    await one.deliveries.insertAttempt({
      _id: attemptId(delivery!._id, 1),
      deliveryId: delivery!._id,
      merchantId,
      n: 1,
      trigger: 'schedule',
      owner: 'dead',
      claimedAt: T0,
      finishedAt: null,
      delivered: null,
      statusCode: null,
      durationMs: null,
      error: null,
      responseSnippet: null,
    });

    clock.advance(MINUTE);
    expect(await two.worker.runPass()).toMatchObject({ skipped: 1 });
    expect(receiver.requests).toHaveLength(0);

    clock.advance(MINUTE);
    expect(await two.worker.runPass()).toMatchObject({ delivered: 1 });
    expect(receiver.requests.map((r) => r.headers['x-webhook-attempt'])).toEqual(['2']);
    expect(
      (await one.webhooks.attemptsOf(merchantId, delivery!._id))?.map((a) => [a.n, a.owner, a.finishedAt]),
    ).toEqual([
      [1, 'dead', null],
      [2, 'two', clock.now()],
    ]);
  });
});

describe('answers', () => {
  it('acknowledge with a 2xx even when the body is slower than the timeout', async () => {
    const merchantId = aMerchantId();
    await anEndpoint(one, merchantId);
    receiver.answer({ status: 202, slowBodyMs: 5000 });
    await one.webhooks.enqueue(await recordEvent(events, clock, merchantId));
    const started = Date.now();
    expect(await one.worker.runPass()).toMatchObject({ delivered: 1 });
    expect(Date.now() - started).toBeLessThan(4500); // the body takes 5 s
  });
});

describe('a deleted endpoint', () => {
  it('is gone from the list, and its pending deliveries end without being sent', async () => {
    const merchantId = aMerchantId();
    const endpoint = await anEndpoint(one, merchantId);
    const event = await recordEvent(events, clock, merchantId);
    await one.webhooks.enqueue(event);
    expect(await two.webhooks.deleteEndpoint(aMerchantId(), endpoint._id)).toEqual({ ok: false, reason: 'not_found' });
    expect(await two.webhooks.deleteEndpoint(merchantId, endpoint._id)).toEqual({ ok: true });
    expect(await one.webhooks.listEndpoints(merchantId)).toEqual([]);
    await one.worker.runPass();
    expect(receiver.requests).toHaveLength(0);
    expect((await one.webhooks.deliveriesOf(merchantId, event._id))[0]).toMatchObject({
      state: 'failed',
      lastError: 'endpoint deleted',
    });
  });
});
