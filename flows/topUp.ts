/**
 * Top up: bring money into the wallet from MTN MoMo, Orange Money or a card. Amount (or the `top up 10000`
 * shortcut's), source, the mobile-money number that pays (one's own by default, or another, with a warning when
 * the number does not look like the chosen operator's), a confirmation with the fee and what is debited, then the
 * request. It ends pending: the payer approves on their phone (or pays the card on the provider's page) and the
 * person is told later, through the outbox, whether it succeeded.
 *
 * Before confirming a top-up from another number, the rail is asked who holds it (MTN MoMo says; Orange Money
 * cannot): the confirmation and the started message then name them ("+237 6 77 12 34 56 (MoMo: Jeanne Mballa)"),
 * so a mistyped number is caught before someone else's phone is prompted. A number the rail says has no active
 * account is refused there and another is asked; a lookup that fails or is slow only loses the name.
 *
 * From one's own number (or a card) there is no PIN step: nothing leaves the wallet, and the rail itself asks the
 * payer to approve the debit on their phone with their mobile-money PIN (or the card holder on the provider's
 * secure page), which is the consent that matters. From another number the person's PIN is asked after the
 * confirmation: that top-up puts a payment prompt on someone else's phone, in the person's name, and a stolen or
 * borrowed phone must not be able to send those. The service also limits how many other numbers a person may
 * prompt a day. The idempotency key is made at confirmation, so a retry or a restart asks the rail once.
 */
import { randomUUID } from 'node:crypto';
import { assign, emit, fromPromise } from 'xstate';
import type { AccountHolder } from '../domain/accountHolders';
import type { Quote } from '../domain/fees';
import type { Rail } from '../domain/ledger/accounts';
import { francsParam } from '../domain/notifications';
import type { Msisdn } from '../domain/phone';
import type { TopUpRefusal, TopUpRequest, TopUpStart } from '../domain/topUps';
import { end, inputText, menu, replyEvent, text, type FlowEvent, type FlowInput, type Reply } from './conversation';
import type { MessageKey } from './messages';
import { notProvided } from './notProvided';
import { refusal } from './refusals';
import {
  amountStep,
  confirmStep,
  finalStates,
  flowSetup,
  menuStep,
  option,
  phoneStep,
  pinStep,
  quietOutput,
  say,
  unsureStep,
} from './steps';
import { display, onAnotherOperator, payerShown, railName, type PayerCheckInput } from './topUp/payer';
import { shortcutAmount, typedAmount, typedMsisdn } from './typedInput';

export type { PayerCheckInput } from './topUp/payer';

/** Bumped when a saved top-up conversation could no longer be resumed by this machine. */
export const topUpVersion = 3;

/** What TopUps.quote takes. */
export interface TopUpQuoteInput {
  rail: Rail;
  amount: number;
}

/** The sources in the order shown; the position is the number people type. */
const SOURCES: readonly { key: MessageKey; rail: Rail }[] = [
  { key: 'topUp.sourceMtn', rail: 'mtn_momo' },
  { key: 'topUp.sourceOrange', rail: 'orange_money' },
  { key: 'topUp.sourceCard', rail: 'card' },
];

/** Refusals that a smaller amount can fix: the person is asked for the amount again. */
const AMOUNT_REFUSALS: ReadonlySet<TopUpRefusal> = new Set([
  'INVALID_AMOUNT',
  'LIMIT_BALANCE',
  'LIMIT_PER_TRANSACTION',
  'LIMIT_DAILY',
  'LIMIT_MONTHLY',
]);

/** Top-up refusals that have their own words; the others use the shared refusal texts. */
const TOP_UP_REFUSALS: Readonly<Partial<Record<TopUpRefusal, MessageKey>>> = {
  LIMIT_BALANCE: 'topUp.limitBalance',
  RAIL_REFUSED: 'money.railRefused',
  NO_WALLET: 'money.noWallet',
  WALLET_UNAVAILABLE: 'money.walletUnavailable',
  FAILED: 'money.alreadyFailed',
};

interface TopUpContext {
  input: FlowInput;
  amount: number;
  rail: Rail | null;
  /** The mobile-money number debited; the owner's own for a card (the rail needs a contact, not a payer). */
  payer: Msisdn | null;
  /** The name the rail holds for another paying number, when it said one. */
  payerName: string | null;
  quote: Quote | null;
  /** The idempotency key of this top-up, made at confirmation. */
  topUpId: string;
}

function sourceOf(event: FlowEvent): Rail | undefined {
  const typed = inputText(event);
  return /^\d$/.test(typed) ? SOURCES[Number(typed) - 1]?.rail : undefined;
}

/** What the start's refusal says. */
function topUpRefusal(reason: TopUpRefusal): Reply {
  const key = TOP_UP_REFUSALS[reason];
  return key ? text(key) : refusal(reason);
}

