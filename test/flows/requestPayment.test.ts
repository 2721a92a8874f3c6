import { fromPromise } from 'xstate';
import type { AccountId } from '../../domain/ledger/accounts';
import type { RequestStatus, RequestView } from '../../domain/paymentRequests/paymentRequestResults';
import type { Msisdn } from '../../domain/phone';
import type { Reply } from '../../flows/conversation';
import { commonMessages } from '../../flows/messages/common';
import { refusalMessages } from '../../flows/messages/refusals';
import { requestPaymentMessages } from '../../flows/messages/requestPayment';
import {
  requestPaymentMachine,
  type CancelRequestInput,
  type CancelRequestResult,
  type CreateRequestInput,
  type CreateRequestResult,
} from '../../flows/requestPayment';
import { alice, driveFlow, flowInput, keys } from '../support/flowHarness';
import { replyRenderer } from '../support/renderReply';
import { deriveShortReference } from '../../domain/shortReference';

const BOB = '237699112233' as Msisdn;
const EXPIRES = new Date('2030-05-04T10:00:00Z');

/** The texts a person would read, in a language (throws on an unknown key). */
const render = replyRenderer(requestPaymentMessages, commonMessages, refusalMessages);

function expectFilled(reply: Reply) {
  for (const language of ['en', 'fr'] as const) expect(render(reply, language)).not.toMatch(/\{\w+\}/);
}

function view(n: number, status: RequestStatus = 'open', reason = `Reason ${n}`): RequestView {
  return {
    id: `R${String(n).padStart(12, '0')}`,
    shortReference: deriveShortReference(`preq:R${String(n).padStart(12, '0')}`),
    requesterName: alice.name,
    payer: `23769911${String(n).padStart(4, '0')}` as Msisdn,
    amount: 1000 * n,
    reason,
    createdAt: new Date(Date.UTC(2030, 4, 1, 0, n)),
    expiresAt: EXPIRES,
    status,
  };
}

/** A hand-written PaymentRequests stand-in: records every call and answers what the test queued. */
class FakeRequests {
  readonly created: CreateRequestInput[] = [];
  readonly cancelled: CancelRequestInput[] = [];
  readonly listedFor: { requester: AccountId; limit: number }[] = [];
  /** Answers of create in order; an Error is thrown (a technical problem). The last one repeats. */
  createAnswers: (CreateRequestResult | Error | 'ok')[] = ['ok'];
  cancelAnswer: CancelRequestResult | Error = { ok: true };
  mine: RequestView[] = [];
  feeFails = false;

  machine() {
    return requestPaymentMachine.provide({
      actors: {
        requestFee: fromPromise<number, { amount: number }>(async ({ input }) => {
          if (this.feeFails) throw new Error('fees down');
          return input.amount >= 5000 ? 100 : 50;
        }),
        createRequest: fromPromise<CreateRequestResult, CreateRequestInput>(async ({ input }) => {
          this.created.push(input);
          const answer = this.createAnswers.length > 1 ? this.createAnswers.shift()! : this.createAnswers[0]!;
          if (answer instanceof Error) throw answer;
          if (answer !== 'ok') return answer;
          const { id, payer, amount, reason } = input;
          return {
            ok: true,
            request: {
              _id: id,
              requester: { kind: 'wallet', account: 'wallet:x' as AccountId, name: alice.name, contact: alice.msisdn },
              payer,
              amount,
              reason: reason ?? '',
              createdAt: new Date('2030-05-01T10:00:00Z'),
              expiresAt: EXPIRES,
              state: 'open',
              shortReference: deriveShortReference(`preq:${id}`),
            },
          };
        }),
        myRequests: fromPromise<RequestView[], { requester: AccountId; limit: number }>(async ({ input }) => {
          this.listedFor.push(input);
          return this.mine;
        }),
        cancelRequest: fromPromise<CancelRequestResult, CancelRequestInput>(async ({ input }) => {
          this.cancelled.push(input);
          if (this.cancelAnswer instanceof Error) throw this.cancelAnswer;
          return this.cancelAnswer;
        }),
      },
    });
  }
}

async function atConfirmation(fake: FakeRequests, reason = 'School fees') {
  const flow = await driveFlow(fake.machine(), flowInput());
  await flow.say('1');
  await flow.say('+237 6 99 11 22 33');
  await flow.say('5k');
  const replies = await flow.say(reason);
  return { flow, replies };
}

