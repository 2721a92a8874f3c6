/**
 * The dashboard's webhooks over real HTTP on the real database, with a real receiver on a loopback port (allowed by
 * the WEBHOOK_ALLOW_* settings, as the API's end-to-end test does): an endpoint registered with its signing secret
 * shown once, a merchant event delivered and seen in the endpoint's log, a re-send making a new attempt, the secret
 * rotated and the endpoint deleted; the log paged 50 at a time; who may read and change webhooks, and a refused action
 * changes nothing.
 */
import type { Msisdn } from '../../../domain/phone';
import type { TeamRole } from '../../../domain/merchants/team/roles';
import { startReceiver, type Receiver } from '../../domain/merchants/webhooks/receiver';
import { eventually, useProduct } from '../../support/chat';
import { aPayment, aTeamMerchant, signIn, type DashboardClient, type TeamMerchant } from './dashboard.support';

const product = useProduct({
  pagesOnPort: true,
  settings: { WEBHOOK_ALLOW_HTTP: true, WEBHOOK_ALLOW_PRIVATE_ADDRESSES: true, WEBHOOK_TIMEOUT_MS: 2000 },
});

let receiver: Receiver;
let merchant: TeamMerchant;

beforeAll(async () => {
  receiver = await startReceiver();
  merchant = await aTeamMerchant(product, '237677769');
});
afterAll(async () => {
  await receiver.close();
});

function actor(role: TeamRole): Msisdn {
  return role === 'owner' ? merchant.owner : merchant.members[role];
}