function confirmation(context: TopUpContext): Reply {
  const q = context.quote;
  if (!q) throw new Error('confirmation without a quote');
  const params = { amount: francsParam(q.amount), fee: francsParam(q.fee), total: francsParam(q.total) };
  const options: MessageKey[] = ['topUp.confirmYes', 'topUp.confirmNo'];
  if (context.rail === 'card') return menu('topUp.confirmCard', options, params);
  return menu('topUp.confirmMobile', options, {
    ...params,
    rail: railName(context.rail),
    payer: payerShown(context.payer, context.rail, context.payerName),
  });
}

/** What a started top-up says: its short reference (the one the rail, the notice and the history show), and for a
 * card where to pay (the provider's page), when the start gave it. */
function started(context: TopUpContext, reference: string, checkoutUrl?: string): Reply {
  const q = context.quote;
  if (!q) throw new Error('a top-up started without a quote');
  const params = { amount: francsParam(q.amount), reference };
  if (context.rail === 'card') {
    // No page: another attempt of this same top-up asked the provider and showed it (a retry after a fault).
    return checkoutUrl ? end('topUp.cardStarted', { ...params, link: checkoutUrl }) : end('topUp.cardPending', params);
  }
  if (context.payer === context.input.msisdn) return end('topUp.pendingOwn', params);
  return end('topUp.pendingOther', { ...params, payer: payerShown(context.payer, context.rail, context.payerName) });
}

