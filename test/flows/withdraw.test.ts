import { createActor, fromPromise, waitFor, type AnyStateMachine, type Snapshot } from 'xstate';
import { defaultFeeSchedules, quote, type Quote } from '../../domain/fees';
import type { Balance } from '../../domain/ledger/ledger';
import { francs } from '../../domain/money';
import type { PinCheck } from '../../domain/people';
import type { Msisdn } from '../../domain/phone';
import type { RailPaymentStart } from '../../domain/railPayments/railPaymentResults';
import { withdrawalReference, type WithdrawalRequest } from '../../domain/withdrawals';
import type { Reply } from '../../flows/conversation';
import { keysOf } from '../../flows/messages/catalog';
import { commonMessages } from '../../flows/messages/common';
import { moneyMessages } from '../../flows/messages/money';
import { refusalMessages } from '../../flows/messages/refusals';
import { withdrawMessages } from '../../flows/messages/withdraw';
import { withdrawMachine, type WithdrawalQuoteInput } from '../../flows/withdraw';
import { alice, driveFlow, flowInput, keys } from '../support/flowHarness';
import { replyRenderer } from '../support/renderReply';
import { deriveShortReference } from '../../domain/shortReference';
import { withoutIds } from '../support/withoutIds';

const PIN = '2468';
const WRONG_PIN = '1357';
const LOCKED_UNTIL = new Date('2030-05-01T10:15:00Z');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The texts a person would read, with every placeholder filled (throws on a key no catalog has). */
const render = replyRenderer(withdrawMessages, moneyMessages, commonMessages, refusalMessages);

const OPERATIONS = { mtn_momo: 'withdraw_momo', orange_money: 'withdraw_om' } as const;

/**
 * Hand-written stand-ins for Withdrawals, the ledger's balance and the PIN check: the real fee schedules, a wallet
 * holding `available`, a PIN that locks after three wrong tries; every call recorded.
 */
class FakeWallet {
  readonly quoted: WithdrawalQuoteInput[] = [];
  readonly balanceReads: Msisdn[] = [];
  readonly pinChecks: { msisdn: Msisdn; pin: string }[] = [];
  readonly started: WithdrawalRequest[] = [];
  available = 50_000;
  wrongTries = 0;
  /** Answers of start in order; an Error is thrown (a technical problem); 'ok' starts. The last one repeats. */
  startAnswers: (RailPaymentStart | Error | 'ok')[] = ['ok'];
  quoteAnswer: 'real' | null = 'real';
  balanceFails = false;
  pinFails = false;
  /** The next start never answers, like a process that stops while the money is being held. */
  hangOnStart = false;

