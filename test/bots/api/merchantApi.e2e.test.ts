/**
 * The merchant API end to end on the real product (useProduct: the services on the test's FerretDB, the API served
 * over real HTTP as npm start serves it): a merchant and its keys made with the services, payment requests created
 * through the API once per Idempotency-Key however many calls race, paid by a registered payer, and the merchant's
 * webhook endpoint (a real HTTP receiver on a loopback port, allowed by the webhook settings) told, signed, retried
 * after a failure, re-sent on demand; the events and their delivery log read back through the API.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Msisdn } from '../../../domain/phone';
import { startWorkers } from '../../../bots/app/services';
import { eventually, testSettings, useProduct } from '../../support/chat';
import { expectConsistent } from '../../support/ledger';
import { startReceiver, type ReceivedRequest, type Receiver } from '../../domain/merchants/webhooks/receiver';
import { signedWith } from '../../domain/merchants/webhooks/independentVerifier';
import { fund } from '../e2e.support';

// The product's clock runs with real time, moved forward by the tests when they wait for a retry.
let skew = 0;
const clock = () => new Date(Date.now() + skew);
const product = useProduct({
  clock,
  settings: { WEBHOOK_ALLOW_HTTP: true, WEBHOOK_ALLOW_PRIVATE_ADDRESSES: true, WEBHOOK_TIMEOUT_MS: 2000 },
});

/** An answer's body as JSON.parse types it: the expectations check its fields. */
type Json = ReturnType<typeof JSON.parse>;

let receiver: Receiver;
let merchantId: string;
let payer: Msisdn;
const keys = { all: '', readOnly: '' };

