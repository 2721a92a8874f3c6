import { randomUUID } from 'node:crypto';
import { accountIds } from '../../../domain/ledger/accounts';
import type { MerchantEvent } from '../../../domain/merchants/merchantEvent';
import { MerchantEvents } from '../../../domain/merchants/merchantEvents';
import type { MerchantPaymentView } from '../../../domain/merchants/merchantPaymentView';
import { MerchantRequests, type MerchantRequestInput } from '../../../domain/merchants/merchantRequests';
import { Merchants } from '../../../domain/merchants/merchants';
import { Orders } from '../../../domain/merchants/orders';
import { PaymentRequests } from '../../../domain/paymentRequests/paymentRequests';
import type { Msisdn } from '../../../domain/phone';
import { ShortReferences } from '../../../domain/shortReferences';
import { ensureMerchantEventIndexes, MongoMerchantEventStore } from '../../../integrations/mongo/merchantEventStore';
import { ensureMerchantIndexes, MongoMerchantStore } from '../../../integrations/mongo/merchantStore';
import { MongoOutbox } from '../../../integrations/mongo/outbox';
import { ensurePaymentRequestIndexes, MongoPaymentRequestStore } from '../../../integrations/mongo/paymentRequestStore';
import { MongoShortReferenceStore } from '../../../integrations/mongo/shortReferenceStore';
import { expectConsistent, useLedger } from '../../support/ledger';
import { FakeDirectory, someMsisdn } from '../paymentFakes';

const START = new Date('2026-12-01T09:00:00Z');
let now = START;
const clock = () => now;
const later = (ms: number) => {
  now = new Date(now.getTime() + ms);
};
const DAY = 86_400_000;

