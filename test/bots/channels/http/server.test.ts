/**
 * The HTTP server through real HTTP: probes on the real database, Prometheus metrics, security headers, body
 * limits, request logs, the one error mapping, and a graceful stop that lets turns in flight finish.
 */
import { randomUUID } from 'node:crypto';
import express from 'express';
import mongoose from 'mongoose';
import { HttpError } from '../../../../bots/channels/http/errors';
import { countLedgerOperations, Metrics } from '../../../../bots/channels/http/metrics';
import { databaseReadiness, type Readiness } from '../../../../bots/channels/http/readiness';
import { createHttpApp, type HttpChannel } from '../../../../bots/channels/http/server';
import { ChannelTurns } from '../../../../bots/channels/http/turns';
import type { Conversations } from '../../../../bots/runtime/conversations';
import type { Inbound, TurnResult } from '../../../../bots/runtime/inbound';
import { accountIds } from '../../../../domain/ledger/accounts';
import type { Msisdn } from '../../../../domain/phone';
import { MongoOutbox } from '../../../../integrations/mongo/outbox';
import { expectConsistent, useLedger } from '../../../support/ledger';
import { capturedLogs, serve } from './support';
import { withoutIds } from '../../../support/withoutIds';

const fixture = useLedger();

/** A channel for these tests: runs a turn for `text` and answers it as JSON; `/fail` is a fault. */
function echoChannel(turns: ChannelTurns): HttpChannel {
  const router = express.Router();
  router.post('/', async (req, res) => {
    const { text } = req.body as { text: string };
    const result = await turns.handle({
      channel: 'console',
      msisdn: '237677300001' as Msisdn,
      messageId: randomUUID(),
      at: new Date(),
      type: 'text',
      text,
    });
    res.json({ replies: result.replies.map((r) => r.key) });
  });
  router.post('/fail', () => {
    throw new Error('boom: the database said something private');
  });
  router.post('/refuse', () => {
    throw new HttpError(403, 'not_yours');
  });
  return { path: '/webhooks/echo', router };
}

/** A runtime stand-in whose turns end when the test says so (the runtime itself is tested elsewhere). */
function gatedConversations() {
  const gates: (() => void)[] = [];
  let handled = 0;
  const conversations: Pick<Conversations, 'handle'> = {
    async handle(message: Inbound): Promise<TurnResult> {
      if (message.type === 'text' && message.text === 'slow') await new Promise<void>((open) => gates.push(open));
      handled += 1;
      return { language: 'en', replies: [{ kind: 'text', key: 'common.help' }], secretInput: false, duplicate: false };
    },
  };
  return {
    conversations,
    openGates: () => gates.splice(0).forEach((open) => open()),
    waitingTurns: () => gates.length,
    handled: () => handled,
  };
}

function appWith(options: { readiness?: () => Promise<Readiness> } = {}) {
  const logs = capturedLogs();
  const metrics = new Metrics();
  const runtime = gatedConversations();
  const turns = new ChannelTurns(runtime.conversations, metrics);
  const app = createHttpApp({
    turns,
    readiness: options.readiness ?? databaseReadiness(fixture.db.connection),
    metrics,
    // Served to anyone here, as on the loopback listener (test/bots/app/httpExposure.test.ts covers the token).
    metricsAccess: 'open',
    logger: logs.logger,
    channels: [echoChannel(turns)],
  });
  return { app, logs, metrics, runtime, turns };
}

function postJson(url: string, body: unknown, init: RequestInit = {}) {
  return fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    ...init,
  });
}

