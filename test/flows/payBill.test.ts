import { createActor, fromPromise, waitFor, type AnyStateMachine, type Snapshot } from 'xstate';
import type { BillReceipt } from '../../domain/billPayments/billPaymentResults';
import { allowedAmounts, BILLERS, findBiller, type Biller } from '../../domain/billers';
import type { PayItem } from '../../domain/billPayments/billAggregator';
import { francs } from '../../domain/money';
import type { PinCheck } from '../../domain/people';
import type { Msisdn } from '../../domain/phone';
import type { Reply, ReplyEmitted } from '../../flows/conversation';
import { fill } from '../../flows/messages/catalog';
import { billMessages } from '../../flows/messages/bills';
import { commonMessages } from '../../flows/messages/common';
import { payBillMessages } from '../../flows/messages/payBill';
import { refusalMessages } from '../../flows/messages/refusals';
import {
  expectedDigits,
  payBillMachine,
  type LookupBillInput,
  type LookupBillResult,
  type PayBillInput,
  type PayBillResult,
  type QuoteBillInput,
  type QuoteBillResult,
} from '../../flows/payBill';
import { alice, driveFlow, flowInput, keys, type FlowDriver } from '../support/flowHarness';
import { strictReplyRenderer } from '../support/renderReply';
import { deriveShortReference } from '../../domain/shortReference';
import { withoutIds } from '../support/withoutIds';

const PIN = '2580';
const FEE = 100;

function bill(n: number, amount: number, dueDate: string | null = '2025-07-31'): PayItem {
  return { payItemId: `bill-${n}`, kind: 'BILL', amount, billNumber: `40000000000${n}`, label: null, dueDate };
}
const offers: PayItem[] = [
  { payItemId: 'ACCESS', kind: 'OFFER', amount: 5_000, billNumber: null, label: 'Access', dueDate: null },
  { payItemId: 'EVASION', kind: 'OFFER', amount: 10_000, billNumber: null, label: 'Evasion', dueDate: null },
];
const prepaid: PayItem = {
  payItemId: 'PREPAID',
  kind: 'PREPAID',
  amount: null,
  billNumber: null,
  label: null,
  dueDate: null,
};

function biller(id: string): Biller {
  const found = findBiller(id);
  if (!found) throw new Error(`no biller ${id}`);
  return found;
}

function receipt(request: PayBillInput, token: string | null = null): BillReceipt {
  return {
    paymentId: request.id,
    transferId: `bill:${request.id}`,
    billerId: request.billerId,
    customerNumber: request.customerNumber,
    amount: request.amount,
    fee: FEE,
    total: request.amount + FEE,
    reference: 'PTN123456789012',
    shortReference: deriveShortReference(`bill:${request.id}`),
    receiptNumber: 'R123456789',
    token,
  };
}

interface FakeOptions {
  /** What a lookup answers, by customer number; unknown numbers are UNKNOWN_CUSTOMER. */
  customers?: Record<string, { name: string | null; items: PayItem[] } | 'NO_OPEN_BILL'>;
  /** What pay answers; by default PAID (with a token for prepaid items). */
  pay?: (request: PayBillInput) => PayBillResult;
  /** Pay throws on these calls (1-based), like a lost connection. */
  payFailsOnCalls?: number[];
  lookupFails?: boolean;
  listFails?: boolean;
  /** Quote refuses every amount with this range, like a service whose rules changed since the flow read them. */
  quoteAllows?: { min: number; max: number };
  /** Wrong PINs before a lock. */
  triesBeforeLock?: number;
}