async function call(
  method: string,
  path: string,
  options: { key?: string; body?: unknown; idempotencyKey?: string } = {},
): Promise<{ status: number; body: Json; headers: Headers }> {
  const headers: Record<string, string> = { authorization: `Bearer ${options.key ?? keys.all}` };
  if (method === 'POST') headers['idempotency-key'] = options.idempotencyKey ?? randomUUID();
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${product.api.url}${path}`, {
    method,
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  return { status: response.status, body: (await response.json()) as Json, headers: response.headers };
}

/** A POST retried while the same key's first call is still running (409), as a client is told to. */
async function postUntilDecided(path: string, body: unknown, idempotencyKey: string) {
  for (;;) {
    const answer = await call('POST', path, { body, idempotencyKey });
    if (answer.status !== 409 || answer.body.error?.code !== 'idempotency_in_progress') return answer;
    await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 30));
  }
}

async function signUp(msisdn: string, name: string): Promise<Msisdn> {
  const result = await product.services.people.signUp({
    msisdn: msisdn as Msisdn,
    name,
    language: 'fr',
    pin: '2468',
  });
  if (!result.ok) throw new Error(result.reason);
  return msisdn as Msisdn;
}

function received(type: string): ReceivedRequest[] {
  return receiver.requests.filter((r) => r.headers['x-event-type'] === type);
}

beforeAll(async () => {
  receiver = await startReceiver();
  const owner = await signUp('237677610001', 'Ngono Marie');
  payer = await signUp('237677610002', 'Fotso Awa');
  await fund(product, payer, 200_000);
  const opened = await product.services.merchants.open({ owner, name: 'Boulangerie Ngono', category: 'food' });
  if (!opened.ok) throw new Error(opened.reason);
  merchantId = opened.merchant._id;
  keys.all = (await product.services.apiKeys.create(merchantId, { scopes: ['read', 'write'] })).secret;
  keys.readOnly = (await product.services.apiKeys.create(merchantId, { scopes: ['read'] })).secret;
});
afterAll(async () => {
  await receiver.close();
});
afterEach(() => expectConsistent(product.services.ledger.store));

describe('the merchant API on the real product', () => {
  let endpoint: { id: string; secret: string };
  let paymentRequest: Json;
  let succeededEventId: string;

  it('registers a webhook endpoint and shows its secret once', async () => {
    const created = await call('POST', '/webhook_endpoints', {
      body: { url: receiver.url, events: ['payment.succeeded', 'payment_request.created'] },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      object: 'webhook_endpoint',
      url: receiver.url,
      events: ['payment.succeeded', 'payment_request.created'],
      status: 'enabled',
    });
    expect(created.body.secret).toMatch(/^whsec_/);
    endpoint = { id: created.body.id, secret: created.body.secret };

    const read = await call('GET', `/webhook_endpoints/${endpoint.id}`);
    expect(read.status).toBe(200);
    expect(JSON.stringify(read.body)).not.toContain(endpoint.secret);
    const list = await call('GET', '/webhook_endpoints');
    expect(list.body.data.map((e: Json) => e.id)).toEqual([endpoint.id]);
  });

  it('creates one payment request for twenty concurrent POSTs with one Idempotency-Key, all answered alike', async () => {
    const idempotencyKey = randomUUID();
    const body = { amount: 12_000, currency: 'XAF', payer: '677 61 00 02', order_reference: 'CMD-77' };
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => postUntilDecided('/payment_requests', body, idempotencyKey)),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
    for (const answer of answers) expect(answer.body).toEqual(answers[0]!.body);
    paymentRequest = answers[0]!.body;
    expect(paymentRequest).toMatchObject({
      object: 'payment_request',
      amount: 12_000,
      payer: '237677610002',
      order_reference: 'CMD-77',
      source: 'api',
      status: 'open',
    });
    const stored = await product.services.merchantRequests.list(merchantId, { limit: 100 });
    expect(stored.data.map((v) => v.id)).toEqual([paymentRequest.id]);
  });

  it('tells the endpoint of the payment, signed with its secret, and lists the event and its delivery', async () => {
    const paid = await product.services.paymentRequests.pay({
      id: randomUUID(),
      requestId: paymentRequest.request_id,
      payer,
    });
    expect(paid).toMatchObject({ ok: true });
    const pass = await product.services.webhookWorker.runPass();
    expect(pass).toMatchObject({ delivered: 2, retrying: 0, failed: 0 });

    const [delivery] = received('payment.succeeded');
    expect(delivery).toBeDefined();
    const signature = String(delivery!.headers['x-signature']);
    expect(await signedWith(signature, delivery!.rawBody, endpoint.secret)).toBe(true);
    expect(await signedWith(signature, `${delivery!.rawBody} `, endpoint.secret)).toBe(false);
    const event = JSON.parse(delivery!.rawBody) as Json;
    expect(event).toMatchObject({
      type: 'payment.succeeded',
      data: { object: { object: 'payment', id: paymentRequest.id, amount: 12_000, status: 'paid' } },
    });
    succeededEventId = event.id;
    expect(delivery!.headers['x-event-id']).toBe(succeededEventId);

    const events = await call('GET', '/events');
    expect(events.status).toBe(200);
    expect(events.body.data.map((e: Json) => e.type)).toEqual(['payment.succeeded', 'payment_request.created']);
    expect(events.body.data[0].id).toBe(succeededEventId);

    const log = await call('GET', `/events/${succeededEventId}/deliveries`);
    expect(log.status).toBe(200);
    expect(log.body.data).toHaveLength(1);
    expect(log.body.data[0]).toMatchObject({
      object: 'webhook_delivery',
      endpoint_id: endpoint.id,
      state: 'delivered',
      attempts: [{ number: 1, trigger: 'schedule', delivered: true, status_code: 200 }],
    });
  });

  it('shows the order as paid and the balance of the merchant', async () => {
    const order = await call('GET', '/orders/CMD-77');
    expect(order.status).toBe(200);
    expect(order.body).toMatchObject({ object: 'order', reference: 'CMD-77', paid: true, amount_paid: 12_000 });
    expect(order.body.payment_requests.map((p: Json) => p.id)).toEqual([paymentRequest.id]);
    const payments = await call('GET', '/payments');
    expect(payments.body.data.map((p: Json) => p.id)).toEqual([paymentRequest.id]);
    const merchant = await call('GET', '/merchant');
    expect(merchant.body).toMatchObject({ id: merchantId, balance: { amount: 12_000, currency: 'XAF' } });
    expect((await call('GET', '/orders/NOPE-1')).status).toBe(404);
  });

  it('retries a delivery the endpoint answered 500 at the worker’s pass after the wait', async () => {
    receiver.reset();
    receiver.answer({ status: 500, body: 'down for maintenance' });
    const created = await call('POST', '/payment_requests', {
      body: { amount: 3_000, currency: 'XAF', payer: '237677610002', order_reference: 'CMD-78' },
    });
    expect(created.status).toBe(201);
    expect(await product.services.webhookWorker.runPass()).toMatchObject({ retrying: 1 });
    expect(await product.services.webhookWorker.runPass()).toMatchObject({ examined: 0 });

    skew += 2 * 60_000;
    expect(await product.services.webhookWorker.runPass()).toMatchObject({ delivered: 1 });
    expect(receiver.requests.map((r) => r.headers['x-webhook-attempt'])).toEqual(['1', '2']);
    const eventId = String(receiver.requests[0]!.headers['x-event-id']);
    const log = await call('GET', `/events/${eventId}/deliveries`);
    expect(log.body.data[0]).toMatchObject({
      state: 'delivered',
      attempt_count: 2,
      attempts: [
        { number: 1, delivered: false, status_code: 500, response_snippet: 'down for maintenance' },
        { number: 2, delivered: true, status_code: 200 },
      ],
    });
  });

  it('re-sends an event on demand, and refuses an unknown endpoint or event', async () => {
    receiver.reset();
    const resent = await call('POST', `/events/${succeededEventId}/resend`, { body: {} });
    expect(resent.status).toBe(200);
    expect(resent.body).toMatchObject({
      object: 'webhook_resend',
      event_id: succeededEventId,
      attempts: [{ endpoint_id: endpoint.id, number: 2, trigger: 'resend', delivered: true, status_code: 200 }],
    });
    expect(receiver.requests.map((r) => r.headers['x-event-id'])).toEqual([succeededEventId]);
    const log = await call('GET', `/events/${succeededEventId}/deliveries`);
    expect(log.body.data[0].attempts.map((a: Json) => a.trigger)).toEqual(['schedule', 'resend']);

    const unknownEndpoint = await call('POST', `/events/${succeededEventId}/resend`, {
      body: { endpoint_id: 'we_nosuchendpoint00' },
    });
    expect(unknownEndpoint.status).toBe(404);
    expect(unknownEndpoint.body.error).toMatchObject({ code: 'webhook_endpoint_not_found', field: 'endpoint_id' });
    expect((await call('POST', '/events/evt_000000000000000000000000/resend', { body: {} })).status).toBe(404);
  });

  it('rotates the secret (both sign meanwhile), disables, enables and deletes the endpoint', async () => {
    const rotated = await call('POST', `/webhook_endpoints/${endpoint.id}/rotate_secret`, {
      body: { keep_old_for_hours: 1 },
    });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secrets).toHaveLength(2);
    receiver.reset();
    await call('POST', `/events/${succeededEventId}/resend`, { body: { endpoint_id: endpoint.id } });
    const [delivery] = receiver.requests;
    const signature = String(delivery!.headers['x-signature']);
    expect(await signedWith(signature, delivery!.rawBody, rotated.body.secret)).toBe(true);
    expect(await signedWith(signature, delivery!.rawBody, endpoint.secret)).toBe(true);

    const disabled = await call('POST', `/webhook_endpoints/${endpoint.id}/disable`);
    expect(disabled.body).toMatchObject({ id: endpoint.id, status: 'disabled' });
    const refused = await call('POST', `/events/${succeededEventId}/resend`, { body: { endpoint_id: endpoint.id } });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('webhook_endpoint_disabled');
    const enabled = await call('POST', `/webhook_endpoints/${endpoint.id}/enable`);
    expect(enabled.body).toMatchObject({ id: endpoint.id, status: 'enabled' });

    const deleted = await call('DELETE', `/webhook_endpoints/${endpoint.id}`);
    expect(deleted.body).toEqual({ object: 'webhook_endpoint', id: endpoint.id, deleted: true });
    expect((await call('GET', `/webhook_endpoints/${endpoint.id}`)).status).toBe(404);
  });

  it('refuses a webhook URL that is not a URL, and unknown event types', async () => {
    const badUrl = await call('POST', '/webhook_endpoints', { body: { url: 'not a url', events: ['*'] } });
    expect(badUrl.status).toBe(400);
    expect(badUrl.body.error).toMatchObject({ code: 'url_invalid', field: 'url' });
    const badEvents = await call('POST', '/webhook_endpoints', {
      body: { url: receiver.url, events: ['*', 'payment.succeeded'] },
    });
    expect(badEvents.status).toBe(400);
    expect(badEvents.body.error).toMatchObject({ code: 'events_invalid', field: 'events' });
  });

  it('refuses changes to a read-only key (403 naming the scope) and lets it read', async () => {
    const body = { amount: 1_000, currency: 'XAF', payer: '237677610002' };
    const post = await call('POST', '/payment_requests', { key: keys.readOnly, body });
    expect(post.status).toBe(403);
    expect(post.body.error).toMatchObject({ type: 'permission', code: 'scope_missing' });
    const endpointPost = await call('POST', '/webhook_endpoints', {
      key: keys.readOnly,
      body: { url: receiver.url, events: ['*'] },
    });
    expect(endpointPost.status).toBe(403);
    expect((await call('GET', `/payment_requests/${paymentRequest.id}`, { key: keys.readOnly })).status).toBe(200);
    expect((await call('GET', '/webhook_endpoints', { key: keys.readOnly })).status).toBe(200);
  });

  it('maps the services’ refusals: above the merchant’s limit per payment', async () => {
    const above = await call('POST', '/payment_requests', {
      body: { amount: 150_000, currency: 'XAF', payer: '237677610002' },
    });
    expect(above.status).toBe(400);
    expect(above.body.error).toMatchObject({ code: 'above_payment_limit', field: 'amount' });
  });

  it('accepts the curl example of docs/merchants.md as written', async () => {
    const docs = readFileSync(path.join(__dirname, '../../../docs/merchants.md'), 'utf8');
    const curl = /```sh\n(curl -X POST [\s\S]*?)```/.exec(docs)?.[1] ?? '';
    const url = /curl -X POST "([^"]+)"/.exec(curl)?.[1] ?? '';
    const body = /-d '([^']+)'/.exec(curl)?.[1] ?? '';
    expect(curl).toContain('-H "Idempotency-Key: $(uuidgen)"');
    expect(curl).toContain('-H "Authorization: Bearer $API_KEY"');
    const created = await call('POST', new URL(url).pathname.replace(/^\/api\/v1/, ''), { body: JSON.parse(body) });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ object: 'payment_request', amount: 5000, order_reference: 'A-1001' });
  });

  it('delivers without being driven once the workers of npm start run', async () => {
    const created = await call('POST', '/webhook_endpoints', { body: { url: receiver.url, events: ['*'] } });
    expect(created.status).toBe(201);
    receiver.reset();
    const reports: string[] = [];
    const workers = startWorkers(product.services, { ...testSettings, WEBHOOK_INTERVAL_MS: 100 }, (worker) => {
      reports.push(worker);
    });
    try {
      const request = await call('POST', '/payment_requests', {
        body: { amount: 2_000, currency: 'XAF', payer: '237677610002' },
      });
      expect(request.status).toBe(201);
      await eventually(() => {
        expect(received('payment_request.created')).toHaveLength(1);
      });
      expect(JSON.parse(received('payment_request.created')[0]!.rawBody).data.object.id).toBe(request.body.id);
      expect(reports).toContain('webhooks');
    } finally {
      await workers.stop();
    }
  });

  it('never logs a key, a webhook secret or a full phone number', () => {
    const logs = product.api.logs();
    expect(logs).toContain('/api/v1');
    expect(logs).not.toContain(keys.all);
    expect(logs).not.toContain('whsec_');
    expect(logs).not.toContain('237677610002');
  });
});
