import type { StepMeta } from '../../flows/conversation';
import { merchantRefundMachine } from '../../flows/merchantRefund';
import {
  CUSTOMER_SHOWN,
  FakeMerchants,
  PAID_PAYMENT,
  PIN,
  SHOP,
  WRONG_PIN,
  LOCKED_UNTIL,
} from '../support/fakeMerchants';
import { alice, driveFlow, expectReadable, flowInput, keys, stepMeta, waitingSteps } from '../support/flowHarness';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function machine(fake: FakeMerchants) {
  const { merchantOf, findPayment, refundPayment, checkPin } = fake.actors();
  return merchantRefundMachine.provide({ actors: { merchantOf, findPayment, refundPayment, checkPin } });
}

/** The owner at the confirmation of a full refund of the paid payment, through the menus. */
async function atConfirmation(fake = new FakeMerchants()) {
  const flow = await driveFlow(machine(fake), flowInput());
  await flow.say('K7M-X3Q-PRT');
  await flow.say('1');
  return { fake, flow };
}

const payment = {
  reference: PAID_PAYMENT.shortReference,
  amount: { francs: 15_000 },
  payer: CUSTOMER_SHOWN,
  refundable: { francs: 15_000 },
};

describe('refunding a payment', () => {
  it('finds the payment, refunds all that is left after the confirmation and the PIN, and gives a receipt', async () => {
    const fake = new FakeMerchants();
    const flow = await driveFlow(machine(fake), flowInput());
    expect(flow.opening).toEqual([{ kind: 'text', key: 'merchantRefund.askReference' }]);
    const choices = await flow.say('K7M-X3Q-PRT');
    expect(fake.finds).toEqual([{ merchantId: SHOP.id, by: alice.msisdn, reference: 'K7M-X3Q-PRT' }]);
    expect(choices).toEqual([
      {
        kind: 'menu',
        key: 'merchantRefund.choose',
        params: payment,
        options: [
          { id: '1', key: 'merchantRefund.full', params: { refundable: { francs: 15_000 } } },
          { id: '2', key: 'merchantRefund.part' },
        ],
      },
    ]);
    const confirmation = await flow.say('1');
    expect(confirmation).toEqual([
      {
        kind: 'menu',
        key: 'merchantRefund.confirm',
        params: payment,
        options: [
          { id: '1', key: 'merchantRefund.confirmYes' },
          { id: '2', key: 'merchantRefund.confirmNo' },
        ],
      },
    ]);
    expect(await flow.say('1')).toEqual([{ kind: 'text', key: 'merchantRefund.askPin' }]);
    expect(stepMeta(merchantRefundMachine, flow)).toEqual<StepMeta>({ help: 'common.pinHelp', secret: true });
    expect(fake.refunded).toEqual([]);

    const receipt = await flow.say(PIN);
    expect(receipt).toEqual([
      {
        kind: 'end',
        key: 'merchantRefund.doneWallet',
        params: { amount: { francs: 15_000 }, payer: CUSTOMER_SHOWN, reference: 'RF2345678' },
      },
    ]);
    expect(fake.pinChecks).toEqual([{ msisdn: alice.msisdn, pin: PIN }]);
    expect(fake.refunded).toEqual([
      {
        merchantId: SHOP.id,
        by: alice.msisdn,
        cashPointId: null,
        requestId: PAID_PAYMENT.requestId,
        id: expect.stringMatching(UUID),
        amount: 15_000,
      },
    ]);
    expect(flow.output).toEqual({ quiet: true });
    expectReadable([...choices, ...confirmation, ...receipt]);
  });

  it('never keeps the PIN in the saved conversation', async () => {
    const { flow } = await atConfirmation();
    await flow.say('1');
    await flow.say(WRONG_PIN);
    expect(flow.persistedJson.replace(/[0-9a-f-]{36}/g, '')).not.toContain(WRONG_PIN);
  });

  it('refunds part of it: an amount up to what is left', async () => {
    const fake = new FakeMerchants();
    const flow = await driveFlow(machine(fake), flowInput());
    await flow.say('K7M-X3Q-PRT');
    expect(await flow.say('2')).toEqual([
      { kind: 'text', key: 'merchantRefund.askAmount', params: { refundable: { francs: 15_000 } } },
    ]);
    expect(await flow.say('20 000')).toEqual([
      { kind: 'text', key: 'merchantRefund.tooMuch', params: { refundable: { francs: 15_000 } } },
    ]);
    expect(keys(await flow.say('abc'))).toEqual(['input.amount']);
    expect(await flow.say('5 000')).toEqual([
      expect.objectContaining({ key: 'merchantRefund.confirm', params: { ...payment, amount: { francs: 5000 } } }),
    ]);
    await flow.say('1');
    await flow.say(PIN);
    expect(fake.refunded.map((r) => r.amount)).toEqual([5000]);
  });

  it('starts from the one-line command with the payment and the amount, at the confirmation', async () => {
    const fake = new FakeMerchants();
    const flow = await driveFlow(machine(fake), flowInput({ args: { reference: 'A-17', amount: 4000 } }));
    expect(fake.finds).toEqual([{ merchantId: SHOP.id, by: alice.msisdn, reference: 'A-17' }]);
    expect(flow.opening).toEqual([
      expect.objectContaining({ key: 'merchantRefund.confirm', params: { ...payment, amount: { francs: 4000 } } }),
    ]);
  });

  it('asks for the amount again when the one-line command gave more than what is left', async () => {
    const fake = new FakeMerchants();
    const flow = await driveFlow(machine(fake), flowInput({ args: { reference: 'A-17', amount: 40_000 } }));
    expect(keys(flow.opening)).toEqual(['merchantRefund.tooMuch', 'merchantRefund.askAmount']);
  });

  it('says when no paid payment has that reference, and asks again', async () => {
    const fake = new FakeMerchants();
    fake.payment = null;
    const flow = await driveFlow(machine(fake), flowInput());
    expect(await flow.say('ZZZ-999')).toEqual([
      { kind: 'text', key: 'merchantRefund.notFound', params: { reference: 'ZZZ-999' } },
      { kind: 'text', key: 'merchantRefund.askReference' },
    ]);
    expect(flow.state).toBe('reference');
  });

  it('says when the payment was refunded in full already', async () => {
    const fake = new FakeMerchants();
    fake.payment = { ...PAID_PAYMENT, refundable: 0 };
    const flow = await driveFlow(machine(fake), flowInput({ args: { reference: 'K7MX3QPRT' } }));
    expect(flow.opening).toEqual([
      { kind: 'end', key: 'merchantRefund.nothingLeft', params: { reference: 'K7MX3QPRT' } },
    ]);
  });

  it('refuses a reference with spaces inside', async () => {
    const flow = await driveFlow(machine(new FakeMerchants()), flowInput());
    expect(keys(await flow.say('the cake one'))).toEqual(['merchantRefund.badReference']);
  });

  it.each([
    ['processed', 'mobile_money', 'merchantRefund.doneMobileMoney'],
    ['pending', 'mobile_money', 'merchantRefund.pending'],
    ['failed', 'wallet', 'merchantRefund.failed'],
  ] as const)('says a %s refund to %s as such', async (status, destination, key) => {
    const { fake, flow } = await atConfirmation();
    fake.refundStatus = status;
    fake.refundDestination = destination;
    await flow.say('1');
    const replies = await flow.say(PIN);
    expect(keys(replies)).toEqual([key]);
    expectReadable(replies);
  });

  it.each([
    ['NOT_PAID', 'merchantRefund.notPaid'],
    ['EXCEEDS_REFUNDABLE', 'merchantRefund.exceedsRefundable'],
    ['INSUFFICIENT_FUNDS', 'merchantRefund.insufficientFunds'],
    ['DESTINATION_UNAVAILABLE', 'merchantRefund.destinationUnavailable'],
    ['MERCHANT_SUSPENDED', 'merchant.suspended'],
    ['INVALID_AMOUNT', 'merchantRefund.invalidAmount'],
    ['PAYMENT_NOT_FOUND', 'merchantRefund.paymentNotFound'],
    ['CONFLICT', 'merchantRefund.conflict'],
  ] as const)('ends on %s in its own words', async (reason, key) => {
    const { fake, flow } = await atConfirmation();
    fake.refundAnswers = [reason];
    await flow.say('1');
    const replies = await flow.say(PIN);
    expect(keys(replies)).toEqual([key]);
    expect(replies[0]?.kind).toBe('end');
    expect(flow.status).toBe('done');
    expectReadable(replies);
  });

  it('refunds nothing after a wrong PIN, and the right one then refunds once', async () => {
    const { fake, flow } = await atConfirmation();
    await flow.say('1');
    expect(await flow.say(WRONG_PIN)).toEqual([{ kind: 'text', key: 'common.wrongPin', params: { triesLeft: 2 } }]);
    expect(fake.refunded).toEqual([]);
    await flow.say(PIN);
    expect(fake.refunded).toHaveLength(1);
  });

  it('ends without refunding when the PIN is locked', async () => {
    const { fake, flow } = await atConfirmation();
    fake.pinLocked = true;
    await flow.say('1');
    expect(await flow.say(WRONG_PIN)).toEqual([
      { kind: 'end', key: 'common.pinLocked', params: { until: { date: LOCKED_UNTIL.toISOString() } } },
    ]);
    expect(flow.status).toBe('done');
    expect(fake.refunded).toEqual([]);
  });

  it('goes back from the PIN to the confirmation, the choice, the reference, and out, refunding nothing', async () => {
    const { fake, flow } = await atConfirmation();
    await flow.say('1');
    expect(keys(await flow.back())).toEqual(['merchantRefund.confirm']);
    expect(keys(await flow.back())).toEqual(['merchantRefund.choose']);
    expect(keys(await flow.back())).toEqual(['merchantRefund.askReference']);
    expect(keys(await flow.back())).toEqual(['common.cancelled']);
    expect(fake.refunded).toEqual([]);
  });

  it('cancels when the owner says no', async () => {
    const { fake, flow } = await atConfirmation();
    expect(keys(await flow.say('2'))).toEqual(['common.cancelled']);
    expect(fake.refunded).toEqual([]);
  });

  it('offers to try again after a failed call, with the same refund id', async () => {
    const { fake, flow } = await atConfirmation();
    fake.refundAnswers = [new Error('timeout'), 'ok'];
    await flow.say('1');
    expect(keys(await flow.say(PIN))).toEqual(['merchantRefund.unsure']);
    expect(keys(await flow.say('1'))).toEqual(['merchantRefund.doneWallet']);
    expect(fake.refunded).toHaveLength(2);
    expect(fake.refunded[1]?.id).toBe(fake.refunded[0]?.id);
  });

  it('tells a person without a merchant that this is for merchants, and a suspended owner that it cannot refund', async () => {
    const fake = new FakeMerchants();
    fake.merchant = null;
    const stranger = await driveFlow(machine(fake), flowInput({ args: { reference: 'A-17' } }));
    expect(stranger.opening).toEqual([{ kind: 'end', key: 'merchant.notMerchant' }]);
    fake.merchant = { ...SHOP, status: 'suspended' };
    const suspended = await driveFlow(machine(fake), flowInput({ args: { reference: 'A-17' } }));
    expect(suspended.opening).toEqual([{ kind: 'end', key: 'merchant.suspended', params: { name: SHOP.name } }]);
    expect(fake.finds).toEqual([]);
  });

  it('gives every waiting step its help', () => {
    for (const step of waitingSteps(merchantRefundMachine)) expect(step.meta).toHaveProperty('help');
  });
});
