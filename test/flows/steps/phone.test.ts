import { assign, emit, type AnyStateMachine } from 'xstate';
import type { Msisdn } from '../../../domain/phone';
import { replyEvent, text, type FlowInput } from '../../../flows/conversation';
import { finalStates, flowSetup, phoneStep, say } from '../../../flows/steps';
import { typedMsisdn } from '../../../flows/typedInput';
import { driveFlow, flowInput, keys, stepMeta } from '../../support/flowHarness';

interface Context {
  input: FlowInput;
  number: Msisdn | null;
}

/** A machine made of one phone-number step, after a step `0` goes back to. */
const machine = flowSetup<Context>()()
  .extend({
    actions: {
      askNumber: emit(replyEvent(text('sendMoney.askRecipient'))),
      keepNumber: assign({ number: ({ event }) => typedMsisdn(event) }),
    },
  })
  .createMachine({
    id: 'phoneOnly',
    context: ({ input }) => ({ input, number: null }),
    initial: 'number',
    states: {
      before: { entry: say(text('topUp.askAmount')), on: { INPUT: 'number' } },
      number: phoneStep({
        ask: 'askNumber',
        help: 'sendMoney.help.recipient',
        number: { target: 'typed', actions: 'keepNumber' },
        back: 'before',
      }),
      typed: { entry: say(text('onboarding.done')) },
      ...finalStates(),
    },
  });

describe('a phone-number step', () => {
  it('takes a Cameroonian mobile number in any common form', async () => {
    for (const typed of ['677123456', '+237 6 77 12 34 56', '00237677123456']) {
      const flow = await driveFlow(machine, flowInput());
      expect(keys(flow.opening)).toEqual(['sendMoney.askRecipient']);
      expect(keys(await flow.say(typed))).toEqual(['onboarding.done']);
      expect(JSON.parse(flow.persistedJson).context.number).toBe('237677123456');
    }
  });

  it('says what to type instead of anything else, and stays', async () => {
    const flow = await driveFlow(machine, flowInput());
    expect(await flow.say('Alice')).toEqual([{ kind: 'text', key: 'input.phone' }]);
    expect(await flow.say('+33 6 12 34 56 78')).toEqual([{ kind: 'text', key: 'input.phoneNotCameroonMobile' }]);
    expect(flow.state).toBe('number');
  });

  it('goes where `back` says on 0, and names its help text', async () => {
    const flow = await driveFlow(machine, flowInput());
    expect(stepMeta(machine as AnyStateMachine, flow)).toEqual({ help: 'sendMoney.help.recipient' });
    expect(keys(await flow.back())).toEqual(['topUp.askAmount']);
    expect(flow.state).toBe('before');
  });
});
