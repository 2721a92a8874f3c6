import { fromPromise, type AnyStateMachine } from 'xstate';
import type { Msisdn } from '../../../domain/phone';
import { checkNewPin } from '../../../domain/pin';
import { end, text, type FlowInput } from '../../../flows/conversation';
import {
  choosePinActor,
  choosePinGuards,
  choosePinStep,
  chosenPinMatchesActor,
  finalStates,
  flowSetup,
  say,
} from '../../../flows/steps';
import { driveFlow, flowInput, keys, stepMeta } from '../../support/flowHarness';

const CURRENT_PIN = '2468';
const NEW_PIN = '3691';

/**
 * A machine made of one choose-and-confirm step after a name step; the service is a hand-written store holding
 * the chosen PIN (in the clear: it is a test double, and the point is that the flow never holds it).
 */
function choosePinMachine(options: { failing?: boolean } = {}) {
  const store = { chosen: null as string | null };
  const machine = flowSetup<{ input: FlowInput }>()({
    choosePin: choosePinActor,
    chosenPinMatches: chosenPinMatchesActor,
  })
    .extend({ guards: choosePinGuards })
    .createMachine({
      id: 'choosePinOnly',
      context: ({ input }) => ({ input }),
      initial: 'pin',
      states: {
        naming: { entry: say(text('onboarding.askName')), on: { INPUT: 'pin' } },
        pin: choosePinStep({
          ask: 'settings.askNewPin',
          help: { choose: 'onboarding.help.pin', again: 'onboarding.help.pinAgain' },
          chosen: '#choosePinOnly.chosen',
          failed: { target: '#choosePinOnly.failed' },
          back: 'naming',
        }),
        chosen: { type: 'final', entry: say(end('settings.pinChanged')) },
        ...finalStates(),
      },
    })
    .provide({
      actors: {
        choosePin: fromPromise(async ({ input }: { input: { msisdn: Msisdn; pin: string } }) => {
          if (options.failing) throw new Error('people store unavailable');
          const check = checkNewPin(input.pin);
          if (!check.ok) return check;
          if (input.pin === CURRENT_PIN) return { ok: false as const, reason: 'SAME_PIN' as const };
          store.chosen = input.pin;
          return { ok: true as const };
        }),
        chosenPinMatches: fromPromise(
          async ({ input }: { input: { msisdn: Msisdn; pin: string } }) => input.pin === store.chosen,
        ),
      },
    });
  return { machine, store };
}

describe('a choose-and-confirm PIN step', () => {
  it('asks a new PIN, keeps it with the service, asks it again and goes on when both match', async () => {
    const { machine, store } = choosePinMachine();
    const flow = await driveFlow(machine, flowInput());
    expect(keys(flow.opening)).toEqual(['settings.askNewPin']);
    expect(await flow.say(NEW_PIN)).toEqual([{ kind: 'text', key: 'onboarding.askPinAgain' }]);
    expect(store.chosen).toBe(NEW_PIN);
    expect(flow.persistedJson).not.toContain(NEW_PIN);
    expect(await flow.say(NEW_PIN)).toEqual([{ kind: 'end', key: 'settings.pinChanged' }]);
    expect(flow.persistedJson).not.toContain(NEW_PIN);
  });

  it('refuses a malformed or too simple PIN at once, and the question stays', async () => {
    const { machine, store } = choosePinMachine();
    const flow = await driveFlow(machine, flowInput());
    expect(keys(await flow.say('12'))).toEqual(['onboarding.pinFormat']);
    expect(keys(await flow.say('1234'))).toEqual(['onboarding.pinTooSimple']);
    expect(flow.state).toEqual({ pin: 'choosing' });
    expect(store.chosen).toBeNull();
  });

  it('refuses the current PIN and asks again', async () => {
    const { machine } = choosePinMachine();
    const flow = await driveFlow(machine, flowInput());
    expect(keys(await flow.say(CURRENT_PIN))).toEqual(['settings.samePin', 'settings.askNewPin']);
    expect(flow.state).toEqual({ pin: 'choosing' });
  });

  it('starts again when the two PINs differ', async () => {
    const { machine } = choosePinMachine();
    const flow = await driveFlow(machine, flowInput());
    await flow.say(NEW_PIN);
    expect(keys(await flow.say('3692'))).toEqual(['onboarding.pinMismatch', 'settings.askNewPin']);
    expect(flow.state).toEqual({ pin: 'choosing' });
  });

  it('goes back to choosing on 0 while typing it again, and where `back` says on 0 while choosing', async () => {
    const { machine } = choosePinMachine();
    const flow = await driveFlow(machine, flowInput());
    await flow.say(NEW_PIN);
    expect(keys(await flow.back())).toEqual(['settings.askNewPin']);
    expect(keys(await flow.back())).toEqual(['onboarding.askName']);
    expect(flow.state).toBe('naming');
  });

  it('is secret, with a help text for each question', async () => {
    const { machine } = choosePinMachine();
    const flow = await driveFlow(machine, flowInput());
    expect(stepMeta(machine as AnyStateMachine, flow)).toEqual({ help: 'onboarding.help.pin', secret: true });
    await flow.say(NEW_PIN);
    expect(stepMeta(machine as AnyStateMachine, flow)).toEqual({ help: 'onboarding.help.pinAgain', secret: true });
  });

  it('does what `failed` says when the service cannot be reached', async () => {
    const { machine } = choosePinMachine({ failing: true });
    const flow = await driveFlow(machine, flowInput());
    expect(await flow.say(NEW_PIN)).toEqual([{ kind: 'end', key: 'common.technicalProblem' }]);
    expect(flow.status).toBe('done');
  });
});
