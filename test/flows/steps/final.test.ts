import { type FlowInput } from '../../../flows/conversation';
import { finalStates, flowSetup, option, quietOutput } from '../../../flows/steps';
import { driveFlow, flowInput } from '../../support/flowHarness';

/** A machine that goes to the final state typed: 1 done, 2 cancelled, 3 failed. */
const machine = flowSetup<{ input: FlowInput }>()().createMachine({
  id: 'finalOnly',
  context: ({ input }) => ({ input }),
  initial: 'choosing',
  states: {
    choosing: {
      on: {
        INPUT: [
          option('1', { target: 'done' }),
          option('2', { target: 'cancelled' }),
          option('3', { target: 'failed' }),
        ],
      },
    },
    ...finalStates(),
  },
  output: quietOutput,
});

describe('the final states', () => {
  it('end silently when done: the last reply was the flow’s own', async () => {
    const flow = await driveFlow(machine, flowInput());
    expect(await flow.say('1')).toEqual([]);
    expect(flow.status).toBe('done');
    expect(flow.output).toEqual({ quiet: true });
  });

  it('say that nothing was done when cancelled', async () => {
    const flow = await driveFlow(machine, flowInput());
    expect(await flow.say('2')).toEqual([{ kind: 'end', key: 'common.cancelled' }]);
    expect(flow.status).toBe('done');
    expect(flow.output).toEqual({ quiet: true });
  });

  it('say there was a technical problem when failed', async () => {
    const flow = await driveFlow(machine, flowInput());
    expect(await flow.say('3')).toEqual([{ kind: 'end', key: 'common.technicalProblem' }]);
    expect(flow.status).toBe('done');
  });
});
