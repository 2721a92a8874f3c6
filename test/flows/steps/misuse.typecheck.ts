/**
 * Misuses of the step builders that must not compile; `tsc --noEmit -p .` checks this file (it is not a test
 * jest runs): each `@ts-expect-error` fails the typecheck if the line below it ever compiles.
 */
import { emit, fromPromise } from 'xstate';
import { replyEvent, text, type FlowInput } from '../../../flows/conversation';
import { amountStep, finalStates, flowSetup, menuStep, option, phoneStep, pinStep } from '../../../flows/steps';

const steps = flowSetup<{ input: FlowInput }>()().extend({
  actions: { showChoices: emit(replyEvent(text('topUp.askSource'))) },
});

export const misuses = [
  steps.createMachine({
    id: 'unknownAction',
    context: ({ input }) => ({ input }),
    initial: 'choosing',
    states: {
      // @ts-expect-error a menu shown by an action the setup does not have
      choosing: menuStep({ show: 'showChoises', help: 'common.help', choices: [], back: 'cancelled' }),
      ...finalStates(),
    },
  }),
  steps.createMachine({
    id: 'unknownGuard',
    context: ({ input }) => ({ input }),
    initial: 'choosing',
    states: {
      // @ts-expect-error a choice guarded by a guard the setup does not have
      choosing: menuStep({ show: 'showChoices', help: 'common.help', choices: [{ guard: 'pickedRed' }], back: 'done' }),
      ...finalStates(),
    },
  }),
  // @ts-expect-error a step without `back`: `0` would be answered with silence
  menuStep({ show: 'showChoices', help: 'common.help', choices: [option('1', { target: 'done' })] }),
  // @ts-expect-error a help that is not a message key: `help` would answer with a missing text
  menuStep({ show: 'showChoices', help: 'payBill.help.nothing', choices: [], back: 'cancelled' }),
  // @ts-expect-error a PIN step without `back`
  pinStep({ accepted: '#flow.paying', locked: '#flow.done', failed: '#flow.failed' }),
  // @ts-expect-error an amount step without help
  amountStep({ ask: 'showChoices', amount: { target: 'done' }, back: 'cancelled' }),
  // @ts-expect-error an amount step takes its guard in `within`, so it cannot drop the amount check
  amountStep({ ask: 'showChoices', help: 'common.help', amount: { guard: 'always', target: 'done' }, back: 'x' }),
  flowSetup<{ input: FlowInput }>()({
    balance: fromPromise<{ available: number }, void>(async () => ({ available: 0 })),
  }).createMachine({
    id: 'untypedOutput',
    context: ({ input }) => ({ input }),
    initial: 'reading',
    states: {
      reading: {
        invoke: {
          src: 'balance',
          // @ts-expect-error a service's output keeps its type: a misspelled field does not compile
          onDone: { guard: ({ event }) => event.output.availabel > 0, target: 'done' },
        },
      },
      ...finalStates(),
    },
  }),
];

export const unguarded = [
  // @ts-expect-error a menu choice without a guard would take any text, so nothing would be an invalid choice
  menuStep({ show: 'showChoices', help: 'test.help', choices: [{ target: 'done' }], back: 'cancelled' }),
  // @ts-expect-error an option decides its own guard (the number typed)
  option('1', { guard: 'pickedRed', target: 'done' }),
  // @ts-expect-error a phone step's number cannot drop the phone-number check
  phoneStep({ ask: 'showChoices', help: 'test.help', number: { guard: 'always', target: 'done' }, back: 'x' }),
];
