import { merchantAccountMachine } from '../../flows/merchantAccount';
import { FakeMerchants, SHOP } from '../support/fakeMerchants';
import { alice, driveFlow, expectReadable, flowInput, keys, waitingSteps } from '../support/flowHarness';

function machine(fake: FakeMerchants) {
  const { merchantOf, openMerchant } = fake.actors();
  return merchantAccountMachine.provide({ actors: { merchantOf, openMerchant } });
}

/** A person without a merchant, at the name question. */
async function start(fake = new FakeMerchants()) {
  fake.merchant = null;
  const flow = await driveFlow(machine(fake), flowInput());
  return { fake, flow };
}

describe('opening a merchant account', () => {
  it('asks the name, the kind of business, confirms the starting limits, then opens it', async () => {
    const { fake, flow } = await start();
    expect(flow.opening).toEqual([{ kind: 'text', key: 'merchantAccount.askName', params: { min: 2, max: 60 } }]);

    const categories = await flow.say('  Boutique   Mama Ngono ');
    expect(categories).toHaveLength(1);
    expect(categories[0]).toMatchObject({ kind: 'menu', key: 'merchantAccount.askCategory' });
    expect(categories[0]?.params).toEqual({ name: 'Boutique Mama Ngono' });
    expect(categories[0]?.kind === 'menu' && categories[0].options.map((o) => o.key)).toEqual([
      'merchantAccount.category.retail',
      'merchantAccount.category.food',
      'merchantAccount.category.services',
      'merchantAccount.category.transport',
      'merchantAccount.category.education',
      'merchantAccount.category.health',
      'merchantAccount.category.utilities',
      'merchantAccount.category.other',
    ]);

    const confirmation = await flow.say('2');
    expect(confirmation).toEqual([
      {
        kind: 'menu',
        key: 'merchantAccount.confirm',
        params: { name: 'Boutique Mama Ngono', perPayment: { francs: 100_000 }, perDay: { francs: 500_000 } },
        options: [
          { id: '1', key: 'merchantAccount.confirmYes' },
          { id: '2', key: 'merchantAccount.confirmNo' },
        ],
      },
    ]);
    expect(fake.opened).toEqual([]);

    const opened = await flow.say('1');
    expect(opened).toEqual([{ kind: 'end', key: 'merchantAccount.opened', params: { name: 'Boutique Mama Ngono' } }]);
    expect(fake.opened).toEqual([{ owner: alice.msisdn, name: 'Boutique Mama Ngono', category: 'food' }]);
    expect(flow.status).toBe('done');
    expect(flow.output).toEqual({ quiet: true });
    expectReadable([...flow.opening, ...categories, ...confirmation, ...opened]);
  });

  it('tells an owner who has one already, without asking anything', async () => {
    const fake = new FakeMerchants();
    const flow = await driveFlow(machine(fake), flowInput());
    expect(flow.opening).toEqual([{ kind: 'end', key: 'merchantAccount.already', params: { name: SHOP.name } }]);
    expect(fake.opened).toEqual([]);
  });

  it('says so when the account was opened meanwhile (the service found it)', async () => {
    const { fake, flow } = await start();
    fake.openAnswers = ['existing'];
    await flow.say('Boutique Alice');
    await flow.say('1');
    expect(await flow.say('1')).toEqual([{ kind: 'end', key: 'merchantAccount.already', params: { name: SHOP.name } }]);
  });

  it.each(['A', '12345', 'x'.repeat(61), ''])('refuses %p as a name and asks again', async (name) => {
    const { flow } = await start();
    expect(keys(await flow.say(name))).toEqual(['merchantAccount.badName']);
    expect(flow.state).toBe('name');
  });

  it('answers a kind that is none with the menu again', async () => {
    const { flow } = await start();
    await flow.say('Boutique Alice');
    expect(keys(await flow.say('9'))).toEqual(['common.invalidChoice', 'merchantAccount.askCategory']);
    expect(flow.state).toBe('category');
  });

  it('goes back one step with 0, and cancels from the name', async () => {
    const { fake, flow } = await start();
    await flow.say('Boutique Alice');
    await flow.say('3');
    expect(keys(await flow.back())).toEqual(['merchantAccount.askCategory']);
    expect(keys(await flow.back())).toEqual(['merchantAccount.askName']);
    expect(keys(await flow.back())).toEqual(['common.cancelled']);
    expect(flow.status).toBe('done');
    expect(fake.opened).toEqual([]);
  });

  it('opens nothing when the person says no', async () => {
    const { fake, flow } = await start();
    await flow.say('Boutique Alice');
    await flow.say('3');
    expect(keys(await flow.say('2'))).toEqual(['common.cancelled']);
    expect(fake.opened).toEqual([]);
  });

  it.each([
    ['INVALID_NAME', ['merchantAccount.invalidName', 'merchantAccount.askName'], 'name'],
    ['INVALID_CATEGORY', ['merchantAccount.invalidCategory', 'merchantAccount.askCategory'], 'category'],
  ] as const)('answers %s in its own words and asks that again', async (reason, said, state) => {
    const { fake, flow } = await start();
    fake.openAnswers = [reason, 'ok'];
    await flow.say('Boutique Alice');
    await flow.say('1');
    const replies = await flow.say('1');
    expect(keys(replies)).toEqual(said);
    expect(flow.state).toBe(state);
    expectReadable(replies);
  });

  it('ends with its own words when the owner has no wallet', async () => {
    const { fake, flow } = await start();
    fake.openAnswers = ['OWNER_NOT_REGISTERED'];
    await flow.say('Boutique Alice');
    await flow.say('1');
    expect(await flow.say('1')).toEqual([{ kind: 'end', key: 'merchantAccount.notRegistered' }]);
    expect(flow.status).toBe('done');
  });

  it('says there was a technical problem when opening fails', async () => {
    const { fake, flow } = await start();
    fake.openAnswers = [new Error('database down')];
    await flow.say('Boutique Alice');
    await flow.say('1');
    expect(keys(await flow.say('1'))).toEqual(['common.technicalProblem']);
  });

  it('gives every waiting step its help', () => {
    const steps = waitingSteps(merchantAccountMachine);
    expect(steps.length).toBeGreaterThanOrEqual(3);
    for (const step of steps) expect(step.meta).toHaveProperty('help');
  });
});