/** A form with a repeated field (ticked boxes), as a browser posts it: the support's client sends one value each. */
async function postTicked(client: DashboardClient, path: string, fields: [string, string][]) {
  const response = await fetch(`${product.dashboard.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: client.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams([...fields, ['_csrf', client.csrf]]).toString(),
  });
  return { status: response.status, body: await response.text(), headers: response.headers };
}

function secretIn(html: string): string {
  const secret = /<p class="secret">(whsec_[A-Za-z0-9_-]{43})<\/p>/.exec(html)?.[1];
  if (!secret) throw new Error('the page shows no secret');
  return secret;
}

/** The endpoints as kept, secrets' dates included, to compare before and after a refused action. */
async function endpointsOf() {
  return (await product.services.webhooks.listEndpoints(merchant.merchantId)).map((e) => [
    e._id,
    e.url,
    e.status,
    e.secrets,
  ]);
}

it('registers an endpoint (secret once), logs a delivery, re-sends it, rotates the secret and deletes it', async () => {
  const developer = await signIn(product, merchant.members.developer);
  const created = await postTicked(developer, '/webhooks?lang=en', [
    ['url', receiver.url],
    ['events', 'payment.succeeded'],
    ['events', 'payment_request.created'],
  ]);
  expect(created.status).toBe(201);
  expect(created.headers.get('cache-control')).toBe('no-store');
  const secret = secretIn(created.body);
  const [endpoint] = await product.services.webhooks.listEndpoints(merchant.merchantId);
  expect(endpoint).toMatchObject({ url: receiver.url, events: ['payment.succeeded', 'payment_request.created'] });
  const list = await developer.get('/webhooks?lang=en');
  expect(list.body).toContain(receiver.url);
  expect(list.body).toContain('payment.succeeded, payment_request.created');
  expect(list.body).not.toContain(secret);

  // A merchant event: delivered by the worker, seen in the endpoint's log.
  await aPayment(product, merchant, '237677769200' as Msisdn, 'wh-pay', 3_000, { cashPointId: merchant.cashPointId });
  const events = await product.services.merchantEventStore.list(merchant.merchantId, { limit: 10 });
  const paid = events.find((e) => e.type === 'payment.succeeded');
  expect(paid).toBeDefined();
  await eventually(async () => {
    await product.services.webhookWorker.runPass();
    const [delivery] = await product.services.webhooks.deliveriesOf(merchant.merchantId, paid!._id);
    expect(delivery?.state).toBe('delivered');
  });
  const path = `/webhooks/${endpoint!._id}`;
  const log = await developer.get(`${path}?lang=en`);
  expect(log.status).toBe(200);
  expect(log.body).toContain('payment.succeeded');
  expect(log.body).toContain(paid!._id);
  expect(log.body).toContain('delivered');
  expect(log.body).toMatch(/<td class="amount wh-code">200<\/td>/);
  expect(log.body).not.toContain(secret);

  // A re-send: a new attempt, in the log.
  const deliveryId = `${paid!._id}:${endpoint!._id}`;
  const attemptsBefore = (await product.services.webhooks.attemptsOf(merchant.merchantId, deliveryId)) ?? [];
  const sentBefore = receiver.requests.filter((r) => r.headers['x-event-id'] === paid!._id).length;
  const resent = await developer.post(`${path}/resend?lang=en`, { eventId: paid!._id });
  expect(resent.status).toBe(303);
  expect(resent.location).toBe(`/dashboard${path}?done=resent&lang=en`);
  const attempts = (await product.services.webhooks.attemptsOf(merchant.merchantId, deliveryId)) ?? [];
  expect(attempts).toHaveLength(attemptsBefore.length + 1);
  expect(attempts.at(-1)).toMatchObject({ trigger: 'resend', delivered: true, statusCode: 200 });
  expect(receiver.requests.filter((r) => r.headers['x-event-id'] === paid!._id)).toHaveLength(sentBefore + 1);
  const after = await developer.get(`${path}?lang=en&done=resent`);
  expect(after.body).toContain('Sent again: the attempt is in the log.');
  expect(after.body).toContain(`<td class="amount">${attempts.length}</td>`);
  const unknown = await developer.post(`${path}/resend?lang=en`, { eventId: 'evt_notours' });
  expect(unknown.status).toBe(404);

  // Disabled, the endpoint takes no re-send (no new attempt); enabled again, it does.
  const disabled = await developer.post(`${path}/disable?lang=en`, {});
  expect(disabled.location).toBe('/dashboard/webhooks?done=disabled&lang=en');
  const refusedResend = await developer.post(`${path}/resend?lang=en`, { eventId: paid!._id });
  expect(refusedResend.status).toBe(409);
  expect(refusedResend.body).toContain('This endpoint is disabled.');
  expect(await product.services.webhooks.attemptsOf(merchant.merchantId, deliveryId)).toHaveLength(attempts.length);
  expect((await developer.post(`${path}/enable?lang=en`, {})).status).toBe(303);
  expect((await product.services.webhooks.getEndpoint(merchant.merchantId, endpoint!._id))?.status).toBe('enabled');

  // A new secret, shown once, different from the first.
  const rotated = await developer.post(`${path}/rotate?lang=en`, {});
  expect(rotated.status).toBe(200);
  const newSecret = secretIn(rotated.body);
  expect(newSecret).not.toBe(secret);
  expect((await product.services.webhooks.getEndpoint(merchant.merchantId, endpoint!._id))?.secrets).toHaveLength(2);

  expect(list.body).toContain(`data-confirm="Delete the endpoint ${receiver.url}?`);
  const deleted = await developer.post(`${path}/delete?lang=en`, {});
  expect(deleted.status).toBe(303);
  expect(await product.services.webhooks.listEndpoints(merchant.merchantId)).toEqual([]);
});

it('refuses a URL the policy refuses, and unknown event types, registering nothing', async () => {
  const owner = await signIn(product, merchant.owner);
  const before = await endpointsOf();
  const badUrl = await postTicked(owner, '/webhooks?lang=en', [
    ['url', 'ftp://example.com/hook'],
    ['events', '*'],
  ]);
  expect(badUrl.status).toBe(400);
  expect(badUrl.body).toContain('The URL must be http(s)');
  const badEvents = await postTicked(owner, '/webhooks?lang=en', [
    ['url', receiver.url],
    ['events', 'payment.stolen'],
  ]);
  expect(badEvents.status).toBe(400);
  const noEvents = await postTicked(owner, '/webhooks?lang=en', [['url', receiver.url]]);
  expect(noEvents.status).toBe(400);
  expect(await endpointsOf()).toEqual(before);
});

