import { emit, type AnyStateMachine } from 'xstate';
import { end, menu, replyEvent, text, type FlowInput } from '../../../flows/conversation';
import { finalStates, flowSetup, menuStep, option, say } from '../../../flows/steps';
import { driveFlow, flowInput, keys, stepMeta } from '../../support/flowHarness';

/** A machine made of one menu: 1 and 2 lead to two ends, `0` goes to a step before it. */
const machine = flowSetup<{ input: FlowInput }>()()
  .extend({
    actions: { showChoices: emit(replyEvent(menu('test.choices', ['test.red', 'test.blue']))) },
  })
  .createMachine({
    id: 'menuOnly',
    context: ({ input }) => ({ input }),
    initial: 'choosing',
    states: {
      before: { entry: say(text('test.before')), on: { INPUT: 'choosing' } },
      choosing: menuStep({
        show: 'showChoices',
        help: 'test.help.choices',
        choices: [
          option('1', { target: 'done', actions: say(end('test.red')) }),
          option('2', { target: 'done', actions: say(end('test.blue')) }),
        ],
        back: 'before',
      }),
      ...finalStates(),
    },
  });

async function atMenu() {
  return driveFlow(machine, flowInput());
}

describe('a menu step', () => {
  it('shows the menu on entry and takes the option typed', async () => {
    const flow = await atMenu();
    expect(keys(flow.opening)).toEqual(['test.choices']);
    expect(await flow.say('2')).toEqual([{ kind: 'end', key: 'test.blue' }]);
    expect(flow.status).toBe('done');
  });

  it('answers anything else with "reply with one of the numbers shown" and the menu again, and stays', async () => {
    const flow = await atMenu();
    for (const typed of ['3', 'red', '', '1 2']) {
      expect(keys(await flow.say(typed))).toEqual(['common.invalidChoice', 'test.choices']);
      expect(flow.state).toBe('choosing');
    }
    expect(keys(await flow.say(' 1 '))).toEqual(['test.red']);
  });

  it('goes where `back` says on 0', async () => {
    const flow = await atMenu();
    expect(keys(await flow.back())).toEqual(['test.before']);
    expect(flow.state).toBe('before');
  });

  it('names its help text', async () => {
    const flow = await atMenu();
    expect(stepMeta(machine as AnyStateMachine, flow)).toEqual({ help: 'test.help.choices' });
  });
});
