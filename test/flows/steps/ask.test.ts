import { assign, emit, type AnyStateMachine } from 'xstate';
import { inputText, replyEvent, text, type FlowInput } from '../../../flows/conversation';
import { askStep, finalStates, flowSetup, say } from '../../../flows/steps';
import { driveFlow, flowInput, keys, stepMeta } from '../../support/flowHarness';

interface Context {
  input: FlowInput;
  meter: string;
}

/** A machine made of one typed question: an 8-digit meter number; 7 digits get words of their own. */
const machine = flowSetup<Context>()()
  .extend({
    guards: {
      isAMeterNumber: ({ event }) => /^\d{8}$/.test(inputText(event)),
      isOneDigitShort: ({ event }) => /^\d{7}$/.test(inputText(event)),
    },
    actions: {
      askMeter: emit(replyEvent(text('payBill.askNumber'))),
      keepMeter: assign({ meter: ({ event }) => inputText(event) }),
      sayBadMeter: emit(replyEvent(text('payBill.badNumberExact'))),
    },
  })
  .createMachine({
    id: 'askOnly',
    context: ({ input }) => ({ input, meter: '' }),
    initial: 'meter',
    states: {
      meter: askStep({
        ask: 'askMeter',
        help: 'payBill.help.number',
        accept: { guard: 'isAMeterNumber', target: 'typed', actions: 'keepMeter' },
        otherwise: [{ guard: 'isOneDigitShort', actions: say(text('payBill.badNumberRange')) }],
        correct: 'sayBadMeter',
        back: 'cancelled',
      }),
      typed: { entry: say(text('onboarding.done')) },
      ...finalStates(),
    },
  });

describe('a typed question', () => {
  it('takes what its guard accepts', async () => {
    const flow = await driveFlow(machine, flowInput());
    expect(keys(flow.opening)).toEqual(['payBill.askNumber']);
    expect(keys(await flow.say('12345678'))).toEqual(['onboarding.done']);
    expect(JSON.parse(flow.persistedJson).context.meter).toBe('12345678');
  });

  it('answers the flow’s special cases, corrects anything else, and stays', async () => {
    const flow = await driveFlow(machine, flowInput());
    expect(keys(await flow.say('1234567'))).toEqual(['payBill.badNumberRange']);
    expect(keys(await flow.say('meter'))).toEqual(['payBill.badNumberExact']);
    expect(flow.state).toBe('meter');
  });

  it('goes where `back` says on 0, and names its help text', async () => {
    const flow = await driveFlow(machine, flowInput());
    expect(stepMeta(machine as AnyStateMachine, flow)).toEqual({ help: 'payBill.help.number' });
    expect(await flow.back()).toEqual([{ kind: 'end', key: 'common.cancelled' }]);
  });
});
