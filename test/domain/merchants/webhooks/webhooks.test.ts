/**
 * Merchant webhooks end to end on the real database and over real HTTP to receivers on loopback: endpoints and
 * their secrets, signed deliveries checked by an independent verifier, retries on the schedule with a fake clock,
 * failure after 72 h, rotation, re-sends, the sweep for events never enqueued, and disabled endpoints.
 */
import { MerchantWebhooks } from '../../../../domain/merchants/webhooks/webhooks';
import { MongoWebhookDeliveryStore } from '../../../../integrations/mongo/webhookDeliveryStore';
import { MongoWebhookEndpointStore } from '../../../../integrations/mongo/webhookEndpointStore';
import { HttpWebhookSender } from '../../../../integrations/webhooks/httpWebhookSender';
import { useTestDatabase } from '../../../support/database';
import {
  aMerchantId,
  FakeClock,
  FakeEventStore,
  HOUR,
  MINUTE,
  recordEvent,
  T0,
  webhooksProcess,
  type WebhooksProcess,
} from './harness';
import { parseSignature, signedWith } from './independentVerifier';
import { refusingUrl, startReceiver, type Receiver } from './receiver';

const db = useTestDatabase();
let clock: FakeClock;
let events: FakeEventStore;
let app: WebhooksProcess;
let receiver: Receiver;

beforeEach(async () => {
  clock = new FakeClock();
  events = new FakeEventStore();
  app = await webhooksProcess(db.connection, { events, clock }, { timeoutMs: 500 });
  receiver = await startReceiver();
});
afterEach(async () => receiver.close());

async function anEndpoint(merchantId: string, url = receiver.url, types: string[] = ['*']) {
  const created = await app.webhooks.createEndpoint(merchantId, { url, events: types });
  if (!created.ok) throw new Error(`endpoint refused: ${created.reason}`);
  return created;
}

describe('endpoints', () => {
  it('shows the secret once, at creation; lists and gets show its dates only', async () => {
    const merchantId = aMerchantId();
    const created = await anEndpoint(merchantId, receiver.url, ['payment.succeeded', 'refund.processed']);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(created.endpoint).toEqual({
      _id: expect.stringMatching(/^we_[a-z2-7]{16}$/),
      merchantId,
      url: receiver.url,
      events: ['payment.succeeded', 'refund.processed'],
      status: 'enabled',
      createdAt: T0,
      secrets: [{ createdAt: T0, expiresAt: null }],
    });
    expect(await app.webhooks.listEndpoints(merchantId)).toEqual([created.endpoint]);
    expect(JSON.stringify(await app.webhooks.getEndpoint(merchantId, created.endpoint._id))).not.toContain(
      created.secret,
    );
    expect(await app.webhooks.getEndpoint(aMerchantId(), created.endpoint._id)).toBeNull();
  });

  it('refuses unknown event types, an empty list, and * mixed with types', async () => {
    for (const types of [[], ['payment.refunded'], ['*', 'payment.succeeded']]) {
      await expect(app.webhooks.createEndpoint(aMerchantId(), { url: receiver.url, events: types })).resolves.toEqual({
        ok: false,
        reason: 'invalid_events',
      });
    }
  });

  it('registers one endpoint under a caller’s id, however often and concurrently asked, with one secret; other fields under it are a conflict', async () => {
    const merchantId = aMerchantId();
    const asked = { url: receiver.url, events: ['payment.succeeded', 'refund.processed'], id: 'api_takeover_1' };
    const answers = await Promise.all(Array.from({ length: 8 }, () => app.webhooks.createEndpoint(merchantId, asked)));
    const created = answers.map((a) => (a.ok ? a : null));
    expect(created.every((a) => a !== null)).toBe(true);
    expect(new Set(created.map((a) => a!.endpoint._id)).size).toBe(1);
    expect(new Set(created.map((a) => a!.secret)).size).toBe(1);
    expect(await app.webhooks.listEndpoints(merchantId)).toHaveLength(1);
    // The same events in another order are the same endpoint.
    const again = await app.webhooks.createEndpoint(merchantId, { ...asked, events: [...asked.events].reverse() });
    expect(again).toEqual(answers[0]);
    await expect(app.webhooks.createEndpoint(merchantId, { ...asked, url: `${receiver.url}/other` })).resolves.toEqual({
      ok: false,
      reason: 'conflict',
    });
    await expect(app.webhooks.createEndpoint(merchantId, { ...asked, events: ['*'] })).resolves.toEqual({
      ok: false,
      reason: 'conflict',
    });
    // Another merchant's same id is its own endpoint; no id at all is a new endpoint each time.
    const theirs = await app.webhooks.createEndpoint(aMerchantId(), asked);
    expect(theirs.ok && theirs.endpoint._id).not.toBe(created[0]!.endpoint._id);
    await anEndpoint(merchantId);
    await anEndpoint(merchantId);
    expect(await app.webhooks.listEndpoints(merchantId)).toHaveLength(3);
  });

  it('refuses http and addresses inside our network when the settings do not allow them (production)', async () => {
    const production = new MerchantWebhooks({
      endpoints: new MongoWebhookEndpointStore(db.connection),
      deliveries: new MongoWebhookDeliveryStore(db.connection),
      events,
      sender: new HttpWebhookSender({ timeoutMs: 500, allowHttp: false, allowPrivateAddresses: false }),
      urlPolicy: { allowHttp: false, allowPrivateAddresses: false },
      clock: clock.now,
    });
    const merchantId = aMerchantId();
    const attempts = {
      [receiver.url]: 'insecure_url',
      'https://127.0.0.1/hooks': 'private_address',
      'https://169.254.169.254/latest/meta-data/': 'private_address',
      'https://localhost:8443/hooks': 'private_address',
      'https://[::1]/hooks': 'private_address',
    };
    for (const [url, reason] of Object.entries(attempts)) {
      await expect(production.createEndpoint(merchantId, { url, events: ['*'] })).resolves.toEqual({
        ok: false,
        reason,
      });
    }
    expect(await production.listEndpoints(merchantId)).toEqual([]);
    await expect(
      production.createEndpoint(merchantId, { url: 'https://shop.example.cm/hooks', events: ['*'] }),
    ).resolves.toMatchObject({ ok: true });
  });
});

