import type { OrderStatus } from '../../flows/merchantServices';
import { merchantOrderMachine } from '../../flows/merchantOrder';
import { CUSTOMER, CUSTOMER_SHOWN, FakeMerchants, SHOP } from '../support/fakeMerchants';
import { alice, driveFlow, expectReadable, flowInput, keys, waitingSteps } from '../support/flowHarness';

const ASKED_AT = new Date('2030-05-01T09:00:00Z');

const ORDER: OrderStatus = {
  orderReference: 'A-17',
  paidAmount: 15_000,
  payments: [
    { shortReference: 'K7MX3QPRT', requestId: 'r1', amount: 15_000, status: 'paid', payer: CUSTOMER, at: ASKED_AT },
    { shortReference: 'P4Q5R6S7T', requestId: 'r2', amount: 5000, status: 'open', payer: CUSTOMER, at: ASKED_AT },
  ],
  refunds: [{ shortReference: 'RF2345678', amount: 2000, status: 'processed' }],
};

function machine(fake: FakeMerchants) {
  const { merchantOf, orderStatus } = fake.actors();
  return merchantOrderMachine.provide({ actors: { merchantOf, orderStatus } });
}

describe('an order’s status', () => {
  it('shows what was paid, each payment with its status and reference, and the refunds', async () => {
    const fake = new FakeMerchants();
    fake.order = ORDER;
    const flow = await driveFlow(machine(fake), flowInput());
    expect(flow.opening).toEqual([{ kind: 'text', key: 'merchantOrder.askOrder' }]);
    const replies = await flow.say('A-17');
    expect(fake.orderReads).toEqual([{ merchantId: SHOP.id, by: alice.msisdn, orderReference: 'A-17' }]);
    const line = { payer: CUSTOMER_SHOWN, date: { date: ASKED_AT.toISOString() } };
    expect(replies).toEqual([
      { kind: 'text', key: 'merchantOrder.summary', params: { order: 'A-17', paid: { francs: 15_000 }, count: 2 } },
      {
        kind: 'text',
        key: 'merchantOrder.payment.paid',
        params: { ...line, reference: 'K7MX3QPRT', amount: { francs: 15_000 }, status: 'paid' },
      },
      {
        kind: 'text',
        key: 'merchantOrder.payment.open',
        params: { ...line, reference: 'P4Q5R6S7T', amount: { francs: 5000 }, status: 'open' },
      },
      {
        kind: 'text',
        key: 'merchantOrder.refund.processed',
        params: { reference: 'RF2345678', amount: { francs: 2000 } },
      },
      { kind: 'end', key: 'merchantOrder.end' },
    ]);
    expect(flow.status).toBe('done');
    expect(flow.output).toEqual({ quiet: true });
    expectReadable(replies);
  });

  it('reads the order the one-line command gave, without asking', async () => {
    const fake = new FakeMerchants();
    fake.order = ORDER;
    const flow = await driveFlow(machine(fake), flowInput({ args: { orderReference: '42' } }));
    expect(fake.orderReads).toEqual([{ merchantId: SHOP.id, by: alice.msisdn, orderReference: '42' }]);
    expect(keys(flow.opening).at(-1)).toBe('merchantOrder.end');
  });

  it('shows at most ten payments, and says how many more there are', async () => {
    const fake = new FakeMerchants();
    const payment = ORDER.payments[1]!;
    fake.order = { ...ORDER, payments: Array.from({ length: 13 }, () => payment), refunds: [] };
    const flow = await driveFlow(machine(fake), flowInput({ args: { orderReference: '42' } }));
    expect(keys(flow.opening).filter((k) => k === 'merchantOrder.payment.open')).toHaveLength(10);
    expect(flow.opening).toContainEqual({ kind: 'text', key: 'merchantOrder.more', params: { count: 3 } });
  });

  it('shows a status it does not know as it is', async () => {
    const fake = new FakeMerchants();
    fake.order = { ...ORDER, payments: [{ ...ORDER.payments[0]!, status: 'disputed' }], refunds: [] };
    const flow = await driveFlow(machine(fake), flowInput({ args: { orderReference: '42' } }));
    expect(flow.opening[1]).toMatchObject({ key: 'merchantOrder.payment.other', params: { status: 'disputed' } });
    expectReadable(flow.opening);
  });

  it('says when no payment was asked for under that order', async () => {
    const fake = new FakeMerchants();
    fake.order = null;
    const flow = await driveFlow(machine(fake), flowInput({ args: { orderReference: '42' } }));
    expect(flow.opening).toEqual([{ kind: 'end', key: 'merchantOrder.notFound', params: { order: '42' } }]);
  });

  it('refuses what cannot be an order reference, and cancels with 0', async () => {
    const fake = new FakeMerchants();
    const flow = await driveFlow(machine(fake), flowInput());
    expect(await flow.say('my order')).toEqual([{ kind: 'text', key: 'merchantOrder.badOrder', params: { max: 40 } }]);
    expect(keys(await flow.back())).toEqual(['common.cancelled']);
    expect(fake.orderReads).toEqual([]);
  });

  it('tells a person without a merchant that this is for merchants', async () => {
    const fake = new FakeMerchants();
    fake.merchant = null;
    const flow = await driveFlow(machine(fake), flowInput({ args: { orderReference: '42' } }));
    expect(flow.opening).toEqual([{ kind: 'end', key: 'merchant.notMerchant' }]);
    expect(fake.orderReads).toEqual([]);
  });

  it('still shows a suspended merchant its orders', async () => {
    const fake = new FakeMerchants();
    fake.merchant = { ...SHOP, status: 'suspended' };
    fake.order = ORDER;
    const flow = await driveFlow(machine(fake), flowInput({ args: { orderReference: 'A-17' } }));
    expect(keys(flow.opening)[0]).toBe('merchantOrder.summary');
  });

  it('gives every waiting step its help', () => {
    for (const step of waitingSteps(merchantOrderMachine)) expect(step.meta).toHaveProperty('help');
  });
});
