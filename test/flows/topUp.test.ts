import { createActor, fromPromise, waitFor, type AnyStateMachine, type Snapshot } from 'xstate';
import { defaultFeeSchedules, quote, type Operation, type Quote } from '../../domain/fees';
import type { Rail } from '../../domain/ledger/accounts';
import { francs } from '../../domain/money';
import type { Msisdn } from '../../domain/phone';
import type { PinCheck } from '../../domain/people';
import { topUpReference, type TopUpRequest, type TopUpStart } from '../../domain/topUps';
import type { Reply } from '../../flows/conversation';
import { keysOf } from '../../flows/messages/catalog';
import { commonMessages } from '../../flows/messages/common';
import { moneyMessages } from '../../flows/messages/money';
import { refusalMessages } from '../../flows/messages/refusals';
import { topUpMessages } from '../../flows/messages/topUp';
import type { AccountHolder } from '../../domain/accountHolders';
import { topUpMachine, type PayerCheckInput, type TopUpQuoteInput } from '../../flows/topUp';
import { alice, driveFlow, flowInput, keys } from '../support/flowHarness';
import { replyRenderer } from '../support/renderReply';
import { deriveShortReference } from '../../domain/shortReference';

const RELATIVE = '237699112233' as Msisdn; // an Orange number
const MTN_RELATIVE = '237677112233' as Msisdn;
const PIN = '2468';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The texts a person would read, with every placeholder filled (throws on a key no catalog has). */
const render = replyRenderer(topUpMessages, moneyMessages, commonMessages, refusalMessages);

const OPERATIONS: Partial<Record<Rail, Operation>> = {
  mtn_momo: 'topup_momo',
  orange_money: 'topup_om',
  card: 'topup_card',
};

/** A hand-written TopUps stand-in: quotes with the real fee schedules, records every start, answers what was queued. */
class FakeTopUps {
  readonly quoted: TopUpQuoteInput[] = [];
  readonly started: TopUpRequest[] = [];
  /** Answers of start in order; an Error is thrown (a technical problem); 'ok' starts. The last one repeats. */
  startAnswers: (TopUpStart | Error | 'ok')[] = ['ok'];
  readonly pinChecks: { msisdn: Msisdn; pin: string }[] = [];
  quoteAnswer: 'real' | null | Error = 'real';
  /** The next start never answers, like a process that stops while the rail is being asked. */
  hangOnStart = false;
  /** Whether a card start gives its hosted checkout page, as the first ask of the card rail does. */
  checkoutPage = true;
  readonly payerChecks: PayerCheckInput[] = [];
  /** What the account holder check answers (an Error is thrown). */
  holder: AccountHolder | Error = { status: 'unknown' };

  machine() {
    return topUpMachine.provide({
      actors: {
        quoteTopUp: fromPromise<Quote | null, TopUpQuoteInput>(async ({ input }) => {
          this.quoted.push(input);
          if (this.quoteAnswer instanceof Error) throw this.quoteAnswer;
          if (this.quoteAnswer === null) return null;
          return quote(defaultFeeSchedules[OPERATIONS[input.rail]!], francs(input.amount));
        }),
        checkPayer: fromPromise<AccountHolder, PayerCheckInput>(async ({ input }) => {
          this.payerChecks.push(input);
          if (this.holder instanceof Error) throw this.holder;
          return this.holder;
        }),
        checkPin: fromPromise<PinCheck, { msisdn: Msisdn; pin: string }>(async ({ input }) => {
          this.pinChecks.push(input);
          return input.pin === PIN ? { ok: true } : { ok: false, reason: 'WRONG_PIN', triesLeft: 2 };
        }),
        startTopUp: fromPromise<TopUpStart, TopUpRequest>(async ({ input }) => {
          this.started.push(input);
          if (this.hangOnStart) return new Promise<never>(() => {});
          const answer = this.startAnswers.length > 1 ? this.startAnswers.shift()! : this.startAnswers[0]!;
          if (answer instanceof Error) throw answer;
          if (answer !== 'ok') return answer;
          const priced = quote(defaultFeeSchedules[OPERATIONS[input.rail]!], francs(input.amount));
          const page = input.rail === 'card' && this.checkoutPage;
          const reference = topUpReference(input.id);
          return {
            ok: true,
            reference,
            shortReference: deriveShortReference(reference),
            quote: priced,
            ...(page ? { checkoutUrl: `https://pay.example/checkout/${input.id}` } : {}),
          };
        }),
      },
    });
  }
}