/** The top-up conversation (see the file comment); services are bound at wiring. */
export const topUpMachine = flowSetup<TopUpContext>()({
  quoteTopUp: fromPromise<Quote | null, TopUpQuoteInput>(notProvided('quoteTopUp')),
  checkPayer: fromPromise<AccountHolder, PayerCheckInput>(notProvided('checkPayer')),
  startTopUp: fromPromise<TopUpStart, TopUpRequest>(notProvided('startTopUp')),
})
  .extend({
    guards: {
      fromAnotherNumber: ({ context }) => context.payer !== context.input.msisdn,
      hasShortcutAmount: ({ context }) => context.amount > 0,
      choseMobileMoney: ({ event }) => {
        const rail = sourceOf(event);
        return rail === 'mtn_momo' || rail === 'orange_money';
      },
      choseCard: ({ event }) => sourceOf(event) === 'card',
      payerOnAnotherOperator: ({ context }) => onAnotherOperator(context.payer, context.rail),
      byCard: ({ context }) => context.rail === 'card',
    },
    actions: {
      askAmount: emit(replyEvent(text('topUp.askAmount'))),
      keepAmount: assign({ amount: ({ event }) => typedAmount(event) }),
      showSources: emit(({ context }) =>
        replyEvent(
          menu(
            'topUp.askSource',
            SOURCES.map((s) => s.key),
            { amount: francsParam(context.amount) },
          ),
        ),
      ),
      keepMobileRail: assign({ rail: ({ event }) => sourceOf(event) ?? null }),
      // A card has no mobile-money number to debit; the owner is the contact the rail records.
      keepCard: assign({ rail: 'card' as Rail, payer: ({ context }) => context.input.msisdn }),
      showPayers: emit(({ context }) =>
        replyEvent(
          menu(
            'topUp.askPayer',
            [
              { id: '1', key: 'topUp.myNumber', params: { number: display(context.input.msisdn) } },
              'topUp.anotherNumber',
            ],
            { rail: railName(context.rail) },
          ),
        ),
      ),
      keepOwnNumber: assign({ payer: ({ context }) => context.input.msisdn, payerName: null }),
      askOtherNumber: emit(({ context }) => replyEvent(text('topUp.askOtherNumber', { rail: railName(context.rail) }))),
      keepOtherNumber: assign({ payer: ({ event }) => typedMsisdn(event), payerName: null }),
      warnOperator: emit(({ context }) =>
        replyEvent(text('topUp.operatorMismatch', { number: display(context.payer), rail: railName(context.rail) })),
      ),
      showConfirmation: emit(({ context }) => replyEvent(confirmation(context))),
      makeTopUpId: assign({ topUpId: () => randomUUID() }),
    },
  })
  .createMachine({
    id: 'topUp',
    context: ({ input }) => {
      return {
        input,
        amount: shortcutAmount(input),
        rail: null,
        payer: null,
        payerName: null,
        quote: null,
        topUpId: '',
      };
    },
    initial: 'start',
    states: {
      start: { always: [{ guard: 'hasShortcutAmount', target: 'source' }, { target: 'amount' }] },
      amount: amountStep({
        ask: 'askAmount',
        help: 'topUp.help.amount',
        amount: { target: 'source', actions: 'keepAmount' },
        back: 'cancelled',
      }),
      source: menuStep({
        show: 'showSources',
        help: 'topUp.help.source',
        choices: [
          { guard: 'choseMobileMoney', target: 'payer', actions: 'keepMobileRail' },
          { guard: 'choseCard', target: 'quoting', actions: 'keepCard' },
        ],
        back: 'amount',
      }),
      payer: menuStep({
        show: 'showPayers',
        help: 'topUp.help.payer',
        choices: [
          option('1', { target: 'checkingPayer', actions: 'keepOwnNumber' }),
          option('2', { target: 'otherNumber' }),
        ],
        back: 'source',
      }),
      otherNumber: phoneStep({
        ask: 'askOtherNumber',
        help: 'topUp.help.otherNumber',
        number: { target: 'checkingPayer', actions: 'keepOtherNumber' },
        back: 'payer',
      }),
      // A warning, not a refusal: prefixes are only a guess (numbers move between operators).
      checkingPayer: {
        always: [
          { guard: 'payerOnAnotherOperator', target: 'payerKnown', actions: 'warnOperator' },
          { target: 'payerKnown' },
        ],
      },
      payerKnown: { always: [{ guard: 'fromAnotherNumber', target: 'lookingUpPayer' }, { target: 'quoting' }] },
      // Who holds the other number: a name to show, or no active account (another number is asked, nothing
      // started). The check never throws and gives up when slow; an error all the same only loses the name.
      lookingUpPayer: {
        tags: ['busy'],
        invoke: {
          src: 'checkPayer',
          input: ({ context }) => ({ rail: context.rail ?? 'mtn_momo', msisdn: context.payer ?? context.input.msisdn }),
          onDone: [
            {
              guard: ({ event }) => event.output.status === 'inactive',
              target: 'otherNumber',
              actions: emit(({ context }) =>
                replyEvent(
                  text('topUp.notActiveAccount', { number: display(context.payer), rail: railName(context.rail) }),
                ),
              ),
            },
            {
              target: 'quoting',
              actions: assign({
                payerName: ({ event }) => (event.output.status === 'active' ? event.output.name : null),
              }),
            },
          ],
          onError: { target: 'quoting' },
        },
      },
      quoting: {
        tags: ['busy'],
        invoke: {
          src: 'quoteTopUp',
          input: ({ context }) => ({ rail: context.rail ?? 'mtn_momo', amount: context.amount }),
          onDone: [
            {
              guard: ({ event }) => event.output !== null,
              target: 'confirming',
              actions: assign({ quote: ({ event }) => event.output }),
            },
            { target: 'amount', actions: say(refusal('INVALID_AMOUNT')) },
          ],
          onError: { target: 'failed' },
        },
      },
      confirming: confirmStep({
        show: 'showConfirmation',
        help: 'topUp.help.confirm',
        yes: { target: 'confirmed', actions: 'makeTopUpId' },
        back: [{ guard: 'byCard', target: 'source' }, { target: 'payer' }],
      }),
      confirmed: { always: [{ guard: 'fromAnotherNumber', target: 'pin' }, { target: 'starting' }] },
      pin: pinStep({ accepted: '#topUp.starting', locked: '#topUp.done', failed: '#topUp.failed', back: 'confirming' }),
      starting: {
        tags: ['busy'],
        invoke: {
          src: 'startTopUp',
          input: ({ context }) => ({
            id: context.topUpId,
            owner: context.input.msisdn,
            rail: context.rail ?? 'mtn_momo',
            payer: context.payer ?? context.input.msisdn,
            amount: context.amount,
          }),
          onDone: [
            {
              guard: ({ event }) => !event.output.ok && event.output.reason === 'OTHER_NUMBERS_LIMIT',
              target: 'payer',
              actions: say(text('topUp.otherNumbersLimit')),
            },
            {
              guard: ({ event }) => event.output.ok,
              target: 'done',
              actions: emit(({ context, event }) =>
                replyEvent(
                  event.output.ok
                    ? started(context, event.output.shortReference, event.output.checkoutUrl)
                    : end('refusal.other'),
                ),
              ),
            },
            {
              guard: ({ event }) => !event.output.ok && AMOUNT_REFUSALS.has(event.output.reason),
              target: 'amount',
              actions: emit(({ event }) => replyEvent(topUpRefusal(event.output.ok ? 'FAILED' : event.output.reason))),
            },
            {
              // This deployment cannot reach that rail (cards before the card client exists): choose another.
              guard: ({ event }) => !event.output.ok && event.output.reason === 'UNSUPPORTED_RAIL',
              target: 'source',
              actions: emit(({ context }) =>
                replyEvent(
                  context.rail === 'card'
                    ? text('topUp.cardUnavailable')
                    : text('topUp.railUnavailable', { rail: railName(context.rail) }),
                ),
              ),
            },
            {
              target: 'done',
              actions: emit(({ event }) => {
                const reply = topUpRefusal(event.output.ok ? 'FAILED' : event.output.reason);
                return replyEvent(end(reply.key, reply.params));
              }),
            },
          ],
          // The rail may or may not have been asked: trying again reuses the same key, so it can only finish it.
          onError: { target: 'unsure' },
        },
      },
      unsure: unsureStep({
        question: 'topUp.unsure',
        tryAgain: 'topUp.tryAgain',
        stop: 'topUp.stop',
        stopped: 'topUp.checkHistory',
        help: 'topUp.help.unsure',
        retry: 'starting',
      }),
      ...finalStates(),
    },
    output: quietOutput,
  });
