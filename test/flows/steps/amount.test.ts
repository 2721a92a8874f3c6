import { assign, emit, type AnyStateMachine } from 'xstate';
import { replyEvent, text, type FlowInput } from '../../../flows/conversation';
import { amountStep, finalStates, flowSetup, say } from '../../../flows/steps';
import { typedAmount } from '../../../flows/typedInput';
import { driveFlow, flowInput, keys, stepMeta } from '../../support/flowHarness';

interface Context {
  input: FlowInput;
  amount: number;
}

/** A machine made of one amount step; amounts above 100 000 F are answered by the flow itself. */
const machine = flowSetup<Context>()()
  .extend({
    guards: {
      isAtMost100000: ({ event }) => typedAmount(event) <= 100_000,
      isCapped: ({ context }) => context.input.args?.capped === 1,
    },
    actions: {
      askAmount: emit(replyEvent(text('withdraw.askAmount'))),
      keepAmount: assign({ amount: ({ event }) => typedAmount(event) }),
    },
  })
  .createMachine({
    id: 'amountOnly',
    context: ({ input }) => ({ input, amount: 0 }),
    initial: 'start',
    states: {
      start: { always: [{ guard: 'isCapped', target: 'capped' }, { target: 'amount' }] },
      amount: amountStep({
        ask: 'askAmount',
        help: 'withdraw.help.amount',
        amount: { target: 'typed', actions: 'keepAmount' },
        back: 'cancelled',
      }),
      typed: { entry: say(text('onboarding.done')) },
      capped: amountStep({
        ask: 'askAmount',
        help: 'withdraw.help.amount',
        amount: { target: 'typed', actions: 'keepAmount' },
        within: 'isAtMost100000',
        otherwise: [{ actions: say(text('withdraw.notEnough')) }],
        back: 'amount',
      }),
      ...finalStates(),
    },
  });

describe('an amount step', () => {
  it('takes an amount as people type it', async () => {
    const flow = await driveFlow(machine, flowInput());
    expect(keys(flow.opening)).toEqual(['withdraw.askAmount']);
    expect(keys(await flow.say('5 000 F'))).toEqual(['onboarding.done']);
    expect(flow.state).toBe('typed');
    expect(JSON.parse(flow.persistedJson).context.amount).toBe(5000);
  });

  it('says what to type instead of anything that is not an amount, and stays', async () => {
    const flow = await driveFlow(machine, flowInput());
    expect(await flow.say('five')).toEqual([{ kind: 'text', key: 'input.amount' }]);
    expect(await flow.say('12.5')).toEqual([{ kind: 'text', key: 'input.amountWhole' }]);
    expect(flow.state).toBe('amount');
  });

  it('lets the flow answer amounts it does not accept, before the general correction', async () => {
    const flow = await driveFlow(machine, flowInput({ args: { capped: 1 } }));
    expect(keys(await flow.say('150000'))).toEqual(['withdraw.notEnough']);
    expect(keys(await flow.say('abc'))).toEqual(['input.amount']);
    expect(flow.state).toBe('capped');
    expect(keys(await flow.say('100000'))).toEqual(['onboarding.done']);
  });

  it('goes where `back` says on 0 (the first step cancels), and names its help text', async () => {
    const flow = await driveFlow(machine, flowInput());
    expect(stepMeta(machine as AnyStateMachine, flow)).toEqual({ help: 'withdraw.help.amount' });
    expect(await flow.back()).toEqual([{ kind: 'end', key: 'common.cancelled' }]);
    expect(flow.status).toBe('done');
  });
});