describe('deliveries', () => {
  it('sends an event once per subscribed endpoint, signed, with the documented headers and body', async () => {
    const merchantId = aMerchantId();
    const { endpoint, secret } = await anEndpoint(merchantId, receiver.url, ['payment.succeeded']);
    await anEndpoint(merchantId, receiver.url, ['refund.processed']);
    const event = await recordEvent(events, clock, merchantId);
    expect(await app.webhooks.enqueue(event)).toBe(1);
    expect(await app.webhooks.enqueue(event)).toBe(0);

    expect(await app.worker.runPass()).toMatchObject({ examined: 1, delivered: 1 });
    expect(receiver.requests).toHaveLength(1);
    const received = receiver.requests[0]!;
    expect(received.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': expect.stringMatching(/^ChatPay-Webhooks\//),
      'x-event-id': event._id,
      'x-event-type': 'payment.succeeded',
    });
    expect(JSON.parse(received.rawBody)).toEqual({
      id: event._id,
      object: 'event',
      type: 'payment.succeeded',
      created: Math.floor(T0.getTime() / 1000),
      data: { object: event.data },
    });
    const header = String(received.headers['x-signature']);
    expect(parseSignature(header).timestamp).toBe(Math.floor(T0.getTime() / 1000));
    expect(await signedWith(header, received.rawBody, secret)).toBe(true);

    const [delivery] = await app.webhooks.deliveriesOf(merchantId, event._id);
    expect(delivery).toMatchObject({ endpointId: endpoint._id, state: 'delivered', attempts: 1, lastStatus: 200 });
    expect(await app.webhooks.attemptsOf(merchantId, delivery!._id)).toEqual([
      expect.objectContaining({
        n: 1,
        trigger: 'schedule',
        delivered: true,
        statusCode: 200,
        responseSnippet: '{"received":true}',
        durationMs: expect.any(Number),
        finishedAt: T0,
      }),
    ]);
    expect(await app.webhooks.attemptsOf(aMerchantId(), delivery!._id)).toBeNull();
    expect(await app.worker.runPass()).toMatchObject({ examined: 0 });
  });

  it('retries a 500 after a minute, then an acknowledged delivery is done', async () => {
    const merchantId = aMerchantId();
    await anEndpoint(merchantId);
    const event = await recordEvent(events, clock, merchantId);
    await app.webhooks.enqueue(event);
    receiver.answer({ status: 500, body: 'database down' });

    expect(await app.worker.runPass()).toMatchObject({ retrying: 1 });
    const [pending] = await app.webhooks.deliveriesOf(merchantId, event._id);
    expect(pending).toMatchObject({ state: 'pending', attempts: 1, lastStatus: 500, lastError: 'HTTP 500' });
    expect(pending!.nextAttemptAt).toEqual(new Date(T0.getTime() + MINUTE));

    clock.advance(59_000);
    expect(await app.worker.runPass()).toMatchObject({ examined: 0 });
    clock.advance(1000);
    expect(await app.worker.runPass()).toMatchObject({ delivered: 1 });
    expect(receiver.requests.map((r) => r.headers['x-webhook-attempt'])).toEqual(['1', '2']);
    const attempts = await app.webhooks.attemptsOf(merchantId, pending!._id);
    expect(attempts?.map((a) => [a.n, a.statusCode, a.responseSnippet])).toEqual([
      [1, 500, 'database down'],
      [2, 200, '{"received":true}'],
    ]);
  });

  it('retries on the schedule (1 min, 5 min, 30 min, 2 h, 5 h, 10 h, then 12 h) and fails 72 h after the event', async () => {
    const merchantId = aMerchantId();
    await anEndpoint(merchantId);
    const event = await recordEvent(events, clock, merchantId);
    await app.webhooks.enqueue(event);
    receiver.answer(...Array.from({ length: 20 }, () => ({ status: 503 })));

    const sentAt: number[] = [];
    for (let pass = 0; pass < 20; pass += 1) {
      const [delivery] = await app.webhooks.deliveriesOf(merchantId, event._id);
      if (delivery!.state !== 'pending') break;
      clock.set(delivery!.nextAttemptAt!);
      await app.worker.runPass();
      sentAt.push(clock.now().getTime() - T0.getTime());
    }
    const gaps = sentAt.slice(1).map((at, i) => at - sentAt[i]!);
    expect(gaps).toEqual([
      MINUTE,
      5 * MINUTE,
      30 * MINUTE,
      2 * HOUR,
      5 * HOUR,
      10 * HOUR,
      12 * HOUR,
      12 * HOUR,
      12 * HOUR,
      12 * HOUR,
      72 * HOUR - sentAt[10]!, // the last one at 72 h exactly
    ]);
    expect(sentAt[sentAt.length - 1]).toBe(72 * HOUR);
    expect(receiver.requests).toHaveLength(12);
    const [failed] = await app.webhooks.deliveriesOf(merchantId, event._id);
    expect(failed).toMatchObject({ state: 'failed', attempts: 12, nextAttemptAt: null, lastStatus: 503 });
    expect(await app.webhooks.failedDeliveries(merchantId)).toEqual([failed]);
    clock.advance(24 * HOUR);
    await app.worker.runPass();
    expect(receiver.requests).toHaveLength(12);
  });

  it('counts an endpoint that hangs past the timeout, or refuses the connection, as failed attempts to retry', async () => {
    const merchantId = aMerchantId();
    await anEndpoint(merchantId);
    await anEndpoint(merchantId, await refusingUrl());
    receiver.answer({ hang: true });
    const event = await recordEvent(events, clock, merchantId);
    await app.webhooks.enqueue(event);

    const started = Date.now();
    expect(await app.worker.runPass()).toMatchObject({ retrying: 2 });
    expect(Date.now() - started).toBeLessThan(3000);
    const deliveries = await app.webhooks.deliveriesOf(merchantId, event._id);
    expect(deliveries.map((d) => [d.state, d.lastStatus, d.lastError]).sort()).toEqual([
      ['pending', null, 'connection refused'],
      ['pending', null, 'no answer within 500 ms'],
    ]);
  });

  it('stops delivering to a disabled endpoint, and sends nothing to unsubscribed or later endpoints', async () => {
    const merchantId = aMerchantId();
    const { endpoint } = await anEndpoint(merchantId);
    await anEndpoint(merchantId, receiver.url, ['invoice.paid']);
    const event = await recordEvent(events, clock, merchantId);
    expect(await app.webhooks.enqueue(event)).toBe(1);
    expect(await app.webhooks.disable(merchantId, endpoint._id)).toEqual({ ok: true });
    await app.worker.runPass();
    expect(receiver.requests).toHaveLength(0);
    const [delivery] = await app.webhooks.deliveriesOf(merchantId, event._id);
    expect(delivery).toMatchObject({ state: 'failed', lastError: 'endpoint disabled' });

    expect(await app.webhooks.enqueue(await recordEvent(events, clock, merchantId))).toBe(0);
    expect(await app.webhooks.enable(aMerchantId(), endpoint._id)).toEqual({ ok: false, reason: 'not_found' });
    expect(await app.webhooks.enable(merchantId, endpoint._id)).toEqual({ ok: true });
    clock.advance(1000);
    const beforeTheNewEndpoint = await recordEvent(events, clock, merchantId);
    clock.advance(1000);
    await anEndpoint(merchantId);
    expect(await app.webhooks.enqueue(beforeTheNewEndpoint)).toBe(1);
    expect(await app.webhooks.enqueue(await recordEvent(events, clock, merchantId))).toBe(2);
  });
});

