import { fromPromise } from 'xstate';
import type { PinCheck } from '../../../domain/people';
import type { Msisdn } from '../../../domain/phone';
import { end, text, type FlowInput } from '../../../flows/conversation';
import { finalStates, flowSetup, say, sessionPinGate, sessionPinSteps } from '../../../flows/steps';
import { driveFlow, flowInput, keys } from '../../support/flowHarness';

const PIN = '2468';

/** A machine that shows something behind the session PIN, after a first step; the check is a hand-written PIN. */
function shownMachine() {
  const checked: string[] = [];
  const machine = flowSetup<{ input: FlowInput }>()()
    .createMachine({
      id: 'shown',
      context: ({ input }) => ({ input }),
      initial: 'gate',
      states: {
        before: { entry: say(text('menu.title')), on: { INPUT: 'gate' } },
        gate: sessionPinGate('showing'),
        ...sessionPinSteps({
          id: 'shown',
          then: 'showing',
          locked: '#shown.done',
          failed: '#shown.failed',
          back: 'before',
        }),
        showing: {
          entry: say(text('history.title')),
          on: { INPUT: { target: 'done', actions: say(end('history.emptyTopUp')) } },
        },
        ...finalStates(),
      },
    })
    .provide({
      actors: {
        checkPin: fromPromise<PinCheck, { msisdn: Msisdn; pin: string }>(async ({ input }) => {
          checked.push(input.pin);
          return input.pin === PIN ? { ok: true } : { ok: false, reason: 'WRONG_PIN', triesLeft: 2 };
        }),
      },
    });
  return { machine, checked };
}

describe('the session PIN', () => {
  it('is asked, in the words of a PIN that only opens what is shown, and unlocks the session once right', async () => {
    const { machine, checked } = shownMachine();
    const flow = await driveFlow(machine, flowInput());
    expect(flow.opening).toEqual([{ kind: 'text', key: 'pin.askToView' }]);
    expect(keys(await flow.say('1111'))).toEqual(['common.wrongPin']);
    expect(flow.unlocked).toBe(false);
    expect(keys(await flow.say(PIN))).toEqual(['history.title']);
    expect(flow.unlocked).toBe(true);
    expect(flow.state).toBe('showing');
    expect(checked).toEqual(['1111', PIN]);
  });

  it('is not asked again in an unlocked session', async () => {
    const { machine, checked } = shownMachine();
    const flow = await driveFlow(machine, flowInput({ pinUnlocked: true }));
    expect(keys(flow.opening)).toEqual(['history.title']);
    expect(flow.state).toBe('showing');
    expect(checked).toEqual([]);
  });

  it('goes where `back` says on 0', async () => {
    const { machine } = shownMachine();
    const flow = await driveFlow(machine, flowInput());
    expect(keys(await flow.back())).toEqual(['menu.title']);
    expect(flow.state).toBe('before');
  });
});
