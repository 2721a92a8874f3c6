/**
 * Refunds through the merchant API end to end: the API served as the product serves it (createHttpApp with the API
 * as a channel) by two servers, each on its own createServices over the same FerretDB database (two processes), its
 * refunds port bound to the real Refunds (refundApiPort.ts), real keys and payments, real HTTP. Every refund here
 * goes back to the payer's wallet (a ledger transfer), so its end is known when the call answers.
 */
import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { merchantApiChannel } from '../../../bots/api/merchantApi';
import type { MerchantApiPorts } from '../../../bots/api/ports';
import { merchantApiPorts } from '../../../bots/app/merchantApiPorts';
import { createServices, startWorkers, type Services } from '../../../bots/app/services';
import { Metrics } from '../../../bots/channels/http/metrics';
import { createHttpApp, type RunningHttpServer } from '../../../bots/channels/http/server';
import { ChannelTurns } from '../../../bots/channels/http/turns';
import { accountIds, type AccountId } from '../../../domain/ledger/accounts';
import type { ApiScope } from '../../../domain/merchants/apiKey';
import { merchantRequestId } from '../../../domain/merchants/merchantPaymentView';
import { refundSlotId, refundTransferId } from '../../../domain/merchants/refunds/refund';
import type { Msisdn } from '../../../domain/phone';
import { ensureApiIdempotencyIndexes, MongoApiIdempotencyStore } from '../../../integrations/mongo/apiIdempotencyStore';
import { ensureApiRateLimitIndexes, MongoApiRateLimitStore } from '../../../integrations/mongo/apiRateLimitStore';
import { MongoMerchantRefundStore } from '../../../integrations/mongo/merchantRefundStore';
import { eventually, testSettings, useProduct } from '../../support/chat';
import { expectConsistent } from '../../support/ledger';
import { capturedLogs, serve } from '../channels/http/support';
import { balanceOf, fund } from '../e2e.support';

const product = useProduct();
const servers: (RunningHttpServer & { url: string })[] = [];
let other: Services;

/** The API's ports over one process's services, bound as the product binds them. */
function portsOver(services: Services, connection: Connection): MerchantApiPorts {
  return {
    ...merchantApiPorts(services),
    idempotency: new MongoApiIdempotencyStore(connection),
    rateLimits: new MongoApiRateLimitStore(connection),
  };
}

async function serveApi(services: Services): Promise<RunningHttpServer & { url: string }> {
  const connection = product.db.connection;
  const metrics = new Metrics({ processMetrics: false });
  const { logger } = capturedLogs();
  const app = createHttpApp({
    turns: new ChannelTurns({ handle: async () => [] } as never, metrics),
    readiness: async () => ({ ok: true, details: {} }),
    metrics,
    logger,
    channels: [
      merchantApiChannel({
        ports: portsOver(services, connection),
        logger,
        settings: {
          rateLimit: { requests: 10_000, windowSeconds: 10 },
          idempotency: { lockTimeoutMs: 60_000, retentionMs: 25 * 3_600_000 },
          publicUrl: 'https://pay.example.cm',
        },
      }),
    ],
  });
  return serve(app);
}

beforeAll(async () => {
  await ensureApiIdempotencyIndexes(product.db.connection);
  await ensureApiRateLimitIndexes(product.db.connection);
  other = await createServices(product.db.connection, testSettings, product.serviceOptions());
  servers.push(await serveApi(product.services), await serveApi(other));
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});
afterEach(() => expectConsistent(product.services.ledger.store));

/** The answer's body as JSON.parse types it: expectations check every field read. */
type Json = ReturnType<typeof JSON.parse>;

