import { fromPromise, type AnyStateMachine } from 'xstate';
import type { PinCheck } from '../../domain/people';
import type { Msisdn } from '../../domain/phone';
import type { QuoteResult, SendRefusal, SendRequest, SendResult } from '../../domain/sendMoney';
import type { StepMeta } from '../../flows/conversation';
import { sendMoneyMachine } from '../../flows/sendMoney';
import {
  alice,
  driveFlow,
  flowInput,
  keys,
  type FlowDriver,
  expectReadable,
  stepMeta,
  waitingSteps,
} from '../support/flowHarness';
import { deriveShortReference } from '../../domain/shortReference';
import { withoutIds } from '../support/withoutIds';

const PIN = '2468';
const WRONG_PIN = '1357';
const LOCKED_UNTIL = new Date('2030-05-01T10:15:00Z');
const CLAIMABLE_UNTIL = new Date('2030-05-08T09:00:00Z');
const BOB = '237699112233' as Msisdn;
const BOB_SHOWN = '+237 6 99 11 22 33';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

type QuoteInput = { sender: Msisdn; recipient: Msisdn; amount: number };

/**
 * Hand-written stand-ins for the SendMoney service and the PIN check: a wallet holding `available`, a fee of 100 F
 * above 5 000 F, Bob registered, a PIN that locks after three wrong tries; every call recorded.
 */
class FakeSendMoney {
  readonly quoted: QuoteInput[] = [];
  readonly sent: SendRequest[] = [];
  readonly pinChecks: { msisdn: Msisdn; pin: string }[] = [];
  available = 50_000;
  registered: Record<string, string> = { [BOB]: 'Bob Etoa' };
  wrongTries = 0;
  /** Answers of quote in order; a refusal reason is returned, an Error thrown, 'ok' priced. The last one repeats. */
  quoteAnswers: (SendRefusal | Error | 'ok')[] = ['ok'];
  /** Answers of send in order, the same way. */
  sendAnswers: (SendRefusal | Error | 'ok')[] = ['ok'];
  pinFails = false;

  machine() {
    return sendMoneyMachine.provide({
      actors: {
        quote: fromPromise<QuoteResult, QuoteInput>(async ({ input }) => {
          this.quoted.push(input);
          const answer = next(this.quoteAnswers);
          if (answer instanceof Error) throw answer;
          if (answer !== 'ok') return { ok: false, reason: answer };
          const name = this.registered[input.recipient] ?? null;
          return { ok: true, ...this.price(input.amount), recipientName: name, recipientRegistered: name !== null };
        }),
        send: fromPromise<SendResult, SendRequest>(async ({ input }) => {
          this.sent.push(input);
          const answer = next(this.sendAnswers);
          if (answer instanceof Error) throw answer;
          if (answer !== 'ok') return { ok: false, reason: answer };
          const name = this.registered[input.recipient] ?? null;
          return {
            ok: true,
            receipt: {
              reference: `p2p:${input.id}`,
              shortReference: deriveShortReference(`p2p:${input.id}`),
              ...this.price(input.amount),
              recipient: { msisdn: input.recipient, name },
              status: name === null ? 'held' : 'delivered',
              claimableUntil: name === null ? CLAIMABLE_UNTIL : null,
            },
          };
        }),
        checkPin: fromPromise<PinCheck, { msisdn: Msisdn; pin: string }>(async ({ input }) => {
          this.pinChecks.push(input);
          if (this.pinFails) throw new Error('people store unavailable');
          if (this.wrongTries >= 3) return { ok: false, reason: 'PIN_LOCKED', until: LOCKED_UNTIL };
          if (input.pin === PIN) return { ok: true };
          this.wrongTries += 1;
          return this.wrongTries >= 3
            ? { ok: false, reason: 'PIN_LOCKED', until: LOCKED_UNTIL }
            : { ok: false, reason: 'WRONG_PIN', triesLeft: 3 - this.wrongTries };
        }),
      },
    });
  }

