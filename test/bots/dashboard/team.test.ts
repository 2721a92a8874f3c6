/**
 * The dashboard's team page over real HTTP on the real database: who may read it, who may invite, change a role
 * or remove, and the Team service's own rules (never above one's own role, never the owner) answered in words; a
 * refused action changes nothing, and an invite reaches the invitee's chat.
 */
import { formatMsisdnForDisplay, type Msisdn } from '../../../domain/phone';
import type { TeamRole } from '../../../domain/merchants/team/roles';
import { useProduct } from '../../support/chat';
import { aTeamMerchant, signIn, type TeamMerchant } from './dashboard.support';

const product = useProduct({ pagesOnPort: true });

type Member = Exclude<TeamRole, 'owner'>;

function actor(merchant: TeamMerchant, role: TeamRole): Msisdn {
  return role === 'owner' ? merchant.owner : merchant.members[role];
}

/** The team as kept, to compare before and after a refused action. */
async function teamOf(merchant: TeamMerchant) {
  return (await product.services.team.list(merchant.merchantId)).map((m) => [
    m.msisdn,
    m.role,
    m.status,
    m.cashPointId,
  ]);
}

async function invitationsTo(msisdn: Msisdn) {
  return (await product.services.outbox.for(msisdn)).filter((m) => m.notice.key === 'team.invited');
}

it('lists the owner first, then every member with role, cash point, refund limit and status', async () => {
  const merchant = await aTeamMerchant(product, '237677760');
  const viewer = await signIn(product, merchant.members.viewer);
  const page = await viewer.get('/team?lang=en');
  expect(page.status).toBe(200);
  const html = page.body;
  const owner = html.indexOf(formatMsisdnForDisplay(merchant.owner));
  expect(owner).toBeGreaterThan(0);
  for (const msisdn of Object.values(merchant.members)) {
    const at = html.indexOf(formatMsisdnForDisplay(msisdn));
    expect(at).toBeGreaterThan(owner);
  }
  expect(html).toContain('Caisse 1');
  expect(html).toContain('5 000');
  // A viewer reads the team but is offered no form to change it.
  expect(html).not.toContain('/team/invite');
  expect(html).not.toContain('/team/remove');
});

it('lets only those who may manage the team read or invite, each within their own role', async () => {
  const merchant = await aTeamMerchant(product, '237677761');
  const cases: { by: TeamRole; role: Member; status: number }[] = [
    { by: 'owner', role: 'admin', status: 303 },
    { by: 'admin', role: 'operations', status: 303 },
    { by: 'admin', role: 'admin', status: 303 },
    { by: 'operations', role: 'viewer', status: 403 },
    { by: 'cashier', role: 'viewer', status: 403 },
    { by: 'viewer', role: 'viewer', status: 403 },
    { by: 'developer', role: 'viewer', status: 403 },
  ];
  let n = 100;
  for (const { by, role, status } of cases) {
    const client = await signIn(product, actor(merchant, by));
    const invitee = `237677761${n++}` as Msisdn;
    const before = await teamOf(merchant);
    const answer = await client.post('/team/invite?lang=en', {
      number: invitee,
      role,
      cashPointId: '',
      refundLimit: '',
    });
    expect({ by, role, status: answer.status }).toEqual({ by, role, status });
    if (status === 303) {
      expect(answer.location).toBe('/dashboard/team?done=invited&lang=en');
      expect(await invitationsTo(invitee)).toHaveLength(1);
      expect((await client.get(answer.location!.replace('/dashboard', ''))).body).toContain(
        'Invitation sent in their chat.',
      );
    } else {
      expect(await teamOf(merchant)).toEqual(before);
      expect(await invitationsTo(invitee)).toEqual([]);
    }
  }
  // Reading the team: every role but the cashier.
  const cashier = await signIn(product, merchant.members.cashier);
  expect((await cashier.get('/team')).status).toBe(403);
});