describe('request payment flow', () => {
  describe('a new request', () => {
    it('asks whom, how much and why, confirms with the payer’s fee, and ends with the request’s reference', async () => {
      const fake = new FakeRequests();
      const flow = await driveFlow(fake.machine(), flowInput());
      expect(flow.opening).toEqual([
        {
          kind: 'menu',
          key: 'requestPayment.title',
          options: [
            { id: '1', key: 'requestPayment.new' },
            { id: '2', key: 'requestPayment.mine' },
          ],
        },
      ]);
      expect(keys(await flow.say('1'))).toEqual(['requestPayment.askPayer']);
      expect(await flow.say('+237 6 99 11 22 33')).toEqual([
        { kind: 'text', key: 'requestPayment.askAmount', params: { payer: '+237 6 99 11 22 33' } },
      ]);
      expect(await flow.say('5k')).toEqual([{ kind: 'text', key: 'requestPayment.askReason', params: { max: 60 } }]);
      const [confirmation] = await flow.say('  School   fees ');
      expect(confirmation).toEqual({
        kind: 'menu',
        key: 'requestPayment.confirm',
        params: { payer: '+237 6 99 11 22 33', amount: { francs: 5000 }, reason: 'School fees', fee: { francs: 100 } },
        options: [
          { id: '1', key: 'requestPayment.confirmYes' },
          { id: '2', key: 'requestPayment.confirmNo' },
        ],
      });
      expect(flow.state).toBe('confirming');
      expect(fake.created).toEqual([]);

      const [receipt] = await flow.say('1');
      expect(fake.created).toEqual([
        {
          id: expect.stringMatching(/^R[0-9A-HJKMNP-TV-Z]{12}$/),
          requester: { kind: 'wallet', msisdn: alice.msisdn },
          payer: BOB,
          amount: 5000,
          reason: 'School fees',
        },
      ]);
      expect(receipt).toEqual({
        kind: 'end',
        key: 'requestPayment.sent',
        params: {
          payer: '+237 6 99 11 22 33',
          amount: { francs: 5000 },
          date: { date: EXPIRES.toISOString() },
          // The request's short reference, not its id: the payer's notice and both history lines quote it.
          reference: deriveShortReference(`preq:${fake.created[0]!.id}`),
        },
      });
      expect(flow.status).toBe('done');
      expect(flow.output).toEqual({ quiet: true });
    });

    it('reads the same in English and French, within one SMS for the confirmation and the receipt', async () => {
      const fake = new FakeRequests();
      const { flow, replies } = await atConfirmation(fake, 'x'.repeat(60));
      const [receipt] = await flow.say('1');
      const reference = deriveShortReference(`preq:${fake.created[0]!.id}`);
      expect(render(replies[0]!, 'en')).toBe(
        `Ask +237 6 99 11 22 33 for 5 000 FCFA: ${'x'.repeat(60)}? They pay a 100 FCFA fee on top.\n1 Send\n2 Cancel`,
      );
      expect(render(replies[0]!, 'fr')).toBe(
        `Demander 5 000 FCFA au +237 6 99 11 22 33 : ${'x'.repeat(60)} ? Frais à sa charge : 100 FCFA.\n1 Envoyer\n2 Annuler`,
      );
      expect(render(receipt!, 'en')).toBe(
        `Request sent: we told +237 6 99 11 22 33 you ask for 5 000 FCFA. They can pay until 04/05/2030 11:00. Ref ${reference}`,
      );
      expect(render(receipt!, 'fr')).toBe(
        `Demande envoyée : nous avons prévenu le +237 6 99 11 22 33 que vous demandez 5 000 FCFA. À payer avant le 04/05/2030 11:00. Réf ${reference}`,
      );
      for (const reply of [...replies, receipt!]) {
        for (const language of ['en', 'fr'] as const) expect(render(reply, language).length).toBeLessThanOrEqual(160);
      }
    });

    it.each(['-', 'none', 'Aucun', 'rien', '.'])('sends no reason when the person types %p', async (typed) => {
      const fake = new FakeRequests();
      const { flow, replies } = await atConfirmation(fake, typed);
      expect(replies).toEqual([
        expect.objectContaining({
          key: 'requestPayment.confirmNoReason',
          params: { payer: '+237 6 99 11 22 33', amount: { francs: 5000 }, reason: '', fee: { francs: 100 } },
        }),
      ]);
      await flow.say('1');
      expect(fake.created[0]!.reason).toBe('');
    });

    it('refuses a reason over 60 characters, says how long it is, and takes one of 60', async () => {
      const fake = new FakeRequests();
      const { flow, replies } = await atConfirmation(fake, 'y'.repeat(61));
      expect(replies).toEqual([{ kind: 'text', key: 'requestPayment.reasonTooLong', params: { length: 61, max: 60 } }]);
      expectFilled(replies[0]!);
      expect(render(replies[0]!, 'en')).toBe(
        'This reason has 61 characters; the maximum is 60. Please shorten it, or type - for none.',
      );
      expect(render(replies[0]!, 'fr')).toBe(
        'Ce motif fait 61 caractères ; le maximum est 60. Raccourcissez-le, ou tapez - pour aucun motif.',
      );
      expect(flow.state).toBe('reason');
      // Spaces are collapsed as the service will keep them, so the count is the one that matters.
      expect(keys(await flow.say(`${'y'.repeat(30)}      ${'y'.repeat(29)}`))).toEqual(['requestPayment.confirm']);
    });

    it('refuses to ask the person themself, whatever form of their number they type, and stays on the step', async () => {
      const fake = new FakeRequests();
      const flow = await driveFlow(fake.machine(), flowInput());
      await flow.say('1');
      expect(await flow.say('00237 677 00 00 01')).toEqual([{ kind: 'text', key: 'requestPayment.notYourself' }]);
      expect(flow.state).toBe('payer');
      expect(keys(await flow.say('699112233'))).toEqual(['requestPayment.askAmount']);
    });

    it('says what to type after a bad number, a bad amount or an empty reason, and stays on the step', async () => {
      const fake = new FakeRequests();
      const flow = await driveFlow(fake.machine(), flowInput());
      await flow.say('1');
      expect(keys(await flow.say('Bob'))).toEqual(['input.phone']);
      expect(keys(await flow.say('+33 6 12 34 56 78'))).toEqual(['input.phoneNotCameroonMobile']);
      expect(flow.state).toBe('payer');
      await flow.say('699112233');
      expect(keys(await flow.say('12.5'))).toEqual(['input.amountWhole']);
      expect(keys(await flow.say('lots'))).toEqual(['input.amount']);
      expect(flow.state).toBe('amount');
      await flow.say('2000');
      expect(keys(await flow.say('   '))).toEqual(['requestPayment.askReason']);
      expect(flow.state).toBe('reason');
      await flow.say('Lunch');
      expect(keys(await flow.say('3'))).toEqual(['common.invalidChoice', 'requestPayment.confirm']);
      expect(flow.state).toBe('confirming');
    });

    it('goes back one step at a time, and from the first screen cancels', async () => {
      const fake = new FakeRequests();
      const { flow } = await atConfirmation(fake);
      expect(keys(await flow.back())).toEqual(['requestPayment.askReason']);
      expect(keys(await flow.back())).toEqual(['requestPayment.askAmount']);
      expect(keys(await flow.back())).toEqual(['requestPayment.askPayer']);
      expect(keys(await flow.back())).toEqual(['requestPayment.title']);
      expect(await flow.back()).toEqual([{ kind: 'end', key: 'common.cancelled' }]);
      expect(flow.status).toBe('done');
      expect(fake.created).toEqual([]);
    });

    it('sends nothing when the person cancels at the confirmation', async () => {
      const fake = new FakeRequests();
      const { flow } = await atConfirmation(fake);
      expect(await flow.say('2')).toEqual([{ kind: 'end', key: 'common.cancelled' }]);
      expect(fake.created).toEqual([]);
    });

    it('after a technical problem, tries again with the same request id, so the request is made once', async () => {
      const fake = new FakeRequests();
      fake.createAnswers = [new Error('store down'), 'ok'];
      const { flow } = await atConfirmation(fake);
      expect(await flow.say('1')).toEqual([
        {
          kind: 'menu',
          key: 'requestPayment.unsure',
          options: [
            { id: '1', key: 'requests.tryAgain' },
            { id: '2', key: 'requests.stop' },
          ],
        },
      ]);
      expect(flow.state).toBe('unsure');
      expect(keys(await flow.back())).toEqual(['requestPayment.unsure']);
      const [receipt] = await flow.say('1');
      expect(fake.created).toHaveLength(2);
      expect(fake.created[1]!.id).toBe(fake.created[0]!.id);
      expect(receipt).toMatchObject({
        kind: 'end',
        key: 'requestPayment.sent',
        params: { reference: deriveShortReference(`preq:${fake.created[0]!.id}`) },
      });
    });

    it('after a technical problem, stopping says where to check', async () => {
      const fake = new FakeRequests();
      fake.createAnswers = [new Error('store down')];
      const { flow } = await atConfirmation(fake);
      await flow.say('1');
      expect(await flow.say('2')).toEqual([{ kind: 'end', key: 'requestPayment.checkLater' }]);
    });

    it('after a technical problem, an answer other than 1 or 2 asks again instead of stopping', async () => {
      const fake = new FakeRequests();
      fake.createAnswers = [new Error('store down'), 'ok'];
      const { flow } = await atConfirmation(fake);
      await flow.say('1');
      expect(keys(await flow.say('ok'))).toEqual(['common.invalidChoice', 'requestPayment.unsure']);
      expect(flow.state).toBe('unsure');
      expect(keys(await flow.say('1'))).toEqual(['requestPayment.sent']);
      expect(fake.created.map((c) => c.id)).toEqual([fake.created[0]!.id, fake.created[0]!.id]);
    });

    it('a new confirmation after going back makes a new request id', async () => {
      const fake = new FakeRequests();
      fake.createAnswers = [{ ok: false, reason: 'SAME_ACCOUNT' }, 'ok'];
      const { flow } = await atConfirmation(fake);
      expect(await flow.say('1')).toEqual([
        { kind: 'text', key: 'requestPayment.notYourself' },
        { kind: 'text', key: 'requestPayment.askPayer' },
      ]);
      expect(flow.state).toBe('payer');
      await flow.say('699112233');
      await flow.say('5000');
      await flow.say('-');
      await flow.say('1');
      expect(fake.created).toHaveLength(2);
      expect(fake.created[1]!.id).not.toBe(fake.created[0]!.id);
    });

    it('explains a refused amount and asks it again', async () => {
      const fake = new FakeRequests();
      fake.createAnswers = [{ ok: false, reason: 'INVALID_AMOUNT' }];
      const { flow } = await atConfirmation(fake);
      expect(keys(await flow.say('1'))).toEqual(['refusal.invalidAmount', 'requestPayment.askAmount']);
      expect(flow.state).toBe('amount');
    });

    it('explains a reason the service finds too long and asks it again', async () => {
      const fake = new FakeRequests();
      fake.createAnswers = [{ ok: false, reason: 'REASON_TOO_LONG' }];
      const { flow } = await atConfirmation(fake);
      expect(keys(await flow.say('1'))).toEqual(['requestPayment.reasonTooLong', 'requestPayment.askReason']);
      expect(flow.state).toBe('reason');
    });

    it.each(['REQUESTER_NOT_REGISTERED', 'CONFLICT', 'INVALID_ID'] as const)(
      'ends with a general refusal when the service answers %s',
      async (reason) => {
        const fake = new FakeRequests();
        fake.createAnswers = [{ ok: false, reason }];
        const { flow } = await atConfirmation(fake);
        expect(await flow.say('1')).toEqual([{ kind: 'end', key: 'refusal.other' }]);
        expect(flow.status).toBe('done');
      },
    );

    it('ends with a technical problem when the fee cannot be read', async () => {
      const fake = new FakeRequests();
      fake.feeFails = true;
      const { flow, replies } = await atConfirmation(fake);
      expect(replies).toEqual([{ kind: 'end', key: 'common.technicalProblem' }]);
      expect(flow.status).toBe('done');
    });

    it('answers an unknown choice on the first screen with the menu again', async () => {
      const fake = new FakeRequests();
      const flow = await driveFlow(fake.machine(), flowInput());
      expect(keys(await flow.say('7'))).toEqual(['common.invalidChoice', 'requestPayment.title']);
      expect(flow.state).toBe('choosing');
    });
  });

  describe('my open requests', () => {
    it('says so when there is none open', async () => {
      const fake = new FakeRequests();
      fake.mine = [view(1, 'paid'), view(2, 'expired')];
      const flow = await driveFlow(fake.machine(), flowInput());
      expect(await flow.say('2')).toEqual([{ kind: 'end', key: 'requestPayment.none' }]);
      expect(fake.listedFor).toEqual([{ requester: `wallet:${alice.msisdn}`, limit: 50 }]);
      expect(flow.status).toBe('done');
    });

    it('lists the open ones five at a time, pages with 9 and back with 0, and cancels the one picked', async () => {
      const fake = new FakeRequests();
      fake.mine = [1, 2, 3, 4, 5, 6, 7].map((n) => view(n)).concat([view(8, 'declined'), view(9, 'cancelled')]);
      fake.mine[6] = view(7, 'open', '');
      const flow = await driveFlow(fake.machine(), flowInput());
      const [first] = await flow.say('2');
      expect(first).toMatchObject({ kind: 'menu', key: 'requestPayment.list', params: { page: 1, pages: 2 } });
      expect(first!.kind === 'menu' && first!.options.map((o) => o.id)).toEqual(['1', '2', '3', '4', '5', '9']);
      expect(first!.kind === 'menu' && first!.options[0]).toEqual({
        id: '1',
        key: 'requestPayment.item',
        params: { payer: '+237 6 99 11 00 01', amount: { francs: 1000 }, reason: 'Reason 1' },
      });
      expectFilled(first!);

      const [second] = await flow.say('9');
      expect(second).toMatchObject({ params: { page: 2, pages: 2 } });
      expect(second!.kind === 'menu' && second!.options).toEqual([
        {
          id: '1',
          key: 'requestPayment.item',
          params: { payer: '+237 6 99 11 00 06', amount: { francs: 6000 }, reason: 'Reason 6' },
        },
        {
          id: '2',
          key: 'requestPayment.itemNoReason',
          params: { payer: '+237 6 99 11 00 07', amount: { francs: 7000 }, reason: '' },
        },
      ]);
      expect(keys(await flow.say('9'))).toEqual(['common.invalidChoice', 'requestPayment.list']);
      expect(keys(await flow.say('3'))).toEqual(['common.invalidChoice', 'requestPayment.list']);
      expect((await flow.back())[0]).toMatchObject({ key: 'requestPayment.list', params: { page: 1 } });

      const [details] = await flow.say('2');
      expect(details).toEqual({
        kind: 'menu',
        key: 'requestPayment.details',
        params: {
          payer: '+237 6 99 11 00 02',
          amount: { francs: 2000 },
          reason: 'Reason 2',
          date: { date: EXPIRES.toISOString() },
          reference: view(2).shortReference,
        },
        options: [{ id: '1', key: 'requestPayment.cancelIt' }],
      });
      expectFilled(details!);
      expect(flow.state).toBe('details');
      expect((await flow.back())[0]).toMatchObject({ key: 'requestPayment.list', params: { page: 1 } });
      await flow.say('2');

      expect(await flow.say('1')).toEqual([
        {
          kind: 'end',
          key: 'requestPayment.requestCancelled',
          params: { payer: '+237 6 99 11 00 02', amount: { francs: 2000 } },
        },
      ]);
      expect(fake.cancelled).toEqual([{ requestId: view(2).id, requester: `wallet:${alice.msisdn}` }]);
      expect(flow.status).toBe('done');
    });

    it('goes back from the list to the first screen', async () => {
      const fake = new FakeRequests();
      fake.mine = [view(1)];
      const flow = await driveFlow(fake.machine(), flowInput());
      await flow.say('2');
      expect(keys(await flow.back())).toEqual(['requestPayment.title']);
      expect(flow.state).toBe('choosing');
    });

    it.each([
      ['ALREADY_PAID', 'requestPayment.alreadyPaid'],
      ['DECLINED', 'requestPayment.alreadyDeclined'],
      ['EXPIRED', 'requestPayment.alreadyExpired'],
      ['NOT_FOUND', 'requestPayment.notFound'],
    ] as const)('explains a cancel refused as %s', async (reason, key) => {
      const fake = new FakeRequests();
      fake.mine = [view(1, 'paying')];
      fake.cancelAnswer = { ok: false, reason };
      const flow = await driveFlow(fake.machine(), flowInput());
      await flow.say('2');
      await flow.say('1');
      const [reply] = await flow.say('1');
      expect(reply).toEqual({
        kind: 'end',
        key,
        params: { payer: '+237 6 99 11 00 01', amount: { francs: 1000 } },
      });
      expectFilled(reply!);
    });

    it('ends with a technical problem when the list or the cancel fails', async () => {
      const listing = new FakeRequests();
      listing.mine = [view(1)];
      const failing = listing.machine().provide({
        actors: {
          myRequests: fromPromise<RequestView[], { requester: AccountId; limit: number }>(async () => {
            throw new Error('down');
          }),
        },
      });
      const flow = await driveFlow(failing, flowInput());
      expect(await flow.say('2')).toEqual([{ kind: 'end', key: 'common.technicalProblem' }]);

      const cancelling = new FakeRequests();
      cancelling.mine = [view(1)];
      cancelling.cancelAnswer = new Error('down');
      const second = await driveFlow(cancelling.machine(), flowInput());
      await second.say('2');
      await second.say('1');
      expect(await second.say('1')).toEqual([{ kind: 'end', key: 'common.technicalProblem' }]);
    });
  });
});