describe('the probes and metrics', () => {
  let subject: ReturnType<typeof appWith>;
  let server: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    subject = appWith();
    server = await serve(subject.app);
  });
  afterAll(async () => {
    await server.close();
  });

  it('says it is alive on /healthz, with security headers and a request id', async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=/);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('x-powered-by')).toBeNull();
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('says it is ready on /readyz when the database answers a ping', async () => {
    const response = await fetch(`${server.url}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, details: { database: 'up', pingMs: expect.any(Number) } });
  });

  it('serves Prometheus text on /metrics: messages, turn latency, outbox backlog, ledger operations, process', async () => {
    await new MongoOutbox(fixture.db.connection).notify(
      '237677300002' as Msisdn,
      { key: 'payments.received', params: {} },
      `metrics-${randomUUID()}`,
    );
    countLedgerOperations(fixture.ledger, subject.metrics);
    const wallet = await fixture.wallet(1000);
    const refused = await fixture.ledger.transfer({
      id: `too-much-${randomUUID()}`,
      kind: 'p2p',
      debit: wallet,
      credits: [{ account: accountIds.wallet('237677300003' as Msisdn), amount: 5000 }],
      mode: 'single',
    });
    expect(refused.ok).toBe(false);
    await postJson(`${server.url}/webhooks/echo`, { text: 'hi' });
    // The outbox delivery counts the backlog from time to time (bots/app/outboxDelivery.ts); here, once, by hand.
    subject.metrics.setOutboxBacklog(await new MongoOutbox(fixture.db.connection).backlog());

    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).toContain('chatpay_messages_total{channel="console",kind="turn"} 1');
    expect(text).toContain('chatpay_turn_duration_seconds_count{channel="console"} 1');
    expect(text).toMatch(/^chatpay_outbox_backlog 1$/m);
    expect(text).toContain('chatpay_ledger_operations_total{operation="transfer",outcome="ok"} 1');
    expect(text).toContain(
      `chatpay_ledger_operations_total{operation="transfer",outcome="${refused.ok ? '' : refused.reason}"} 1`,
    );
    expect(text).toMatch(/chatpay_http_requests_total\{method="GET",route="\/healthz",status="200"\} [1-9]/);
    expect(text).toContain('process_cpu_user_seconds_total');
    await expectConsistent(fixture.store);
  });

  it('shows the backlog as unknown (NaN) until it is counted, or when its count failed', async () => {
    const metrics = new Metrics({ processMetrics: false });
    expect((await metrics.exposition()).text).toMatch(/^chatpay_outbox_backlog nan$/im);
    metrics.setOutboxBacklog(3);
    expect((await metrics.exposition()).text).toMatch(/^chatpay_outbox_backlog 3$/m);
    metrics.setOutboxBacklog(Number.NaN);
    const { text } = await metrics.exposition();
    // prom-client writes "Nan", which Prometheus reads as NaN (its parser ignores the case).
    expect(text).toMatch(/^chatpay_outbox_backlog nan$/im);
  });
});

describe('readiness', () => {
  it('answers 503 on /readyz when the database is unreachable', async () => {
    const closed = await mongoose.createConnection(fixture.db.uri).asPromise();
    await closed.close();
    const subject = appWith({ readiness: databaseReadiness(closed, 1000) });
    const server = await serve(subject.app);
    try {
      const response = await fetch(`${server.url}/readyz`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ ok: false, details: { database: 'down' } });
    } finally {
      await server.close();
    }
  });

  it('answers 503 when the check itself fails, without its message', async () => {
    const subject = appWith({ readiness: () => Promise.reject(new Error('secret host db-7.internal')) });
    const server = await serve(subject.app);
    try {
      const response = await fetch(`${server.url}/readyz`);
      expect(response.status).toBe(503);
      expect(await response.text()).not.toContain('db-7');
    } finally {
      await server.close();
    }
  });
});

describe('requests and errors', () => {
  let subject: ReturnType<typeof appWith>;
  let server: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    subject = appWith();
    server = await serve(subject.app);
  });
  afterAll(async () => {
    await server.close();
  });

  it('refuses a body over 32 kB with 413 before any turn runs', async () => {
    const before = subject.runtime.handled();
    const form = await fetch(`${server.url}/webhooks/echo`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `text=${'a'.repeat(40 * 1024)}`,
    });
    expect(form.status).toBe(413);
    expect(await form.json()).toEqual({ error: 'body_too_large' });
    const json = await postJson(`${server.url}/webhooks/echo`, { text: 'b'.repeat(40 * 1024) });
    expect(json.status).toBe(413);
    expect(subject.runtime.handled()).toBe(before);
  });

  it('accepts a body under the limit', async () => {
    const response = await postJson(`${server.url}/webhooks/echo`, { text: 'c'.repeat(20 * 1024) });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ replies: ['common.help'] });
  });

  it('answers malformed JSON with 400 and does not echo it', async () => {
    const response = await fetch(`${server.url}/webhooks/echo`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"pin": "8351",',
    });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: 'bad_body' });
    expect(text).not.toContain('8351');
  });

  it('answers an unknown route with 404', async () => {
    const response = await fetch(`${server.url}/nothing/here`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'not_found' });
  });

  it('answers a route’s own refusal with its status and code', async () => {
    const response = await postJson(`${server.url}/webhooks/echo/refuse`, {});
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: 'not_yours' });
  });

  it('answers a fault with 500 and no detail, and logs it without the body', async () => {
    const response = await postJson(`${server.url}/webhooks/echo/fail`, { pin: '83519' });
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: 'internal_error' });
    expect(text).not.toMatch(/boom|private|at /);
    const failure = subject.logs.lines().find((line) => line.msg === 'request failed');
    expect(failure).toMatchObject({ level: 50, err: { message: 'boom: the database said something private' } });
    expect(withoutIds(subject.logs.text())).not.toContain('83519');
  });

  it('logs one line per request with its route pattern, never the raw path, query or headers', async () => {
    await fetch(`${server.url}/pay/237677123456?From=%2B237677123456`, { headers: { 'X-Secret': 's3cr3t' } });
    await postJson(`${server.url}/webhooks/echo`, { text: 'hello 237677123456' });
    const requests = subject.logs.lines().filter((line) => line.msg === 'http request');
    expect(requests.slice(-2)).toEqual([
      expect.objectContaining({ method: 'GET', route: 'unmatched', status: 404, durationMs: expect.any(Number) }),
      expect.objectContaining({ method: 'POST', route: '/webhooks/echo', status: 200 }),
    ]);
    expect(subject.logs.text()).not.toMatch(/677123456|s3cr3t|hello/);
  });
});

describe('stopping', () => {
  it('stops accepting, lets the turns in flight finish and answer, then closes', async () => {
    const subject = appWith();
    const server = await serve(subject.app);
    const inFlight = postJson(`${server.url}/webhooks/echo`, { text: 'slow' });
    while (subject.runtime.waitingTurns() === 0) await new Promise((resolve) => setTimeout(resolve, 10));

    let closed = false;
    const closing = server.close().then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(closed).toBe(false);
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();

    subject.runtime.openGates();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ replies: ['common.help'] });
    await closing;
    expect(subject.turns.inFlight).toBe(0);
  });

  it('waits for a turn whose caller hung up, so it is finished and saved before the database closes', async () => {
    const subject = appWith();
    const server = await serve(subject.app);
    const caller = new AbortController();
    const request = postJson(`${server.url}/webhooks/echo`, { text: 'slow' }, { signal: caller.signal });
    while (subject.runtime.waitingTurns() === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    caller.abort();
    await expect(request).rejects.toThrow();

    let closed = false;
    const closing = server.close().then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(closed).toBe(false);
    subject.runtime.openGates();
    await closing;
    expect(subject.runtime.handled()).toBe(1);
  });
});