it('lets nobody grant the owner’s role, nor a role above their own, nor change the owner', async () => {
  const merchant = await aTeamMerchant(product, '237677762');
  const owner = await signIn(product, merchant.owner);
  const admin = await signIn(product, merchant.members.admin);
  const before = await teamOf(merchant);
  for (const client of [owner, admin]) {
    const asOwner = await client.post('/team/invite?lang=en', { number: '237677762100', role: 'owner' });
    expect(asOwner.status).toBe(403);
    expect(asOwner.body).toContain('may not grant or change a role that may do more than yours');
  }
  const ownerChanged = await admin.post('/team/role?lang=en', { number: merchant.owner, role: 'viewer' });
  expect(ownerChanged.status).toBe(403);
  expect(ownerChanged.body).toContain('The owner cannot be invited, changed or removed.');
  const ownerRemoved = await admin.post('/team/remove?lang=en', { number: merchant.owner });
  expect(ownerRemoved.status).toBe(403);
  // A cashier without an active cash point of this business is refused by the service, in words.
  const noCashPoint = await owner.post('/team/invite?lang=en', {
    number: '237677762101',
    role: 'cashier',
    cashPointId: 'cp_notours',
    refundLimit: '1000',
  });
  expect(noCashPoint.status).toBe(400);
  expect(noCashPoint.body).toContain('A cashier needs an active cash point');
  const badNumber = await owner.post('/team/invite?lang=en', { number: '12', role: 'viewer' });
  expect(badNumber.status).toBe(400);
  const already = await owner.post('/team/invite?lang=en', { number: merchant.members.viewer, role: 'viewer' });
  expect(already.status).toBe(409);
  expect(await teamOf(merchant)).toEqual(before);
  expect(await invitationsTo('237677762100' as Msisdn)).toEqual([]);
});

it('changes a role (a cashier with a cash point and a limit) for the owner and admin only', async () => {
  const merchant = await aTeamMerchant(product, '237677763');
  const { viewer, developer } = merchant.members;
  const operations = await signIn(product, merchant.members.operations);
  const before = await teamOf(merchant);
  const refused = await operations.post('/team/role', { number: viewer, role: 'developer' });
  expect(refused.status).toBe(403);
  expect(await teamOf(merchant)).toEqual(before);

  const owner = await signIn(product, merchant.owner);
  const changed = await owner.post('/team/role?lang=en', {
    number: viewer,
    role: 'cashier',
    cashPointId: merchant.cashPointId,
    refundLimit: '2 500',
  });
  expect(changed.status).toBe(303);
  expect(changed.location).toBe('/dashboard/team?done=changed&lang=en');
  expect(await product.services.team.memberOf(merchant.merchantId, viewer)).toMatchObject({
    role: 'cashier',
    cashPointId: merchant.cashPointId,
    refundLimit: 2_500,
  });
  const admin = await signIn(product, merchant.members.admin);
  const toViewer = await admin.post('/team/role', { number: developer, role: 'viewer' });
  expect(toViewer.status).toBe(303);
  expect((await product.services.team.memberOf(merchant.merchantId, developer))?.role).toBe('viewer');
});

it('removes a member after asking, for the owner and admin only; the removed member is signed out', async () => {
  const merchant = await aTeamMerchant(product, '237677764');
  const { developer } = merchant.members;
  const removedClient = await signIn(product, developer);
  for (const role of ['operations', 'cashier', 'viewer', 'developer'] as const) {
    const client = await signIn(product, merchant.members[role]);
    const before = await teamOf(merchant);
    expect((await client.post('/team/remove', { number: merchant.members.viewer })).status).toBe(403);
    expect(await teamOf(merchant)).toEqual(before);
  }
  const admin = await signIn(product, merchant.members.admin);
  const page = (await admin.get('/team?lang=en')).body;
  expect(page).toContain('data-confirm="Remove +237 6 77 76 40 06 from the team?"');
  const removed = await admin.post('/team/remove?lang=en', { number: developer });
  expect(removed.status).toBe(303);
  expect(await product.services.team.memberOf(merchant.merchantId, developer)).toBeNull();
  expect((await removedClient.get('/overview')).status).toBe(303);
  // The last admin may not leave: the service's refusal, in words.
  const self = await admin.post('/team/remove?lang=en', { number: merchant.members.admin });
  expect(self.status).toBe(409);
  expect(self.body).toContain('You are the last admin');
});
