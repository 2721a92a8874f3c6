/**
 * The merchant API served as the product serves it (createHttpApp with the API as a channel) on a loopback port, its
 * idempotency records and rate-limit hits in the test's real database, and in-memory fakes of the resource ports:
 * three keys with different scopes and one revoked, one merchant, payment requests kept in a map (each creation
 * counted, and optionally held at a gate to simulate a slow or dead process), events, and the webhooks service on
 * in-memory stores with a sender that records what it would send (one endpoint, EXAMPLE_ENDPOINT_ID, registered).
 */
import { FakeSalaryBatches } from './salaryBatchFakes';
import { Metrics } from '../../../bots/channels/http/metrics';
import { createHttpApp, type RunningHttpServer } from '../../../bots/channels/http/server';
import { ChannelTurns } from '../../../bots/channels/http/turns';
import { merchantApiChannel, type MerchantApiSettings } from '../../../bots/api/merchantApi';
import type {
  ApiKeyIdentity,
  MerchantApiPorts,
  MerchantPaymentView,
  MerchantRefundInput,
  MerchantRefundsPort,
  MerchantRefundView,
  MerchantRequestInput,
  MerchantRequestsPort,
} from '../../../bots/api/ports';
import { KycDocuments } from '../../../domain/merchants/kyc/kycDocuments';
import type { Merchant } from '../../../domain/merchants/merchant';
import { MemoryKycStore } from '../../../integrations/memory/memoryKycStore';
import type { MerchantEvent } from '../../../domain/merchants/merchantEvent';
import { MerchantWebhooks } from '../../../domain/merchants/webhooks/webhooks';
import type { WebhookRequest, WebhookSender } from '../../../domain/merchants/webhooks/webhookSender';
import { MemoryWebhookDeliveryStore } from '../../../integrations/memory/memoryWebhookDeliveryStore';
import { MemoryWebhookEndpointStore } from '../../../integrations/memory/memoryWebhookEndpointStore';
import { MongoApiIdempotencyStore, ensureApiIdempotencyIndexes } from '../../../integrations/mongo/apiIdempotencyStore';
import { MongoApiRateLimitStore, ensureApiRateLimitIndexes } from '../../../integrations/mongo/apiRateLimitStore';
import type { Connection } from 'mongoose';
import { capturedLogs, serve } from '../channels/http/support';
import { FakeInvoices, FakePaymentLinks } from './linkInvoiceFakes';
import { FakeMerchantPayouts } from './payoutFakes';

export const MERCHANT_ID = 'm_aaaaaaaaaaaaaaaa';
export const OTHER_MERCHANT_ID = 'm_bbbbbbbbbbbbbbbb';

/** Secrets of the test keys, by what they may do. */
export const KEYS = {
  all: 'cpk_test_all_scopes_000000000000',
  readOnly: 'cpk_test_read_only_0000000000000',
  writeOnly: 'cpk_test_write_only_000000000000',
  other: 'cpk_test_other_merchant_00000000',
  revoked: 'cpk_test_revoked_000000000000000',
} as const;

const IDENTITIES: Record<string, ApiKeyIdentity | null> = {
  [KEYS.all]: { id: 'key_all', merchantId: MERCHANT_ID, scopes: ['read', 'write', 'refunds'] },
  [KEYS.readOnly]: { id: 'key_read', merchantId: MERCHANT_ID, scopes: ['read'] },
  [KEYS.writeOnly]: { id: 'key_write', merchantId: MERCHANT_ID, scopes: ['write'] },
  [KEYS.other]: { id: 'key_other', merchantId: OTHER_MERCHANT_ID, scopes: ['read', 'write'] },
  [KEYS.revoked]: null,
};

/** The webhook endpoint every served API starts with (the routes' examples name it). */
export const EXAMPLE_ENDPOINT_ID = 'we_abcdefghijklmnop';

/** A webhook sender that sends nothing: it records each request and answers 200. */
export class RecordingWebhookSender implements WebhookSender {
  readonly sent: WebhookRequest[] = [];
  async send(request: WebhookRequest) {
    this.sent.push(request);
    return { answered: true as const, status: 200, body: 'ok', durationMs: 1 };
  }
}

