import type { StepMeta } from '../../flows/conversation';
import { mainMenuMachine } from '../../flows/mainMenu';
import { merchantMenuMachine } from '../../flows/merchantMenu';
import { FakeMerchants, SHOP } from '../support/fakeMerchants';
import { alice, driveFlow, expectReadable, flowInput, keys, stepMeta, waitingSteps } from '../support/flowHarness';

function machine(fake: FakeMerchants) {
  const { merchantOf } = fake.actors();
  return merchantMenuMachine.provide({ actors: { merchantOf } });
}

describe('the main menu', () => {
  it('offers My business as its tenth choice and hands it to the merchant menu', async () => {
    const flow = await driveFlow(mainMenuMachine, flowInput());
    const [screen] = flow.opening;
    expect(screen?.kind === 'menu' && screen.options.at(-1)).toEqual({ id: '10', key: 'menu.merchant' });
    expect(await flow.say('10')).toEqual([]);
    expect(flow.output).toEqual({ next: 'merchantMenu' });
  });
});

describe('the My business menu', () => {
  it('offers a person without a merchant account to open one, and hands over to the account opening', async () => {
    const fake = new FakeMerchants();
    fake.merchant = null;
    const flow = await driveFlow(machine(fake), flowInput());
    expect(flow.opening).toEqual([
      { kind: 'menu', key: 'merchantMenu.noAccount', options: [{ id: '1', key: 'merchantMenu.open' }] },
    ]);
    expect(fake.lookups).toEqual([{ msisdn: alice.msisdn }]);
    expect(await flow.say('1')).toEqual([]);
    expect(flow.output).toEqual({ next: 'merchantAccount' });
    expectReadable(flow.opening);
  });

  it('shows its owner the merchant’s actions under its name', async () => {
    const fake = new FakeMerchants();
    const flow = await driveFlow(machine(fake), flowInput());
    expect(flow.opening).toEqual([
      {
        kind: 'menu',
        key: 'merchantMenu.titleActive',
        params: { name: SHOP.name },
        options: [
          { id: '1', key: 'merchantMenu.request' },
          { id: '2', key: 'merchantMenu.order' },
          { id: '3', key: 'merchantMenu.refund' },
        ],
      },
    ]);
    expectReadable(flow.opening);
  });

  it.each([
    ['1', 'merchantRequest'],
    ['2', 'merchantOrder'],
    ['3', 'merchantRefund'],
  ] as const)('hands choice %s over to the %s flow', async (choice, next) => {
    const flow = await driveFlow(machine(new FakeMerchants()), flowInput());
    expect(await flow.say(choice)).toEqual([]);
    expect(flow.status).toBe('done');
    expect(flow.output).toEqual({ next });
  });

  it.each([
    ['pending', 'merchantMenu.titlePending'],
    ['suspended', 'merchantMenu.titleSuspended'],
  ] as const)('says when the merchant is %s', async (status, key) => {
    const fake = new FakeMerchants();
    fake.merchant = { ...SHOP, status };
    const flow = await driveFlow(machine(fake), flowInput());
    expect(keys(flow.opening)).toEqual([key]);
  });

  it('answers a choice that is none with the menu again, and 0 with the main menu', async () => {
    const flow = await driveFlow(machine(new FakeMerchants()), flowInput());
    expect(keys(await flow.say('7'))).toEqual(['common.invalidChoice', 'merchantMenu.titleActive']);
    expect(flow.state).toBe('owner');
    expect(await flow.back()).toEqual([]);
    expect(flow.output).toEqual({ next: 'mainMenu' });
  });

  it('says there was a technical problem when the merchants cannot be read, and returns to the menu', async () => {
    const fake = new FakeMerchants();
    fake.merchantOfFails = true;
    const flow = await driveFlow(machine(fake), flowInput());
    expect(keys(flow.opening)).toEqual(['common.technicalProblem']);
    expect(flow.output).toEqual({ next: 'mainMenu' });
  });

  it('gives every waiting step its help', async () => {
    for (const step of waitingSteps(merchantMenuMachine)) expect(step.meta).toHaveProperty('help');
    const flow = await driveFlow(machine(new FakeMerchants()), flowInput());
    expect(stepMeta(merchantMenuMachine, flow)).toEqual<StepMeta>({ help: 'merchantMenu.help' });
  });
});
