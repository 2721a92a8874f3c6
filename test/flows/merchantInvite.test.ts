import { provideTeamFlows } from '../../bots/app/teamFlows';
import { parseShortcut } from '../../flows/shortcuts';
import { useTeam } from '../domain/merchants/team/teamFixture';
import { someMsisdn } from '../domain/paymentFakes';
import { driveFlow, expectReadable, flowInput } from '../support/flowHarness';

// The flow bound as the product binds it, to the real team service on the test database.
describe('answering an invitation to a merchant team', () => {
  const t = useTeam();

  function flowFor(msisdn: ReturnType<typeof someMsisdn>) {
    const { machine } = provideTeamFlows(t.aProcess()).merchantInvite;
    return driveFlow(machine, flowInput({ msisdn }));
  }

  async function invitedCashier() {
    const merchant = await t.aMerchant();
    const process = t.aProcess();
    const made = await process.cashPoints.create({
      merchantId: merchant._id,
      by: merchant.owner,
      name: 'Marché Central',
    });
    if (!made.ok) throw new Error(made.reason);
    const invitee = t.aPerson();
    await process.team.invite({
      merchantId: merchant._id,
      by: merchant.owner,
      msisdn: invitee,
      role: 'cashier',
      cashPointId: made.cashPoint._id,
    });
    return { merchant, invitee, process };
  }

  it('is started by typing invitations or invitation', () => {
    expect(parseShortcut('invitations')).toEqual({ kind: 'invitations' });
    expect(parseShortcut('Invitation')).toEqual({ kind: 'invitations' });
    expect(parseShortcut('mes invitations')).toEqual({ kind: 'invitations' });
  });

  it('shows the merchant, the role and the cash point, and makes the invitee a cashier when they reply 1', async () => {
    const { merchant, invitee, process } = await invitedCashier();
    const flow = await flowFor(invitee);
    expect(flow.opening).toEqual([
      {
        kind: 'menu',
        key: 'team.inviteCashier',
        params: { merchant: 'Boutique Ngono', cashPoint: 'Marché Central' },
        options: [
          { id: '1', key: 'team.accept' },
          { id: '2', key: 'team.decline' },
        ],
      },
    ]);
    expectReadable(flow.opening);
    const replies = await flow.say('1');
    expect(replies).toEqual([{ kind: 'end', key: 'team.accepted', params: { merchant: 'Boutique Ngono' } }]);
    expect(flow.status).toBe('done');
    expect(await process.team.memberOf(merchant._id, invitee)).toMatchObject({ role: 'cashier' });
  });

  it('declines when they reply 2, and then has nothing more to answer', async () => {
    const { merchant, invitee, process } = await invitedCashier();
    const flow = await flowFor(invitee);
    expect(await flow.say('2')).toEqual([
      { kind: 'end', key: 'team.declined', params: { merchant: 'Boutique Ngono' } },
    ]);
    expect(await process.team.memberOf(merchant._id, invitee)).toBeNull();
    expect((await flowFor(invitee)).opening).toEqual([{ kind: 'end', key: 'team.noInvitation' }]);
  });

  it('tells someone without an account to sign up first, and keeps the invitation', async () => {
    const merchant = await t.aMerchant();
    const process = t.aProcess();
    const stranger = someMsisdn();
    await process.team.invite({ merchantId: merchant._id, by: merchant.owner, msisdn: stranger, role: 'viewer' });
    const flow = await flowFor(stranger);
    expect(flow.opening).toEqual([expect.objectContaining({ kind: 'menu', key: 'team.inviteViewer' })]);
    expect(await flow.say('1')).toEqual([{ kind: 'end', key: 'team.needAccount' }]);
    expect(await process.team.invitationsOf(stranger)).toHaveLength(1);
  });
});