/** A clock the test moves. */
export class FakeClock {
  private ms = Date.parse('2026-12-05T10:00:00.000Z');
  now = (): Date => new Date(this.ms);
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** Payment requests in memory: creation is idempotent by id, and each request actually created is counted. */
export class FakeMerchantRequests implements MerchantRequestsPort {
  readonly views = new Map<string, MerchantPaymentView>();
  created = 0;
  calls = 0;
  /** While set, create waits for it before deciding (a slow call, or a dead one that never ends). */
  gate: Promise<void> | null = null;
  /** How long each create takes, so that concurrent calls overlap. */
  delayMs = 30;
  refuseWith: string | null = null;

  constructor(private readonly clock: FakeClock) {}

  async create(input: MerchantRequestInput) {
    this.calls += 1;
    if (this.gate) await this.gate;
    await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    if (this.refuseWith) return { ok: false as const, reason: this.refuseWith };
    const existing = this.views.get(input.id);
    if (existing) return { ok: true as const, payment: existing };
    this.created += 1;
    const view = aView({
      id: input.id,
      merchantId: input.merchantId,
      payer: input.payer,
      amount: input.amount,
      orderReference: input.orderReference,
      reason: input.reason,
      createdAt: this.clock.now(),
    });
    this.views.set(view.id, view);
    return { ok: true as const, payment: view };
  }

  async get(merchantId: string, id: string) {
    const view = this.views.get(id);
    return view && view.merchantId === merchantId ? view : null;
  }

  async list(merchantId: string, options: { limit: number; startingAfter?: string; paidOnly?: boolean }) {
    const mine = [...this.views.values()]
      .filter((v) => v.merchantId === merchantId && (!options.paidOnly || v.paidAt !== null))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1));
    const start = options.startingAfter === undefined ? 0 : mine.findIndex((v) => v.id === options.startingAfter) + 1;
    return mine.slice(start, start + options.limit);
  }

  async byOrderReference(merchantId: string, orderReference: string) {
    return [...this.views.values()].filter((v) => v.merchantId === merchantId && v.orderReference === orderReference);
  }
}

/**
 * Refunds in memory, of the fake's paid payment requests: idempotent by id, processed at once, never more than was
 * paid (the real service's guarantees are tested against it in refunds.e2e.test.ts).
 */
export class FakeMerchantRefunds implements MerchantRefundsPort {
  readonly views = new Map<string, MerchantRefundView>();

  constructor(
    private readonly clock: FakeClock,
    private readonly requests: FakeMerchantRequests,
  ) {}

  async create(input: MerchantRefundInput) {
    const existing = this.views.get(input.id);
    if (existing) return { ok: true as const, refund: existing };
    const payment = await this.requests.get(input.merchantId, input.paymentId);
    if (!payment) return { ok: false as const, reason: 'PAYMENT_NOT_FOUND' };
    if (payment.paidAt === null) return { ok: false as const, reason: 'NOT_PAID' };
    const refunded = [...this.views.values()]
      .filter((r) => r.paymentId === payment.id && r.status !== 'failed')
      .reduce((sum, r) => sum + r.amount, 0);
    const amount = input.amount ?? payment.amount - refunded;
    if (amount <= 0 || amount > payment.amount - refunded) return { ok: false as const, reason: 'EXCEEDS_REFUNDABLE' };
    const refund = aRefund({
      id: input.id,
      paymentId: payment.id,
      merchantId: input.merchantId,
      amount,
      destination: input.destination ?? 'wallet',
      reason: input.reason ?? null,
      createdAt: this.clock.now(),
      processedAt: this.clock.now(),
    });
    this.views.set(refund.id, refund);
    return { ok: true as const, refund };
  }

  async get(merchantId: string, id: string) {
    const view = this.views.get(id);
    return view && view.merchantId === merchantId ? view : null;
  }