  machine() {
    return withdrawMachine.provide({
      actors: {
        quoteWithdrawal: fromPromise<Quote | null, WithdrawalQuoteInput>(async ({ input }) => {
          this.quoted.push(input);
          return this.quoteAnswer === null ? null : this.price(input.rail, input.amount);
        }),
        balance: fromPromise<Balance, { msisdn: Msisdn }>(async ({ input }) => {
          this.balanceReads.push(input.msisdn);
          if (this.balanceFails) throw new Error('store unavailable');
          return { available: this.available, held: 0, incoming: 0, counters: {} as Balance['counters'] };
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
        startWithdrawal: fromPromise<RailPaymentStart, WithdrawalRequest>(async ({ input }) => {
          this.started.push(input);
          if (this.hangOnStart) return new Promise<never>(() => {});
          const answer = this.startAnswers.length > 1 ? this.startAnswers.shift()! : this.startAnswers[0]!;
          if (answer instanceof Error) throw answer;
          if (answer !== 'ok') return answer;
          return {
            ok: true,
            reference: withdrawalReference(input.id),
            shortReference: deriveShortReference(withdrawalReference(input.id)),
            quote: this.price(input.rail as 'mtn_momo', input.amount),
          };
        }),
      },
    });
  }

  private price(rail: 'mtn_momo' | 'orange_money', amount: number): Quote {
    return quote(defaultFeeSchedules[OPERATIONS[rail]], francs(amount));
  }
}

/** Drives a withdrawal of 5 000 F to MTN MoMo (Alice's operator) up to its confirmation. */
async function atConfirmation(fake: FakeWallet, rail: '1' | '2' = '1') {
  const flow = await driveFlow(fake.machine(), flowInput());
  await flow.say('5000');
  const replies = await flow.say(rail);
  return { flow, replies };
}

async function atPin(fake: FakeWallet) {
  const { flow } = await atConfirmation(fake);
  await flow.say('1');
  return flow;
}

describe('withdraw flow', () => {
  describe('to one’s own mobile money', () => {
    it('asks the amount and the operator, confirms fee, total and balance after, checks the PIN and says the money is on its way', async () => {
      const fake = new FakeWallet();
      const flow = await driveFlow(fake.machine(), flowInput());
      expect(flow.opening).toEqual([{ kind: 'text', key: 'withdraw.askAmount' }]);
      expect(await flow.say('5 000 F')).toEqual([
        {
          kind: 'menu',
          key: 'withdraw.askRail',
          params: { amount: { francs: 5000 }, number: '+237 6 77 00 00 01' },
          options: [
            { id: '1', key: 'withdraw.railSuggested', params: { rail: 'MTN MoMo' } },
            { id: '2', key: 'withdraw.railOrange' },
          ],
        },
      ]);
      expect(await flow.say('1')).toEqual([
        {
          kind: 'menu',
          key: 'withdraw.confirm',
          params: {
            amount: { francs: 5000 },
            fee: { francs: 100 },
            total: { francs: 5100 },
            rail: 'MTN MoMo',
            number: '+237 6 77 00 00 01',
            balanceAfter: { francs: 44_900 },
          },
          options: [
            { id: '1', key: 'withdraw.confirmYes' },
            { id: '2', key: 'withdraw.confirmNo' },
          ],
        },
      ]);
      expect(fake.quoted).toEqual([{ rail: 'mtn_momo', amount: 5000 }]);
      expect(fake.balanceReads).toEqual([alice.msisdn]);
      expect(flow.state).toBe('confirming');

      expect(await flow.say('1')).toEqual([{ kind: 'text', key: 'common.askPin' }]);
      expect(flow.state).toEqual({ pin: 'asking' });
      expect(fake.started).toEqual([]);

      const [receipt] = await flow.say(PIN);
      expect(fake.pinChecks).toEqual([{ msisdn: alice.msisdn, pin: PIN }]);
      expect(fake.started).toEqual([
        { id: expect.stringMatching(UUID), owner: alice.msisdn, rail: 'mtn_momo', payee: alice.msisdn, amount: 5000 },
      ]);
      expect(receipt).toEqual({
        kind: 'end',
        key: 'withdraw.started',
        params: {
          amount: { francs: 5000 },
          total: { francs: 5100 },
          rail: 'MTN MoMo',
          reference: deriveShortReference(withdrawalReference(fake.started[0]!.id)),
        },
      });
      expect(flow.status).toBe('done');
      expect(flow.output).toEqual({ quiet: true });
    });

    it('starts at the operator when the shortcut gave the amount', async () => {
      const fake = new FakeWallet();
      const flow = await driveFlow(fake.machine(), flowInput({ args: { amount: 20000 } }));
      expect(flow.opening).toEqual([
        expect.objectContaining({
          key: 'withdraw.askRail',
          params: expect.objectContaining({ amount: { francs: 20000 } }),
        }),
      ]);
      expect(flow.state).toBe('rail');
    });

    it('suggests Orange Money to a person whose number is Orange’s', async () => {
      const fake = new FakeWallet();
      const bob = { msisdn: '237699112233' as Msisdn, name: 'Bob Ngando', language: 'fr' as const };
      const flow = await driveFlow(fake.machine(), flowInput({ msisdn: bob.msisdn, profile: bob, language: 'fr' }));
      const [rails] = await flow.say('5000');
      expect(rails).toEqual(
        expect.objectContaining({
          options: [
            { id: '1', key: 'withdraw.railMtn' },
            { id: '2', key: 'withdraw.railSuggested', params: { rail: 'Orange Money' } },
          ],
        }),
      );
      await flow.say('2');
      await flow.say('1');
      await flow.say(PIN);
      expect(fake.started).toEqual([
        expect.objectContaining({ rail: 'orange_money', owner: bob.msisdn, payee: bob.msisdn }),
      ]);
    });

    it('pays out only to the person’s own number', async () => {
      const fake = new FakeWallet();
      const { flow } = await atConfirmation(fake);
      await flow.say('1');
      await flow.say(PIN);
      expect(fake.started.map((s) => s.payee)).toEqual([alice.msisdn]);
      // No step asks for a number: the payee is always the person talking.
      expect(Object.keys(withdrawMachine.root.states)).toEqual([
        'start',
        'amount',
        'rail',
        'checkingRail',
        'quoting',
        'weighing',
        'confirming',
        'pin',
        'starting',
        'unsure',
        'failed',
        'cancelled',
        'done',
      ]);
    });

    it('warns, without refusing, when the operator chosen is not the number’s', async () => {
      const fake = new FakeWallet();
      const { flow, replies } = await atConfirmation(fake, '2');
      expect(replies).toEqual([
        {
          kind: 'text',
          key: 'withdraw.operatorMismatch',
          params: { number: '+237 6 77 00 00 01', rail: 'Orange Money' },
        },
        expect.objectContaining({ key: 'withdraw.confirm', params: expect.objectContaining({ rail: 'Orange Money' }) }),
      ]);
      expect(flow.state).toBe('confirming');
    });
  });

  describe('refusals', () => {
    it('refuses before the PIN an amount that, with its fee, is more than the balance, and asks for a smaller one', async () => {
      const fake = new FakeWallet();
      fake.available = 5050;
      const { flow, replies } = await atConfirmation(fake);
      expect(replies).toEqual([
        {
          kind: 'text',
          key: 'withdraw.notEnough',
          params: {
            available: { francs: 5050 },
            amount: { francs: 5000 },
            fee: { francs: 100 },
            total: { francs: 5100 },
          },
        },
        { kind: 'text', key: 'withdraw.askAmount' },
      ]);
      expect(flow.state).toBe('amount');
      await flow.say('4900');
      const [confirmation] = await flow.say('1');
      expect(confirmation!.params).toEqual(
        expect.objectContaining({ total: { francs: 4998 }, balanceAfter: { francs: 52 } }),
      );
      expect(fake.started).toEqual([]);
    });

    it('explains a hold refused for insufficient funds after the PIN (the balance moved meanwhile): amount plus fee', async () => {
      const fake = new FakeWallet();
      fake.startAnswers = [{ ok: false, reason: 'INSUFFICIENT_FUNDS' }];
      const flow = await atPin(fake);
      expect(await flow.say(PIN)).toEqual([
        {
          kind: 'end',
          key: 'withdraw.insufficientFunds',
          params: { amount: { francs: 5000 }, fee: { francs: 100 }, total: { francs: 5100 } },
        },
      ]);
      expect(flow.status).toBe('done');
    });

    it.each([
      ['LIMIT_PER_TRANSACTION', 'refusal.limitPerTransaction'],
      ['LIMIT_DAILY', 'refusal.limitDaily'],
      ['LIMIT_MONTHLY', 'refusal.limitMonthly'],
      ['RAIL_REFUSED', 'money.railRefused'],
      ['NO_WALLET', 'money.noWallet'],
      ['WALLET_UNAVAILABLE', 'money.walletUnavailable'],
      ['FAILED', 'money.alreadyFailed'],
      ['CONFLICT', 'refusal.other'],
    ] as const)('ends a withdrawal refused with %s by saying %s', async (reason, key) => {
      const fake = new FakeWallet();
      fake.startAnswers = [{ ok: false, reason }];
      const flow = await atPin(fake);
      expect(await flow.say(PIN)).toEqual([{ kind: 'end', key }]);
    });

    it('names the operator that cannot pay out now', async () => {
      const fake = new FakeWallet();
      fake.startAnswers = [{ ok: false, reason: 'UNSUPPORTED_RAIL' }];
      const flow = await atPin(fake);
      expect(await flow.say(PIN)).toEqual([
        { kind: 'end', key: 'withdraw.railUnavailable', params: { rail: 'MTN MoMo' } },
      ]);
    });

    it('asks again for an amount the fee schedule cannot price', async () => {
      const fake = new FakeWallet();
      fake.quoteAnswer = null;
      const { flow, replies } = await atConfirmation(fake);
      expect(keys(replies)).toEqual(['refusal.invalidAmount', 'withdraw.askAmount']);
      expect(flow.state).toBe('amount');
      expect(fake.balanceReads).toEqual([]);
    });
  });

  describe('the PIN', () => {
    it('lets the person try again after a wrong PIN, then withdraws once', async () => {
      const fake = new FakeWallet();
      const flow = await atPin(fake);
      expect(await flow.say(WRONG_PIN)).toEqual([{ kind: 'text', key: 'common.wrongPin', params: { triesLeft: 2 } }]);
      expect(flow.state).toEqual({ pin: 'retrying' });
      expect(fake.started).toEqual([]);
      expect(keys(await flow.say(PIN))).toEqual(['withdraw.started']);
      expect(fake.started).toHaveLength(1);
    });

    it('ends without withdrawing when the PIN gets locked', async () => {
      const fake = new FakeWallet();
      const flow = await atPin(fake);
      await flow.say(WRONG_PIN);
      await flow.say(WRONG_PIN);
      expect(await flow.say(WRONG_PIN)).toEqual([
        { kind: 'end', key: 'common.pinLocked', params: { until: { date: LOCKED_UNTIL.toISOString() } } },
      ]);
      expect(flow.status).toBe('done');
      expect(fake.started).toEqual([]);
    });

    it('never keeps the PIN in the saved conversation, and marks the PIN step secret', async () => {
      const fake = new FakeWallet();
      fake.startAnswers = [new Error('rail timeout'), 'ok'];
      const flow = await atPin(fake);
      const pinStep = withdrawMachine.root.states.pin!.states.asking!.meta as { secret?: boolean; help?: string };
      expect(pinStep).toEqual({ secret: true, help: 'common.pinHelp' });
      expect(withdrawMachine.root.states.pin!.states.checking!.tags).toEqual(['busy', 'secret']);
      await flow.say(WRONG_PIN);
      expect(withoutIds(flow.persistedJson)).not.toContain(WRONG_PIN);
      await flow.say(PIN);
      expect(flow.state).toBe('unsure');
      expect(withoutIds(flow.persistedJson)).not.toContain(PIN);
    });

    it('ends with a technical problem when the PIN cannot be checked', async () => {
      const fake = new FakeWallet();
      fake.pinFails = true;
      const flow = await atPin(fake);
      expect(await flow.say(PIN)).toEqual([{ kind: 'end', key: 'common.technicalProblem' }]);
      expect(fake.started).toEqual([]);
    });

    it('goes back from the PIN to the confirmation, and a new confirmation makes a new key', async () => {
      const fake = new FakeWallet();
      fake.startAnswers = [new Error('rail timeout'), 'ok'];
      const flow = await atPin(fake);
      expect(keys(await flow.back())).toEqual(['withdraw.confirm']);
      await flow.say('1');
      await flow.say(PIN);
      await flow.say('2');
      const again = await atPin(fake);
      await again.say(PIN);
      expect(fake.started).toHaveLength(2);
      expect(fake.started[1]!.id).not.toBe(fake.started[0]!.id);
    });
  });

  describe('going back and typing something else', () => {
    it('goes back one step at a time, and cancels from the first', async () => {
      const fake = new FakeWallet();
      const { flow } = await atConfirmation(fake);
      expect(keys(await flow.back())).toEqual(['withdraw.askRail']);
      expect(keys(await flow.back())).toEqual(['withdraw.askAmount']);
      expect(await flow.back()).toEqual([{ kind: 'end', key: 'common.cancelled' }]);
      expect(flow.status).toBe('done');
      expect(fake.started).toEqual([]);
    });

    it('says what to type at each step and stays there', async () => {
      const fake = new FakeWallet();
      const flow = await driveFlow(fake.machine(), flowInput());
      expect(await flow.say('all of it')).toEqual([{ kind: 'text', key: 'input.amount' }]);
      expect(await flow.say('0')).toEqual([{ kind: 'text', key: 'input.amount' }]);
      expect(await flow.say('99999999999')).toEqual([{ kind: 'text', key: 'input.amountTooLarge' }]);
      expect(flow.state).toBe('amount');
      await flow.say('5000');
      expect(keys(await flow.say('3'))).toEqual(['common.invalidChoice', 'withdraw.askRail']);
      await flow.say('1');
      expect(keys(await flow.say('ok'))).toEqual(['common.invalidChoice', 'withdraw.confirm']);
      expect(flow.state).toBe('confirming');
    });

    it('cancels at the confirmation without withdrawing', async () => {
      const fake = new FakeWallet();
      const { flow } = await atConfirmation(fake);
      expect(await flow.say('2')).toEqual([{ kind: 'end', key: 'common.cancelled' }]);
      expect(fake.started).toEqual([]);
      expect(fake.pinChecks).toEqual([]);
    });

    it('names a help text for every step it asks at', () => {
      for (const state of ['amount', 'rail', 'confirming', 'unsure']) {
        const help = (withdrawMachine.root.states[state]!.meta as { help?: string } | undefined)?.help;
        expect(withdrawMessages.en).toHaveProperty([help!]);
        expect(withdrawMessages.fr).toHaveProperty([help!]);
      }
    });
  });

  describe('a technical problem', () => {
    it('asks to try again after a failed start, and tries again with the same key and no second PIN', async () => {
      const fake = new FakeWallet();
      fake.startAnswers = [new Error('rail timeout'), new Error('still down'), 'ok'];
      const flow = await atPin(fake);
      expect(await flow.say(PIN)).toEqual([
        {
          kind: 'menu',
          key: 'withdraw.unsure',
          options: [
            { id: '1', key: 'withdraw.tryAgain' },
            { id: '2', key: 'withdraw.stop' },
          ],
        },
      ]);
      expect(keys(await flow.back())).toEqual(['withdraw.unsure']);
      expect(keys(await flow.say('maybe'))).toEqual(['common.invalidChoice', 'withdraw.unsure']);
      expect(keys(await flow.say('1'))).toEqual(['withdraw.unsure']);
      expect(keys(await flow.say('1'))).toEqual(['withdraw.started']);
      expect(fake.started).toHaveLength(3);
      expect(new Set(fake.started.map((s) => s.id)).size).toBe(1);
      expect(fake.pinChecks).toHaveLength(1);
    });

    it('asks again with the same key, and no PIN, when a conversation saved while starting is restored', async () => {
      const fake = new FakeWallet();
      fake.hangOnStart = true;
      const before = createActor(fake.machine(), { input: flowInput() }).start();
      for (const typed of ['5000', '1', '1', PIN]) {
        before.send({ type: 'INPUT', text: typed });
        await waitFor(before, (s) => !s.hasTag('busy') || fake.started.length === 1, { timeout: 2000 });
      }
      expect(before.getSnapshot().value).toBe('starting');
      const saved = JSON.stringify(before.getPersistedSnapshot());
      before.stop();
      expect(withoutIds(saved)).not.toContain(PIN);

      fake.hangOnStart = false;
      const restart: AnyStateMachine = fake.machine();
      const after = createActor(restart, { snapshot: JSON.parse(saved) as Snapshot<unknown> });
      const replies: Reply[] = [];
      after.on('reply', (e: { reply: Reply }) => replies.push(e.reply));
      after.start();
      await waitFor(after, (s) => s.status === 'done', { timeout: 2000 });
      expect(fake.started).toHaveLength(2);
      expect(fake.started[1]).toEqual(fake.started[0]);
      expect(fake.pinChecks).toHaveLength(1);
      expect(keys(replies)).toEqual(['withdraw.started']);
    });

    it('stops when asked and points to History', async () => {
      const fake = new FakeWallet();
      fake.startAnswers = [new Error('rail timeout')];
      const flow = await atPin(fake);
      await flow.say(PIN);
      expect(await flow.say('2')).toEqual([{ kind: 'end', key: 'withdraw.checkHistory' }]);
    });

    it('ends with a technical problem when the balance cannot be read, before anything is held', async () => {
      const fake = new FakeWallet();
      fake.balanceFails = true;
      const { replies } = await atConfirmation(fake);
      expect(replies).toEqual([{ kind: 'end', key: 'common.technicalProblem' }]);
      expect(fake.started).toEqual([]);
    });
  });

  describe('texts', () => {
    const LONGEST = {
      amount: { francs: 1_999_999 },
      fee: { francs: 10_000 },
      total: { francs: 2_009_999 },
      available: { francs: 10_000_000 },
      balanceAfter: { francs: 7_990_001 },
      number: '+237 6 99 11 22 33',
      rail: 'Orange Money',
      reference: deriveShortReference(withdrawalReference('123e4567-e89b-42d3-a456-426614174000')),
    };

    it.each(['en', 'fr'] as const)(
      'fills every placeholder and fits one SMS (160 characters) in %s',
      async (language) => {
        const fake = new FakeWallet();
        fake.available = 10_000_000;
        const flow = await driveFlow(fake.machine(), flowInput({ language }));
        const shown = [...flow.opening];
        for (const answer of ['1999999', '2', '1', PIN]) shown.push(...(await flow.say(answer)));
        const every = keysOf(withdrawMessages.en).map((key): Reply => ({ kind: 'text', key, params: LONGEST }));
        for (const reply of [...shown, ...every]) {
          const text = render(reply, language);
          expect({ key: reply.key, placeholders: text.match(/\{\w+\}/g) }).toEqual({
            key: reply.key,
            placeholders: null,
          });
          expect({ key: reply.key, length: text.length <= 160 }).toEqual({ key: reply.key, length: true });
        }
      },
    );
  });
});
