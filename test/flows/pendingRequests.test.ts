import { createActor, fromPromise, waitFor, type AnyStateMachine, type Snapshot } from 'xstate';
import type { PinCheck } from '../../domain/people';
import type { RequestView } from '../../domain/paymentRequests/paymentRequestResults';
import type { Msisdn } from '../../domain/phone';
import type { Reply, ReplyEmitted } from '../../flows/conversation';
import { commonMessages } from '../../flows/messages/common';
import { refusalMessages } from '../../flows/messages/refusals';
import { requestPaymentMessages } from '../../flows/messages/requestPayment';
import {
  pendingRequestsMachine,
  type DeclineRequestInput,
  type DeclineRequestResult,
  type PayRequestInput,
  type PayRequestResult,
} from '../../flows/pendingRequests';
import { alice, driveFlow, flowInput, keys } from '../support/flowHarness';
import { replyRenderer } from '../support/renderReply';
import { deriveShortReference } from '../../domain/shortReference';

const PIN = '2580';
const WRONG_PIN = '1397';
const EXPIRES = new Date('2030-05-04T10:00:00Z');
const LOCKED_UNTIL = new Date('2030-05-01T12:30:00Z');

/** The texts a person would read, in a language (throws on an unknown key). */
const render = replyRenderer(requestPaymentMessages, commonMessages, refusalMessages);

function expectFilled(reply: Reply) {
  for (const language of ['en', 'fr'] as const) expect(render(reply, language)).not.toMatch(/\{\w+\}/);
}

function request(n: number, reason = `Reason ${n}`): RequestView {
  return {
    id: `R${String(n).padStart(12, '0')}`,
    shortReference: deriveShortReference(`preq:R${String(n).padStart(12, '0')}`),
    requesterName: `Requester ${n}`,
    payer: alice.msisdn,
    amount: 1000 * n,
    reason,
    createdAt: new Date(Date.UTC(2030, 4, 1, 0, 60 - n)),
    expiresAt: EXPIRES,
    status: 'open',
  };
}

/** A hand-written stand-in for PaymentRequests and the PIN check: records every call, answers what was queued. */
class FakeRequests {
  readonly paid: PayRequestInput[] = [];
  readonly declined: DeclineRequestInput[] = [];
  readonly pinChecks: Msisdn[] = [];
  requests: RequestView[] = [request(1), request(2, '')];
  /** Answers in order; an Error is thrown (a technical problem). The last one repeats. */
  payAnswers: (PayRequestResult | Error | 'ok')[] = ['ok'];
  pinAnswers: (PinCheck | Error)[] = [{ ok: true }];
  declineAnswer: DeclineRequestResult | Error = { ok: true };
  listFails = false;

  machine() {
    const next = <T>(queue: T[]): T => (queue.length > 1 ? queue.shift()! : queue[0]!);
    return pendingRequestsMachine.provide({
      actors: {
        requestsToPay: fromPromise<RequestView[], { payer: Msisdn }>(async ({ input }) => {
          if (this.listFails) throw new Error('store down');
          return this.requests.filter((r) => r.payer === input.payer);
        }),
        requestFee: fromPromise<number, { amount: number }>(async ({ input }) => Math.ceil(input.amount / 100)),
        checkPin: fromPromise<PinCheck, { msisdn: Msisdn; pin: string }>(async ({ input }) => {
          this.pinChecks.push(input.msisdn);
          const answer = next(this.pinAnswers);
          if (answer instanceof Error) throw answer;
          if (answer.ok && input.pin !== PIN) return { ok: false, reason: 'WRONG_PIN', triesLeft: 1 };
          return answer;
        }),
        payRequest: fromPromise<PayRequestResult, PayRequestInput>(async ({ input }) => {
          this.paid.push(input);
          const answer = next(this.payAnswers);
          if (answer instanceof Error) throw answer;
          if (answer !== 'ok') return answer;
          const r = this.requests.find((x) => x.id === input.requestId)!;
          const fee = Math.ceil(r.amount / 100);
          return {
            ok: true,
            receipt: {
              reference: `preq:${r.id}:1`,
              shortReference: r.shortReference,
              requestId: r.id,
              amount: r.amount,
              fee,
              total: r.amount + fee,
              balanceAfter: 50_000 - r.amount - fee,
            },
          };
        }),
        declineRequest: fromPromise<DeclineRequestResult, DeclineRequestInput>(async ({ input }) => {
          this.declined.push(input);
          if (this.declineAnswer instanceof Error) throw this.declineAnswer;
          return this.declineAnswer;
        }),
      },
    });
  }
}