/** Calls the API on server `via` (0 or 1) with a bearer secret. */
async function call(
  method: string,
  path: string,
  options: { secret: string; body?: unknown; idempotencyKey?: string; via?: number },
): Promise<{ status: number; body: Json }> {
  const headers: Record<string, string> = { authorization: `Bearer ${options.secret}` };
  if (options.idempotencyKey !== undefined) headers['idempotency-key'] = options.idempotencyKey;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${servers[options.via ?? 0]!.url}/api/v1${path}`, {
    method,
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  return { status: response.status, body: await response.json() };
}

let numbers = 0;
/** A fresh number for each person of the file. */
function nextNumber(): Msisdn {
  numbers += 1;
  return `2376776${String(numbers).padStart(5, '0')}` as Msisdn;
}

async function signUp(name: string): Promise<Msisdn> {
  const msisdn = nextNumber();
  const result = await product.services.people.signUp({ msisdn, name, language: 'fr', pin: '2468' });
  if (!result.ok) throw new Error(result.reason);
  return msisdn;
}

interface Shop {
  merchantId: string;
  /** The merchant's ledger account, where its payments land. */
  account: AccountId;
  owner: Msisdn;
  /** A key with every scope. */
  secret: string;
  payer: Msisdn;
}

async function aShop(scopes: ApiScope[] = ['read', 'write', 'refunds']): Promise<Shop> {
  const owner = await signUp('Ngono Marie');
  const payer = await signUp('Fotso Awa');
  await fund(product, payer, 150_000);
  const opened = await product.services.merchants.open({ owner, name: 'Boulangerie Ngono', category: 'food' });
  if (!opened.ok) throw new Error(opened.reason);
  const { secret } = await product.services.apiKeys.create(opened.merchant._id, { scopes });
  return { merchantId: opened.merchant._id, account: opened.merchant.account, owner, secret, payer };
}

/** A payment of `amount` the shop's payer made from their wallet; answers its id as the API shows it. */
async function aPayment(shop: Shop, amount: number, orderReference?: string): Promise<string> {
  const created = await product.services.merchantRequests.create({
    merchantId: shop.merchantId,
    id: `order-${randomUUID().slice(0, 8)}`,
    payer: shop.payer,
    amount,
    ...(orderReference === undefined ? {} : { orderReference }),
    source: 'api',
  });
  if (!created.ok) throw new Error(created.reason);
  const paid = await product.services.paymentRequests.pay({
    id: randomUUID(),
    requestId: created.payment.requestId,
    payer: shop.payer,
  });
  if (!paid.ok) throw new Error(`not paid: ${JSON.stringify(paid)}`);
  return created.payment.id;
}

/** The refund records of a payment, read from the database. */
function refundsInDatabase(shop: Shop, paymentId: string) {
  return new MongoMerchantRefundStore(product.db.connection).ofRequest(merchantRequestId(shop.merchantId, paymentId));
}

describe('POST /api/v1/refunds', () => {
  it('makes one refund of twenty concurrent calls with one Idempotency-Key through two servers, all answered alike', async () => {
    const shop = await aShop();
    const payment = await aPayment(shop, 10_000);
    const before = (await balanceOf(product, shop.payer)).available;

    const body = { payment, amount: 4_000, reason: 'Article manquant' };
    const post = (via: number) =>
      call('POST', '/refunds', { secret: shop.secret, idempotencyKey: 'refund-once', body, via });
    const first = await Promise.all(Array.from({ length: 20 }, (_, i) => post(i % 2)));
    // A copy that arrives while the first still runs is told so (409, try again); the client then retries.
    for (const answer of first) expect([201, 409]).toContain(answer.status);
    const made = await Promise.all(
      first.map(async (answer, i) => {
        let latest = answer;
        while (latest.status === 409) {
          expect(latest.body.error.code).toBe('idempotency_in_progress');
          await new Promise((resolve) => setTimeout(resolve, 20));
          latest = await post(i % 2);
        }
        return latest;
      }),
    );
    expect(made.map((a) => a.status)).toEqual(Array(20).fill(201));
    expect(new Set(made.map((a) => JSON.stringify(a.body))).size).toBe(1);
    expect(made[0]!.body).toMatchObject({
      object: 'refund',
      id: expect.stringMatching(/^re_[0-9a-f]{24}$/),
      payment,
      amount: 4_000,
      currency: 'XAF',
      destination: 'wallet',
      status: 'processed',
      reason: 'Article manquant',
      failure_reason: null,
      short_reference: expect.any(String),
      created_at: expect.any(String),
      processed_at: expect.any(String),
    });
    expect(await refundsInDatabase(shop, payment)).toHaveLength(1);
    expect((await balanceOf(product, shop.payer)).available).toBe(before + 4_000);

    expect(await post(0)).toEqual({ status: 201, body: made[0]!.body });
  });

  it('never refunds more than was paid when two partial refunds race under different keys (five rounds)', async () => {
    const shop = await aShop();
    for (let round = 0; round < 5; round += 1) {
      const payment = await aPayment(shop, 10_000);
      const answers = await Promise.all(
        [6_000, 7_000].map((amount, i) =>
          call('POST', '/refunds', {
            secret: shop.secret,
            idempotencyKey: `race-${round}-${i}`,
            body: { payment, amount },
            via: i,
          }),
        ),
      );
      const made = answers.filter((a) => a.status === 201);
      const refused = answers.filter((a) => a.status !== 201);
      expect(made).toHaveLength(1);
      expect(made[0]!.body.status).toBe('processed');
      expect(refused).toHaveLength(1);
      expect(refused[0]!).toMatchObject({
        status: 400,
        body: { error: { type: 'invalid_request', code: 'exceeds_refundable', field: 'amount' } },
      });
      const recorded = await refundsInDatabase(shop, payment);
      expect(recorded.map((r) => r.amount)).toEqual([made[0]!.body.amount]);
    }
  });

  it('refunds all that is left when no amount is given, then refuses any more', async () => {
    const shop = await aShop();
    const payment = await aPayment(shop, 8_000);
    const partial = await call('POST', '/refunds', {
      secret: shop.secret,
      idempotencyKey: 'part',
      body: { payment, amount: 3_000 },
    });
    expect(partial.status).toBe(201);

    const rest = await call('POST', '/refunds', {
      secret: shop.secret,
      idempotencyKey: 'rest',
      body: { payment, currency: 'XAF', destination: 'wallet' },
    });
    expect(rest).toMatchObject({ status: 201, body: { amount: 5_000, status: 'processed', payment } });

    const more = await call('POST', '/refunds', { secret: shop.secret, idempotencyKey: 'more', body: { payment } });
    expect(more).toMatchObject({ status: 400, body: { error: { code: 'exceeds_refundable' } } });
    expect((await refundsInDatabase(shop, payment)).map((r) => r.amount).sort()).toEqual([3_000, 5_000]);
  });

  it('is forbidden to a key without the refunds scope, and moves nothing', async () => {
    const shop = await aShop(['read', 'write']);
    const payment = await aPayment(shop, 5_000);
    const answer = await call('POST', '/refunds', {
      secret: shop.secret,
      idempotencyKey: 'no-scope',
      body: { payment },
    });
    expect(answer).toMatchObject({ status: 403, body: { error: { type: 'permission', code: 'scope_missing' } } });
    expect(await refundsInDatabase(shop, payment)).toEqual([]);
  });

  it("answers 404 for another merchant's payment, and for a payment that does not exist", async () => {
    const mine = await aShop();
    const theirs = await aShop();
    const theirPayment = await aPayment(theirs, 5_000);
    for (const payment of [theirPayment, 'order-nothing']) {
      const answer = await call('POST', '/refunds', {
        secret: mine.secret,
        idempotencyKey: `other-${payment}`,
        body: { payment },
      });
      expect(answer).toMatchObject({
        status: 404,
        body: { error: { type: 'not_found', code: 'payment_not_found', field: 'payment' } },
      });
    }
    expect(await refundsInDatabase(theirs, theirPayment)).toEqual([]);
  });

  it('refuses a payment not paid yet (409) and an amount in decimals (400)', async () => {
    const shop = await aShop();
    const open = await product.services.merchantRequests.create({
      merchantId: shop.merchantId,
      id: 'order-unpaid',
      payer: shop.payer,
      amount: 2_000,
      source: 'api',
    });
    if (!open.ok) throw new Error(open.reason);
    const unpaid = await call('POST', '/refunds', {
      secret: shop.secret,
      idempotencyKey: 'unpaid',
      body: { payment: open.payment.id },
    });
    expect(unpaid).toMatchObject({ status: 409, body: { error: { type: 'conflict', code: 'not_paid' } } });

    const payment = await aPayment(shop, 2_000);
    const decimals = await call('POST', '/refunds', {
      secret: shop.secret,
      idempotencyKey: 'decimals',
      body: { payment, amount: 10.5 },
    });
    expect(decimals).toMatchObject({ status: 400, body: { error: { type: 'invalid_request', field: 'amount' } } });
  });
});

describe('a refund the merchant cannot cover', () => {
  it('is answered 409 insufficient_funds, recorded as failed with its reason, and leaves the amount refundable', async () => {
    const shop = await aShop();
    const payment = await aPayment(shop, 7_000);
    // The merchant's money leaves its account (as a payout to its owner would take it).
    const away = await product.services.ledger.transfer({
      id: `away-${randomUUID()}`,
      kind: 'p2p',
      debit: shop.account,
      credits: [{ account: accountIds.wallet(shop.owner), amount: 5_000 }],
      mode: 'single',
    });
    expect(away.ok).toBe(true);

    const refused = await call('POST', '/refunds', {
      secret: shop.secret,
      idempotencyKey: 'short',
      body: { payment, reason: 'Commande annulée' },
    });
    expect(refused).toMatchObject({
      status: 409,
      body: { error: { type: 'conflict', code: 'insufficient_funds' } },
    });
    const listed = await call('GET', `/refunds?payment=${payment}`, { secret: shop.secret });
    expect(listed.body.data).toEqual([
      expect.objectContaining({
        amount: 7_000,
        status: 'failed',
        reason: 'Commande annulée',
        failure_reason: 'INSUFFICIENT_FUNDS',
        processed_at: null,
      }),
    ]);

    const affordable = await call('POST', '/refunds', {
      secret: shop.secret,
      idempotencyKey: 'affordable',
      body: { payment, amount: 2_000 },
    });
    expect(affordable).toMatchObject({ status: 201, body: { amount: 2_000, status: 'processed' } });
  });
});

describe('GET /api/v1/refunds', () => {
  it('shows a refund by its id and lists the refunds, of one payment with `payment`, to its own merchant only', async () => {
    const shop = await aShop();
    const first = await aPayment(shop, 6_000);
    const second = await aPayment(shop, 4_000);
    const made = [];
    for (const [key, payment, amount] of [
      ['l-1', first, 1_000],
      ['l-2', second, 2_000],
      ['l-3', first, 3_000],
    ] as const) {
      const answer = await call('POST', '/refunds', {
        secret: shop.secret,
        idempotencyKey: key,
        body: { payment, amount },
      });
      expect(answer.status).toBe(201);
      made.push(answer.body);
    }

    const one = await call('GET', `/refunds/${made[1].id}`, { secret: shop.secret });
    expect(one).toEqual({ status: 200, body: made[1] });

    const all = await call('GET', '/refunds?limit=2', { secret: shop.secret });
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ object: 'list', has_more: true });
    expect(all.body.data.map((r: Json) => r.id)).toEqual([made[2].id, made[1].id]);
    const next = await call('GET', `/refunds?limit=2&starting_after=${made[1].id}`, { secret: shop.secret });
    expect(next.body).toMatchObject({ has_more: false });
    expect(next.body.data.map((r: Json) => r.id)).toEqual([made[0].id]);

    const ofFirst = await call('GET', `/refunds?payment=${first}`, { secret: shop.secret });
    expect(ofFirst.body.data.map((r: Json) => r.amount)).toEqual([3_000, 1_000]);

    const stranger = await aShop();
    expect(await call('GET', `/refunds/${made[0].id}`, { secret: stranger.secret })).toMatchObject({
      status: 404,
      body: { error: { code: 'refund_not_found' } },
    });
    expect((await call('GET', '/refunds', { secret: stranger.secret })).body.data).toEqual([]);
  });
});

describe('a refund in the order it belongs to', () => {
  it('shows in GET /orders/:reference and in the order’s history the running product tells', async () => {
    const shop = await aShop();
    const payment = await aPayment(shop, 9_000, 'CMD-900');
    const refund = await call('POST', '/refunds', {
      secret: shop.secret,
      idempotencyKey: 'order-refund',
      body: { payment, amount: 2_500 },
    });
    expect(refund.status).toBe(201);

    const shown = await call('GET', '/orders/CMD-900', { secret: shop.secret, via: 1 });
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ paid: true, amount_paid: 9_000, amount_refunded: 2_500 });
    expect(shown.body.refunds).toEqual([refund.body]);
    // The payer is told in chat, through the outbox.
    expect((await product.services.outbox.for(shop.payer)).map((m) => m.notice.key)).toContain(
      'payments.refundedToWallet',
    );

    const order = await product.services.orders.status(shop.merchantId, 'CMD-900');
    expect(order?.refunds).toEqual([
      {
        requestId: merchantRequestId(shop.merchantId, payment),
        shortReference: refund.body.short_reference,
        status: 'processed',
        at: new Date(refund.body.processed_at),
        amount: 2_500,
      },
    ]);
    expect(order?.history.at(-1)).toMatchObject({
      status: 'refund_processed',
      shortReference: refund.body.short_reference,
    });
  });
});

describe('the refunds worker of the running product', () => {
  it('finishes a refund a dead process recorded but never paid, and stops with the other workers', async () => {
    const shop = await aShop();
    const payment = await aPayment(shop, 6_000);
    const paid = await product.services.merchantRequests.get(shop.merchantId, payment);
    const paymentTransferId = paid?.transferId;
    if (!paymentTransferId) throw new Error('not paid');
    // What a process leaves when it dies right after taking slot 1: the record, no money, no outcome.
    const slot = { paymentTransferId, n: 1 };
    await new MongoMerchantRefundStore(product.db.connection).insertRefund({
      _id: refundSlotId(paymentTransferId, 1),
      ...slot,
      merchantId: shop.merchantId,
      callerId: 're_deadprocess0000000000000',
      requestId: merchantRequestId(shop.merchantId, payment),
      amount: 6_000,
      destination: 'wallet',
      rail: null,
      payee: shop.payer,
      reason: null,
      requestedBy: null,
      shortReference: await product.services.shortReferences.reserve(refundTransferId(slot)),
      createdAt: new Date(),
      state: 'pending',
      processedAt: null,
    });
    const before = (await balanceOf(product, shop.payer)).available;

    const workers = startWorkers(other, { ...testSettings, SWEEP_INTERVAL_MS: 100 });
    try {
      await eventually(async () => {
        const shown = await call('GET', '/refunds/re_deadprocess0000000000000', { secret: shop.secret });
        expect(shown.body).toMatchObject({ status: 'processed', amount: 6_000, payment });
      });
    } finally {
      await workers.stop();
    }
    expect(workers.running()).toBe(false);
    expect((await balanceOf(product, shop.payer)).available).toBe(before + 6_000);
  });
});
