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

/** A menu shown by the step before it, under words of its own, with a screen of its own for a choice that is none. */
const shownBefore = flowSetup<{ input: FlowInput }>()()
  .extend({
    actions: {
      showChoices: emit(replyEvent(menu('test.choices', ['test.red', 'test.blue']))),
      sayNotAChoice: emit(replyEvent(menu('test.notAChoice', ['test.red', 'test.blue']))),
    },
  })
  .createMachine({
    id: 'shownBefore',
    context: ({ input }) => ({ input }),
    initial: 'before',
    states: {
      before: { on: { INPUT: { target: 'choosing', actions: say(text('test.intro')) } } },
      choosing: menuStep({
        show: 'showChoices',
        help: 'test.help.choices',
        showOnEntry: false,
        choices: [option('1', { target: 'done', actions: say(end('test.red')) })],
        invalid: 'sayNotAChoice',
        back: { actions: 'showChoices' },
      }),
      ...finalStates(),
    },
  });

describe('a menu step shown by the step before it', () => {
  it('shows nothing on entry, answers a choice that is none with its own screen, and shows the menu on 0', async () => {
    const flow = await driveFlow(shownBefore, flowInput());
    expect(keys(await flow.say('go'))).toEqual(['test.intro']);
    expect(flow.state).toBe('choosing');
    expect(keys(await flow.say('7'))).toEqual(['test.notAChoice']);
    expect(keys(await flow.back())).toEqual(['test.choices']);
    expect(keys(await flow.say('1'))).toEqual(['test.red']);
  });
});
