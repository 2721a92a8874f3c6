/**
 * The main menu: where every conversation of a signed-up person starts and returns. It shows the balance itself,
 * after the PIN once per session (as on the operators' own menus), and hands every other choice to its flow.
 */
import { assign, emit, fromPromise } from 'xstate';
import type { Balance } from '../domain/ledger/ledger';
import { francsParam } from '../domain/notifications';
import type { Msisdn } from '../domain/phone';
import { end, inputText, menu, replyEvent, type FlowInput, type FlowName, type FlowOutput } from './conversation';
import type { MessageKey } from './messages';
import { notProvided } from './notProvided';
import { finalStates, flowSetup, menuStep, sessionPinGate, sessionPinSteps } from './steps';

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
  { key: 'menu.merchant', flow: 'merchantMenu' },
];

/** Bumped when a saved main-menu conversation could no longer be resumed by this machine. */
export const mainMenuVersion = 3;

interface MainMenuContext {
  input: FlowInput;
  /** The flow chosen, handed over when this one ends. */
  next: FlowName | null;
}

function choiceOf(text: string) {
  return /^\d{1,2}$/.test(text) ? CHOICES[Number(text) - 1] : undefined;
}

/** The menu under `key`: its title, or "reply with one of the numbers shown" for a choice that is none. */
function mainMenuScreen(context: MainMenuContext, key: MessageKey = 'menu.title') {
  return menu(
    key,
    CHOICES.map((c) => c.key),
    { name: context.input.profile?.name ?? '' },
  );
}

export const mainMenuMachine = flowSetup<MainMenuContext>()({
  balance: fromPromise<Balance, { msisdn: Msisdn }>(notProvided('balance')),
})
  .extend({
    guards: {
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
      showMenu: emit(({ context }) => replyEvent(mainMenuScreen(context))),
      // One screen, the menu under "reply with one of the numbers": the menu is long, a second message is not.
      sayNotAChoice: emit(({ context }) => replyEvent(mainMenuScreen(context, 'common.invalidChoice'))),
      rememberChoice: assign({ next: ({ event }) => (choiceOf(inputText(event))?.flow ?? null) as FlowName | null }),
    },
  })
  .createMachine({
    id: 'mainMenu',
    context: ({ input }) => ({ input, next: null }),
    initial: 'start',
    states: {
      // A quiet start shows nothing: the previous flow's last reply already said what to do.
      start: {
        always: [
          { guard: 'askedForBalance', target: 'balance' },
          { guard: 'isQuiet', target: 'choosing' },
          { target: 'choosing', actions: 'showMenu' },
        ],
      },
      choosing: menuStep({
        show: 'showMenu',
        help: 'menu.help',
        showOnEntry: false,
        choices: [
          { guard: 'choseBalance', target: 'balance' },
          { guard: 'choseAFlow', target: 'done', actions: 'rememberChoice' },
        ],
        invalid: 'sayNotAChoice',
        // The first screen: nothing to go back to, so it is shown again.
        back: { actions: 'showMenu' },
      }),
      // The balance needs the PIN once per session.
      balance: sessionPinGate('readingBalance'),
      ...sessionPinSteps({
        id: 'mainMenu',
        then: 'readingBalance',
        locked: '#mainMenu.done',
        failed: '#mainMenu.failed',
        back: { target: 'choosing', actions: 'showMenu' },
      }),
      readingBalance: {
        tags: ['busy'],
        invoke: {
          src: 'balance',
          input: ({ context }) => ({ msisdn: context.input.msisdn }),
          onDone: {
            target: 'done',
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
          onError: { target: 'failed' },
        },
      },
      ...finalStates(),
    },
    // Back to the menu, quietly, after the balance (its reply says what next); otherwise on to the flow chosen.
    output: ({ context }): FlowOutput => (context.next ? { next: context.next } : { next: 'mainMenu', quiet: true }),
  });
