import { fromPromise, type AnyStateMachine } from 'xstate';
import { end, type FlowInput } from '../../../flows/conversation';
import { finalStates, flowSetup, say, unsureStep } from '../../../flows/steps';
import { driveFlow, flowInput, keys, stepMeta } from '../../support/flowHarness';

/** A machine that pays through a service failing as told, then asks whether to try again. */
function unsureMachine(answers: ('ok' | 'fail')[]) {
  const calls: number[] = [];
  const machine = flowSetup<{ input: FlowInput }>()({
    pay: fromPromise<void>(async () => {}),
  })
    .createMachine({
      id: 'unsureOnly',
      context: ({ input }) => ({ input }),
      initial: 'paying',
      states: {
        paying: {
          tags: ['busy'],
          invoke: {
            src: 'pay',
            onDone: { target: 'done', actions: say(end('payBill.paid')) },
            onError: { target: 'unsure' },
          },
        },
        unsure: unsureStep({
          question: 'payBill.unsure',
          tryAgain: 'payBill.tryAgain',
          stop: 'payBill.stop',
          stopped: 'payBill.checkHistory',
          help: 'payBill.help.unsure',
          retry: 'paying',
        }),
        ...finalStates(),
      },
    })
    .provide({
      actors: {
        pay: fromPromise<void>(async () => {
          calls.push(calls.length + 1);
          if ((answers.length > 1 ? answers.shift() : answers[0]) === 'fail') throw new Error('no answer');
        }),
      },
    });
  return { machine, calls };
}

const QUESTION = {
  kind: 'menu',
  key: 'payBill.unsure',
  options: [
    { id: '1', key: 'payBill.tryAgain' },
    { id: '2', key: 'payBill.stop' },
  ],
};

describe('an unsure step', () => {
  it('asks whether to try again after a failed call, and 1 makes the call again', async () => {
    const { machine, calls } = unsureMachine(['fail', 'ok']);
    const flow = await driveFlow(machine, flowInput());
    expect(flow.opening).toEqual([QUESTION]);
    expect(flow.state).toBe('unsure');
    expect(await flow.say('1')).toEqual([{ kind: 'end', key: 'payBill.paid' }]);
    expect(calls).toEqual([1, 2]);
  });

  it('stops with 2 and says where to look', async () => {
    const { machine, calls } = unsureMachine(['fail']);
    const flow = await driveFlow(machine, flowInput());
    expect(await flow.say('2')).toEqual([{ kind: 'end', key: 'payBill.checkHistory' }]);
    expect(flow.status).toBe('done');
    expect(calls).toEqual([1]);
  });

  it('answers anything else with "reply with one of the numbers shown" and the question: never a yes or a no', async () => {
    const { machine, calls } = unsureMachine(['fail']);
    const flow = await driveFlow(machine, flowInput());
    for (const typed of ['yes', '3', 'stop', '']) {
      expect(keys(await flow.say(typed))).toEqual(['common.invalidChoice', 'payBill.unsure']);
      expect(flow.state).toBe('unsure');
    }
    expect(calls).toEqual([1]);
  });

  it('answers 0 with the question again: going back could start a second payment', async () => {
    const { machine, calls } = unsureMachine(['fail']);
    const flow = await driveFlow(machine, flowInput());
    expect(await flow.back()).toEqual([QUESTION]);
    expect(flow.state).toBe('unsure');
    expect(calls).toEqual([1]);
  });

  it('names its help text', async () => {
    const { machine } = unsureMachine(['fail']);
    const flow = await driveFlow(machine, flowInput());
    expect(stepMeta(machine as AnyStateMachine, flow)).toEqual({ help: 'payBill.help.unsure' });
  });
});
