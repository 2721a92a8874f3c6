/**
 * The dashboard's cash points over real HTTP on the real database: who may create, rename and deactivate them (a
 * refused action changes nothing), and the report per cash point and day, where a cashier sees their own cash
 * point's payments only.
 */
import type { Msisdn } from '../../../domain/phone';
import type { TeamRole } from '../../../domain/merchants/team/roles';
import { useProduct } from '../../support/chat';
import { aPayment, aTeamMerchant, signIn, type TeamMerchant } from './dashboard.support';

const product = useProduct({ pagesOnPort: true });

function actor(merchant: TeamMerchant, role: TeamRole): Msisdn {
  return role === 'owner' ? merchant.owner : merchant.members[role];
}

async function cashPointsOf(merchant: TeamMerchant) {
  return (await product.services.cashPoints.list(merchant.merchantId)).map((c) => [c._id, c.name, c.active]);
}

it('lets the owner, admin and operations create, rename and deactivate cash points, and no one else', async () => {
  const merchant = await aTeamMerchant(product, '237677765');
  const cases: { role: TeamRole; allowed: boolean }[] = [
    { role: 'owner', allowed: true },
    { role: 'admin', allowed: true },
    { role: 'operations', allowed: true },
    { role: 'cashier', allowed: false },
    { role: 'viewer', allowed: false },
    { role: 'developer', allowed: false },
  ];
  for (const { role, allowed } of cases) {
    const client = await signIn(product, actor(merchant, role));
    const before = await cashPointsOf(merchant);
    const created = await client.post('/cash-points?lang=en', { name: `Stand ${role}` });
    if (!allowed) {
      expect({ role, status: created.status }).toEqual({ role, status: 403 });
      expect((await client.post(`/cash-points/${merchant.cashPointId}/rename`, { name: 'Pirate' })).status).toBe(403);
      expect((await client.post(`/cash-points/${merchant.cashPointId}/deactivate`, {})).status).toBe(403);
      expect(await cashPointsOf(merchant)).toEqual(before);
      continue;
    }
    expect({ role, status: created.status }).toEqual({ role, status: 303 });
    expect(created.location).toBe('/dashboard/cash-points?done=created&lang=en');
    const made = (await product.services.cashPoints.list(merchant.merchantId)).find((c) => c.name === `Stand ${role}`);
    expect(made?.active).toBe(true);
    const page = (await client.get('/cash-points?lang=en&done=created')).body;
    expect(page).toContain('Cash point created.');
    expect(page).toContain(`Stand ${role}`);
    expect(page).toContain('data-confirm="Deactivate Stand');
    const renamed = await client.post(`/cash-points/${made!._id}/rename`, { name: `Kiosque ${role}` });
    expect(renamed.status).toBe(303);
    const ended = await client.post(`/cash-points/${made!._id}/deactivate`, {});
    expect(ended.status).toBe(303);
    const after = (await product.services.cashPoints.list(merchant.merchantId)).find((c) => c._id === made!._id);
    expect(after).toMatchObject({ name: `Kiosque ${role}`, active: false });
  }
  // The services' refusals: a name too short, another business's cash point.
  const owner = await signIn(product, merchant.owner);
  const before = await cashPointsOf(merchant);
  const short = await owner.post('/cash-points?lang=en', { name: 'x' });
  expect(short.status).toBe(400);
  expect(short.body).toContain('A name has 2 to 40 characters.');
  expect((await owner.post('/cash-points/cp_notours/rename', { name: 'Mine' })).status).toBe(404);
  expect(await cashPointsOf(merchant)).toEqual(before);
});

it('reports per cash point and day; a cashier sees their own cash point only', async () => {
  const merchant = await aTeamMerchant(product, '237677766');
  const other = await product.services.cashPoints.create({
    merchantId: merchant.merchantId,
    by: merchant.owner,
    name: 'Caisse 2',
  });
  if (!other.ok) throw new Error(other.reason);
  const payer = '237677766200' as Msisdn;
  await aPayment(product, merchant, payer, 'cp-one', 1_500, { cashPointId: merchant.cashPointId });
  await aPayment(product, merchant, payer, 'cp-two', 2_500, { cashPointId: merchant.cashPointId });
  await aPayment(product, merchant, payer, 'cp-other', 7_000, { cashPointId: other.cashPoint._id });
  await aPayment(product, merchant, payer, 'cp-none', 9_000);

  const owner = await signIn(product, merchant.owner);
  const all = (await owner.get('/cash-points/report?lang=en')).body;
  expect(all).toContain('Caisse 1');
  expect(all).toContain('Caisse 2');
  expect(all).toContain('No cash point (API, links, chat)');
  expect(all).toContain('4 000');
  expect(all).toContain('7 000');
  expect(all).toContain('9 000');

  const cashier = await signIn(product, merchant.members.cashier);
  const own = await cashier.get('/cash-points/report?lang=en');
  expect(own.status).toBe(200);
  expect(own.body).toContain('Caisse 1');
  expect(own.body).toContain('4 000');
  expect(own.body).not.toContain('Caisse 2');
  expect(own.body).not.toContain('7 000');
  expect(own.body).not.toContain('9 000');
  const theirs = await cashier.get(`/cash-points/report?lang=en&cashPoint=${other.cashPoint._id}`);
  expect(theirs.status).toBe(403);
  expect(theirs.body).toContain('This belongs to another cash point than yours.');
  // The list of cash points is not the cashier's to read.
  expect((await cashier.get('/cash-points')).status).toBe(403);
  const viewer = await signIn(product, merchant.members.viewer);
  const filtered = (await viewer.get(`/cash-points/report?lang=en&cashPoint=${other.cashPoint._id}`)).body;
  expect(filtered).toContain('7 000');
  expect(filtered).not.toContain('4 000');
});
