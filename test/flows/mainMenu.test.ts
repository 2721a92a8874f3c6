import { fromPromise, type AnyStateMachine } from 'xstate';
import { ZERO_COUNTERS } from '../../domain/ledger/entries';
import type { Balance } from '../../domain/ledger/ledger';
import type { Msisdn } from '../../domain/phone';
import type { Reply, StepMeta } from '../../flows/conversation';
import { mainMenuMachine } from '../../flows/mainMenu';
import { alice, driveFlow, flowInput, expectReadable, stepMeta, waitingSteps } from '../support/flowHarness';

const OPTIONS = [
  { id: '1', key: 'menu.balance' },
  { id: '2', key: 'menu.topUp' },
  { id: '3', key: 'menu.sendMoney' },
  { id: '4', key: 'menu.requestPayment' },
  { id: '5', key: 'menu.payBill' },
  { id: '6', key: 'menu.withdraw' },
  { id: '7', key: 'menu.history' },
  { id: '8', key: 'menu.pendingRequests' },
  { id: '9', key: 'menu.settings' },
];

const menuScreen: Reply = { kind: 'menu', key: 'menu.title', params: { name: alice.name }, options: OPTIONS };

/** A hand-written stand-in for the ledger's balance of the person's wallet; every read recorded. */
class FakeBalance {
  readonly reads: { msisdn: Msisdn }[] = [];
  balance: Balance = { available: 12_500, held: 2000, incoming: 500, counters: ZERO_COUNTERS };
  fails = false;

  machine() {
    return mainMenuMachine.provide({
      actors: {
        balance: fromPromise<Balance, { msisdn: Msisdn }>(async ({ input }) => {
          this.reads.push(input);
          if (this.fails) throw new Error('ledger unavailable');
          return this.balance;
        }),
      },
    });
  }
}

describe('main menu flow', () => {
  it('greets the person by name with the nine choices, and waits', async () => {
    const fake = new FakeBalance();
    const flow = await driveFlow(fake.machine(), flowInput());
    expect(flow.opening).toEqual([menuScreen]);
    expect(flow.state).toBe('choosing');
    expect(flow.status).toBe('active');
    expect(fake.reads).toEqual([]);
    expectReadable(flow.opening);
  });

  it.each([
    ['2', 'topUp'],
    ['3', 'sendMoney'],
    ['4', 'requestPayment'],
    ['5', 'payBill'],
    ['6', 'withdraw'],
    ['7', 'history'],
    ['8', 'pendingRequests'],
    ['9', 'settings'],
  ] as const)('hands choice %s over to the %s flow, saying nothing itself', async (choice, next) => {
    const fake = new FakeBalance();
    const flow = await driveFlow(fake.machine(), flowInput());
    expect(await flow.say(` ${choice} `)).toEqual([]);
    expect(flow.status).toBe('done');
    expect(flow.output).toEqual({ next });
    expect(fake.reads).toEqual([]);
  });

  it('shows the balance in francs for choice 1, then returns quietly to the menu', async () => {
    const fake = new FakeBalance();
    const flow = await driveFlow(fake.machine(), flowInput());
    const replies = await flow.say('1');
    expect(replies).toEqual([
      {
        kind: 'end',
        key: 'menu.balanceIs',
        params: { available: { francs: 12_500 }, held: { francs: 2000 }, incoming: { francs: 500 } },
      },
    ]);
    expect(fake.reads).toEqual([{ msisdn: alice.msisdn }]);
    expect(flow.status).toBe('done');
    expect(flow.output).toEqual({ next: 'mainMenu', quiet: true });
    expectReadable(replies);
  });

  it('shows an empty wallet as zero francs', async () => {
    const fake = new FakeBalance();
    fake.balance = { available: 0, held: 0, incoming: 0, counters: ZERO_COUNTERS };
    const flow = await driveFlow(fake.machine(), flowInput());
    expect((await flow.say('1'))[0]!.params).toEqual({
      available: { francs: 0 },
      held: { francs: 0 },
      incoming: { francs: 0 },
    });
  });

  it('answers anything but a choice’s number with the menu again, and stays', async () => {
    const fake = new FakeBalance();
    const flow = await driveFlow(fake.machine(), flowInput());
    for (const wrong of ['0', '10', '12', 'balance please', '']) {
      expect(await flow.say(wrong)).toEqual([
        { kind: 'menu', key: 'common.invalidChoice', params: { name: alice.name }, options: OPTIONS },
      ]);
      expect(flow.state).toBe('choosing');
    }
    expect(flow.output).toBeUndefined();
    expect(fake.reads).toEqual([]);
    await flow.say('3');
    expect(flow.output).toEqual({ next: 'sendMoney' });
  });

  it('shows the menu again on BACK, since it is the first screen', async () => {
    const fake = new FakeBalance();
    const flow = await driveFlow(fake.machine(), flowInput());
    expect(await flow.back()).toEqual([menuScreen]);
    expect(flow.state).toBe('choosing');
    expect(flow.status).toBe('active');
  });

  it('starts quietly showing nothing when the previous flow’s last reply already says what to do', async () => {
    const fake = new FakeBalance();
    const flow = await driveFlow(fake.machine(), flowInput({ quiet: true }));
    expect(flow.opening).toEqual([]);
    expect(flow.state).toBe('choosing');
    expect(fake.reads).toEqual([]);
    await flow.say('7');
    expect(flow.output).toEqual({ next: 'history' });
  });

  it('reads the balance at once when started by the balance shortcut', async () => {
    const fake = new FakeBalance();
    const flow = await driveFlow(fake.machine(), flowInput({ args: { choice: 'balance' } }));
    expect(flow.opening).toEqual([
      {
        kind: 'end',
        key: 'menu.balanceIs',
        params: { available: { francs: 12_500 }, held: { francs: 2000 }, incoming: { francs: 500 } },
      },
    ]);
    expect(fake.reads).toEqual([{ msisdn: alice.msisdn }]);
    expect(flow.status).toBe('done');
    expect(flow.output).toEqual({ next: 'mainMenu', quiet: true });
  });

  it('says there is a technical problem when the balance cannot be read, and returns quietly to the menu', async () => {
    const fake = new FakeBalance();
    fake.fails = true;
    const flow = await driveFlow(fake.machine(), flowInput());
    expect(await flow.say('1')).toEqual([{ kind: 'end', key: 'common.technicalProblem' }]);
    expect(flow.status).toBe('done');
    expect(flow.output).toEqual({ next: 'mainMenu', quiet: true });
  });

  it('names a help text, in both languages, at the one step that waits for the person', async () => {
    expect(
      waitingSteps(mainMenuMachine).map((s) => [s.path.join('.'), (s.meta as StepMeta | undefined)?.help]),
    ).toEqual([['choosing', 'menu.help']]);
    expectReadable([{ kind: 'text', key: 'menu.help' }]);
    const flow = await driveFlow(new FakeBalance().machine(), flowInput());
    expect(stepMeta(mainMenuMachine as AnyStateMachine, flow)).toEqual({ help: 'menu.help' });
  });
});
