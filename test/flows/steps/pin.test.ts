import { emit, fromPromise, type AnyStateMachine } from 'xstate';
import type { PinCheck } from '../../../domain/people';
import type { Msisdn } from '../../../domain/phone';
import { end, replyEvent, text, type FlowInput } from '../../../flows/conversation';
import { finalStates, flowSetup, pinStep, say } from '../../../flows/steps';
import { driveFlow, flowInput, keys, stepMeta } from '../../support/flowHarness';

const PIN = '2468';
const LOCKED_UNTIL = new Date('2030-05-01T10:15:00Z');

/** A machine made of one PIN step after a confirmation; the check is a hand-written PIN store. */
function pinMachine(check: (pin: string) => PinCheck | Error) {
  const checked: string[] = [];
  const machine = flowSetup<{ input: FlowInput }>()()
    .createMachine({
      id: 'pinOnly',
      context: ({ input }) => ({ input }),
      initial: 'pin',
      states: {
        confirming: { entry: say(text('withdraw.confirm')), on: { INPUT: 'pin' } },
        pin: pinStep({
          accepted: '#pinOnly.paid',
          locked: '#pinOnly.done',
          failed: '#pinOnly.failed',
          back: 'confirming',
        }),
        paid: { type: 'final', entry: say(end('payBill.paid')) },
        ...finalStates(),
      },
    })
    .provide({
      actors: {
        checkPin: fromPromise<PinCheck, { msisdn: Msisdn; pin: string }>(async ({ input }) => {
          checked.push(input.pin);
          const answer = check(input.pin);
          if (answer instanceof Error) throw answer;
          return answer;
        }),
      },
    });
  return { machine, checked };
}

const rightPin = (pin: string): PinCheck =>
  pin === PIN ? { ok: true } : { ok: false, reason: 'WRONG_PIN', triesLeft: 2 };

describe('a PIN step', () => {
  it('asks the PIN, checks it and goes on when it is right', async () => {
    const { machine, checked } = pinMachine(rightPin);
    const flow = await driveFlow(machine, flowInput());
    expect(flow.opening).toEqual([{ kind: 'text', key: 'common.askPin' }]);
    expect(await flow.say(PIN)).toEqual([{ kind: 'end', key: 'payBill.paid' }]);
    expect(checked).toEqual([PIN]);
  });

  it('says how many tries are left after a wrong PIN and checks the next one', async () => {
    const { machine } = pinMachine(rightPin);
    const flow = await driveFlow(machine, flowInput());
    expect(await flow.say('1111')).toEqual([{ kind: 'text', key: 'common.wrongPin', params: { triesLeft: 2 } }]);
    expect(flow.state).toEqual({ pin: 'retrying' });
    expect(flow.persistedJson).not.toContain('1111');
    expect(keys(await flow.say(PIN))).toEqual(['payBill.paid']);
  });

  it('ends when the PIN gets locked, and with a technical problem when it cannot be checked', async () => {
    const locked = pinMachine(() => ({ ok: false, reason: 'PIN_LOCKED', until: LOCKED_UNTIL }));
    const flow = await driveFlow(locked.machine, flowInput());
    expect(await flow.say('0000')).toEqual([
      { kind: 'end', key: 'common.pinLocked', params: { until: { date: LOCKED_UNTIL.toISOString() } } },
    ]);
    expect(flow.status).toBe('done');

    const broken = pinMachine(() => new Error('people store unavailable'));
    const failing = await driveFlow(broken.machine, flowInput());
    expect(await failing.say(PIN)).toEqual([{ kind: 'end', key: 'common.technicalProblem' }]);
    expect(failing.status).toBe('done');
  });

  it('goes where `back` says on 0, whether asking or retrying', async () => {
    const { machine } = pinMachine(rightPin);
    const flow = await driveFlow(machine, flowInput());
    expect(keys(await flow.back())).toEqual(['withdraw.confirm']);
    expect(keys(await flow.say('1'))).toEqual(['common.askPin']);
    await flow.say('1111');
    expect(keys(await flow.back())).toEqual(['withdraw.confirm']);
    expect(flow.state).toBe('confirming');
  });

  it('is secret and explains the PIN for help', async () => {
    const { machine } = pinMachine(rightPin);
    const flow = await driveFlow(machine, flowInput());
    expect(stepMeta(machine as AnyStateMachine, flow)).toEqual({ help: 'common.pinHelp', secret: true });
    await flow.say('1111');
    expect(stepMeta(machine as AnyStateMachine, flow)).toEqual({ help: 'common.pinHelp', secret: true });
  });
});

describe('a PIN step asked in the flow’s own words', () => {
  it('asks with the action named in `ask`, and then behaves as any PIN step', async () => {
    const machine = flowSetup<{ input: FlowInput }>()()
      .extend({ actions: { askOldPin: emit(replyEvent(text('settings.askOldPin'))) } })
      .createMachine({
        id: 'oldPinOnly',
        context: ({ input }) => ({ input }),
        initial: 'pin',
        states: {
          pin: pinStep({
            ask: 'askOldPin',
            accepted: '#oldPinOnly.paid',
            locked: '#oldPinOnly.done',
            failed: '#oldPinOnly.failed',
            back: 'cancelled',
          }),
          paid: { type: 'final', entry: say(end('payBill.paid')) },
          ...finalStates(),
        },
      })
      .provide({
        actors: {
          checkPin: fromPromise<PinCheck, { msisdn: Msisdn; pin: string }>(async ({ input }) => rightPin(input.pin)),
        },
      });
    const flow = await driveFlow(machine, flowInput());
    expect(flow.opening).toEqual([{ kind: 'text', key: 'settings.askOldPin' }]);
    expect(keys(await flow.say('1111'))).toEqual(['common.wrongPin']);
    expect(keys(await flow.say(PIN))).toEqual(['payBill.paid']);
  });
});
