import type { FlowInput } from '../../flows/conversation';
import { merchantRequestMachine } from '../../flows/merchantRequest';
import { CUSTOMER, CUSTOMER_SHOWN, FakeMerchants, SHOP } from '../support/fakeMerchants';
import { alice, driveFlow, expectReadable, flowInput, keys, waitingSteps } from '../support/flowHarness';

const REQUEST_ID = /^R[0-9A-Z]{12}$/;

function machine(fake: FakeMerchants) {
  const { merchantOf, createMerchantRequest } = fake.actors();
  return merchantRequestMachine.provide({ actors: { merchantOf, createMerchantRequest } });
}

/** The flow as the one-line command starts it. */
function fromCommand(args: FlowInput['args']): FlowInput {
  return flowInput({ args });
}

/** The owner at the confirmation, through the menus: 15 000 F from the customer, order A-17, reason "Pagnes". */
async function atConfirmation(fake = new FakeMerchants()) {
  const flow = await driveFlow(machine(fake), flowInput());
  await flow.say('699 11 22 33');
  await flow.say('15 000');
  await flow.say('A-17');
  await flow.say('Pagnes');
  return { fake, flow };
}

describe('a merchant’s payment request', () => {
  it('asks the payer, the amount, the order reference and the reason, confirms, and sends it with its link', async () => {
    const fake = new FakeMerchants();
    const flow = await driveFlow(machine(fake), flowInput());
    expect(flow.opening).toEqual([{ kind: 'text', key: 'merchantRequest.askPayer', params: { name: SHOP.name } }]);
    const said = [...flow.opening];
    said.push(...(await flow.say('699 11 22 33')));
    expect(said.at(-1)).toEqual({ kind: 'text', key: 'merchantRequest.askAmount', params: { payer: CUSTOMER_SHOWN } });
    said.push(...(await flow.say('15 000')));
    expect(said.at(-1)?.key).toBe('merchantRequest.askOrder');
    said.push(...(await flow.say('A-17')));
    expect(said.at(-1)).toEqual({ kind: 'text', key: 'merchantRequest.askReason', params: { max: 60 } });
    said.push(...(await flow.say('Pagnes  wax')));
    expect(said.at(-1)).toEqual({
      kind: 'menu',
      key: 'merchantRequest.confirmOrderReason',
      params: {
        payer: CUSTOMER_SHOWN,
        amount: { francs: 15_000 },
        name: SHOP.name,
        order: 'A-17',
        reason: 'Pagnes wax',
      },
      options: [
        { id: '1', key: 'merchantRequest.confirmYes' },
        { id: '2', key: 'merchantRequest.confirmNo' },
      ],
    });
    expect(fake.created).toEqual([]);

    const receipt = await flow.say('1');
    expect(receipt).toEqual([
      {
        kind: 'text',
        key: 'merchantRequest.sentOrder',
        params: { payer: CUSTOMER_SHOWN, amount: { francs: 15_000 }, order: 'A-17', reference: 'P4Q5R6S7T' },
      },
      { kind: 'end', key: 'merchantRequest.payLink', params: { link: 'https://pay.example/p/tok123' } },
    ]);
    expect(fake.created).toEqual([
      {
        merchantId: SHOP.id,
        by: alice.msisdn,
        id: expect.stringMatching(REQUEST_ID),
        payer: CUSTOMER,
        amount: 15_000,
        orderReference: 'A-17',
        reason: 'Pagnes wax',
      },
    ]);
    expect(flow.output).toEqual({ quiet: true });
    expectReadable([...said, ...receipt]);
  });

  it('sends no order reference nor reason when the owner gives none, and no link when there is none', async () => {
    const fake = new FakeMerchants();
    fake.payUrl = null;
    const flow = await driveFlow(machine(fake), flowInput());
    await flow.say('699112233');
    await flow.say('5000');
    expect(keys(await flow.say('-'))).toEqual(['merchantRequest.askReason']);
    expect(keys(await flow.say('aucun'))).toEqual(['merchantRequest.confirm']);
    expect(await flow.say('1')).toEqual([
      {
        kind: 'end',
        key: 'merchantRequest.sent',
        params: { payer: CUSTOMER_SHOWN, amount: { francs: 5000 }, order: '', reference: 'P4Q5R6S7T' },
      },
    ]);
    expect(fake.created[0]).toEqual({
      merchantId: SHOP.id,
      by: alice.msisdn,
      id: expect.stringMatching(REQUEST_ID),
      payer: CUSTOMER,
      amount: 5000,
    });
  });

  it('starts at the confirmation from the one-line command, with what it gave', async () => {
    const fake = new FakeMerchants();
    const flow = await driveFlow(
      machine(fake),
      fromCommand({ amount: 15_000, payer: CUSTOMER, orderReference: '42', reason: 'Gâteau' }),
    );
    expect(flow.opening).toEqual([
      expect.objectContaining({
        key: 'merchantRequest.confirmOrderReason',
        params: { payer: CUSTOMER_SHOWN, amount: { francs: 15_000 }, name: SHOP.name, order: '42', reason: 'Gâteau' },
      }),
    ]);
    await flow.say('1');
    expect(fake.created).toEqual([
      expect.objectContaining({ payer: CUSTOMER, amount: 15_000, orderReference: '42', reason: 'Gâteau' }),
    ]);
  });

  it('tells a person without a merchant that this is for merchants, and asks nothing', async () => {
    const fake = new FakeMerchants();
    fake.merchant = null;
    const flow = await driveFlow(machine(fake), fromCommand({ amount: 15_000, payer: CUSTOMER }));
    expect(flow.opening).toEqual([{ kind: 'end', key: 'merchant.notMerchant' }]);
    expect(flow.status).toBe('done');
    expect(fake.created).toEqual([]);
  });

  it('tells the owner of a suspended merchant that it cannot ask for payments', async () => {
    const fake = new FakeMerchants();
    fake.merchant = { ...SHOP, status: 'suspended' };
    const flow = await driveFlow(machine(fake), flowInput());
    expect(flow.opening).toEqual([{ kind: 'end', key: 'merchant.suspended', params: { name: SHOP.name } }]);
  });

  it('refuses the owner’s own number, a bad number, a bad amount, a bad reference and a too long reason', async () => {
    const flow = await driveFlow(machine(new FakeMerchants()), flowInput());
    expect(keys(await flow.say(alice.msisdn))).toEqual(['merchantRequest.notYourself']);
    expect(keys(await flow.say('12345'))).toEqual(['input.phone']);
    await flow.say('699112233');
    expect(keys(await flow.say('quinze'))).toEqual(['input.amount']);
    await flow.say('15000');
    expect(keys(await flow.say('commande 17'))).toEqual(['merchantRequest.badOrder']);
    await flow.say('17');
    expect(keys(await flow.say('x'.repeat(61)))).toEqual(['merchantRequest.reasonTooLong']);
    expect(flow.state).toBe('reason');
  });

  it('goes back one step at a time with 0, and cancels from the first question', async () => {
    const { fake, flow } = await atConfirmation();
    expect(keys(await flow.back())).toEqual(['merchantRequest.askReason']);
    expect(keys(await flow.back())).toEqual(['merchantRequest.askOrder']);
    expect(keys(await flow.back())).toEqual(['merchantRequest.askAmount']);
    expect(keys(await flow.back())).toEqual(['merchantRequest.askPayer']);
    expect(keys(await flow.back())).toEqual(['common.cancelled']);
    expect(fake.created).toEqual([]);
  });

  it('sends nothing when the owner says no', async () => {
    const { fake, flow } = await atConfirmation();
    expect(keys(await flow.say('2'))).toEqual(['common.cancelled']);
    expect(fake.created).toEqual([]);
  });

  it.each([
    ['SAME_ACCOUNT', ['merchantRequest.notYourself', 'merchantRequest.askPayer'], 'payer'],
    ['INVALID_AMOUNT', ['merchantRequest.invalidAmount', 'merchantRequest.askAmount'], 'amount'],
    ['ABOVE_PAYMENT_LIMIT', ['merchantRequest.abovePaymentLimit', 'merchantRequest.askAmount'], 'amount'],
    ['INVALID_ORDER_REFERENCE', ['merchantRequest.invalidOrderReference', 'merchantRequest.askOrder'], 'order'],
    ['REASON_TOO_LONG', ['merchantRequest.reasonTooLong', 'merchantRequest.askReason'], 'reason'],
  ] as const)('answers %s in its own words at the step to change', async (reason, said, state) => {
    const { fake, flow } = await atConfirmation();
    fake.createAnswers = [reason];
    const replies = await flow.say('1');
    expect(keys(replies)).toEqual(said);
    expect(flow.state).toBe(state);
    expectReadable(replies);
  });

  it.each([
    ['ABOVE_DAILY_LIMIT', 'merchantRequest.aboveDailyLimit'],
    ['MERCHANT_SUSPENDED', 'merchant.suspended'],
    ['CONFLICT', 'merchantRequest.conflict'],
  ] as const)('ends on %s in its own words', async (reason, key) => {
    const { fake, flow } = await atConfirmation();
    fake.createAnswers = [reason];
    const replies = await flow.say('1');
    expect(keys(replies)).toEqual([key]);
    expect(replies[0]?.kind).toBe('end');
    expect(flow.status).toBe('done');
    expectReadable(replies);
  });

  it('offers to try again after a failed call, with the same request id', async () => {
    const { fake, flow } = await atConfirmation();
    fake.createAnswers = [new Error('timeout'), 'ok'];
    expect(keys(await flow.say('1'))).toEqual(['merchantRequest.unsure']);
    expect(keys(await flow.back())).toEqual(['merchantRequest.unsure']);
    expect(keys(await flow.say('1'))).toEqual(['merchantRequest.sentOrder', 'merchantRequest.payLink']);
    expect(fake.created).toHaveLength(2);
    expect(fake.created[1]?.id).toBe(fake.created[0]?.id);
  });

  it('makes a new request id for each confirmation', async () => {
    const { fake, flow } = await atConfirmation();
    fake.createAnswers = ['INVALID_AMOUNT', 'ok'];
    await flow.say('1');
    await flow.say('16000');
    await flow.say('A-17');
    await flow.say('-');
    await flow.say('1');
    expect(fake.created.map((c) => c.amount)).toEqual([15_000, 16_000]);
    expect(fake.created[1]?.id).not.toBe(fake.created[0]?.id);
  });

  it('gives every waiting step its help', () => {
    for (const step of waitingSteps(merchantRequestMachine)) expect(step.meta).toHaveProperty('help');
  });
});
