import { fromPromise, type AnyStateMachine } from 'xstate';
import { ZERO_COUNTERS } from '../../domain/ledger/entries';
import type { Balance } from '../../domain/ledger/ledger';
import type { PinCheck } from '../../domain/people';
import type { Msisdn } from '../../domain/phone';
import type { MenuOption, Reply, StepMeta } from '../../flows/conversation';
import { mainMenuMachine } from '../../flows/mainMenu';
import { alice, driveFlow, flowInput, expectReadable, keys, stepMeta, waitingSteps } from '../support/flowHarness';

const OPTIONS: MenuOption[] = [
  { id: '1', key: 'menu.balance' },
  { id: '2', key: 'menu.topUp' },
  { id: '3', key: 'menu.sendMoney' },
  { id: '4', key: 'menu.requestPayment' },
  { id: '5', key: 'menu.payBill' },
  { id: '6', key: 'menu.withdraw' },
  { id: '7', key: 'menu.history' },
  { id: '8', key: 'menu.pendingRequests' },
  { id: '9', key: 'menu.settings' },
  { id: '10', key: 'menu.merchant' },
];

const menuScreen: Reply = { kind: 'menu', key: 'menu.title', params: { name: alice.name }, options: OPTIONS };
const PIN = '2468';
const LOCKED_UNTIL = new Date('2030-05-01T10:15:00Z');
/** A session in which the PIN was typed already. */
const UNLOCKED = { pinUnlocked: true };

/** Hand-written stand-ins for the ledger's balance of the person's wallet and the PIN check; every call recorded. */
class FakeBalance {
  readonly reads: { msisdn: Msisdn }[] = [];
  readonly pinChecks: string[] = [];
  balance: Balance = { available: 12_500, held: 2000, incoming: 500, counters: ZERO_COUNTERS };
  fails = false;
  locked = false;

  machine() {
    return mainMenuMachine.provide({
      actors: {
        balance: fromPromise<Balance, { msisdn: Msisdn }>(async ({ input }) => {
          this.reads.push(input);
          if (this.fails) throw new Error('ledger unavailable');
          return this.balance;
        }),
        checkPin: fromPromise<PinCheck, { msisdn: Msisdn; pin: string }>(async ({ input }) => {
          this.pinChecks.push(input.pin);
          if (this.locked) return { ok: false, reason: 'PIN_LOCKED', until: LOCKED_UNTIL };
          return input.pin === PIN ? { ok: true } : { ok: false, reason: 'WRONG_PIN', triesLeft: 2 };
        }),
      },
    });
  }
}

describe('main menu flow', () => {
  it('greets the person by name with the ten choices, and waits', async () => {
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
    ['10', 'merchantMenu'],
  ] as const)('hands choice %s over to the %s flow, saying nothing itself', async (choice, next) => {
    const fake = new FakeBalance();
    const flow = await driveFlow(fake.machine(), flowInput());
    expect(await flow.say(` ${choice} `)).toEqual([]);
    expect(flow.status).toBe('done');
    expect(flow.output).toEqual({ next });
    expect(fake.reads).toEqual([]);
  });

  it('asks the PIN before the balance when the session is not unlocked, then says the session is unlocked', async () => {
    const fake = new FakeBalance();
    const flow = await driveFlow(fake.machine(), flowInput());
    expect(await flow.say('1')).toEqual([{ kind: 'text', key: 'pin.askToView' }]);
    expect(stepMeta(mainMenuMachine as AnyStateMachine, flow)).toEqual({ help: 'common.pinHelp', secret: true });
    expect(fake.reads).toEqual([]);
    expect(await flow.say('1357')).toEqual([{ kind: 'text', key: 'common.wrongPin', params: { triesLeft: 2 } }]);
    expect(flow.unlocked).toBe(false);
    expect(fake.reads).toEqual([]);
    expect(keys(await flow.say(PIN))).toEqual(['menu.balanceIs']);
    expect(flow.unlocked).toBe(true);
    expect(fake.pinChecks).toEqual(['1357', PIN]);
    expect(flow.persistedJson).not.toContain(PIN);
    expect(flow.output).toEqual({ next: 'mainMenu', quiet: true });
  });

  it('ends without the balance when the PIN is locked', async () => {
    const fake = new FakeBalance();
    fake.locked = true;
    const flow = await driveFlow(fake.machine(), flowInput());
    await flow.say('1');
    expect(keys(await flow.say(PIN))).toEqual(['common.pinLocked']);
    expect(flow.status).toBe('done');
    expect(flow.unlocked).toBe(false);
    expect(fake.reads).toEqual([]);
  });

  it('goes back to the menu on BACK at the PIN', async () => {
    const flow = await driveFlow(new FakeBalance().machine(), flowInput());
    await flow.say('1');
    expect(await flow.back()).toEqual([menuScreen]);
    expect(flow.state).toBe('choosing');
  });

  it('shows the balance in francs for choice 1 without the PIN in an unlocked session, then returns quietly to the menu', async () => {
    const fake = new FakeBalance();
    const flow = await driveFlow(fake.machine(), flowInput(UNLOCKED));
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
    const flow = await driveFlow(fake.machine(), flowInput(UNLOCKED));
    expect((await flow.say('1'))[0]!.params).toEqual({
      available: { francs: 0 },
      held: { francs: 0 },
      incoming: { francs: 0 },
    });
  });

  it('answers anything but a choice’s number with the menu again, and stays', async () => {
    const fake = new FakeBalance();
    const flow = await driveFlow(fake.machine(), flowInput());
    for (const wrong of ['0', '11', '12', 'balance please', '']) {
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

  it('asks the PIN at once when started by the balance shortcut in a session not unlocked', async () => {
    const fake = new FakeBalance();
    const flow = await driveFlow(fake.machine(), flowInput({ args: { choice: 'balance' } }));
    expect(flow.opening).toEqual([{ kind: 'text', key: 'pin.askToView' }]);
    expect(keys(await flow.say(PIN))).toEqual(['menu.balanceIs']);
  });

  it('reads the balance at once when started by the balance shortcut in an unlocked session', async () => {
    const fake = new FakeBalance();
    const flow = await driveFlow(fake.machine(), flowInput({ ...UNLOCKED, args: { choice: 'balance' } }));
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
    const flow = await driveFlow(fake.machine(), flowInput(UNLOCKED));
    expect(await flow.say('1')).toEqual([{ kind: 'end', key: 'common.technicalProblem' }]);
    expect(flow.status).toBe('done');
    expect(flow.output).toEqual({ next: 'mainMenu', quiet: true });
  });

  it('names a help text, in both languages, at each step that waits for the person', async () => {
    expect(
      waitingSteps(mainMenuMachine).map((s) => [s.path.join('.'), (s.meta as StepMeta | undefined)?.help]),
    ).toEqual([
      ['choosing', 'menu.help'],
      ['unlocking.asking', 'common.pinHelp'],
      ['unlocking.retrying', 'common.pinHelp'],
    ]);
    expectReadable([{ kind: 'text', key: 'menu.help' }]);
    const flow = await driveFlow(new FakeBalance().machine(), flowInput());
    expect(stepMeta(mainMenuMachine as AnyStateMachine, flow)).toEqual({ help: 'menu.help' });
  });
});