describe('merchant payment requests', () => {
  const t = useLedger({ clock });
  let users: FakeDirectory;
  let outbox: MongoOutbox;
  let store: MongoPaymentRequestStore;
  let merchants: Merchants;
  let events: MerchantEvents;
  let heard: MerchantEvent[];
  let paymentRequests: PaymentRequests;
  let merchantRequests: MerchantRequests;

  beforeAll(async () => {
    await ensurePaymentRequestIndexes(t.db.connection);
    await ensureMerchantIndexes(t.db.connection);
    await ensureMerchantEventIndexes(t.db.connection);
  });
  beforeEach(() => {
    now = START;
    users = new FakeDirectory();
    outbox = new MongoOutbox(t.db.connection, { clock });
    store = new MongoPaymentRequestStore(t.db.connection);
    merchants = new Merchants({ store: new MongoMerchantStore(t.db.connection), ledger: t.ledger, users, clock });
    heard = [];
    events = new MerchantEvents({
      store: new MongoMerchantEventStore(t.db.connection),
      clock,
      afterRecord: async (event) => {
        heard.push(event);
      },
    });
    paymentRequests = new PaymentRequests({
      ledger: t.ledger,
      store,
      users,
      notifier: outbox,
      shortReferences: new ShortReferences(new MongoShortReferenceStore(t.db.connection), clock),
      clock,
      onEnded: (request, step) => merchantRequests.ended(request, step),
      onAttemptFailed: (request, step) => merchantRequests.attemptFailed(request, step),
    });
    merchantRequests = new MerchantRequests({
      merchants,
      requests: paymentRequests,
      requestStore: store,
      events,
      clock,
    });
  });
  afterEach(() => expectConsistent(t.store));

  async function aMerchant(name = 'Boulangerie Ngono'): Promise<{ id: string; owner: Msisdn }> {
    const owner = someMsisdn();
    users.signUp(owner, 'Ngono Marie');
    const opened = await merchants.open({ owner, name, category: 'food' });
    if (!opened.ok) throw new Error(opened.reason);
    return { id: opened.merchant._id, owner };
  }

  async function aPayer(balance: number): Promise<Msisdn> {
    const payer = someMsisdn();
    users.signUp(payer, 'Fotso Awa');
    await t.ledger.openAccount(accountIds.wallet(payer), 'wallet', { ownerId: payer, kycTier: 'full' });
    if (balance > 0) await t.fund(accountIds.wallet(payer), balance);
    return payer;
  }

  async function ask(input: Partial<MerchantRequestInput> & { merchantId: string; payer: Msisdn }) {
    const created = await merchantRequests.create({ id: randomUUID(), amount: 15_000, source: 'api', ...input });
    if (!created.ok) throw new Error(`refused: ${created.reason}`);
    return created.payment;
  }

  async function eventsOf(merchantId: string, type: string): Promise<MerchantEvent[]> {
    return (await events.list(merchantId, { limit: 100 })).data.filter((e) => e.type === type);
  }

  it('keeps the cash point and the cashier a request was made at, and shows them', async () => {
    const merchant = await aMerchant();
    const payer = await aPayer(0);
    const cashier = await aPayer(1);
    const made = await merchantRequests.create({
      merchantId: merchant.id,
      id: 'till-1',
      payer,
      amount: 1_500,
      source: 'chat',
      cashPointId: 'cp_marche',
      cashier,
    });
    expect(made).toMatchObject({ ok: true, payment: { cashPointId: 'cp_marche', cashier } });
    expect(await merchantRequests.get(merchant.id, 'till-1')).toMatchObject({ cashPointId: 'cp_marche', cashier });
    expect(await merchantRequests.all(merchant.id)).toEqual([expect.objectContaining({ id: 'till-1', cashier })]);
  });

  it('makes a request under the merchant’s own id with its order reference, once however often it is made', async () => {
    const merchant = await aMerchant();
    const payer = await aPayer(0);
    const input: MerchantRequestInput = {
      merchantId: merchant.id,
      id: 'order-42.a',
      payer,
      amount: 15_000,
      orderReference: ' A-17 ',
      reason: 'Facture 42',
      source: 'api',
    };
    const created = await merchantRequests.create(input);
    expect(created).toEqual({
      ok: true,
      payment: {
        id: 'order-42.a',
        requestId: `mr_${merchant.id}_order-42.a`,
        shortReference: expect.stringMatching(/^[2-9A-Z]{9}$/),
        merchantId: merchant.id,
        payer,
        amount: 15_000,
        currency: 'XAF',
        orderReference: 'A-17',
        reason: 'Facture 42',
        source: 'api',
        sourceId: null,
        cashPointId: null,
        cashier: null,
        status: 'open',
        createdAt: START,
        expiresAt: new Date(START.getTime() + 3 * DAY),
        paidAt: null,
        transferId: null,
        paidBy: null,
        paidFrom: null,
        fee: null,
        payUrl: null,
        history: [{ status: 'created', at: START, reason: null }],
      },
    });
    later(1_000);
    expect(await merchantRequests.create(input)).toEqual(created);
    expect(await merchantRequests.create({ ...input, amount: 16_000 })).toEqual({ ok: false, reason: 'CONFLICT' });
    const made = await eventsOf(merchant.id, 'payment_request.created');
    expect(made).toEqual([
      expect.objectContaining({
        createdAt: START,
        data: expect.objectContaining({
          object: 'payment_request',
          id: 'order-42.a',
          order_reference: 'A-17',
          amount: 15_000,
          status: 'open',
        }),
      }),
    ]);
    // The payer is told, with the merchant's name as the one who asks.
    expect((await outbox.for(payer)).map((m) => m.notice)).toEqual([
      expect.objectContaining({
        key: 'payments.requestReceived',
        params: expect.objectContaining({ requester: 'Boulangerie Ngono' }),
      }),
    ]);
    expect(await merchantRequests.get(merchant.id, 'order-42.a')).toMatchObject({ status: 'open' });
  });

  it('is paid from the payer’s wallet into the merchant’s account, its owner told in chat, one event however often announced', async () => {
    const merchant = await aMerchant();
    const payer = await aPayer(50_000);
    const payment = await ask({ merchantId: merchant.id, payer, orderReference: 'CMD-1' });
    later(60_000);
    const paid = await paymentRequests.pay({ id: randomUUID(), requestId: payment.requestId, payer });
    expect(paid).toMatchObject({ ok: true, receipt: { amount: 15_000, fee: expect.any(Number) } });
    expect((await merchants.balance(merchant.id)).available).toBe(15_000);
    expect((await outbox.for(merchant.owner)).map((m) => m.notice)).toEqual([
      expect.objectContaining({
        key: 'payments.requestPaid',
        params: expect.objectContaining({ payer: 'Fotso Awa', reference: payment.shortReference }),
      }),
    ]);
    const view = await merchantRequests.get(merchant.id, payment.id);
    expect(view).toMatchObject({
      status: 'paid',
      paidAt: now,
      paidBy: 'wallet',
      paidFrom: payment.payer,
      fee: paid.ok ? paid.receipt.fee : 'not paid',
      transferId: `preq:${payment.requestId}:1`,
      history: [
        { status: 'created', at: START },
        { status: 'paying', at: now },
        { status: 'paid', at: now },
      ],
    });

    // The process died after the event and before the end was cached: the worker announces it again.
    await store.setState(payment.requestId, 'open');
    const heardBefore = heard.filter((e) => e.type === 'payment.succeeded').length;
    await paymentRequests.sweepOnce();
    expect(heard.filter((e) => e.type === 'payment.succeeded').length).toBe(heardBefore + 1);
    const succeeded = await eventsOf(merchant.id, 'payment.succeeded');
    expect(succeeded).toEqual([
      expect.objectContaining({
        data: expect.objectContaining({ object: 'payment', id: payment.id, status: 'paid', paid_by: 'wallet' }),
      }),
    ]);
    expect(await store.getRequest(payment.requestId)).toMatchObject({ state: 'paid' });
    expect(await outbox.for(merchant.owner)).toHaveLength(1);
    expect(await merchantRequests.byRequestId(payment.requestId)).toEqual(view);
  });

  it('records a failed attempt once, and the payment once a later attempt succeeds', async () => {
    const merchant = await aMerchant();
    const payer = await aPayer(1_000);
    const payment = await ask({ merchantId: merchant.id, payer, amount: 5_000 });
    const refused = await paymentRequests.pay({ id: randomUUID(), requestId: payment.requestId, payer });
    expect(refused).toEqual({ ok: false, reason: 'INSUFFICIENT_FUNDS' });
    expect(await eventsOf(merchant.id, 'payment.failed')).toEqual([
      expect.objectContaining({
        data: expect.objectContaining({
          status: 'open',
          failure: { reason: 'INSUFFICIENT_FUNDS', at: now.toISOString() },
        }),
      }),
    ]);
    await t.fund(accountIds.wallet(payer), 10_000);
    expect(await paymentRequests.pay({ id: randomUUID(), requestId: payment.requestId, payer })).toMatchObject({
      ok: true,
    });
    expect(await eventsOf(merchant.id, 'payment.failed')).toHaveLength(1);
    expect(await eventsOf(merchant.id, 'payment.succeeded')).toHaveLength(1);
    expect((await merchantRequests.get(merchant.id, payment.id))?.history.map((h) => h.status)).toEqual([
      'created',
      'paying',
      'failed',
      'paying',
      'paid',
    ]);
  });

  it('records the expiry of a request nobody paid, and tells its owner', async () => {
    const merchant = await aMerchant();
    const payer = await aPayer(0);
    const payment = await ask({ merchantId: merchant.id, payer, expiresInDays: 1 });
    later(DAY + 1);
    expect(await merchantRequests.get(merchant.id, payment.id)).toMatchObject({ status: 'expired' });
    await paymentRequests.sweepOnce();
    expect(await eventsOf(merchant.id, 'payment_request.expired')).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ id: payment.id, status: 'expired' }) }),
    ]);
    expect((await outbox.for(merchant.owner)).map((m) => m.notice.key)).toEqual(['payments.requestExpired']);
  });

  it('keeps to the merchant’s limits per payment and per Douala day', async () => {
    const merchant = await aMerchant();
    const payer = await aPayer(0);
    const base = { merchantId: merchant.id, payer, source: 'chat' as const };
    expect(await merchantRequests.create({ ...base, id: 'too-big', amount: 100_001 })).toEqual({
      ok: false,
      reason: 'ABOVE_PAYMENT_LIMIT',
    });
    for (let n = 0; n < 5; n += 1) await ask({ ...base, id: `r${n}`, amount: 100_000 });
    expect(await merchantRequests.create({ ...base, id: 'one-more', amount: 1 })).toEqual({
      ok: false,
      reason: 'ABOVE_DAILY_LIMIT',
    });
    // A retry of a request already made asks for nothing new.
    expect(await merchantRequests.create({ ...base, id: 'r4', amount: 100_000 })).toMatchObject({ ok: true });
    // Douala's next day starts at 23:00 UTC.
    now = new Date('2026-12-01T23:00:00Z');
    expect(await merchantRequests.create({ ...base, id: 'next-day', amount: 100_000 })).toMatchObject({ ok: true });
    await merchants.setStatus(merchant.id, 'active', 'verified');
    expect(await merchantRequests.create({ ...base, id: 'verified', amount: 100_001 })).toMatchObject({ ok: true });
  });

  it('refuses a suspended or unknown merchant, a bad order reference and a bad id', async () => {
    const merchant = await aMerchant();
    const payer = await aPayer(0);
    const base = { merchantId: merchant.id, payer, amount: 1_000, source: 'api' as const };
    for (const orderReference of ['', '  ', 'x'.repeat(41), 'A;17', 'commande\n42']) {
      expect(await merchantRequests.create({ ...base, id: randomUUID(), orderReference })).toEqual({
        ok: false,
        reason: 'INVALID_ORDER_REFERENCE',
      });
    }
    expect(await merchantRequests.create({ ...base, id: 'has space' })).toEqual({ ok: false, reason: 'INVALID_ID' });
    expect(await merchantRequests.create({ ...base, id: 'x', amount: 10.5 })).toEqual({
      ok: false,
      reason: 'INVALID_AMOUNT',
    });
    expect(await merchantRequests.create({ ...base, id: 'x', merchantId: 'm_nobody' })).toEqual({
      ok: false,
      reason: 'MERCHANT_NOT_FOUND',
    });
    // The owner may ask their own number: the money goes from their wallet to the merchant's account, not to itself.
    expect(await merchantRequests.create({ ...base, id: 'x', payer: merchant.owner })).toMatchObject({ ok: true });
    await merchants.setStatus(merchant.id, 'suspended');
    expect(await merchantRequests.create({ ...base, id: 'y' })).toEqual({ ok: false, reason: 'MERCHANT_SUSPENDED' });
  });

  it('lists a merchant’s requests newest first, a page at a time, by status, and its payments', async () => {
    const merchant = await aMerchant();
    const other = await aMerchant('Garage Central');
    const payer = await aPayer(100_000);
    const made: MerchantPaymentView[] = [];
    for (let n = 0; n < 4; n += 1) {
      later(1_000);
      made.push(await ask({ merchantId: merchant.id, payer, id: `list-${n}`, amount: 1_000 + n }));
    }
    await ask({ merchantId: other.id, payer, id: 'list-0' });
    await paymentRequests.pay({ id: randomUUID(), requestId: made[1]!.requestId, payer });
    await paymentRequests.pay({ id: randomUUID(), requestId: made[3]!.requestId, payer });

    const first = await merchantRequests.list(merchant.id, { limit: 3 });
    expect(first.data.map((p) => p.id)).toEqual(['list-3', 'list-2', 'list-1']);
    expect(first.hasMore).toBe(true);
    const second = await merchantRequests.list(merchant.id, { limit: 3, startingAfter: 'list-1' });
    expect(second).toEqual({ data: [expect.objectContaining({ id: 'list-0', amount: 1_000 })], hasMore: false });
    const open = await merchantRequests.list(merchant.id, { limit: 10, status: 'open' });
    expect(open.data.map((p) => p.id)).toEqual(['list-2', 'list-0']);
    const payments = await merchantRequests.payments(merchant.id, { limit: 1 });
    expect(payments).toEqual({ data: [expect.objectContaining({ id: 'list-3', status: 'paid' })], hasMore: true });
    expect((await merchantRequests.payments(merchant.id, { limit: 1, startingAfter: 'list-3' })).data).toEqual([
      expect.objectContaining({ id: 'list-1' }),
    ]);
    expect(await merchantRequests.get(other.id, 'list-1')).toBeNull();
    expect((await merchantRequests.get(other.id, 'list-0'))?.merchantId).toBe(other.id);
  });

  it('tells an order’s status from all its requests, and joins its refunds', async () => {
    const merchant = await aMerchant();
    const payer = await aPayer(100_000);
    const first = await ask({ merchantId: merchant.id, payer, orderReference: 'CMD-9', amount: 7_000 });
    later(1_000);
    await paymentRequests.cancel({ requestId: first.requestId, requester: accountIds.merchant(merchant.id) });
    later(1_000);
    const second = await ask({ merchantId: merchant.id, payer, orderReference: 'CMD-9', amount: 7_000 });
    await ask({ merchantId: merchant.id, payer, orderReference: 'CMD-10' });

    const orders = new Orders({ requests: merchantRequests });
    expect(await orders.status(merchant.id, 'CMD-9')).toMatchObject({
      orderReference: 'CMD-9',
      status: 'open',
      paidAmount: 0,
      payments: [
        expect.objectContaining({ id: second.id }),
        expect.objectContaining({ id: first.id, status: 'cancelled' }),
      ],
    });
    later(1_000);
    await paymentRequests.pay({ id: randomUUID(), requestId: second.requestId, payer });
    const refundedAt = new Date(now.getTime() + 5_000);
    const withRefunds = new Orders({
      requests: merchantRequests,
      refundsOf: async (requestId) =>
        requestId === second.requestId
          ? [{ shortReference: 'RFND23456', status: 'processed', at: refundedAt, amount: 2_000 }]
          : [],
    });
    const order = await withRefunds.status(merchant.id, 'CMD-9');
    expect(order).toMatchObject({
      status: 'paid',
      paidAmount: 7_000,
      refunds: [{ requestId: second.requestId, shortReference: 'RFND23456', amount: 2_000, status: 'processed' }],
    });
    expect(order?.history.map((h) => [h.status, h.shortReference])).toEqual([
      ['created', first.shortReference],
      ['cancelled', first.shortReference],
      ['created', second.shortReference],
      ['paying', second.shortReference],
      ['paid', second.shortReference],
      ['refund_processed', 'RFND23456'],
    ]);
    expect(await orders.status(merchant.id, 'CMD-404')).toBeNull();
    expect(await orders.status('m_nobody', 'CMD-9')).toBeNull();
  });
});
