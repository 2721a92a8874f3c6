/**
 * The main menu: where every conversation of a signed-up person starts and returns. It shows the balance itself,
 * after the PIN once per session (as on the operators' own menus), and hands every other choice to its flow.
 */
import { assign, emit, fromPromise, setup } from 'xstate';
import type { Balance } from '../domain/ledger/ledger';
import { francsParam } from '../domain/notifications';
import type { Msisdn } from '../domain/phone';
import {
  end,
  inputText,
  menu,
  replyEvent,
  type FlowEvent,
  type FlowInput,
  type FlowName,
  type FlowOutput,
  type FlowEmitted,
  type StepMeta,
  text,
} from './conversation';
import type { MessageKey } from './messages';
import { checkPinActor, pinActions, pinGuards, pinStep } from './pin';

/** The menu's choices in the order shown; the position is the number people type. */
const CHOICES: readonly { key: MessageKey; flow: FlowName | 'balance' }[] = [
  { key: 'menu.balance', flow: 'balance' },
  { key: 'menu.topUp', flow: 'topUp' },
  { key: 'menu.sendMoney', flow: 'sendMoney' },
  { key: 'menu.requestPayment', flow: 'requestPayment' },
  { key: 'menu.payBill', flow: 'payBill' },
  { key: 'menu.withdraw', flow: 'withdraw' },
  { key: 'menu.history', flow: 'history' },
  { key: 'menu.pendingRequests', flow: 'pendingRequests' },
  { key: 'menu.settings', flow: 'settings' },
];

export const mainMenuVersion = 2;

function choiceOf(text: string) {
  return /^\d$/.test(text) ? CHOICES[Number(text) - 1] : undefined;
}

const mainMenuScreen = (name: string) =>
  menu(
    'menu.title',
    CHOICES.map((c) => c.key),
    { name },
  );

export const mainMenuMachine = setup({
  types: {
    context: {} as { input: FlowInput; next: FlowName | null },
    events: {} as FlowEvent,
    input: {} as FlowInput,
    output: {} as FlowOutput,
    emitted: {} as FlowEmitted,
    meta: {} as StepMeta,
  },
  actors: {
    balance: fromPromise<Balance, { msisdn: Msisdn }>(async () => {
      throw new Error('the balance service is provided at wiring');
    }),
    checkPin: checkPinActor,
  },
  guards: {
    ...pinGuards,
    pinUnlocked: ({ context }) => context.input.pinUnlocked === true,
    choseBalance: ({ event }) => choiceOf(inputText(event))?.flow === 'balance',
    choseAFlow: ({ event }) => {
      const choice = choiceOf(inputText(event));
      return choice !== undefined && choice.flow !== 'balance';
    },
    isQuiet: ({ context }) => context.input.quiet === true,
    // The `balance`/`solde` shortcut starts the menu on its balance choice.
    askedForBalance: ({ context }) => context.input.args?.choice === 'balance',
  },
  actions: {
    ...pinActions<{ input: FlowInput; next: FlowName | null }>(),
    askPin: emit(replyEvent(text('pin.askToView'))),
    sayUnlocked: emit({ type: 'pinUnlocked' as const }),
    showMenu: emit(({ context }) => replyEvent(mainMenuScreen(context.input.profile?.name ?? ''))),
    sayInvalidChoice: emit(({ context }) =>
      replyEvent(
        menu(
          'common.invalidChoice',
          CHOICES.map((c) => c.key),
          { name: context.input.profile?.name ?? '' },
        ),
      ),
    ),
    rememberChoice: assign({ next: ({ event }) => (choiceOf(inputText(event))?.flow ?? null) as FlowName | null }),
  },
}).createMachine({
  id: 'mainMenu',
  context: ({ input }) => ({ input, next: null }),
  initial: 'start',
  states: {
    start: {
      always: [
        { guard: 'askedForBalance', target: 'balance' },
        { guard: 'isQuiet', target: 'choosing' },
        { target: 'choosing', actions: 'showMenu' },
      ],
    },
    choosing: {
      meta: { help: 'menu.help' },
      on: {
        INPUT: [
          { guard: 'choseBalance', target: 'balance' },
          { guard: 'choseAFlow', target: 'done', actions: 'rememberChoice' },
          { actions: 'sayInvalidChoice' },
        ],
        BACK: { actions: 'showMenu' },
      },
    },
    // The balance needs the PIN once per session: asked unless the session is unlocked already.
    balance: {
      always: [{ guard: 'pinUnlocked', target: 'readingBalance' }, { target: 'unlocking' }],
    },
    unlocking: {
      ...pinStep({ accepted: '#mainMenu.unlocked', locked: '#mainMenu.shownBalance', failed: '#mainMenu.pinFailed' }),
      on: { BACK: { target: 'choosing', actions: 'showMenu' } },
    },
    unlocked: { entry: 'sayUnlocked', always: 'readingBalance' },
    pinFailed: { type: 'final', entry: emit(replyEvent(end('common.technicalProblem'))) },
    readingBalance: {
      tags: ['busy'],
      invoke: {
        src: 'balance',
        input: ({ context }) => ({ msisdn: context.input.msisdn }),
        onDone: {
          target: 'shownBalance',
          actions: emit(({ event }) =>
            replyEvent(
              end('menu.balanceIs', {
                available: francsParam(event.output.available),
                held: francsParam(event.output.held),
                incoming: francsParam(event.output.incoming),
              }),
            ),
          ),
        },
        onError: { target: 'shownBalance', actions: emit(replyEvent(end('common.technicalProblem'))) },
      },
    },
    shownBalance: { type: 'final' },
    done: { type: 'final' },
  },
  output: ({ context }): FlowOutput => (context.next ? { next: context.next } : { next: 'mainMenu', quiet: true }),
});
