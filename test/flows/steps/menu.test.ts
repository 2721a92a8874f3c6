import { emit, type AnyStateMachine } from 'xstate';
import { end, menu, replyEvent, text, type FlowInput } from '../../../flows/conversation';
import { finalStates, flowSetup, menuStep, option, say } from '../../../flows/steps';
import { driveFlow, flowInput, keys, stepMeta } from '../../support/flowHarness';

/** A machine made of one menu: 1 and 2 lead to two ends, `0` goes to a step before it. */
const machine = flowSetup<{ input: FlowInput }>()()
  .extend({
    actions: { showChoices: emit(replyEvent(menu('topUp.askSource', ['topUp.sourceMtn', 'topUp.sourceOrange']))) },
  })
  .createMachine({
    id: 'menuOnly',
    context: ({ input }) => ({ input }),
    initial: 'choosing',
    states: {
      before: { entry: say(text('topUp.askAmount')), on: { INPUT: 'choosing' } },
      choosing: menuStep({
        show: 'showChoices',
        help: 'topUp.help.source',
        choices: [
          option('1', { target: 'done', actions: say(end('topUp.sourceMtn')) }),
          option('2', { target: 'done', actions: say(end('topUp.sourceOrange')) }),
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
    expect(keys(flow.opening)).toEqual(['topUp.askSource']);
    expect(await flow.say('2')).toEqual([{ kind: 'end', key: 'topUp.sourceOrange' }]);
    expect(flow.status).toBe('done');
  });

  it('answers anything else with "reply with one of the numbers shown" and the menu again, and stays', async () => {
    const flow = await atMenu();
    for (const typed of ['3', 'red', '', '1 2']) {
      expect(keys(await flow.say(typed))).toEqual(['common.invalidChoice', 'topUp.askSource']);
      expect(flow.state).toBe('choosing');
    }
    expect(keys(await flow.say(' 1 '))).toEqual(['topUp.sourceMtn']);
  });

  it('goes where `back` says on 0', async () => {
    const flow = await atMenu();
    expect(keys(await flow.back())).toEqual(['topUp.askAmount']);
    expect(flow.state).toBe('before');
  });

  it('names its help text', async () => {
    const flow = await atMenu();
    expect(stepMeta(machine as AnyStateMachine, flow)).toEqual({ help: 'topUp.help.source' });
  });
});

/** A menu shown by the step before it, under words of its own, with a screen of its own for a choice that is none. */
const shownBefore = flowSetup<{ input: FlowInput }>()()
  .extend({
    actions: {
      showChoices: emit(replyEvent(menu('topUp.askSource', ['topUp.sourceMtn', 'topUp.sourceOrange']))),
      sayNotAChoice: emit(replyEvent(menu('common.invalidChoice', ['topUp.sourceMtn', 'topUp.sourceOrange']))),
    },
  })
  .createMachine({
    id: 'shownBefore',
    context: ({ input }) => ({ input }),
    initial: 'before',
    states: {
      before: { on: { INPUT: { target: 'choosing', actions: say(text('topUp.askAmount')) } } },
      choosing: menuStep({
        show: 'showChoices',
        help: 'topUp.help.source',
        showOnEntry: false,
        choices: [option('1', { target: 'done', actions: say(end('topUp.sourceMtn')) })],
        invalid: 'sayNotAChoice',
        back: { actions: 'showChoices' },
      }),
      ...finalStates(),
    },
  });

describe('a menu step shown by the step before it', () => {
  it('shows nothing on entry, answers a choice that is none with its own screen, and shows the menu on 0', async () => {
    const flow = await driveFlow(shownBefore, flowInput());
    expect(keys(await flow.say('go'))).toEqual(['topUp.askAmount']);
    expect(flow.state).toBe('choosing');
    expect(keys(await flow.say('7'))).toEqual(['common.invalidChoice']);
    expect(keys(await flow.back())).toEqual(['topUp.askSource']);
    expect(keys(await flow.say('1'))).toEqual(['topUp.sourceMtn']);
  });
});
