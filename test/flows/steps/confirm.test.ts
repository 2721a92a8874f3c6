import { emit, type AnyStateMachine } from 'xstate';
import { end, menu, replyEvent, text, type FlowInput } from '../../../flows/conversation';
import { confirmStep, finalStates, flowSetup, quietOutput, say } from '../../../flows/steps';
import { driveFlow, flowInput, keys, stepMeta } from '../../support/flowHarness';

/** A machine made of one confirmation: yes ends with a receipt, no cancels (the default), `0` goes back. */
const machine = flowSetup<{ input: FlowInput }>()()
  .extend({
    actions: {
      showConfirmation: emit(replyEvent(menu('withdraw.confirm', ['withdraw.confirmYes', 'withdraw.confirmNo']))),
    },
  })
  .createMachine({
    id: 'confirmOnly',
    context: ({ input }) => ({ input }),
    initial: 'confirming',
    states: {
      amount: { entry: say(text('sendMoney.askAmount')), on: { INPUT: 'confirming' } },
      confirming: confirmStep({
        show: 'showConfirmation',
        help: 'withdraw.help.confirm',
        yes: { target: 'done', actions: say(end('sendMoney.receipt')) },
        back: 'amount',
      }),
      ...finalStates(),
    },
    output: quietOutput,
  });

describe('a confirmation step', () => {
  it('goes on with 1', async () => {
    const flow = await driveFlow(machine, flowInput());
    expect(keys(flow.opening)).toEqual(['withdraw.confirm']);
    expect(await flow.say('1')).toEqual([{ kind: 'end', key: 'sendMoney.receipt' }]);
    expect(flow.status).toBe('done');
  });

  it('cancels with 2 unless the flow says otherwise', async () => {
    const flow = await driveFlow(machine, flowInput());
    expect(await flow.say('2')).toEqual([{ kind: 'end', key: 'common.cancelled' }]);
    expect(flow.status).toBe('done');
    expect(flow.output).toEqual({ quiet: true });
  });

  it('takes the flow’s own answer to 2 when it gives one', async () => {
    const backToAmount = flowSetup<{ input: FlowInput }>()()
      .extend({
        actions: {
          showConfirmation: emit(replyEvent(menu('withdraw.confirm', ['withdraw.confirmYes', 'withdraw.confirmNo']))),
        },
      })
      .createMachine({
        id: 'confirmWithNo',
        context: ({ input }) => ({ input }),
        initial: 'confirming',
        states: {
          amount: { entry: say(text('sendMoney.askAmount')), on: { INPUT: 'confirming' } },
          confirming: confirmStep({
            show: 'showConfirmation',
            help: 'withdraw.help.confirm',
            yes: { target: 'done' },
            no: { target: 'amount' },
            back: 'amount',
          }),
          ...finalStates(),
        },
      });
    const flow = await driveFlow(backToAmount, flowInput());
    expect(keys(await flow.say('2'))).toEqual(['sendMoney.askAmount']);
    expect(flow.state).toBe('amount');
  });

  it('answers anything else with "reply with one of the numbers shown" and the confirmation again', async () => {
    const flow = await driveFlow(machine, flowInput());
    for (const typed of ['yes', '3', '12']) {
      expect(keys(await flow.say(typed))).toEqual(['common.invalidChoice', 'withdraw.confirm']);
    }
    expect(flow.state).toBe('confirming');
  });

  it('goes where `back` says on 0, and names its help text', async () => {
    const flow = await driveFlow(machine, flowInput());
    expect(stepMeta(machine as AnyStateMachine, flow)).toEqual({ help: 'withdraw.help.confirm' });
    expect(keys(await flow.back())).toEqual(['sendMoney.askAmount']);
    expect(flow.state).toBe('amount');
  });
});
