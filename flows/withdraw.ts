/**
 * Withdraw: send money from the wallet to one's own mobile-money account. Amount (or the `withdraw 5000`
 * shortcut's), the operator (the one the person's number belongs to is suggested), a confirmation with the fee,
 * the total and the balance after, the PIN, then the request. It ends with the money on its way: the total is
 * held until the operator confirms the payout, and the person is told later, through the outbox, how it ended.
 *
 * Money only goes to the person's own number: a payout to any number typed in would turn a stolen PIN into cash
 * at once, and sending to someone else is what "send money" is for.
 *
 * The withdrawal id is made when the person confirms, before the PIN, so a repeated PIN, a retry after a technical
 * problem or a restart asks for the same withdrawal: the money leaves at most once.
 */
import { randomUUID } from 'node:crypto';
import { assign, emit, fromPromise } from 'xstate';
import type { Quote } from '../domain/fees';
import type { Balance } from '../domain/ledger/ledger';
import { francsParam } from '../domain/notifications';
import { formatMsisdnForDisplay, parseCameroonMobile, type MobileOperator, type Msisdn } from '../domain/phone';
import type { RailPaymentRefusal, RailPaymentStart } from '../domain/railPayments/railPaymentResults';
import type { WithdrawalRequest } from '../domain/withdrawals';
import {
  end,
  inputText,
  menu,
  replyEvent,
  text,
  type FlowEvent,
  type FlowInput,
  type MenuOption,
  type Reply,
} from './conversation';
import type { MessageKey } from './messages';
import { notProvided } from './notProvided';
import { refusal } from './refusals';
import {
  amountStep,
  confirmStep,
  finalStates,
  flowSetup,
  menuStep,
  pinStep,
  quietOutput,
  say,
  unsureStep,
} from './steps';
import { shortcutAmount, typedAmount } from './typedInput';

/** Bumped when a saved withdrawal conversation could no longer be resumed by this machine. */
export const withdrawVersion = 1;

/** The rails a wallet can be paid out to. */
export type PayoutRail = 'mtn_momo' | 'orange_money';

/** What Withdrawals.quote takes. */
export interface WithdrawalQuoteInput {
  rail: PayoutRail;
  amount: number;
}

/** The payout rails in the order shown (the position is the number typed), by brand name, with their operator. */
const RAILS: readonly { rail: PayoutRail; key: MessageKey; name: string; operator: MobileOperator }[] = [
  { rail: 'mtn_momo', key: 'withdraw.railMtn', name: 'MTN MoMo', operator: 'MTN' },
  { rail: 'orange_money', key: 'withdraw.railOrange', name: 'Orange Money', operator: 'ORANGE' },
];

/** Withdrawal refusals that have their own words; the others use the shared refusal texts. */
const WITHDRAWAL_REFUSALS: Readonly<Partial<Record<RailPaymentRefusal, MessageKey>>> = {
  RAIL_REFUSED: 'money.railRefused',
  NO_WALLET: 'money.noWallet',
  WALLET_UNAVAILABLE: 'money.walletUnavailable',
  FAILED: 'money.alreadyFailed',
  UNSUPPORTED_RAIL: 'withdraw.railUnavailable',
};

interface WithdrawContext {
  input: FlowInput;
  amount: number;
  rail: PayoutRail | null;
  quote: Quote | null;
  /** What the wallet could spend when the quote was made, for the balance after. */
  available: number;
  /** The idempotency key of this withdrawal, made at confirmation. */
  withdrawalId: string;
}

function railOf(rail: PayoutRail | null) {
  return RAILS.find((r) => r.rail === rail) ?? RAILS[0]!;
}

function operatorOf(msisdn: Msisdn): MobileOperator {
  const parsed = parseCameroonMobile(msisdn);
  return parsed.ok ? parsed.operator : 'OTHER';
}

function chosenRail(event: FlowEvent): PayoutRail | undefined {
  const typed = inputText(event);
  return /^\d$/.test(typed) ? RAILS[Number(typed) - 1]?.rail : undefined;
}

/** The operator menu; the rail of the person's own operator is marked as the one to pick. */
function railMenu(context: WithdrawContext): Reply {
  const own = operatorOf(context.input.msisdn);
  const options: MenuOption[] = RAILS.map((r, i) =>
    r.operator === own
      ? { id: String(i + 1), key: 'withdraw.railSuggested', params: { rail: r.name } }
      : { id: String(i + 1), key: r.key },
  );
  return menu('withdraw.askRail', options, {
    amount: francsParam(context.amount),
    number: formatMsisdnForDisplay(context.input.msisdn),
  });
}

function amounts(quote: Quote | null) {
  if (!quote) throw new Error('a withdrawal step without a quote');
  return { amount: francsParam(quote.amount), fee: francsParam(quote.fee), total: francsParam(quote.total) };
}

function confirmation(context: WithdrawContext): Reply {
  return menu('withdraw.confirm', ['withdraw.confirmYes', 'withdraw.confirmNo'], {
    ...amounts(context.quote),
    rail: railOf(context.rail).name,
    number: formatMsisdnForDisplay(context.input.msisdn),
    balanceAfter: francsParam(context.available - (context.quote?.total ?? 0)),
  });
}

/** What the start's answer says: on its way, or why not. */
function outcome(context: WithdrawContext, result: RailPaymentStart): Reply {
  if (result.ok) {
    return end('withdraw.started', {
      amount: francsParam(result.quote.amount),
      total: francsParam(result.quote.total),
      rail: railOf(context.rail).name,
      // The short reference: the same nine characters on the rail's side, the notice and the history line.
      reference: result.shortReference,
    });
  }
  if (result.reason === 'INSUFFICIENT_FUNDS') return end('withdraw.insufficientFunds', amounts(context.quote));
  const key = WITHDRAWAL_REFUSALS[result.reason];
  if (key) return end(key, key === 'withdraw.railUnavailable' ? { rail: railOf(context.rail).name } : undefined);
  return end(refusal(result.reason).key);
}