  private price(amount: number) {
    const fee = amount > 5000 ? 100 : 0;
    return { amount, fee, total: amount + fee, balanceAfter: this.available - amount - fee };
  }
}

function next<T>(answers: T[]): T {
  return answers.length > 1 ? answers.shift()! : answers[0]!;
}

/** Drives a send of 10 000 F to Bob up to its confirmation. */
async function atConfirmation(fake: FakeSendMoney, recipient = '699112233', amount = '10000') {
  const flow = await driveFlow(fake.machine(), flowInput());
  await flow.say(recipient);
  const replies = await flow.say(amount);
  return { flow, replies };
}

async function atPin(fake: FakeSendMoney) {
  const { flow } = await atConfirmation(fake);
  await flow.say('1');
  return flow;
}

/** The idempotency key the saved conversation holds. */
function savedSendId(flow: FlowDriver): string {
  return (JSON.parse(flow.persistedJson) as { context: { sendId: string } }).context.sendId;
}

describe('send money flow', () => {
  describe('the happy path', () => {
    it('asks whom and how much, confirms with the name, fee, total and balance after, and ends with a receipt', async () => {
      const fake = new FakeSendMoney();
      const flow = await driveFlow(fake.machine(), flowInput());
      expect(flow.opening).toEqual([{ kind: 'text', key: 'sendMoney.askRecipient' }]);
      expect(flow.state).toBe('recipient');

      expect(await flow.say('6 99 11 22 33')).toEqual([
        { kind: 'text', key: 'sendMoney.askAmount', params: { recipient: BOB_SHOWN } },
      ]);
      expect(flow.state).toBe('amount');

      const confirmation = await flow.say('10 000');
      expect(confirmation).toEqual([
        {
          kind: 'menu',
          key: 'sendMoney.confirmKnown',
          params: {
            recipient: BOB_SHOWN,
            name: 'Bob Etoa',
            amount: { francs: 10_000 },
            fee: { francs: 100 },
            total: { francs: 10_100 },
            balanceAfter: { francs: 39_900 },
          },
          options: [
            { id: '1', key: 'sendMoney.confirmYes' },
            { id: '2', key: 'sendMoney.confirmNo' },
          ],
        },
      ]);
      expect(flow.state).toBe('confirming');
      expect(fake.quoted).toEqual([{ sender: alice.msisdn, recipient: BOB, amount: 10_000 }]);

      expect(await flow.say('1')).toEqual([{ kind: 'text', key: 'common.askPin' }]);
      expect(flow.state).toEqual({ pin: 'asking' });
      expect(fake.sent).toEqual([]);

      const receipt = await flow.say(PIN);
      expect(fake.pinChecks).toEqual([{ msisdn: alice.msisdn, pin: PIN }]);
      expect(fake.sent).toHaveLength(1);
      const sent = fake.sent[0]!;
      expect(sent).toEqual({ id: expect.stringMatching(UUID), sender: alice.msisdn, recipient: BOB, amount: 10_000 });
      expect(receipt).toEqual([
        {
          kind: 'end',
          key: 'sendMoney.receipt',
          params: {
            recipient: BOB_SHOWN,
            name: 'Bob Etoa',
            amount: { francs: 10_000 },
            fee: { francs: 100 },
            balanceAfter: { francs: 39_900 },
            reference: deriveShortReference(`p2p:${sent.id}`),
          },
        },
      ]);
      expect(flow.status).toBe('done');
      expect(flow.output).toEqual({ quiet: true });
      expectReadable([...flow.opening, ...confirmation, ...receipt]);
    });

    it('tells the sender that money to an unregistered number waits for it, and until when', async () => {
      const fake = new FakeSendMoney();
      const { flow, replies } = await atConfirmation(fake, '+237 650 12 34 56', '3000');
      expect(replies).toEqual([
        expect.objectContaining({
          kind: 'menu',
          key: 'sendMoney.confirmUnknown',
          params: expect.objectContaining({ recipient: '+237 6 50 12 34 56', name: '', total: { francs: 3000 } }),
        }),
      ]);
      await flow.say('1');
      const receipt = await flow.say(PIN);
      expect(receipt).toEqual([
        {
          kind: 'end',
          key: 'sendMoney.receiptHeld',
          params: {
            recipient: '+237 6 50 12 34 56',
            name: '',
            amount: { francs: 3000 },
            fee: { francs: 0 },
            balanceAfter: { francs: 47_000 },
            reference: deriveShortReference(`p2p:${fake.sent[0]!.id}`),
            until: { date: CLAIMABLE_UNTIL.toISOString() },
          },
        },
      ]);
      expect(flow.status).toBe('done');
      expectReadable([...replies, ...receipt]);
    });

    it('starts at the confirmation when a shortcut gave the recipient and the amount', async () => {
      const fake = new FakeSendMoney();
      const flow = await driveFlow(fake.machine(), flowInput({ args: { recipient: '699112233', amount: 2000 } }));
      expect(keys(flow.opening)).toEqual(['sendMoney.confirmKnown']);
      expect(flow.state).toBe('confirming');
      expect(fake.quoted).toEqual([{ sender: alice.msisdn, recipient: BOB, amount: 2000 }]);
      expect(await flow.back()).toEqual([
        { kind: 'text', key: 'sendMoney.askAmount', params: { recipient: BOB_SHOWN } },
      ]);
    });

    it('asks for the recipient when a shortcut’s number is not a Cameroonian mobile', async () => {
      const fake = new FakeSendMoney();
      const flow = await driveFlow(fake.machine(), flowInput({ args: { recipient: '+33612345678', amount: 2000 } }));
      expect(keys(flow.opening)).toEqual(['sendMoney.askRecipient']);
      expect(fake.quoted).toEqual([]);
    });
  });

  describe('what the person types', () => {
    it('says what to type instead of a number that is not a Cameroonian mobile, and stays', async () => {
      const fake = new FakeSendMoney();
      const flow = await driveFlow(fake.machine(), flowInput());
      expect(await flow.say('Bob')).toEqual([{ kind: 'text', key: 'input.phone' }]);
      expect(await flow.say('+33 6 12 34 56 78')).toEqual([{ kind: 'text', key: 'input.phoneNotCameroonMobile' }]);
      expect(flow.state).toBe('recipient');
      expect(fake.quoted).toEqual([]);
    });

    it('says what to type instead of an amount that is not a whole number of francs, and stays', async () => {
      const fake = new FakeSendMoney();
      const flow = await driveFlow(fake.machine(), flowInput());
      await flow.say('699112233');
      expect(await flow.say('lots')).toEqual([{ kind: 'text', key: 'input.amount' }]);
      expect(await flow.say('0')).toEqual([{ kind: 'text', key: 'input.amount' }]);
      expect(await flow.say('-500')).toEqual([{ kind: 'text', key: 'input.amount' }]);
      expect(await flow.say('12.5')).toEqual([{ kind: 'text', key: 'input.amountWhole' }]);
      expect(await flow.say('99999999999')).toEqual([{ kind: 'text', key: 'input.amountTooLarge' }]);
      expect(flow.state).toBe('amount');
      expect(fake.quoted).toEqual([]);
    });

    it('answers an invalid choice at the confirmation by showing it again', async () => {
      const fake = new FakeSendMoney();
      const { flow } = await atConfirmation(fake);
      const replies = await flow.say('yes');
      expect(keys(replies)).toEqual(['common.invalidChoice', 'sendMoney.confirmKnown']);
      expect(flow.state).toBe('confirming');
      expect(fake.pinChecks).toEqual([]);
      expect(savedSendId(flow)).toBe('');
    });

    it('cancels at the confirmation without sending', async () => {
      const fake = new FakeSendMoney();
      const { flow } = await atConfirmation(fake);
      expect(await flow.say('2')).toEqual([{ kind: 'end', key: 'common.cancelled' }]);
      expect(flow.status).toBe('done');
      expect(flow.output).toEqual({ quiet: true });
      expect(fake.sent).toEqual([]);
    });
  });

  describe('going back', () => {
    it('goes back one step at a time, and cancels from the first', async () => {
      const fake = new FakeSendMoney();
      const { flow } = await atConfirmation(fake);
      expect(await flow.back()).toEqual([
        { kind: 'text', key: 'sendMoney.askAmount', params: { recipient: BOB_SHOWN } },
      ]);
      expect(flow.state).toBe('amount');
      expect(await flow.back()).toEqual([{ kind: 'text', key: 'sendMoney.askRecipient' }]);
      expect(flow.state).toBe('recipient');
      expect(await flow.back()).toEqual([{ kind: 'end', key: 'common.cancelled' }]);
      expect(flow.status).toBe('done');
      expect(fake.sent).toEqual([]);
    });

    it('goes back from the PIN, and from a retried PIN, to the confirmation', async () => {
      const fake = new FakeSendMoney();
      const flow = await atPin(fake);
      expect(keys(await flow.back())).toEqual(['sendMoney.confirmKnown']);
      expect(flow.state).toBe('confirming');
      await flow.say('1');
      await flow.say(WRONG_PIN);
      expect(flow.state).toEqual({ pin: 'retrying' });
      expect(keys(await flow.back())).toEqual(['sendMoney.confirmKnown']);
      expect(flow.state).toBe('confirming');
      expect(fake.sent).toEqual([]);
    });

    it('takes a new amount after going back, and quotes it again', async () => {
      const fake = new FakeSendMoney();
      const { flow } = await atConfirmation(fake);
      await flow.back();
      const replies = await flow.say('4000');
      expect(replies[0]!.params).toMatchObject({ amount: { francs: 4000 }, fee: { francs: 0 } });
      expect(fake.quoted.map((q) => q.amount)).toEqual([10_000, 4000]);
    });

    it('answers BACK after a failed send by asking again whether to try again', async () => {
      const fake = new FakeSendMoney();
      fake.sendAnswers = [new Error('store timeout'), 'ok'];
      const flow = await atPin(fake);
      await flow.say(PIN);
      expect(flow.state).toBe('unsure');
      expect(keys(await flow.back())).toEqual(['sendMoney.unsure']);
      expect(flow.state).toBe('unsure');
    });
  });

  describe('refusals from the service', () => {
    it('asks for another number when the recipient is the sender', async () => {
      const fake = new FakeSendMoney();
      fake.quoteAnswers = ['SAME_ACCOUNT', 'ok'];
      const { flow, replies } = await atConfirmation(fake, '677000001');
      expect(replies).toEqual([
        { kind: 'text', key: 'refusal.sameAccount' },
        { kind: 'text', key: 'sendMoney.askRecipient' },
      ]);
      expect(flow.state).toBe('recipient');
      await flow.say('699112233');
      expect(keys(await flow.say('10000'))).toEqual(['sendMoney.confirmKnown']);
    });

    it.each([
      ['INSUFFICIENT_FUNDS', 'refusal.insufficientFunds'],
      ['LIMIT_PER_TRANSACTION', 'refusal.limitPerTransaction'],
      ['LIMIT_DAILY', 'refusal.limitDaily'],
      ['LIMIT_MONTHLY', 'refusal.limitMonthly'],
      ['RECIPIENT_LIMIT_BALANCE', 'refusal.recipientLimitBalance'],
    ] as const)('asks for another amount when the quote is refused with %s', async (reason, key) => {
      const fake = new FakeSendMoney();
      fake.quoteAnswers = [reason, 'ok'];
      const { flow, replies } = await atConfirmation(fake);
      expect(replies).toEqual([
        { kind: 'text', key },
        { kind: 'text', key: 'sendMoney.askAmount', params: { recipient: BOB_SHOWN } },
      ]);
      expect(flow.state).toBe('amount');
      expect(keys(await flow.say('2000'))).toEqual(['sendMoney.confirmKnown']);
      expect(fake.quoted.map((q) => q.amount)).toEqual([10_000, 2000]);
      expect(fake.sent).toEqual([]);
      expectReadable(replies);
    });

    it('ends with the refusal when the send itself is refused (the balance changed since the quote)', async () => {
      const fake = new FakeSendMoney();
      fake.sendAnswers = ['INSUFFICIENT_FUNDS'];
      const flow = await atPin(fake);
      expect(await flow.say(PIN)).toEqual([{ kind: 'end', key: 'refusal.insufficientFunds' }]);
      expect(flow.status).toBe('done');
      expect(fake.sent).toHaveLength(1);
    });
  });

  describe('the PIN', () => {
    it('takes a wrong PIN, then the right one, and sends once', async () => {
      const fake = new FakeSendMoney();
      const flow = await atPin(fake);
      expect(await flow.say(WRONG_PIN)).toEqual([{ kind: 'text', key: 'common.wrongPin', params: { triesLeft: 2 } }]);
      expect(flow.state).toEqual({ pin: 'retrying' });
      expect(stepMeta(sendMoneyMachine as AnyStateMachine, flow)).toEqual({ help: 'common.pinHelp', secret: true });
      expect(fake.sent).toEqual([]);
      expect(keys(await flow.say(PIN))).toEqual(['sendMoney.receipt']);
      expect(fake.pinChecks.map((c) => c.pin)).toEqual([WRONG_PIN, PIN]);
      expect(fake.sent).toHaveLength(1);
    });

    it('ends without sending when the PIN gets locked', async () => {
      const fake = new FakeSendMoney();
      const flow = await atPin(fake);
      await flow.say(WRONG_PIN);
      await flow.say(WRONG_PIN);
      const locked = await flow.say(WRONG_PIN);
      expect(locked).toEqual([
        { kind: 'end', key: 'common.pinLocked', params: { until: { date: LOCKED_UNTIL.toISOString() } } },
      ]);
      expect(flow.status).toBe('done');
      expect(flow.output).toEqual({ quiet: true });
      expect(fake.sent).toEqual([]);
      expectReadable(locked);
    });

    it('never keeps the PIN in the saved conversation, and marks the PIN steps secret', async () => {
      const fake = new FakeSendMoney();
      fake.sendAnswers = [new Error('store timeout'), 'ok'];
      const flow = await atPin(fake);
      expect(stepMeta(sendMoneyMachine as AnyStateMachine, flow)).toEqual({ help: 'common.pinHelp', secret: true });
      const pin = sendMoneyMachine.root.states.pin!;
      expect(pin.states.asking!.meta).toEqual({ help: 'common.pinHelp', secret: true });
      expect(pin.states.retrying!.meta).toEqual({ help: 'common.pinHelp', secret: true });
      expect(pin.states.checking!.tags).toEqual(['busy', 'secret']);
      await flow.say(WRONG_PIN);
      expect(withoutIds(flow.persistedJson)).not.toContain(WRONG_PIN);
      await flow.say(PIN);
      expect(flow.state).toBe('unsure');
      expect(withoutIds(flow.persistedJson)).not.toContain(PIN);
      await flow.say('1');
      expect(flow.status).toBe('done');
      expect(withoutIds(flow.persistedJson)).not.toContain(PIN);
    });

    it('ends with a technical problem when the PIN cannot be checked', async () => {
      const fake = new FakeSendMoney();
      fake.pinFails = true;
      const flow = await atPin(fake);
      expect(await flow.say(PIN)).toEqual([{ kind: 'end', key: 'common.technicalProblem' }]);
      expect(flow.status).toBe('done');
      expect(fake.sent).toEqual([]);
    });
  });

  describe('a technical problem', () => {
    it('ends with a technical problem when the quote fails, having sent nothing', async () => {
      const fake = new FakeSendMoney();
      fake.quoteAnswers = [new Error('ledger unavailable')];
      const { flow, replies } = await atConfirmation(fake);
      expect(replies).toEqual([{ kind: 'end', key: 'common.technicalProblem' }]);
      expect(flow.status).toBe('done');
      expect(fake.sent).toEqual([]);
    });

    it('asks to try again after a failed send, and tries again with the same key and no second PIN', async () => {
      const fake = new FakeSendMoney();
      fake.sendAnswers = [new Error('store timeout'), new Error('still down'), 'ok'];
      const flow = await atPin(fake);
      const id = savedSendId(flow);
      expect(id).toMatch(UUID);

      const unsure = await flow.say(PIN);
      expect(unsure).toEqual([
        {
          kind: 'menu',
          key: 'sendMoney.unsure',
          options: [
            { id: '1', key: 'sendMoney.tryAgain' },
            { id: '2', key: 'sendMoney.stop' },
          ],
        },
      ]);
      expect(flow.state).toBe('unsure');
      expect(stepMeta(sendMoneyMachine as AnyStateMachine, flow)).toEqual({ help: 'sendMoney.help.unsure' });

      expect(keys(await flow.say('1'))).toEqual(['sendMoney.unsure']);
      expect(keys(await flow.say('1'))).toEqual(['sendMoney.receipt']);
      expect(fake.sent.map((s) => s.id)).toEqual([id, id, id]);
      expect(fake.pinChecks).toHaveLength(1);
      expect(flow.status).toBe('done');
      expectReadable(unsure);
    });

    it('stops after a failed send when asked, pointing to the history', async () => {
      const fake = new FakeSendMoney();
      fake.sendAnswers = [new Error('store timeout')];
      const flow = await atPin(fake);
      await flow.say(PIN);
      expect(await flow.say('2')).toEqual([{ kind: 'end', key: 'sendMoney.checkHistory' }]);
      expect(flow.status).toBe('done');
      expect(fake.sent).toHaveLength(1);
    });

    it('answers anything but 1 or 2 after a failed send with the question again, neither stopping nor sending', async () => {
      const fake = new FakeSendMoney();
      fake.sendAnswers = [new Error('store timeout'), 'ok'];
      const flow = await atPin(fake);
      await flow.say(PIN);
      expect(keys(await flow.say('ok'))).toEqual(['common.invalidChoice', 'sendMoney.unsure']);
      expect(flow.state).toBe('unsure');
      expect(fake.sent).toHaveLength(1);
      expect(keys(await flow.say('1'))).toEqual(['sendMoney.receipt']);
    });

    it('makes a new key at each confirmation, and sends with the last one', async () => {
      const fake = new FakeSendMoney();
      const flow = await atPin(fake);
      const first = savedSendId(flow);
      await flow.back();
      await flow.say('1');
      const second = savedSendId(flow);
      expect(second).toMatch(UUID);
      expect(second).not.toBe(first);
      await flow.say(PIN);
      expect(fake.sent.map((s) => s.id)).toEqual([second]);

      const again = await atPin(fake);
      await again.say(PIN);
      expect(fake.sent).toHaveLength(2);
      expect(fake.sent[1]!.id).not.toBe(second);
    });
  });

  describe('help', () => {
    it('names a help text, in both languages, at every step that waits for the person', () => {
      const steps = waitingSteps(sendMoneyMachine);
      expect(steps.map((s) => s.path.join('.'))).toEqual([
        'recipient',
        'amount',
        'confirming',
        'pin.asking',
        'pin.retrying',
        'unsure',
      ]);
      for (const step of steps) {
        const help = (step.meta as StepMeta | undefined)?.help;
        expect(help).toBeDefined();
        expectReadable([{ kind: 'text', key: help! }]);
      }
    });

    it('gives the step’s help where the person waits', async () => {
      const fake = new FakeSendMoney();
      const flow = await driveFlow(fake.machine(), flowInput());
      expect(stepMeta(sendMoneyMachine as AnyStateMachine, flow)).toEqual({ help: 'sendMoney.help.recipient' });
      await flow.say('699112233');
      expect(stepMeta(sendMoneyMachine as AnyStateMachine, flow)).toEqual({ help: 'sendMoney.help.amount' });
      await flow.say('10000');
      expect(stepMeta(sendMoneyMachine as AnyStateMachine, flow)).toEqual({ help: 'sendMoney.help.confirm' });
    });
  });
});