/** Drives a top-up to its confirmation: amount, source, and for mobile money the number that pays. */
async function atConfirmation(fake: FakeTopUps, source: '1' | '2' | '3', payer?: '1' | string) {
  const flow = await driveFlow(fake.machine(), flowInput());
  await flow.say('10000');
  let replies = await flow.say(source);
  if (payer === '1') replies = await flow.say('1');
  else if (payer !== undefined) {
    await flow.say('2');
    replies = await flow.say(payer);
  }
  return { flow, replies };
}

describe('top-up flow', () => {
  describe('from one’s own mobile money', () => {
    it('asks the amount, the source and the paying number, confirms the fee and what is debited, and ends pending', async () => {
      const fake = new FakeTopUps();
      const flow = await driveFlow(fake.machine(), flowInput());
      expect(flow.opening).toEqual([{ kind: 'text', key: 'topUp.askAmount' }]);
      expect(await flow.say('10 000')).toEqual([
        {
          kind: 'menu',
          key: 'topUp.askSource',
          params: { amount: { francs: 10000 } },
          options: [
            { id: '1', key: 'topUp.sourceMtn' },
            { id: '2', key: 'topUp.sourceOrange' },
            { id: '3', key: 'topUp.sourceCard' },
          ],
        },
      ]);
      expect(await flow.say('1')).toEqual([
        {
          kind: 'menu',
          key: 'topUp.askPayer',
          params: { rail: 'MTN MoMo' },
          options: [
            { id: '1', key: 'topUp.myNumber', params: { number: '+237 6 77 00 00 01' } },
            { id: '2', key: 'topUp.anotherNumber' },
          ],
        },
      ]);
      expect(await flow.say('1')).toEqual([
        {
          kind: 'menu',
          key: 'topUp.confirmMobile',
          params: {
            amount: { francs: 10000 },
            fee: { francs: 0 },
            total: { francs: 10000 },
            rail: 'MTN MoMo',
            payer: '+237 6 77 00 00 01',
          },
          options: [
            { id: '1', key: 'topUp.confirmYes' },
            { id: '2', key: 'topUp.confirmNo' },
          ],
        },
      ]);
      expect(flow.state).toBe('confirming');
      expect(fake.quoted).toEqual([{ rail: 'mtn_momo', amount: 10000 }]);
      expect(fake.started).toEqual([]);

      const replies = await flow.say('1');
      expect(fake.started).toEqual([
        { id: expect.stringMatching(UUID), owner: alice.msisdn, rail: 'mtn_momo', payer: alice.msisdn, amount: 10000 },
      ]);
      expect(replies).toEqual([
        {
          kind: 'end',
          key: 'topUp.pendingOwn',
          params: { amount: { francs: 10000 }, reference: deriveShortReference(topUpReference(fake.started[0]!.id)) },
        },
      ]);
      expect(flow.status).toBe('done');
      expect(flow.output).toEqual({ quiet: true });
    });

    it('asks for no PIN: the payer approves on their phone', async () => {
      const fake = new FakeTopUps();
      const { flow } = await atConfirmation(fake, '1', '1');
      expect(flow.persistedJson).not.toContain('secret');
      expect(keys(await flow.say('1'))).toEqual(['topUp.pendingOwn']);
      expect(fake.started).toHaveLength(1);
    });

    it('starts at the source when the shortcut gave the amount', async () => {
      const fake = new FakeTopUps();
      const flow = await driveFlow(fake.machine(), flowInput({ args: { amount: 25000 } }));
      expect(flow.opening).toEqual([
        expect.objectContaining({ kind: 'menu', key: 'topUp.askSource', params: { amount: { francs: 25000 } } }),
      ]);
      expect(flow.state).toBe('source');
    });

    it('asks the amount when the shortcut’s amount is not one', async () => {
      const fake = new FakeTopUps();
      const flow = await driveFlow(fake.machine(), flowInput({ args: { amount: -5 } }));
      expect(keys(flow.opening)).toEqual(['topUp.askAmount']);
    });

    it('warns, without refusing, when the own number does not look like the chosen operator’s', async () => {
      const fake = new FakeTopUps();
      const { flow, replies } = await atConfirmation(fake, '2', '1');
      expect(replies).toEqual([
        {
          kind: 'text',
          key: 'topUp.operatorMismatch',
          params: { number: '+237 6 77 00 00 01', rail: 'Orange Money' },
        },
        expect.objectContaining({ key: 'topUp.confirmMobile' }),
      ]);
      expect(flow.state).toBe('confirming');
    });
  });

  describe('from another number', () => {
    it('reads the number in any common form and tells whose phone must approve', async () => {
      const fake = new FakeTopUps();
      const flow = await driveFlow(fake.machine(), flowInput());
      await flow.say('10k');
      await flow.say('2');
      expect(await flow.say('2')).toEqual([
        { kind: 'text', key: 'topUp.askOtherNumber', params: { rail: 'Orange Money' } },
      ]);
      expect(await flow.say('+237 6 99 11 22 33')).toEqual([
        expect.objectContaining({
          key: 'topUp.confirmMobile',
          params: expect.objectContaining({ payer: '+237 6 99 11 22 33', rail: 'Orange Money' }),
        }),
      ]);
      expect(await flow.say('1')).toEqual([{ kind: 'text', key: 'common.askPin' }]);
      const [pending] = await flow.say(PIN);
      expect(fake.pinChecks).toEqual([{ msisdn: alice.msisdn, pin: PIN }]);
      expect(fake.started).toEqual([
        { id: expect.stringMatching(UUID), owner: alice.msisdn, rail: 'orange_money', payer: RELATIVE, amount: 10000 },
      ]);
      expect(pending).toEqual({
        kind: 'end',
        key: 'topUp.pendingOther',
        params: {
          amount: { francs: 10000 },
          payer: '+237 6 99 11 22 33',
          reference: deriveShortReference(topUpReference(fake.started[0]!.id)),
        },
      });
    });

    it('names the holder MTN has for the number on the confirmation and on the started message', async () => {
      const fake = new FakeTopUps();
      fake.holder = { status: 'active', name: 'Ama Owusu' };
      const { flow, replies } = await atConfirmation(fake, '1', '677 11 22 33');
      expect(fake.payerChecks).toEqual([{ rail: 'mtn_momo', msisdn: MTN_RELATIVE }]);
      expect(replies).toEqual([
        expect.objectContaining({
          key: 'topUp.confirmMobile',
          params: expect.objectContaining({ payer: '+237 6 77 11 22 33 (MoMo: Ama Owusu)', rail: 'MTN MoMo' }),
        }),
      ]);
      expect(render(replies[0]!, 'en')).toContain('Debited from +237 6 77 11 22 33 (MoMo: Ama Owusu): 10 000 FCFA.');
      await flow.say('1');
      const [pending] = await flow.say(PIN);
      expect(render(pending!, 'en')).toMatch(
        /^Top-up of 10 000 FCFA started: \+237 6 77 11 22 33 \(MoMo: Ama Owusu\) must approve it on that phone\./,
      );
      expect(fake.started).toEqual([expect.objectContaining({ payer: MTN_RELATIVE, rail: 'mtn_momo' })]);
    });

    it('refuses a number the rail says has no active account, starts nothing, and asks for another', async () => {
      const fake = new FakeTopUps();
      fake.holder = { status: 'inactive' };
      const { flow, replies } = await atConfirmation(fake, '1', '677123455');
      expect(replies).toEqual([
        { kind: 'text', key: 'topUp.notActiveAccount', params: { number: '+237 6 77 12 34 55', rail: 'MTN MoMo' } },
        { kind: 'text', key: 'topUp.askOtherNumber', params: { rail: 'MTN MoMo' } },
      ]);
      expect(render(replies[0]!, 'fr')).toBe(
        'Le +237 6 77 12 34 55 n’est pas un compte MTN MoMo actif. Rien n’a été lancé.',
      );
      expect(flow.state).toBe('otherNumber');
      expect(fake.quoted).toEqual([]);
      expect(fake.started).toEqual([]);
      // Another number, this one active: the top-up goes on, and the first one's refusal left nothing behind.
      fake.holder = { status: 'active', name: 'Paul Fotso' };
      expect(await flow.say('677112233')).toEqual([
        expect.objectContaining({
          key: 'topUp.confirmMobile',
          params: expect.objectContaining({ payer: '+237 6 77 11 22 33 (MoMo: Paul Fotso)' }),
        }),
      ]);
    });

    it.each([
      ['the rail cannot tell', { status: 'unknown' } as AccountHolder],
      ['the rail gives no name', { status: 'active', name: null } as AccountHolder],
      ['the check fails', new Error('MTN MoMo accountHolderActive: no answer in time')],
    ])('carries on without a name when %s', async (_case, holder) => {
      const fake = new FakeTopUps();
      fake.holder = holder;
      const { flow, replies } = await atConfirmation(fake, '1', '677112233');
      expect(replies).toEqual([
        expect.objectContaining({
          key: 'topUp.confirmMobile',
          params: expect.objectContaining({ payer: '+237 6 77 11 22 33' }),
        }),
      ]);
      await flow.say('1');
      expect(keys(await flow.say(PIN))).toEqual(['topUp.pendingOther']);
      expect(fake.started).toHaveLength(1);
    });

    it('asks nobody who holds one’s own number, and forgets a name when the person goes back to their own', async () => {
      const fake = new FakeTopUps();
      fake.holder = { status: 'active', name: 'Ama Owusu' };
      const { flow } = await atConfirmation(fake, '1', '677112233');
      expect(fake.payerChecks).toHaveLength(1);
      await flow.back();
      expect(await flow.say('1')).toEqual([
        expect.objectContaining({
          key: 'topUp.confirmMobile',
          params: expect.objectContaining({ payer: '+237 6 77 00 00 01' }),
        }),
      ]);
      expect(fake.payerChecks).toHaveLength(1);
    });

    it('asks the PIN before prompting another number, starts nothing on a wrong one, and keeps no PIN', async () => {
      const fake = new FakeTopUps();
      const { flow } = await atConfirmation(fake, '1', '699112233');
      expect(keys(await flow.say('1'))).toEqual(['common.askPin']);
      expect(await flow.say('1357')).toEqual([{ kind: 'text', key: 'common.wrongPin', params: { triesLeft: 2 } }]);
      expect(fake.started).toEqual([]);
      expect(flow.persistedJson).not.toContain('1357');
      expect(keys(await flow.say(PIN))).toEqual(['topUp.pendingOther']);
      expect(fake.started).toHaveLength(1);
      expect(flow.persistedJson).not.toContain(PIN);
    });

    it('goes back to the choice of number when the day’s other numbers are used up', async () => {
      const fake = new FakeTopUps();
      fake.startAnswers = [{ ok: false, reason: 'OTHER_NUMBERS_LIMIT' }, 'ok'];
      const { flow } = await atConfirmation(fake, '1', '699112233');
      await flow.say('1');
      expect(keys(await flow.say(PIN))).toEqual(['topUp.otherNumbersLimit', 'topUp.askPayer']);
      expect(flow.state).toBe('payer');
      // Their own number needs no PIN and is not limited.
      expect(keys(await flow.say('1'))).toEqual(['topUp.confirmMobile']);
      expect(keys(await flow.say('1'))).toEqual(['topUp.pendingOwn']);
      expect(fake.started.map((s) => s.payer)).toEqual([RELATIVE, alice.msisdn]);
    });

    it('says what to type for a number that is not a Cameroonian mobile, and stays on the step', async () => {
      const fake = new FakeTopUps();
      const flow = await driveFlow(fake.machine(), flowInput());
      await flow.say('10000');
      await flow.say('1');
      await flow.say('2');
      expect(await flow.say('hello')).toEqual([{ kind: 'text', key: 'input.phone' }]);
      expect(await flow.say('+33 6 12 34 56 78')).toEqual([{ kind: 'text', key: 'input.phoneNotCameroonMobile' }]);
      expect(flow.state).toBe('otherNumber');
      expect(fake.quoted).toEqual([]);
    });

    it('warns when the other number looks like another operator’s', async () => {
      const fake = new FakeTopUps();
      const { replies } = await atConfirmation(fake, '1', '699112233');
      expect(keys(replies)).toEqual(['topUp.operatorMismatch', 'topUp.confirmMobile']);
      expect(replies[0]!.params).toEqual({ number: '+237 6 99 11 22 33', rail: 'MTN MoMo' });
    });
  });

  describe('by card', () => {
    it('confirms the card fee and ends saying the card is paid on the provider’s secure page, with the reference', async () => {
      const fake = new FakeTopUps();
      const { flow, replies } = await atConfirmation(fake, '3');
      expect(replies).toEqual([
        {
          kind: 'menu',
          key: 'topUp.confirmCard',
          params: { amount: { francs: 10000 }, fee: { francs: 300 }, total: { francs: 10300 } },
          options: [
            { id: '1', key: 'topUp.confirmYes' },
            { id: '2', key: 'topUp.confirmNo' },
          ],
        },
      ]);
      const [started] = await flow.say('1');
      expect(fake.started).toEqual([
        { id: expect.stringMatching(UUID), owner: alice.msisdn, rail: 'card', payer: alice.msisdn, amount: 10000 },
      ]);
      expect(started).toEqual({
        kind: 'end',
        key: 'topUp.cardStarted',
        params: {
          amount: { francs: 10000 },
          reference: deriveShortReference(topUpReference(fake.started[0]!.id)),
          link: `https://pay.example/checkout/${fake.started[0]!.id}`,
        },
      });
    });

    it('says to wait for the cancellation when the start gives no page (another attempt of it asked the provider)', async () => {
      const fake = new FakeTopUps();
      fake.checkoutPage = false;
      const { flow } = await atConfirmation(fake, '3');
      expect(await flow.say('1')).toEqual([
        {
          kind: 'end',
          key: 'topUp.cardPending',
          params: { amount: { francs: 10000 }, reference: deriveShortReference(topUpReference(fake.started[0]!.id)) },
        },
      ]);
    });

    it('sends the person back to the sources when this deployment has no card rail yet', async () => {
      const fake = new FakeTopUps();
      fake.startAnswers = [{ ok: false, reason: 'UNSUPPORTED_RAIL' }, 'ok'];
      const { flow } = await atConfirmation(fake, '3');
      expect(keys(await flow.say('1'))).toEqual(['topUp.cardUnavailable', 'topUp.askSource']);
      expect(flow.state).toBe('source');
      await flow.say('1');
      await flow.say('1');
      expect(keys(await flow.say('1'))).toEqual(['topUp.pendingOwn']);
      expect(fake.started.map((s) => s.rail)).toEqual(['card', 'mtn_momo']);
      expect(fake.started[1]!.id).not.toBe(fake.started[0]!.id);
    });
  });

  describe('refusals', () => {
    it('explains the maximum balance, counting top-ups not yet approved, and asks for a smaller amount', async () => {
      const fake = new FakeTopUps();
      fake.startAnswers = [{ ok: false, reason: 'LIMIT_BALANCE' }, 'ok'];
      const { flow } = await atConfirmation(fake, '1', '1');
      expect(await flow.say('1')).toEqual([
        { kind: 'text', key: 'topUp.limitBalance' },
        { kind: 'text', key: 'topUp.askAmount' },
      ]);
      expect(flow.state).toBe('amount');
      await flow.say('2000');
      await flow.say('1');
      await flow.say('1');
      expect(keys(await flow.say('1'))).toEqual(['topUp.pendingOwn']);
      expect(fake.started.map((s) => s.amount)).toEqual([10000, 2000]);
      expect(fake.started[1]!.id).not.toBe(fake.started[0]!.id);
    });

    it.each([
      ['RAIL_REFUSED', 'money.railRefused'],
      ['NO_WALLET', 'money.noWallet'],
      ['WALLET_UNAVAILABLE', 'money.walletUnavailable'],
      ['FAILED', 'money.alreadyFailed'],
      ['CONFLICT', 'refusal.other'],
    ] as const)('ends a start refused with %s by saying %s', async (reason, key) => {
      const fake = new FakeTopUps();
      fake.startAnswers = [{ ok: false, reason }];
      const { flow } = await atConfirmation(fake, '1', '1');
      expect(await flow.say('1')).toEqual([{ kind: 'end', key }]);
      expect(flow.status).toBe('done');
    });

    it('asks again for an amount the fee schedule cannot price', async () => {
      const fake = new FakeTopUps();
      fake.quoteAnswer = null;
      const flow = await driveFlow(fake.machine(), flowInput());
      await flow.say('10000');
      await flow.say('1');
      expect(keys(await flow.say('1'))).toEqual(['refusal.invalidAmount', 'topUp.askAmount']);
      expect(flow.state).toBe('amount');
    });
  });

  describe('going back and typing something else', () => {
    it('goes back one step at a time, and cancels from the first', async () => {
      const fake = new FakeTopUps();
      const { flow } = await atConfirmation(fake, '1', '699112233');
      expect(keys(await flow.back())).toEqual(['topUp.askPayer']);
      expect(keys(await flow.back())).toEqual(['topUp.askSource']);
      expect(keys(await flow.back())).toEqual(['topUp.askAmount']);
      expect(await flow.back()).toEqual([{ kind: 'end', key: 'common.cancelled' }]);
      expect(flow.status).toBe('done');
      expect(fake.started).toEqual([]);
    });

    it('goes back from the other number to the choice of number, and from a card’s confirmation to the sources', async () => {
      const fake = new FakeTopUps();
      const flow = await driveFlow(fake.machine(), flowInput());
      await flow.say('10000');
      await flow.say('1');
      await flow.say('2');
      expect(keys(await flow.back())).toEqual(['topUp.askPayer']);
      const card = await atConfirmation(fake, '3');
      expect(keys(await card.flow.back())).toEqual(['topUp.askSource']);
    });

    it('goes back from the PIN (asked for another number) to the confirmation, and a new confirmation makes a new key', async () => {
      const fake = new FakeTopUps();
      const { flow } = await atConfirmation(fake, '1', '699112233');
      expect(keys(await flow.say('1'))).toEqual(['common.askPin']);
      const firstKey = JSON.parse(flow.persistedJson).context.topUpId as string;
      expect(keys(await flow.back())).toEqual(['topUp.confirmMobile']);
      expect(flow.state).toBe('confirming');
      await flow.say('1');
      expect(JSON.parse(flow.persistedJson).context.topUpId).not.toBe(firstKey);
      expect(keys(await flow.say(PIN))).toEqual(['topUp.pendingOther']);
      expect(fake.started).toHaveLength(1);
    });

    it('says what to type at each step and stays there', async () => {
      const fake = new FakeTopUps();
      const flow = await driveFlow(fake.machine(), flowInput());
      expect(await flow.say('lots')).toEqual([{ kind: 'text', key: 'input.amount' }]);
      expect(await flow.say('10.50')).toEqual([{ kind: 'text', key: 'input.amountWhole' }]);
      expect(flow.state).toBe('amount');
      await flow.say('10000');
      expect(keys(await flow.say('4'))).toEqual(['common.invalidChoice', 'topUp.askSource']);
      await flow.say('1');
      expect(keys(await flow.say('3'))).toEqual(['common.invalidChoice', 'topUp.askPayer']);
      await flow.say('1');
      expect(keys(await flow.say('yes'))).toEqual(['common.invalidChoice', 'topUp.confirmMobile']);
      expect(flow.state).toBe('confirming');
      expect(fake.started).toEqual([]);
    });

    it('cancels at the confirmation without starting anything', async () => {
      const fake = new FakeTopUps();
      const { flow } = await atConfirmation(fake, '1', '1');
      expect(await flow.say('2')).toEqual([{ kind: 'end', key: 'common.cancelled' }]);
      expect(fake.started).toEqual([]);
    });

    it('names a help text for every step it asks at', async () => {
      const fake = new FakeTopUps();
      const flow = await driveFlow(fake.machine(), flowInput());
      const helps = topUpMachine.root.states;
      for (const state of ['amount', 'source', 'payer', 'otherNumber', 'confirming', 'unsure']) {
        const help = (helps[state]!.meta as { help?: string } | undefined)?.help;
        expect(topUpMessages.en).toHaveProperty([help!]);
        expect(topUpMessages.fr).toHaveProperty([help!]);
      }
      expect(flow.state).toBe('amount');
    });
  });

  describe('a technical problem', () => {
    it('asks to try again after a failed start, and tries again with the same key', async () => {
      const fake = new FakeTopUps();
      fake.startAnswers = [new Error('rail timeout'), new Error('still down'), 'ok'];
      const { flow } = await atConfirmation(fake, '1', '1');
      expect(await flow.say('1')).toEqual([
        {
          kind: 'menu',
          key: 'topUp.unsure',
          options: [
            { id: '1', key: 'topUp.tryAgain' },
            { id: '2', key: 'topUp.stop' },
          ],
        },
      ]);
      expect(flow.state).toBe('unsure');
      expect(keys(await flow.back())).toEqual(['topUp.unsure']);
      expect(keys(await flow.say('x'))).toEqual(['common.invalidChoice', 'topUp.unsure']);
      expect(keys(await flow.say('1'))).toEqual(['topUp.unsure']);
      expect(keys(await flow.say('1'))).toEqual(['topUp.pendingOwn']);
      expect(fake.started).toHaveLength(3);
      expect(new Set(fake.started.map((s) => s.id)).size).toBe(1);
    });

    it('asks again with the same key when a conversation saved while starting is restored (a restart)', async () => {
      const fake = new FakeTopUps();
      fake.hangOnStart = true;
      const before = createActor(fake.machine(), { input: flowInput() }).start();
      for (const typed of ['10000', '1', '1', '1']) {
        before.send({ type: 'INPUT', text: typed });
        await waitFor(before, (s) => !s.hasTag('busy') || fake.started.length === 1, { timeout: 2000 });
      }
      expect(before.getSnapshot().value).toBe('starting');
      const saved = JSON.stringify(before.getPersistedSnapshot());
      before.stop();

      fake.hangOnStart = false;
      const restart: AnyStateMachine = fake.machine();
      const after = createActor(restart, { snapshot: JSON.parse(saved) as Snapshot<unknown> });
      const replies: Reply[] = [];
      after.on('reply', (e: { reply: Reply }) => replies.push(e.reply));
      after.start();
      await waitFor(after, (s) => s.status === 'done', { timeout: 2000 });
      expect(fake.started).toHaveLength(2);
      expect(fake.started[1]).toEqual(fake.started[0]);
      expect(keys(replies)).toEqual(['topUp.pendingOwn']);
    });

    it('stops when asked, saying a request on the phone is this top-up', async () => {
      const fake = new FakeTopUps();
      fake.startAnswers = [new Error('rail timeout')];
      const { flow } = await atConfirmation(fake, '1', '1');
      await flow.say('1');
      expect(await flow.say('2')).toEqual([{ kind: 'end', key: 'topUp.checkHistory' }]);
      expect(flow.status).toBe('done');
    });

    it('ends with a technical problem when the quote fails, before anything is started', async () => {
      const fake = new FakeTopUps();
      fake.quoteAnswer = new Error('fees unavailable');
      const flow = await driveFlow(fake.machine(), flowInput());
      await flow.say('10000');
      await flow.say('1');
      expect(await flow.say('1')).toEqual([{ kind: 'end', key: 'common.technicalProblem' }]);
      expect(fake.started).toEqual([]);
    });
  });

  describe('texts', () => {
    const LONGEST = {
      amount: { francs: 1_999_999 },
      fee: { francs: 60_000 },
      total: { francs: 2_059_999 },
      // The longest name shown is HOLDER_NAME_MAX (20) characters.
      payer: '+237 6 77 11 22 33 (MoMo: Nnnnnnnnn Nnnnnnnnnn)',
      number: '+237 6 99 11 22 33',
      rail: 'Orange Money',
      reference: deriveShortReference(topUpReference('123e4567-e89b-42d3-a456-426614174000')),
      // A hosted checkout's address as long as Notch Pay's (`https://pay.notchpay.co/trx.…`).
      link: 'https://pay.notchpay.co/trx.0123456789abcdef0123',
      requester: 'Nnnnnnnnnnnnnnnnnnnnnnnnnnnn (+237699112233)',
    };

    it.each(['en', 'fr'] as const)(
      'fills every placeholder and fits one SMS (160 characters) in %s',
      async (language) => {
        const shown: Reply[] = [];
        for (const answers of [
          ['1', '1', '1'],
          ['2', '2', '677123456', '1', PIN],
          ['1', '2', '677123456', '1', PIN],
          ['3', '1'],
        ]) {
          const fake = new FakeTopUps();
          fake.holder = { status: 'active', name: 'Nnnnnnnnn Nnnnnnnnnn' };
          const flow = await driveFlow(fake.machine(), flowInput());
          shown.push(...flow.opening, ...(await flow.say('1999999')));
          for (const answer of answers) shown.push(...(await flow.say(answer)));
        }
        const every = keysOf(topUpMessages.en).map((key): Reply => ({ kind: 'text', key, params: LONGEST }));
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