/** Hand-written BillPayments and People (checkPin) fakes that record what the flow asked of them. */
function fakeServices(options: FakeOptions = {}) {
  const calls = {
    lookup: [] as LookupBillInput[],
    quote: [] as QuoteBillInput[],
    pay: [] as PayBillInput[],
    pins: 0,
  };
  let wrongPins = 0;
  const customers = options.customers ?? {
    '123456789': { name: 'NGONO Marie', items: [bill(1, 12_500)] },
  };
  const machine = payBillMachine.provide({
    actors: {
      listBillers: fromPromise<readonly Biller[]>(async () => {
        if (options.listFails) throw new Error('unavailable');
        return BILLERS;
      }),
      lookup: fromPromise<LookupBillResult, LookupBillInput>(async ({ input }) => {
        calls.lookup.push(input);
        if (options.lookupFails) throw new Error('aggregator unreachable');
        const found = customers[input.customerNumber];
        if (!found) return { ok: false, reason: 'UNKNOWN_CUSTOMER' };
        if (found === 'NO_OPEN_BILL') return { ok: false, reason: 'NO_OPEN_BILL' };
        return {
          ok: true,
          biller: biller(input.billerId),
          customerNumber: input.customerNumber,
          customerName: found.name,
          items: found.items,
        };
      }),
      quote: fromPromise<QuoteBillResult, QuoteBillInput>(async ({ input }) => {
        calls.quote.push(input);
        const range = options.quoteAllows ?? allowedAmounts(biller(input.billerId).amount, input.item.amount);
        if (!range || input.amount < range.min || input.amount > range.max) {
          return { ok: false, reason: 'AMOUNT_NOT_ALLOWED', allowed: range };
        }
        return {
          ok: true,
          quote: { amount: francs(input.amount), fee: francs(FEE), total: francs(input.amount + FEE) },
        };
      }),
      pay: fromPromise<PayBillResult, PayBillInput>(async ({ input }) => {
        calls.pay.push(input);
        if (options.payFailsOnCalls?.includes(calls.pay.length)) throw new Error('connection reset');
        if (options.pay) return options.pay(input);
        return {
          ok: true,
          status: 'PAID',
          receipt: receipt(input, input.item.kind === 'PREPAID' ? '12345678901234567890' : null),
        };
      }),
      checkPin: fromPromise<PinCheck, { msisdn: Msisdn; pin: string }>(async ({ input }) => {
        calls.pins += 1;
        if (input.msisdn !== alice.msisdn) throw new Error('PIN checked for someone else');
        if (wrongPins >= (options.triesBeforeLock ?? 3)) {
          return { ok: false, reason: 'PIN_LOCKED', until: new Date('2025-07-01T10:15:00Z') };
        }
        if (input.pin === PIN) return { ok: true };
        wrongPins += 1;
        const triesLeft = (options.triesBeforeLock ?? 3) - wrongPins;
        return triesLeft > 0
          ? { ok: false, reason: 'WRONG_PIN', triesLeft }
          : { ok: false, reason: 'PIN_LOCKED', until: new Date('2025-07-01T10:15:00Z') };
      }),
    },
  });
  return { calls, machine };
}

const texts = {
  en: { ...payBillMessages.en, ...billMessages.en, ...commonMessages.en, ...refusalMessages.en },
  fr: { ...payBillMessages.fr, ...billMessages.fr, ...commonMessages.fr, ...refusalMessages.fr },
} as Record<'en' | 'fr', Record<string, string>>;

/** The rendered text of a reply with its options, failing on a key without text or a placeholder left unfilled. */
const rendered = strictReplyRenderer(payBillMessages, billMessages, commonMessages, refusalMessages);

function options(reply: Reply | undefined) {
  if (reply?.kind !== 'menu') throw new Error(`expected a menu, got ${JSON.stringify(reply)}`);
  return reply.options;
}

/** Menu positions of the billers (BILLERS order). */
const MENU = { eneoPostpaid: '1', eneoPrepaid: '2', camwater: '3', canalplus: '4' };

/** Drives a flow to the confirmation of the one CAMWATER bill of 123456789. */
async function toCamwaterConfirmation(machine: ReturnType<typeof fakeServices>['machine']): Promise<FlowDriver> {
  const flow = await driveFlow(machine, flowInput());
  await flow.say(MENU.camwater);
  await flow.say('123456789');
  await flow.say('1');
  expect(flow.state).toBe('confirming');
  return flow;
}