  async list(merchantId: string, options: { limit: number; startingAfter?: string; paymentId?: string }) {
    const mine = [...this.views.values()]
      .filter(
        (v) => v.merchantId === merchantId && (options.paymentId === undefined || v.paymentId === options.paymentId),
      )
      .reverse();
    const start = options.startingAfter === undefined ? 0 : mine.findIndex((v) => v.id === options.startingAfter) + 1;
    return { data: mine.slice(start, start + options.limit), hasMore: mine.length > start + options.limit };
  }
}

/** A processed refund with plausible values. */
export function aRefund(overrides: Partial<MerchantRefundView> = {}): MerchantRefundView {
  const createdAt = overrides.createdAt ?? new Date('2026-12-05T09:40:00.000Z');
  return {
    id: 're_000000000000000000000000',
    paymentId: 'mpr_000000000000000000000000',
    merchantId: MERCHANT_ID,
    amount: 1000,
    currency: 'XAF',
    destination: 'wallet',
    status: 'processed',
    reason: null,
    failureReason: null,
    shortReference: 'RFD123',
    createdAt,
    processedAt: createdAt,
    ...overrides,
  };
}

/** A payment request view with plausible values. */
export function aView(overrides: Partial<MerchantPaymentView> = {}): MerchantPaymentView {
  const createdAt = overrides.createdAt ?? new Date('2026-12-05T09:00:00.000Z');
  return {
    id: 'mpr_000000000000000000000000',
    requestId: `req_${overrides.id ?? '0'}`,
    shortReference: 'ABC123',
    merchantId: MERCHANT_ID,
    payer: '237677123456',
    amount: 5000,
    currency: 'XAF',
    orderReference: null,
    reason: null,
    source: 'api',
    sourceId: null,
    status: 'open',
    createdAt,
    expiresAt: new Date(createdAt.getTime() + 7 * 86_400_000),
    paidAt: null,
    transferId: null,
    paidBy: null,
    payUrl: 'https://pay.example.cm/pay/token',
    history: [{ status: 'open', at: createdAt }],
    ...overrides,
  };
}

/** An answer's body as JSON.parse types it: tests read any field and their expectations check it. */
type ParsedJson = ReturnType<typeof JSON.parse>;

export interface ApiUnderTest {
  url: string;
  clock: FakeClock;
  requests: FakeMerchantRequests;
  refunds: FakeMerchantRefunds;
  events: MerchantEvent[];
  webhooks: MerchantWebhooks;
  sender: RecordingWebhookSender;
  paymentLinks: FakePaymentLinks;
  invoices: FakeInvoices;
  logs: () => string;
  /** Sends a request with a key (null: none), a JSON body and headers. */
  call(
    method: string,
    path: string,
    options?: {
      key?: string | null;
      body?: unknown;
      rawBody?: string;
      idempotencyKey?: string;
      headers?: Record<string, string>;
    },
  ): Promise<{ status: number; headers: Headers; body: ParsedJson }>;
}

/**
 * Serves the API for the file's tests (started in beforeAll, on the file's database). `shared` gives a second server
 * the first one's clock and payment requests: two processes in front of the same services.
 */