describe('secret rotation', () => {
  it('signs with the old and the new secret until the old one expires', async () => {
    const merchantId = aMerchantId();
    const { endpoint, secret: oldSecret } = await anEndpoint(merchantId);
    const rotated = await app.webhooks.rotateSecret(merchantId, endpoint._id, { keepOldForHours: 24 });
    if (!rotated.ok) throw new Error('rotation refused');
    expect(rotated.secret).not.toBe(oldSecret);
    expect((await app.webhooks.getEndpoint(merchantId, endpoint._id))?.secrets).toEqual([
      { createdAt: T0, expiresAt: new Date(T0.getTime() + 24 * HOUR) },
      { createdAt: T0, expiresAt: null },
    ]);

    clock.advance(23 * HOUR);
    await app.webhooks.enqueue(await recordEvent(events, clock, merchantId));
    await app.worker.runPass();
    const during = receiver.requests[0]!;
    expect(parseSignature(String(during.headers['x-signature'])).v1).toHaveLength(2);
    expect(await signedWith(String(during.headers['x-signature']), during.rawBody, oldSecret)).toBe(true);
    expect(await signedWith(String(during.headers['x-signature']), during.rawBody, rotated.secret)).toBe(true);

    clock.advance(HOUR);
    await app.webhooks.enqueue(await recordEvent(events, clock, merchantId));
    await app.worker.runPass();
    const after = receiver.requests[1]!;
    expect(parseSignature(String(after.headers['x-signature'])).v1).toHaveLength(1);
    expect(await signedWith(String(after.headers['x-signature']), after.rawBody, oldSecret)).toBe(false);
    expect(await signedWith(String(after.headers['x-signature']), after.rawBody, rotated.secret)).toBe(true);
  });

  it("refuses another merchant's endpoint and a duration out of range", async () => {
    const merchantId = aMerchantId();
    const { endpoint } = await anEndpoint(merchantId);
    expect(await app.webhooks.rotateSecret(aMerchantId(), endpoint._id)).toEqual({ ok: false, reason: 'not_found' });
    expect(await app.webhooks.rotateSecret(merchantId, endpoint._id, { keepOldForHours: 200 })).toEqual({
      ok: false,
      reason: 'invalid_duration',
    });
  });
});

