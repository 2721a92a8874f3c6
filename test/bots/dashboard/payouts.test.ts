/**
 * The dashboard's payouts over real HTTP on the real database, paid through the MTN MoMo simulator: who may list
 * and who may make payouts (a refused one moves nothing), a form sent twice makes one payout, a bad destination is
 * refused with the page again, and the balance and masked destination shown.
 */
import { accountIds } from '../../../domain/ledger/accounts';
import type { Msisdn } from '../../../domain/phone';
import { eventually, useProduct } from '../../support/chat';
import { expectConsistent } from '../../support/ledger';
import { mtnMomoTransfers } from '../../support/railSimulators';
import { aPayment, aTeamMerchant, signIn, type DashboardClient, type TeamMerchant } from './dashboard.support';

const product = useProduct({ pagesOnPort: true });
afterEach(() => expectConsistent(product.services.ledger.store));

const PAYEE = '237677753001' as Msisdn;

/** The idempotency id the payout form was rendered with. */
async function formId(client: DashboardClient): Promise<string> {
  const page = await client.get('/payouts?lang=en');
  const id = /name="id" value="(dash_[0-9a-f]{24})"/.exec(page.body)?.[1];
  if (!id) throw new Error('the payouts page carries no payout form');
  return id;
}

/** A merchant with its team, paid `sales` by a customer (each under the customer's limit per payment). */
async function aFundedMerchant(prefix: string, sales: number[]): Promise<TeamMerchant> {
  const merchant = await aTeamMerchant(product, prefix);
  for (const [n, amount] of sales.entries())
    await aPayment(
      product,
      merchant,
      `${prefix}9${String(n).padStart(2, '0')}` as Msisdn,
      `sale-${prefix}-${n}`,
      amount,
    );
  return merchant;
}

const available = async (merchant: TeamMerchant) =>
  (await product.services.ledger.balance(accountIds.merchant(merchant.merchantId))).available;

it('lets the owner and an admin pay out, and refuses operations, viewer, developer and cashier (nothing moves)', async () => {
  const merchant = await aFundedMerchant('237677750', [30_000, 30_000]);
  const before = await available(merchant);

  for (const role of ['operations', 'viewer', 'developer', 'cashier'] as const) {
    const client = await signIn(product, merchant.members[role]);
    const page = await client.get('/payouts?lang=en');
    // A cashier does not even read payouts; the others read them but get no form.
    expect(page.status).toBe(role === 'cashier' ? 403 : 200);
    expect(page.body).not.toContain('name="amount"');
    const sent = await client.post('/payouts?lang=en', {
      id: `refused-${role}`,
      type: 'mtn_momo',
      phone: PAYEE,
      amount: '5000',
    });
    expect(sent.status).toBe(403);
    expect(sent.body).toContain('Your role does not allow this.');
  }
  expect(await available(merchant)).toBe(before);
  expect((await product.services.payouts.list(merchant.merchantId, { limit: 10 })).data).toEqual([]);

  for (const [who, amount] of [
    [merchant.owner, 5_000],
    [merchant.members.admin, 7_000],
  ] as const) {
    const client = await signIn(product, who);
    const id = await formId(client);
    const sent = await client.post('/payouts?lang=en', {
      id,
      type: 'mtn_momo',
      phone: '677 753 001',
      amount: String(amount),
      reason: 'Loyer',
    });
    expect(sent.status).toBe(303);
    expect(sent.location).toContain('done=created');
  }
  await eventually(async () => {
    await product.services.payouts.settle();
    const { data } = await product.services.payouts.list(merchant.merchantId, { limit: 10 });
    expect(data.map((p) => p.status)).toEqual(['paid', 'paid']);
  });
  expect((await mtnMomoTransfers(product.db.connection, PAYEE)).map((t) => t.amount).sort()).toEqual(['5000', '7000']);
  // 1 % with 100 F at least: 100 F each.
  expect(await available(merchant)).toBe(before - 5_000 - 100 - 7_000 - 100);

  const page = await (await signIn(product, merchant.members.viewer)).get('/payouts?lang=en');
  expect(page.body).toContain('paid');
  expect(page.body).toContain('Loyer');
  expect(page.body).toContain('2376*****001');
  expect(page.body).not.toContain('677753001');
  expect(page.body).toContain('Balance available');
});

it('makes one payout of a form sent twice', async () => {
  const merchant = await aFundedMerchant('237677751', [30_000]);
  const before = await available(merchant);
  const admin = await signIn(product, merchant.members.admin);
  const form = { id: await formId(admin), type: 'mtn_momo', phone: PAYEE, amount: '10000' };
  const [first, second] = await Promise.all([
    admin.post('/payouts?lang=en', form),
    admin.post('/payouts?lang=en', form),
  ]);
  expect([first.status, second.status]).toEqual([303, 303]);
  const again = await admin.post('/payouts?lang=en', form);
  expect(again.status).toBe(303);

  await eventually(async () => {
    await product.services.payouts.settle();
    const { data } = await product.services.payouts.list(merchant.merchantId, { limit: 10 });
    expect(data.map((p) => [p.amount, p.status])).toEqual([[10_000, 'paid']]);
  });
  expect((await mtnMomoTransfers(product.db.connection, PAYEE)).filter((t) => t.amount === '10000')).toHaveLength(1);
  expect(await available(merchant)).toBe(before - 10_000 - 100);

  // The same form again for another amount is not a second payout either: refused, nothing moves.
  const changed = await admin.post('/payouts?lang=en', { ...form, amount: '2000' });
  expect(changed.status).toBe(409);
  expect(changed.body).toContain('already used for another payout');
  expect(await available(merchant)).toBe(before - 10_100);
});

it('refuses a bad destination, an amount the balance cannot cover and a bad RIB with the page again', async () => {
  const merchant = await aFundedMerchant('237677752', [8_000]);
  const before = await available(merchant);
  const owner = await signIn(product, merchant.owner);
  const cases: [Record<string, string>, number, string][] = [
    [{ type: 'mtn_momo', phone: '12', amount: '1000' }, 400, 'This destination is not valid'],
    [{ type: 'bank', accountName: 'Awa SARL', rib: '10005 00001 01234567890 00', amount: '1000' }, 400, 'not valid'],
    [{ type: 'mtn_momo', phone: PAYEE, amount: '1 000,5' }, 400, 'This amount cannot be paid out'],
    [{ type: 'mtn_momo', phone: '237677753009', amount: '900000' }, 409, 'Your balance cannot cover'],
  ];
  for (const [fields, status, words] of cases) {
    const sent = await owner.post('/payouts?lang=en', { id: await formId(owner), ...fields });
    expect(sent.status).toBe(status);
    expect(sent.body).toContain(words);
  }
  expect(await available(merchant)).toBe(before);
  // The payout the balance could not cover is recorded as failed (the service keeps it), and nothing was sent.
  const { data } = await product.services.payouts.list(merchant.merchantId, { limit: 10 });
  expect(data.map((p) => [p.status, p.failureReason])).toEqual([['failed', 'INSUFFICIENT_FUNDS']]);
  expect(await mtnMomoTransfers(product.db.connection, '237677753009')).toEqual([]);
});