it('lets the owner, admin and developer change webhooks; operations and cashiers cannot touch them', async () => {
  const owner = await signIn(product, merchant.owner);
  const made = await postTicked(owner, '/webhooks', [
    ['url', receiver.url],
    ['events', '*'],
  ]);
  expect(made.status).toBe(201);
  const [endpoint] = await product.services.webhooks.listEndpoints(merchant.merchantId);
  const path = `/webhooks/${endpoint!._id}`;
  const cases: { role: TeamRole; read: number; change: number }[] = [
    { role: 'operations', read: 403, change: 403 },
    { role: 'cashier', read: 403, change: 403 },
    { role: 'viewer', read: 200, change: 403 },
    { role: 'admin', read: 200, change: 201 },
  ];
  for (const { role, read, change } of cases) {
    const client = await signIn(product, actor(role));
    const before = await endpointsOf();
    const answers = {
      role,
      list: (await client.get('/webhooks')).status,
      log: (await client.get(path)).status,
      create: (
        await postTicked(client, '/webhooks', [
          ['url', `${receiver.url}${role}`],
          ['events', '*'],
        ])
      ).status,
    };
    expect(answers).toEqual({ role, list: read, log: read, create: change });
    if (change === 403) {
      expect((await client.post(`${path}/rotate`, {})).status).toBe(403);
      expect((await client.post(`${path}/resend`, { eventId: 'evt_any' })).status).toBe(403);
      expect((await client.post(`${path}/delete`, {})).status).toBe(403);
      expect((await client.post(`${path}/disable`, {})).status).toBe(403);
      expect(await endpointsOf()).toEqual(before);
    }
  }
  expect(await product.services.webhooks.listEndpoints(merchant.merchantId)).toHaveLength(2);
});

it("pages an endpoint's log, newest event first, 50 a page, and shows no other endpoint's deliveries", async () => {
  const created = await product.services.webhooks.createEndpoint(merchant.merchantId, {
    url: `${receiver.url}paging`,
    events: ['payment.succeeded'],
  });
  if (!created.ok) throw new Error(`the endpoint was refused: ${created.reason}`);
  // An endpoint receives only the events after its creation.
  const start = created.endpoint.createdAt.getTime() + 1000;
  // 51 events a second apart, enqueued as the event recorder does (the worker is not run: they stay pending).
  const ids = Array.from({ length: 51 }, (_, n) => `evt_paging${String(n).padStart(2, '0')}`);
  for (const [n, id] of ids.entries()) {
    const event = { _id: id, merchantId: merchant.merchantId, type: 'payment.succeeded' as const, data: {} };
    await product.services.webhooks.enqueue({ ...event, createdAt: new Date(start + n * 1000) });
  }
  const viewer = await signIn(product, merchant.members.viewer);
  const path = `/webhooks/${created.endpoint._id}`;
  const shown = (html: string) =>
    [...html.matchAll(/<code class="wh-event">(evt_[a-z0-9]+)<\/code>/g)].map((m) => m[1]);

  const first = await viewer.get(`${path}?lang=en`);
  expect(shown(first.body)).toEqual(ids.slice(1).reverse());
  const older = /<a href="([^"]+)" rel="next">Older deliveries<\/a>/.exec(first.body)?.[1]?.replaceAll('&#38;', '&');
  expect(older).toBe(`/dashboard${path}?before=${encodeURIComponent(`${ids[1]}:${created.endpoint._id}`)}&lang=en`);
  const second = await viewer.get(older!.replace('/dashboard', ''));
  expect(shown(second.body)).toEqual([ids[0]]);
  expect(second.body).not.toContain('Older deliveries');

  // A cursor from another endpoint's log reads nothing of it.
  const [other] = (await product.services.webhooks.listEndpoints(merchant.merchantId)).filter(
    (e) => e._id !== created.endpoint._id,
  );
  const foreign = await viewer.get(`${path}?lang=en&before=${encodeURIComponent(`${ids[50]}:${other!._id}`)}`);
  expect(foreign.status).toBe(200);
  expect(shown(foreign.body)).toEqual([]);
  expect(foreign.body).toContain('No delivery to this endpoint yet.');
});