describe('re-send', () => {
  it('sends a delivered event again at once, as a new attempt in the log', async () => {
    const merchantId = aMerchantId();
    const { endpoint } = await anEndpoint(merchantId);
    const event = await recordEvent(events, clock, merchantId);
    await app.webhooks.enqueue(event);
    await app.worker.runPass();
    clock.advance(HOUR);
    const resent = await app.webhooks.resend(merchantId, event._id, endpoint._id);
    expect(resent).toEqual({
      ok: true,
      attempts: [expect.objectContaining({ n: 2, trigger: 'resend', delivered: true, statusCode: 200 })],
    });
    expect(receiver.requests.map((r) => r.headers['x-event-id'])).toEqual([event._id, event._id]);
  });

  it('delivers a failed event when the endpoint is back', async () => {
    const merchantId = aMerchantId();
    await anEndpoint(merchantId);
    const event = await recordEvent(events, clock, merchantId);
    await app.webhooks.enqueue(event);
    receiver.answer(...Array.from({ length: 20 }, () => ({ status: 500 })));
    for (let pass = 0; pass < 20; pass += 1) {
      const [delivery] = await app.webhooks.deliveriesOf(merchantId, event._id);
      if (delivery!.state !== 'pending') break;
      clock.set(delivery!.nextAttemptAt!);
      await app.worker.runPass();
    }
    expect((await app.webhooks.deliveriesOf(merchantId, event._id))[0]?.state).toBe('failed');
    receiver.reset(); // the merchant fixed its server: 200 from now on
    clock.advance(HOUR);
    const resent = await app.webhooks.resend(merchantId, event._id);
    expect(resent).toMatchObject({ ok: true, attempts: [{ n: 13, trigger: 'resend', delivered: true }] });
    expect(receiver.requests).toHaveLength(1);
    expect((await app.webhooks.deliveriesOf(merchantId, event._id))[0]).toMatchObject({
      state: 'delivered',
      attempts: 13,
      deliveredAt: clock.now(),
    });
  });

  it("sends nothing for an unknown event, another merchant's, or to a disabled endpoint", async () => {
    const merchantId = aMerchantId();
    const { endpoint } = await anEndpoint(merchantId);
    const event = await recordEvent(events, clock, merchantId);
    expect(await app.webhooks.resend(merchantId, 'evt_nope')).toEqual({ ok: false, reason: 'event_not_found' });
    expect(await app.webhooks.resend(aMerchantId(), event._id)).toEqual({ ok: false, reason: 'event_not_found' });
    expect(await app.webhooks.resend(merchantId, event._id, 'we_nope')).toEqual({
      ok: false,
      reason: 'endpoint_not_found',
    });
    expect(await app.webhooks.resend(merchantId, event._id, endpoint._id)).toMatchObject({ ok: true });
    await app.webhooks.disable(merchantId, endpoint._id);
    expect(await app.webhooks.resend(merchantId, event._id, endpoint._id)).toEqual({
      ok: false,
      reason: 'endpoint_disabled',
    });
    expect(await app.webhooks.resend(merchantId, event._id)).toEqual({ ok: true, attempts: [] });
    expect(receiver.requests).toHaveLength(1);
  });
});

describe('the sweep', () => {
  it('delivers events of the last 72 h that were recorded but never enqueued, and only those', async () => {
    const merchantId = aMerchantId();
    await anEndpoint(merchantId, receiver.url, ['payment.succeeded']);
    clock.advance(MINUTE);
    const missed = await recordEvent(events, clock, merchantId);
    await recordEvent(events, clock, merchantId, 'invoice.paid'); // not subscribed
    clock.advance(80 * HOUR);
    const tooOld = missed; // now older than 72 h
    const recentMiss = await recordEvent(events, clock, merchantId);
    clock.advance(2 * MINUTE);
    const justNow = await recordEvent(events, clock, merchantId); // its own enqueue is probably running

    const report = await app.worker.runPass();
    expect(report).toMatchObject({ swept: 1, delivered: 1 });
    expect(receiver.requests.map((r) => r.headers['x-event-id'])).toEqual([recentMiss._id]);
    expect(await app.webhooks.deliveriesOf(merchantId, tooOld._id)).toEqual([]);
    expect(await app.webhooks.deliveriesOf(merchantId, justNow._id)).toEqual([]);
    expect(await app.worker.sweep()).toBe(0);
  });
});