export function useMerchantApi(
  db: { readonly connection: Connection },
  settings: Partial<MerchantApiSettings> = {},
  shared: { clock?: FakeClock; requests?: FakeMerchantRequests } = {},
): ApiUnderTest {
  const clock = shared.clock ?? new FakeClock();
  const requests = shared.requests ?? new FakeMerchantRequests(clock);
  const refunds = new FakeMerchantRefunds(clock, requests);
  const events: MerchantEvent[] = [];
  const getEvent = async (id: string) => events.find((e) => e._id === id) ?? null;
  const endpoints = new MemoryWebhookEndpointStore();
  const sender = new RecordingWebhookSender();
  const webhooks = new MerchantWebhooks({
    endpoints,
    deliveries: new MemoryWebhookDeliveryStore(),
    events: { getEvent },
    sender,
    urlPolicy: { allowHttp: false, allowPrivateAddresses: false },
    clock: clock.now,
  });
  const paymentLinks = new FakePaymentLinks(clock.now);
  const invoices = new FakeInvoices(clock.now);
  const captured = capturedLogs();
  let running: (RunningHttpServer & { url: string }) | undefined;

  beforeAll(async () => {
    const connection: Connection = db.connection;
    await ensureApiIdempotencyIndexes(connection);
    await ensureApiRateLimitIndexes(connection);
    await endpoints.insertEndpoint({
      _id: EXAMPLE_ENDPOINT_ID,
      merchantId: MERCHANT_ID,
      url: 'https://shop.example.com/webhooks/chatpay',
      events: ['*'],
      secrets: [{ secret: 'whsec_example', createdAt: clock.now(), expiresAt: null }],
      status: 'enabled',
      createdAt: new Date('2026-12-01T00:00:00.000Z'),
    });
    const ports: MerchantApiPorts = {
      keys: { authenticate: async (secret) => IDENTITIES[secret] ?? null },
      merchants: {
        overview: async (merchantId) =>
          merchantId === MERCHANT_ID
            ? {
                id: MERCHANT_ID,
                name: 'Boutique Mama Ngono',
                category: 'retail',
                status: 'active',
                kycLevel: 'verified',
                balance: 125_000,
              }
            : null,
      },
      requests,
      refunds,
      payouts: new FakeMerchantPayouts(clock.now, MERCHANT_ID),
      events: {
        getEvent,
        list: async (merchantId, options) => {
          const mine = events.filter((e) => e.merchantId === merchantId);
          const start =
            options.startingAfter === undefined ? 0 : mine.findIndex((e) => e._id === options.startingAfter) + 1;
          return mine.slice(start, start + options.limit);
        },
      },
      webhooks,
      paymentLinks,
      invoices,
      salaryBatches: new FakeSalaryBatches(MERCHANT_ID),
      // The real service over its in-memory store, for a merchant that exists (its other fields unused).
      kycDocuments: new KycDocuments({
        store: new MemoryKycStore(),
        merchants: {
          get: async (id) => (id === MERCHANT_ID ? ({ _id: MERCHANT_ID } as Merchant) : null),
        },
      }),
      idempotency: new MongoApiIdempotencyStore(connection),
      rateLimits: new MongoApiRateLimitStore(connection),
    };
    const metrics = new Metrics({ processMetrics: false });
    const app = createHttpApp({
      turns: new ChannelTurns({ handle: async () => [] } as never, metrics),
      readiness: async () => ({ ok: true, details: {} }),
      metrics,
      logger: captured.logger,
      channels: [
        merchantApiChannel({
          ports,
          logger: captured.logger,
          now: clock.now,
          settings: {
            rateLimit: { requests: 10_000, windowSeconds: 10 },
            idempotency: { lockTimeoutMs: 60_000, retentionMs: 25 * 3_600_000 },
            publicUrl: 'https://pay.example.cm',
            ...settings,
          },
        }),
      ],
    });
    running = await serve(app);
  });
  afterAll(async () => {
    await running?.close();
  });

  return {
    get url() {
      if (!running) throw new Error('the API is not served yet');
      return running.url;
    },
    clock,
    requests,
    refunds,
    events,
    webhooks,
    sender,
    paymentLinks,
    invoices,
    logs: captured.text,
    async call(method, path, options = {}) {
      if (!running) throw new Error('the API is not served yet');
      const key = options.key === undefined ? KEYS.all : options.key;
      const headers: Record<string, string> = { ...options.headers };
      if (key !== null) headers.authorization = `Bearer ${key}`;
      if (options.idempotencyKey !== undefined) headers['idempotency-key'] = options.idempotencyKey;
      let body: string | undefined;
      if (options.rawBody !== undefined) body = options.rawBody;
      else if (options.body !== undefined) body = JSON.stringify(options.body);
      if (body !== undefined) headers['content-type'] = 'application/json';
      const response = await fetch(`${running.url}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body }),
      });
      const text = await response.text();
      const type = response.headers.get('content-type') ?? '';
      return {
        status: response.status,
        headers: response.headers,
        body: type.includes('json') ? JSON.parse(text) : text,
      };
    },
  };
}