describe('the Pay-a-bill flow', () => {
  it('pays a CAMWATER bill in full: biller, number, the bill due, confirmation with fee and total, PIN, receipt', async () => {
    const { calls, machine } = fakeServices();
    const flow = await driveFlow(machine, flowInput());

    expect(flow.state).toBe('biller');
    expect(flow.opening).toEqual([
      {
        kind: 'menu',
        key: 'payBill.chooseBiller',
        options: [
          { id: '1', key: 'bills.biller.eneoPostpaid' },
          { id: '2', key: 'bills.biller.eneoPrepaid' },
          { id: '3', key: 'bills.biller.camwater' },
          { id: '4', key: 'bills.biller.canalplus' },
        ],
      },
    ]);

    const ask = await flow.say(MENU.camwater);
    expect(flow.state).toBe('number');
    expect(ask).toEqual([
      { kind: 'text', key: 'payBill.askNumber', params: { biller: 'CAMWATER', label: 'contract number' } },
    ]);
    expect(rendered(ask[0]!)).toBe('Enter your CAMWATER contract number.');

    const due = await flow.say(' 123 456-789 ');
    expect(calls.lookup).toEqual([{ billerId: 'camwater', customerNumber: '123456789' }]);
    expect(flow.state).toBe('item');
    expect(due).toEqual([
      {
        kind: 'menu',
        key: 'payBill.bills',
        params: { customer: '123456789 (NGONO Marie)' },
        options: [
          {
            id: '1',
            key: 'payBill.billLine',
            params: { bill: '400000000001', amount: { francs: 12_500 }, due: '31/07/2025' },
          },
        ],
      },
    ]);
    expect(rendered(due[0]!)).toBe(
      'To pay for 123456789 (NGONO Marie):\n1 Bill 400000000001: 12 500 FCFA, due 31/07/2025',
    );

    // FIXED: the bill is paid exactly, so no amount is asked.
    const confirm = await flow.say('1');
    expect(calls.quote).toEqual([{ billerId: 'camwater', item: bill(1, 12_500), amount: 12_500 }]);
    expect(flow.state).toBe('confirming');
    expect(confirm[0]).toMatchObject({
      kind: 'menu',
      key: 'payBill.confirmBill',
      params: {
        biller: 'CAMWATER',
        customer: '123456789 (NGONO Marie)',
        bill: '400000000001',
        amount: { francs: 12_500 },
        fee: { francs: 100 },
        total: { francs: 12_600 },
      },
    });
    expect(rendered(confirm[0]!)).toBe(
      'Pay 12 500 FCFA to CAMWATER for bill 400000000001, 123456789 (NGONO Marie)? Fee: 100 FCFA. Total: 12 600 FCFA.\n1 Confirm\n2 Cancel',
    );

    expect(keys(await flow.say('1'))).toEqual(['common.askPin']);
    expect(flow.state).toEqual({ pin: 'asking' });

    const done = await flow.say(PIN);
    expect(calls.pay).toHaveLength(1);
    const paid = calls.pay[0]!;
    expect(paid).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown as string,
      payer: alice.msisdn,
      billerId: 'camwater',
      customerNumber: '123456789',
      item: bill(1, 12_500),
      amount: 12_500,
    });
    expect(done).toEqual([
      {
        kind: 'end',
        key: 'payBill.paid',
        params: {
          biller: 'CAMWATER',
          number: '123456789',
          amount: { francs: 12_500 },
          fee: { francs: 100 },
          receipt: 'R123456789',
          // The payment's short reference, not the aggregator's ptn: the same on the notice and the history line.
          reference: deriveShortReference(`bill:${calls.pay[0]!.id}`),
        },
      },
    ]);
    expect(rendered(done[0]!)).toBe(
      `CAMWATER: 12 500 FCFA paid for 123456789. Fee: 100 FCFA. Receipt: R123456789. Ref: ${deriveShortReference(`bill:${calls.pay[0]!.id}`)}`,
    );
    expect(flow.status).toBe('done');
    expect(flow.output).toEqual({ quiet: true });
  });

  it('pays part of an ENEO bill: choose among the open bills, 1 pays it all, or a smaller amount within the range', async () => {
    const { calls, machine } = fakeServices({
      customers: { '200300400': { name: null, items: [bill(1, 18_000), bill(2, 7_500, null)] } },
    });
    const flow = await driveFlow(machine, flowInput());
    await flow.say(MENU.eneoPostpaid);

    const due = await flow.say('200300400');
    expect(due[0]).toMatchObject({ key: 'payBill.bills', params: { customer: '200300400' } });
    expect(options(due[0])).toEqual([
      {
        id: '1',
        key: 'payBill.billLine',
        params: { bill: '400000000001', amount: { francs: 18_000 }, due: '31/07/2025' },
      },
      { id: '2', key: 'payBill.billLineNoDue', params: { bill: '400000000002', amount: { francs: 7_500 } } },
    ]);

    const ask = await flow.say('1');
    expect(flow.state).toBe('amount');
    expect(ask).toEqual([
      {
        kind: 'menu',
        key: 'payBill.askPartial',
        params: { bill: '400000000001', owed: { francs: 18_000 }, min: { francs: 100 }, max: { francs: 18_000 } },
        options: [{ id: '1', key: 'payBill.payAll', params: { amount: { francs: 18_000 } } }],
      },
    ]);
    expect(rendered(ask[0]!)).toBe(
      'Bill 400000000001: 18 000 FCFA to pay. Pay it all, or type an amount from 100 FCFA to 18 000 FCFA.\n1 Pay all: 18 000 FCFA',
    );

    // The default: all of it.
    const all = await flow.say('1');
    expect(all[0]).toMatchObject({ key: 'payBill.confirmBill', params: { amount: { francs: 18_000 } } });

    // Back to the amount, and a part of it instead.
    expect(keys(await flow.back())).toEqual(['payBill.askPartial']);
    expect(await flow.say('20 000')).toEqual([
      { kind: 'text', key: 'bills.amountNotAllowed', params: { min: { francs: 100 }, max: { francs: 18_000 } } },
    ]);
    expect(await flow.say('50')).toEqual([
      { kind: 'text', key: 'bills.amountNotAllowed', params: { min: { francs: 100 }, max: { francs: 18_000 } } },
    ]);
    expect(await flow.say('five thousand')).toEqual([{ kind: 'text', key: 'input.amount' }]);
    expect(await flow.say('5000.50')).toEqual([{ kind: 'text', key: 'input.amountWhole' }]);
    expect(flow.state).toBe('amount');

    const part = await flow.say('5k');
    expect(part[0]).toMatchObject({
      key: 'payBill.confirmBill',
      params: { amount: { francs: 5_000 }, fee: { francs: 100 }, total: { francs: 5_100 }, customer: '200300400' },
    });
    await flow.say('1');
    await flow.say(PIN);
    expect(calls.pay.map((p) => [p.item.payItemId, p.amount])).toEqual([['bill-1', 5_000]]);
    expect(calls.quote.map((q) => q.amount)).toEqual([18_000, 5_000]);
  });

  it('shows the Canal+ offers and buys the one picked at its price', async () => {
    const { calls, machine } = fakeServices({ customers: { '12345678': { name: 'FOUDA Alice', items: offers } } });
    const flow = await driveFlow(machine, flowInput({ language: 'fr' }));
    const ask = await flow.say(MENU.canalplus);
    expect(rendered(ask[0]!, 'fr')).toBe("Entrez votre numéro d'abonné ou de décodeur Canal+.");

    const list = await flow.say('12345678');
    expect(list).toEqual([
      {
        kind: 'menu',
        key: 'payBill.offers',
        params: { customer: '12345678 (FOUDA Alice)' },
        options: [
          { id: '1', key: 'payBill.offerLine', params: { offer: 'Access', amount: { francs: 5_000 } } },
          { id: '2', key: 'payBill.offerLine', params: { offer: 'Evasion', amount: { francs: 10_000 } } },
        ],
      },
    ]);
    expect(rendered(list[0]!, 'fr')).toBe(
      'Choisissez une offre pour 12345678 (FOUDA Alice) :\n1 Access : 5 000 FCFA\n2 Evasion : 10 000 FCFA',
    );

    expect(keys(await flow.say('3'))).toEqual(['common.invalidChoice', 'payBill.offers']);
    const confirm = await flow.say('2');
    expect(confirm[0]).toMatchObject({
      key: 'payBill.confirmOffer',
      params: { biller: 'Canal+', offer: 'Evasion', amount: { francs: 10_000 }, total: { francs: 10_100 } },
    });
    expect(rendered(confirm[0]!, 'fr')).toBe(
      'Payer Canal+ Evasion pour 12345678 (FOUDA Alice) : 10 000 FCFA ? Frais : 100 FCFA. Total : 10 100 FCFA.\n1 Confirmer\n2 Annuler',
    );
    // Back from the confirmation of a fixed price goes to the offers, as no amount was asked.
    expect(keys(await flow.back())).toEqual(['payBill.offers']);
    await flow.say('1');
    await flow.say('1');
    await flow.say(PIN);
    expect(calls.pay.map((p) => [p.item.payItemId, p.amount])).toEqual([['ACCESS', 5_000]]);
  });

  it('asks how much prepaid credit within the biller’s bounds and gives the meter token grouped for reading', async () => {
    const { calls, machine } = fakeServices({ customers: { '01234567890': { name: null, items: [prepaid] } } });
    const flow = await driveFlow(machine, flowInput());
    await flow.say(MENU.eneoPrepaid);

    const ask = await flow.say('0123 4567 890');
    expect(flow.state).toBe('amount');
    expect(ask).toEqual([
      {
        kind: 'text',
        key: 'payBill.askAmount',
        params: { biller: 'ENEO', customer: '01234567890', min: { francs: 500 }, max: { francs: 250_000 } },
      },
    ]);
    expect(keys(await flow.say('200'))).toEqual(['bills.amountNotAllowed']);
    expect(keys(await flow.say('300 000'))).toEqual(['bills.amountNotAllowed']);
    // For credit, 1 is an amount like any other (below the minimum), not "pay all".
    expect(keys(await flow.say('1'))).toEqual(['bills.amountNotAllowed']);

    expect((await flow.say('10 000'))[0]).toMatchObject({
      key: 'payBill.confirm',
      params: { biller: 'ENEO', customer: '01234567890', amount: { francs: 10_000 }, total: { francs: 10_100 } },
    });
    await flow.say('1');
    const done = await flow.say(PIN);
    expect(calls.pay[0]).toMatchObject({ billerId: 'eneo-prepaid', customerNumber: '01234567890', amount: 10_000 });
    expect(done).toEqual([
      {
        kind: 'end',
        key: 'payBill.paidToken',
        params: {
          biller: 'ENEO',
          number: '01234567890',
          amount: { francs: 10_000 },
          fee: { francs: 100 },
          receipt: 'R123456789',
          reference: deriveShortReference(`bill:${calls.pay[0]!.id}`),
          token: '1234 5678 9012 3456 7890',
        },
      },
    ]);
    expect(rendered(done[0]!)).toContain('Token: 1234 5678 9012 3456 7890.');
  });

  it('goes back one step at a time with 0, from the prepaid amount to the number to the biller, then cancels', async () => {
    const { machine } = fakeServices({ customers: { '01234567890': { name: null, items: [prepaid] } } });
    const flow = await driveFlow(machine, flowInput());
    await flow.say(MENU.eneoPrepaid);
    await flow.say('01234567890');
    await flow.say('5000');
    expect(flow.state).toBe('confirming');

    expect(keys(await flow.back())).toEqual(['payBill.askAmount']);
    // Nothing to choose for prepaid credit: back from the amount is the meter number.
    expect(keys(await flow.back())).toEqual(['payBill.askNumber']);
    expect(flow.state).toBe('number');
    expect(keys(await flow.back())).toEqual(['payBill.chooseBiller']);
    expect(await flow.back()).toEqual([{ kind: 'end', key: 'common.cancelled' }]);
    expect(flow.status).toBe('done');
  });

  it('goes back from the PIN to the confirmation, from the bills to the number, and cancels on 2', async () => {
    const { calls, machine } = fakeServices();
    const flow = await toCamwaterConfirmation(machine);
    await flow.say('1');
    expect(keys(await flow.back())).toEqual(['payBill.confirmBill']);
    expect(keys(await flow.back())).toEqual(['payBill.bills']);
    expect(keys(await flow.back())).toEqual(['payBill.askNumber']);
    await flow.say('123456789');
    await flow.say('1');
    expect(keys(await flow.say('yes'))).toEqual(['common.invalidChoice', 'payBill.confirmBill']);
    expect(await flow.say('2')).toEqual([{ kind: 'end', key: 'common.cancelled' }]);
    expect(calls.pay).toEqual([]);
  });

  it('refuses a biller number that is not in the menu, and stays on the menu', async () => {
    const { machine } = fakeServices();
    const flow = await driveFlow(machine, flowInput());
    expect(keys(await flow.say('7'))).toEqual(['common.invalidChoice', 'payBill.chooseBiller']);
    expect(keys(await flow.say('eneo'))).toEqual(['common.invalidChoice', 'payBill.chooseBiller']);
    expect(flow.state).toBe('biller');
  });

  it('says how many digits the customer number has when it does not fit the mask, without asking anyone', async () => {
    const { calls, machine } = fakeServices();
    const flow = await driveFlow(machine, flowInput());
    await flow.say(MENU.eneoPostpaid);

    const bad = await flow.say('12345');
    expect(bad).toEqual([
      {
        kind: 'text',
        key: 'payBill.badNumberRange',
        params: { biller: 'ENEO', label: 'bill or contract number', min: 9, max: 14 },
      },
    ]);
    expect(rendered(bad[0]!)).toBe(
      'The ENEO bill or contract number has 9 to 14 digits. Check it on your bill and type it again, digits only.',
    );
    expect(keys(await flow.say('12345678A'))).toEqual(['payBill.badNumberRange']);
    expect(calls.lookup).toEqual([]);
    expect(flow.state).toBe('number');
  });

  it('reads a mask of one exact length, and gives up describing any other mask', () => {
    expect(expectedDigits('^[0-9]{9,14}$')).toEqual({ min: 9, max: 14 });
    expect(expectedDigits('^[0-9]{8}$')).toEqual({ min: 8, max: 8 });
    expect(expectedDigits('[0-9]{6,12}')).toEqual({ min: 6, max: 12 });
    expect(expectedDigits('^(?:CM)?[0-9]{8}$')).toBeNull();
    for (const b of BILLERS) expect(expectedDigits(b.validationMask)).not.toBeNull();
  });

  it('asks the number again when the biller does not know it, and ends when nothing is open', async () => {
    const { machine } = fakeServices({ customers: { '987654321': 'NO_OPEN_BILL' } });
    const flow = await driveFlow(machine, flowInput());
    await flow.say(MENU.camwater);

    const unknown = await flow.say('111222333');
    expect(unknown).toEqual([
      { kind: 'text', key: 'bills.unknownCustomer', params: { biller: 'CAMWATER', number: '111222333' } },
      { kind: 'text', key: 'payBill.askNumber', params: { biller: 'CAMWATER', label: 'contract number' } },
    ]);
    expect(flow.state).toBe('number');

    expect(await flow.say('987654321')).toEqual([
      { kind: 'end', key: 'bills.noOpenBill', params: { biller: 'CAMWATER', number: '987654321' } },
    ]);
    expect(flow.status).toBe('done');
  });

  it('apologises when the billers or the lookup cannot be reached', async () => {
    const down = fakeServices({ listFails: true });
    const first = await driveFlow(down.machine, flowInput());
    expect(first.opening).toEqual([{ kind: 'end', key: 'common.technicalProblem' }]);
    expect(first.status).toBe('done');

    const { machine } = fakeServices({ lookupFails: true });
    const flow = await driveFlow(machine, flowInput());
    await flow.say(MENU.camwater);
    expect(await flow.say('123456789')).toEqual([{ kind: 'end', key: 'common.technicalProblem' }]);
    expect(flow.status).toBe('done');
  });

  it('says the allowed range when the quote refuses the amount, and lets the person type another', async () => {
    const { calls, machine } = fakeServices({
      customers: { '200300400': { name: null, items: [bill(1, 18_000)] } },
      quoteAllows: { min: 1_000, max: 18_000 },
    });
    const flow = await driveFlow(machine, flowInput());
    await flow.say(MENU.eneoPostpaid);
    await flow.say('200300400');
    await flow.say('1');

    expect(await flow.say('500')).toEqual([
      { kind: 'text', key: 'bills.amountNotAllowed', params: { min: { francs: 1_000 }, max: { francs: 18_000 } } },
      expect.objectContaining({ key: 'payBill.askPartial' }),
    ]);
    expect(flow.state).toBe('amount');
    expect(keys(await flow.say('1500'))).toEqual(['payBill.confirmBill']);
    expect(calls.quote.map((q) => q.amount)).toEqual([500, 1_500]);
  });

  it('ends with the one amount allowed when the quote refuses the amount of a bill paid in full', async () => {
    const { calls, machine } = fakeServices({ quoteAllows: { min: 12_000, max: 12_000 } });
    const flow = await driveFlow(machine, flowInput());
    await flow.say(MENU.camwater);
    await flow.say('123456789');

    expect(await flow.say('1')).toEqual([
      { kind: 'end', key: 'bills.amountMustBe', params: { amount: { francs: 12_000 } } },
    ]);
    expect(flow.status).toBe('done');
    expect(calls.pay).toEqual([]);
  });

  describe('when the payment is refused', () => {
    const cases: [string, PayBillResult, Reply][] = [
      [
        'suggests topping up when the balance is short',
        { ok: false, reason: 'INSUFFICIENT_FUNDS' },
        { kind: 'end', key: 'payBill.insufficientFunds', params: { total: { francs: 12_600 } } },
      ],
      [
        'says the allowed range when the amount is not allowed',
        { ok: false, reason: 'AMOUNT_NOT_ALLOWED', allowed: { min: 12_000, max: 12_000 } },
        { kind: 'end', key: 'bills.amountNotAllowed', params: { min: { francs: 12_000 }, max: { francs: 12_000 } } },
      ],
      [
        'says the biller cannot take it now when the quote is refused',
        { ok: false, reason: 'QUOTE_REFUSED' },
        { kind: 'end', key: 'bills.quoteRefused', params: { biller: 'CAMWATER' } },
      ],
      [
        'says the payment did not go through and nothing was charged',
        { ok: false, reason: 'PAYMENT_FAILED' },
        {
          kind: 'end',
          key: 'bills.failed',
          params: { biller: 'CAMWATER', number: '123456789', amount: { francs: 12_500 } },
        },
      ],
      [
        'gives the shared text of a limit',
        { ok: false, reason: 'LIMIT_DAILY' },
        { kind: 'end', key: 'refusal.limitDaily' },
      ],
      [
        'says nothing internal for a conflict',
        { ok: false, reason: 'CONFLICT' },
        { kind: 'end', key: 'refusal.other' },
      ],
    ];
    it.each(cases)('%s', async (_name, result, reply) => {
      const { machine } = fakeServices({ pay: () => result });
      const flow = await toCamwaterConfirmation(machine);
      await flow.say('1');
      const answer = await flow.say(PIN);
      expect(answer).toEqual([reply]);
      expect(() => rendered(answer[0]!, 'fr')).not.toThrow();
      expect(flow.status).toBe('done');
    });
  });

  it('says a pending payment will be reported later', async () => {
    const { machine } = fakeServices({
      pay: (r) => ({ ok: true, status: 'PENDING', paymentId: r.id, transferId: `bill:${r.id}` }),
    });
    const flow = await toCamwaterConfirmation(machine);
    await flow.say('1');
    const answer = await flow.say(PIN);
    expect(answer).toEqual([
      {
        kind: 'end',
        key: 'payBill.pending',
        params: { biller: 'CAMWATER', number: '123456789', amount: { francs: 12_500 } },
      },
    ]);
    expect(rendered(answer[0]!)).toBe(
      'Your CAMWATER payment of 12 500 FCFA for 123456789 is being processed. We will send you a message when it is done.',
    );
  });

  it('takes a wrong PIN, then the right one, and never keeps the PIN in the saved conversation', async () => {
    const { calls, machine } = fakeServices();
    const flow = await toCamwaterConfirmation(machine);
    await flow.say('1');

    expect(await flow.say('1111')).toEqual([{ kind: 'text', key: 'common.wrongPin', params: { triesLeft: 2 } }]);
    expect(flow.state).toEqual({ pin: 'retrying' });
    expect(withoutIds(flow.persistedJson)).not.toContain('1111');
    expect(calls.pay).toEqual([]);

    expect(keys(await flow.say(PIN))).toEqual(['payBill.paid']);
    expect(withoutIds(flow.persistedJson)).not.toContain(PIN);
    expect(calls.pins).toBe(2);
    expect(calls.pay).toHaveLength(1);
  });

  it('ends when the PIN gets locked, paying nothing', async () => {
    const { calls, machine } = fakeServices({ triesBeforeLock: 1 });
    const flow = await toCamwaterConfirmation(machine);
    await flow.say('1');

    expect(await flow.say('0000')).toEqual([
      { kind: 'end', key: 'common.pinLocked', params: { until: { date: '2025-07-01T10:15:00.000Z' } } },
    ]);
    expect(flow.status).toBe('done');
    expect(calls.pay).toEqual([]);
  });

  it('asks to try again after a technical problem while paying, with the same payment id', async () => {
    const { calls, machine } = fakeServices({ payFailsOnCalls: [1, 2] });
    const flow = await toCamwaterConfirmation(machine);
    await flow.say('1');

    expect(await flow.say(PIN)).toEqual([
      {
        kind: 'menu',
        key: 'payBill.unsure',
        options: [
          { id: '1', key: 'payBill.tryAgain' },
          { id: '2', key: 'payBill.stop' },
        ],
      },
    ]);
    expect(flow.state).toBe('unsure');
    expect(keys(await flow.say('maybe'))).toEqual(['common.invalidChoice', 'payBill.unsure']);
    expect(keys(await flow.say('1'))).toEqual(['payBill.unsure']);
    expect(keys(await flow.say('1'))).toEqual(['payBill.paid']);

    expect(calls.pay).toHaveLength(3);
    expect(new Set(calls.pay.map((p) => p.id)).size).toBe(1);
    // The PIN was checked once: a retry is not a new payment.
    expect(calls.pins).toBe(1);
  });

  it('answers 0 after a failed payment by asking again whether to try again, never with silence', async () => {
    const { calls, machine } = fakeServices({ payFailsOnCalls: [1] });
    const flow = await toCamwaterConfirmation(machine);
    await flow.say('1');
    expect(keys(await flow.say(PIN))).toEqual(['payBill.unsure']);

    // Going back to the confirmation would make a new payment id, so maybe a second payment: the question stays.
    expect(keys(await flow.back())).toEqual(['payBill.unsure']);
    expect(flow.state).toBe('unsure');
    expect(keys(await flow.say('1'))).toEqual(['payBill.paid']);
    expect(new Set(calls.pay.map((p) => p.id)).size).toBe(1);
  });

  it('pays with the same id when a snapshot saved during the payment is restored (a restart)', async () => {
    const first = fakeServices();
    const hanging = first.machine.provide({
      actors: {
        pay: fromPromise<PayBillResult, PayBillInput>(({ input }) => {
          first.calls.pay.push(input);
          return new Promise<never>(() => undefined);
        }),
      },
    });
    const actor = createActor(hanging, { input: flowInput() });
    actor.start();
    await waitFor(actor, (s) => !s.hasTag('busy'));
    for (const typed of [MENU.camwater, '123456789', '1', '1', PIN]) {
      actor.send({ type: 'INPUT', text: typed });
      await waitFor(actor, (s) => !s.hasTag('busy') || s.matches('paying'));
    }
    expect(actor.getSnapshot().value).toBe('paying');
    const saved = JSON.stringify(actor.getPersistedSnapshot());
    actor.stop();
    expect(withoutIds(saved)).not.toContain(PIN);

    const second = fakeServices();
    const restored = createActor(second.machine as AnyStateMachine, {
      snapshot: JSON.parse(saved) as Snapshot<unknown>,
    });
    const replies: Reply[] = [];
    restored.on('reply', (e: ReplyEmitted) => replies.push(e.reply));
    restored.start();
    await waitFor(restored, (s) => s.status === 'done');

    expect(keys(replies)).toEqual(['payBill.paid']);
    expect(second.calls.pay.map((p) => p.id)).toEqual(first.calls.pay.map((p) => p.id));
    expect(second.calls.pins).toBe(0);
  });

  it('tells the person to check History if they stop after a technical problem', async () => {
    const { calls, machine } = fakeServices({ payFailsOnCalls: [1] });
    const flow = await toCamwaterConfirmation(machine);
    await flow.say('1');
    await flow.say(PIN);
    expect(await flow.say('2')).toEqual([{ kind: 'end', key: 'payBill.checkHistory' }]);
    expect(calls.pay).toHaveLength(1);
  });

  it('makes a new payment id for each confirmation, not for each PIN', async () => {
    const { calls, machine } = fakeServices({ pay: () => ({ ok: false, reason: 'INSUFFICIENT_FUNDS' }) });
    const first = await toCamwaterConfirmation(machine);
    await first.say('1');
    await first.say(PIN);
    const second = await toCamwaterConfirmation(machine);
    await second.say('1');
    await second.say(PIN);
    expect(calls.pay).toHaveLength(2);
    expect(calls.pay[0]!.id).not.toBe(calls.pay[1]!.id);
  });

  it('has a help text in both languages on every step that waits for the person', () => {
    const steps = ['biller', 'number', 'item', 'amount', 'confirming', 'unsure'] as const;
    for (const step of steps) {
      const help = (payBillMachine.states[step]?.meta as { help?: string } | undefined)?.help;
      expect(help).toBeDefined();
      expect(texts.en).toHaveProperty([help!]);
      expect(texts.fr).toHaveProperty([help!]);
    }
  });

  it('keeps receipts and confirmations within one SMS with long values, in both languages', () => {
    const long = {
      biller: 'CAMWATER',
      customer: '12345678901234 (ESSOMBA Jean-Pierre)',
      number: '12345678901234',
      bill: '123456789012',
      offer: 'Tout Canal+',
      amount: { francs: 250_000 },
      fee: { francs: 100 },
      total: { francs: 250_100 },
      owed: { francs: 250_000 },
      min: { francs: 100 },
      max: { francs: 250_000 },
      receipt: 'R123456789',
      reference: deriveShortReference('bill:123e4567-e89b-42d3-a456-426614174000'),
      token: '1234 5678 9012 3456 7890',
    };
    const keysToCheck = [
      'payBill.paid',
      'payBill.paidToken',
      'payBill.pending',
      'payBill.confirm',
      'payBill.confirmBill',
      'payBill.confirmOffer',
      'payBill.askPartial',
      'payBill.askAmount',
      'payBill.insufficientFunds',
      'payBill.unsure',
    ];
    for (const language of ['en', 'fr'] as const) {
      for (const key of keysToCheck) {
        const out = fill(texts[language][key]!, long, language);
        expect(`${key} ${out.length}`).toBe(`${key} ${Math.min(out.length, 160)}`);
      }
    }
  });
});