/** Opens the flow and picks the first request, which asks 1 000 F for "Reason 1" (fee 10 F). */
async function atDetails(fake: FakeRequests) {
  const flow = await driveFlow(fake.machine(), flowInput());
  const replies = await flow.say('1');
  return { flow, replies };
}

describe('requests to pay flow', () => {
  it('says so when nobody is asking for money', async () => {
    const fake = new FakeRequests();
    fake.requests = [];
    const flow = await driveFlow(fake.machine(), flowInput());
    expect(flow.opening).toEqual([{ kind: 'end', key: 'pendingRequests.none' }]);
    expect(flow.status).toBe('done');
    expect(flow.output).toEqual({ quiet: true });
  });

  it('lists the requests with requester, amount, reason and expiry', async () => {
    const fake = new FakeRequests();
    const flow = await driveFlow(fake.machine(), flowInput());
    const date = { date: EXPIRES.toISOString() };
    expect(flow.opening).toEqual([
      {
        kind: 'menu',
        key: 'pendingRequests.list',
        params: { page: 1, pages: 1 },
        options: [
          {
            id: '1',
            key: 'pendingRequests.item',
            params: { name: 'Requester 1', amount: { francs: 1000 }, reason: 'Reason 1', date },
          },
          {
            id: '2',
            key: 'pendingRequests.itemNoReason',
            params: { name: 'Requester 2', amount: { francs: 2000 }, reason: '', date },
          },
        ],
      },
    ]);
    expect(render(flow.opening[0]!, 'en')).toBe(
      'Requests to pay (1/1):\n1 Requester 1 1 000 FCFA: Reason 1, by 04/05/2030 11:00' +
        '\n2 Requester 2 2 000 FCFA, by 04/05/2030 11:00',
    );
    expect(render(flow.opening[0]!, 'fr')).toBe(
      'Demandes à payer (1/1) :\n1 Requester 1 1 000 FCFA : Reason 1, avant le 04/05/2030 11:00' +
        '\n2 Requester 2 2 000 FCFA, avant le 04/05/2030 11:00',
    );
  });

  it('pays the picked request after the PIN, with a key made at confirmation, and ends with a receipt', async () => {
    const fake = new FakeRequests();
    const { flow, replies } = await atDetails(fake);
    expect(replies).toEqual([
      {
        kind: 'menu',
        key: 'pendingRequests.details',
        params: {
          name: 'Requester 1',
          amount: { francs: 1000 },
          reason: 'Reason 1',
          fee: { francs: 10 },
          total: { francs: 1010 },
          date: { date: EXPIRES.toISOString() },
        },
        options: [
          { id: '1', key: 'pendingRequests.pay' },
          { id: '2', key: 'pendingRequests.decline' },
        ],
      },
    ]);
    expect(render(replies[0]!, 'en')).toBe(
      'Requester 1 asks you for 1 000 FCFA: Reason 1. Fee: 10 FCFA. Total: 1 010 FCFA. Pay before 04/05/2030 11:00.' +
        '\n1 Pay\n2 Decline',
    );
    expect(render(replies[0]!, 'fr')).toBe(
      'Requester 1 vous demande 1 000 FCFA : Reason 1. Frais : 10 FCFA. Total : 1 010 FCFA. À payer avant le 04/05/2030 11:00.' +
        '\n1 Payer\n2 Refuser',
    );

    expect(await flow.say('1')).toEqual([{ kind: 'text', key: 'common.askPin' }]);
    expect(flow.state).toEqual({ pin: 'asking' });
    expect(flow.persistedJson).toMatch(/"payId":"[0-9a-f-]{36}"/);
    const payId = /"payId":"([0-9a-f-]{36})"/.exec(flow.persistedJson)![1];

    const [receipt] = await flow.say(PIN);
    expect(fake.paid).toEqual([{ id: payId, requestId: request(1).id, payer: alice.msisdn }]);
    expect(receipt).toEqual({
      kind: 'end',
      key: 'pendingRequests.paid',
      params: {
        name: 'Requester 1',
        amount: { francs: 1000 },
        fee: { francs: 10 },
        balanceAfter: { francs: 48_990 },
        // The request's short reference, which its paying transfer carries.
        reference: request(1).shortReference,
      },
    });
    expect(render(receipt!, 'en')).toBe(
      `Paid 1 000 FCFA to Requester 1. Fee: 10 FCFA. New balance: 48 990 FCFA. Ref: ${request(1).shortReference}`,
    );
    expect(render(receipt!, 'fr')).toBe(
      `1 000 FCFA payés à Requester 1. Frais : 10 FCFA. Nouveau solde : 48 990 FCFA. Réf : ${request(1).shortReference}`,
    );
    expect(flow.status).toBe('done');
    expect(flow.persistedJson).not.toContain(PIN);
  });

  it('shows the details without a reason when there is none', async () => {
    const fake = new FakeRequests();
    const flow = await driveFlow(fake.machine(), flowInput());
    const [details] = await flow.say('2');
    expect(details).toMatchObject({ key: 'pendingRequests.detailsNoReason', params: { total: { francs: 2020 } } });
    expectFilled(details!);
  });

  it('after a wrong PIN asks again, never keeps the PIN, and pays once with the right one', async () => {
    const fake = new FakeRequests();
    fake.pinAnswers = [{ ok: false, reason: 'WRONG_PIN', triesLeft: 2 }, { ok: true }];
    const { flow } = await atDetails(fake);
    await flow.say('1');
    expect(await flow.say(WRONG_PIN)).toEqual([{ kind: 'text', key: 'common.wrongPin', params: { triesLeft: 2 } }]);
    expect(flow.state).toEqual({ pin: 'retrying' });
    expect(flow.persistedJson).not.toContain(WRONG_PIN);
    expect(fake.paid).toEqual([]);
    expect(keys(await flow.say(PIN))).toEqual(['pendingRequests.paid']);
    expect(fake.paid).toHaveLength(1);
    expect(fake.pinChecks).toEqual([alice.msisdn, alice.msisdn]);
  });

  it('ends when the PIN gets locked, and pays nothing', async () => {
    const fake = new FakeRequests();
    fake.pinAnswers = [{ ok: false, reason: 'PIN_LOCKED', until: LOCKED_UNTIL }];
    const { flow } = await atDetails(fake);
    await flow.say('1');
    expect(await flow.say(WRONG_PIN)).toEqual([
      { kind: 'end', key: 'common.pinLocked', params: { until: { date: LOCKED_UNTIL.toISOString() } } },
    ]);
    expect(flow.status).toBe('done');
    expect(fake.paid).toEqual([]);
  });

  it('ends with a technical problem when the PIN cannot be checked, and pays nothing', async () => {
    const fake = new FakeRequests();
    fake.pinAnswers = [new Error('people store down')];
    const { flow } = await atDetails(fake);
    await flow.say('1');
    expect(await flow.say(PIN)).toEqual([{ kind: 'end', key: 'common.technicalProblem' }]);
    expect(fake.paid).toEqual([]);
  });

  it.each([
    ['INSUFFICIENT_FUNDS', 'pendingRequests.insufficientFunds'],
    ['ALREADY_PAID', 'pendingRequests.alreadyPaid'],
    ['CANCELLED', 'pendingRequests.wasCancelled'],
    ['DECLINED', 'pendingRequests.wasDeclined'],
    ['EXPIRED', 'pendingRequests.wasExpired'],
    ['NOT_FOUND', 'pendingRequests.notFound'],
    ['LIMIT_DAILY', 'refusal.limitDaily'],
    ['ACCOUNT_FROZEN', 'refusal.accountFrozen'],
    ['PAYER_NOT_REGISTERED', 'refusal.other'],
  ] as const)('explains a payment refused as %s', async (reason, key) => {
    const fake = new FakeRequests();
    fake.payAnswers = [{ ok: false, reason }];
    const { flow } = await atDetails(fake);
    await flow.say('1');
    const [reply] = await flow.say(PIN);
    expect(reply).toEqual({ kind: 'end', key, params: { name: 'Requester 1', total: { francs: 1010 } } });
    expectFilled(reply!);
    expect(flow.status).toBe('done');
  });

  it('suggests topping up when the balance is too low, in English and French', async () => {
    const fake = new FakeRequests();
    fake.payAnswers = [{ ok: false, reason: 'INSUFFICIENT_FUNDS' }];
    const { flow } = await atDetails(fake);
    await flow.say('1');
    const [reply] = await flow.say(PIN);
    expect(render(reply!, 'en')).toBe(
      'Your balance is not enough to pay 1 010 FCFA (amount and fee). Top up first (menu 2), then pay it in Requests to pay.',
    );
    expect(render(reply!, 'fr')).toBe(
      'Votre solde ne suffit pas pour payer 1 010 FCFA (montant et frais). Rechargez d’abord (menu 2), puis payez dans Demandes à payer.',
    );
  });

  it('after a technical problem while paying, tries again with the same pay id', async () => {
    const fake = new FakeRequests();
    fake.payAnswers = [new Error('ledger timeout'), 'ok'];
    const { flow } = await atDetails(fake);
    await flow.say('1');
    expect(await flow.say(PIN)).toEqual([
      {
        kind: 'menu',
        key: 'pendingRequests.unsure',
        options: [
          { id: '1', key: 'requests.tryAgain' },
          { id: '2', key: 'requests.stop' },
        ],
      },
    ]);
    expect(flow.state).toBe('unsure');
    expect(flow.persistedJson).not.toContain(PIN);
    expect(keys(await flow.back())).toEqual(['pendingRequests.unsure']);
    expect(keys(await flow.say('1'))).toEqual(['pendingRequests.paid']);
    expect(fake.paid).toHaveLength(2);
    expect(fake.paid[1]).toEqual(fake.paid[0]);
    expect(fake.pinChecks).toHaveLength(1);
  });

  it('after a technical problem while paying, stopping says to check History', async () => {
    const fake = new FakeRequests();
    fake.payAnswers = [new Error('ledger timeout')];
    const { flow } = await atDetails(fake);
    await flow.say('1');
    await flow.say(PIN);
    expect(await flow.say('2')).toEqual([{ kind: 'end', key: 'pendingRequests.checkHistory' }]);
  });

  it('after a technical problem while paying, an answer other than 1 or 2 asks again instead of stopping', async () => {
    const fake = new FakeRequests();
    fake.payAnswers = [new Error('ledger timeout'), 'ok'];
    const { flow } = await atDetails(fake);
    await flow.say('1');
    await flow.say(PIN);
    expect(keys(await flow.say('yes'))).toEqual(['common.invalidChoice', 'pendingRequests.unsure']);
    expect(flow.state).toBe('unsure');
    expect(keys(await flow.say('1'))).toEqual(['pendingRequests.paid']);
    expect(fake.paid).toHaveLength(2);
    expect(fake.paid[1]).toEqual(fake.paid[0]);
  });

  it('a restart while paying runs the payment again with the same pay id, from a snapshot without the PIN', async () => {
    const fake = new FakeRequests();
    let release: () => void = () => undefined;
    const hanging = fake.machine().provide({
      actors: {
        payRequest: fromPromise<PayRequestResult, PayRequestInput>(async ({ input }) => {
          fake.paid.push(input);
          await new Promise<void>((resolve) => (release = resolve));
          throw new Error('the process died');
        }),
      },
    });
    const actor = createActor(hanging, { input: flowInput() });
    actor.start();
    await waitFor(actor, (s) => !s.hasTag('busy'));
    actor.send({ type: 'INPUT', text: '1' });
    await waitFor(actor, (s) => s.matches('details'));
    actor.send({ type: 'INPUT', text: '1' });
    actor.send({ type: 'INPUT', text: PIN });
    await waitFor(actor, (s) => s.matches('paying'));
    const saved = JSON.stringify(actor.getPersistedSnapshot());
    actor.stop();
    release();
    expect(saved).not.toContain(PIN);

    const restarted = createActor(fake.machine() as AnyStateMachine, {
      snapshot: JSON.parse(saved) as Snapshot<unknown>,
    });
    const replies: Reply[] = [];
    restarted.on('reply', (e: ReplyEmitted) => replies.push(e.reply));
    restarted.start();
    await waitFor(restarted, (s) => s.status === 'done');
    expect(keys(replies)).toEqual(['pendingRequests.paid']);
    expect(fake.paid).toHaveLength(2);
    expect(fake.paid[1]).toEqual(fake.paid[0]);
  });

  it('declines after a confirmation, and "no" goes back to the request', async () => {
    const fake = new FakeRequests();
    const { flow } = await atDetails(fake);
    const [confirm] = await flow.say('2');
    expect(confirm).toEqual({
      kind: 'menu',
      key: 'pendingRequests.confirmDecline',
      params: { name: 'Requester 1', amount: { francs: 1000 } },
      options: [
        { id: '1', key: 'pendingRequests.declineYes' },
        { id: '2', key: 'pendingRequests.declineNo' },
      ],
    });
    expectFilled(confirm!);
    expect(keys(await flow.say('5'))).toEqual(['common.invalidChoice', 'pendingRequests.confirmDecline']);
    expect(keys(await flow.say('2'))).toEqual(['pendingRequests.details']);
    expect(fake.declined).toEqual([]);
    await flow.say('2');
    expect(await flow.say('1')).toEqual([
      { kind: 'end', key: 'pendingRequests.declined', params: { name: 'Requester 1' } },
    ]);
    expect(fake.declined).toEqual([{ requestId: request(1).id, payer: alice.msisdn }]);
    expect(fake.paid).toEqual([]);
    expect(flow.status).toBe('done');
  });

  it.each([
    ['ALREADY_PAID', 'pendingRequests.alreadyPaid'],
    ['CANCELLED', 'pendingRequests.wasCancelled'],
    ['EXPIRED', 'pendingRequests.wasExpired'],
    ['NOT_FOUND', 'pendingRequests.notFound'],
  ] as const)('explains a decline refused as %s', async (reason, key) => {
    const fake = new FakeRequests();
    fake.declineAnswer = { ok: false, reason };
    const { flow } = await atDetails(fake);
    await flow.say('2');
    expect(await flow.say('1')).toEqual([
      { kind: 'end', key, params: { name: 'Requester 1', total: { francs: 1010 } } },
    ]);
  });

  it('ends with a technical problem when the decline or the list fails', async () => {
    const declining = new FakeRequests();
    declining.declineAnswer = new Error('down');
    const { flow } = await atDetails(declining);
    await flow.say('2');
    expect(await flow.say('1')).toEqual([{ kind: 'end', key: 'common.technicalProblem' }]);

    const listing = new FakeRequests();
    listing.listFails = true;
    const second = await driveFlow(listing.machine(), flowInput());
    expect(second.opening).toEqual([{ kind: 'end', key: 'common.technicalProblem' }]);
  });

  it('goes back one step at a time: PIN, details, list, then cancelled', async () => {
    const fake = new FakeRequests();
    const { flow } = await atDetails(fake);
    await flow.say('2');
    expect(keys(await flow.back())).toEqual(['pendingRequests.details']);
    await flow.say('1');
    expect(keys(await flow.back())).toEqual(['pendingRequests.details']);
    expect(keys(await flow.back())).toEqual(['pendingRequests.list']);
    expect(await flow.back()).toEqual([{ kind: 'end', key: 'common.cancelled' }]);
    expect(fake.paid).toEqual([]);
    expect(fake.declined).toEqual([]);
  });

  it('says what to type after an unknown choice, and stays on the step', async () => {
    const fake = new FakeRequests();
    const flow = await driveFlow(fake.machine(), flowInput());
    expect(keys(await flow.say('3'))).toEqual(['common.invalidChoice', 'pendingRequests.list']);
    expect(keys(await flow.say('9'))).toEqual(['common.invalidChoice', 'pendingRequests.list']);
    await flow.say('1');
    expect(keys(await flow.say('pay'))).toEqual(['common.invalidChoice', 'pendingRequests.details']);
    expect(flow.state).toBe('details');
  });

  it('pages through many requests five at a time and picks from the page shown', async () => {
    const fake = new FakeRequests();
    fake.requests = Array.from({ length: 12 }, (_, i) => request(i + 1));
    const flow = await driveFlow(fake.machine(), flowInput());
    const ids = (reply: Reply | undefined) => (reply?.kind === 'menu' ? reply.options.map((o) => o.id) : []);
    expect(ids(flow.opening[0])).toEqual(['1', '2', '3', '4', '5', '9']);
    const [second] = await flow.say('9');
    expect(second).toMatchObject({ params: { page: 2, pages: 3 } });
    const [third] = await flow.say('9');
    expect(third).toMatchObject({ params: { page: 3, pages: 3 } });
    expect(ids(third)).toEqual(['1', '2']);
    expect((await flow.back())[0]).toMatchObject({ params: { page: 2 } });
    const [details] = await flow.say('3');
    expect(details).toMatchObject({ params: { name: 'Requester 8' } });
    await flow.say('1');
    await flow.say(PIN);
    expect(fake.paid[0]!.requestId).toBe(request(8).id);
  });
});