/** The withdrawal conversation (see the file comment); services are bound at wiring. */
export const withdrawMachine = flowSetup<WithdrawContext>()({
  quoteWithdrawal: fromPromise<Quote | null, WithdrawalQuoteInput>(notProvided('quoteWithdrawal')),
  balance: fromPromise<Balance, { msisdn: Msisdn }>(notProvided('balance')),
  startWithdrawal: fromPromise<RailPaymentStart, WithdrawalRequest>(notProvided('startWithdrawal')),
})
  .extend({
    guards: {
      hasShortcutAmount: ({ context }) => context.amount > 0,
      choseARail: ({ event }) => chosenRail(event) !== undefined,
      railOnAnotherOperator: ({ context }) => railOf(context.rail).operator !== operatorOf(context.input.msisdn),
    },
    actions: {
      askAmount: emit(replyEvent(text('withdraw.askAmount'))),
      keepAmount: assign({ amount: ({ event }) => typedAmount(event) }),
      showRails: emit(({ context }) => replyEvent(railMenu(context))),
      keepRail: assign({ rail: ({ event }) => chosenRail(event) ?? null }),
      warnOperator: emit(({ context }) =>
        replyEvent(
          text('withdraw.operatorMismatch', {
            number: formatMsisdnForDisplay(context.input.msisdn),
            rail: railOf(context.rail).name,
          }),
        ),
      ),
      showConfirmation: emit(({ context }) => replyEvent(confirmation(context))),
      makeWithdrawalId: assign({ withdrawalId: () => randomUUID() }),
    },
  })
  .createMachine({
    id: 'withdraw',
    context: ({ input }) => {
      return {
        input,
        amount: shortcutAmount(input),
        rail: null,
        quote: null,
        available: 0,
        withdrawalId: '',
      };
    },
    initial: 'start',
    states: {
      start: { always: [{ guard: 'hasShortcutAmount', target: 'rail' }, { target: 'amount' }] },
      amount: amountStep({
        ask: 'askAmount',
        help: 'withdraw.help.amount',
        amount: { target: 'rail', actions: 'keepAmount' },
        back: 'cancelled',
      }),
      rail: menuStep({
        show: 'showRails',
        help: 'withdraw.help.rail',
        choices: [{ guard: 'choseARail', target: 'checkingRail', actions: 'keepRail' }],
        back: 'amount',
      }),
      // A warning, not a refusal: prefixes are only a guess (numbers move between operators).
      checkingRail: {
        always: [{ guard: 'railOnAnotherOperator', target: 'quoting', actions: 'warnOperator' }, { target: 'quoting' }],
      },
      quoting: {
        tags: ['busy'],
        invoke: {
          src: 'quoteWithdrawal',
          input: ({ context }) => ({ rail: railOf(context.rail).rail, amount: context.amount }),
          onDone: [
            {
              guard: ({ event }) => event.output !== null,
              target: 'weighing',
              actions: assign({ quote: ({ event }) => event.output }),
            },
            { target: 'amount', actions: say(refusal('INVALID_AMOUNT')) },
          ],
          onError: { target: 'failed' },
        },
      },
      // The balance is read only to show what is left and to refuse early what cannot be paid; the ledger's hold
      // at the start decides for real.
      weighing: {
        tags: ['busy'],
        invoke: {
          src: 'balance',
          input: ({ context }) => ({ msisdn: context.input.msisdn }),
          onDone: [
            {
              guard: ({ context, event }) => event.output.available >= (context.quote?.total ?? 0),
              target: 'confirming',
              actions: assign({ available: ({ event }) => event.output.available }),
            },
            {
              target: 'amount',
              actions: emit(({ context, event }) =>
                replyEvent(
                  text('withdraw.notEnough', {
                    ...amounts(context.quote),
                    available: francsParam(event.output.available),
                  }),
                ),
              ),
            },
          ],
          onError: { target: 'failed' },
        },
      },
      confirming: confirmStep({
        show: 'showConfirmation',
        help: 'withdraw.help.confirm',
        yes: { target: 'pin', actions: 'makeWithdrawalId' },
        back: 'rail',
      }),
      pin: pinStep({
        accepted: '#withdraw.starting',
        locked: '#withdraw.done',
        failed: '#withdraw.failed',
        back: 'confirming',
      }),
      starting: {
        tags: ['busy'],
        invoke: {
          src: 'startWithdrawal',
          input: ({ context }) => ({
            id: context.withdrawalId,
            owner: context.input.msisdn,
            rail: railOf(context.rail).rail,
            payee: context.input.msisdn,
            amount: context.amount,
          }),
          onDone: {
            target: 'done',
            actions: emit(({ context, event }) => replyEvent(outcome(context, event.output))),
          },
          // The money may or may not be held and the rail asked: trying again reuses the same key, so it can only
          // finish that withdrawal.
          onError: { target: 'unsure' },
        },
      },
      unsure: unsureStep({
        question: 'withdraw.unsure',
        tryAgain: 'withdraw.tryAgain',
        stop: 'withdraw.stop',
        stopped: 'withdraw.checkHistory',
        help: 'withdraw.help.unsure',
        retry: 'starting',
      }),
      ...finalStates(),
    },
    output: quietOutput,
  });
