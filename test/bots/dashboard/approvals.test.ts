/**
 * Maker-checker in the dashboard over real HTTP, paid through the MTN MoMo simulator: the owner sets the threshold
 * (an admin reads it, cannot change it); an admin's payout above it waits; the admin cannot approve their own
 * (refused in words, nothing paid), the roles without `authorize` cannot decide (403, nothing paid); the owner
 * approves and the payout is paid once; below the threshold a payout goes at once; a rejection sends nothing.
 */
import { accountIds } from '../../../domain/ledger/accounts';
import type { Msisdn } from '../../../domain/phone';
import { eventually, useProduct } from '../../support/chat';
import { expectConsistent } from '../../support/ledger';
import { mtnMomoTransfers } from '../../support/railSimulators';
import { aPayment, aTeamMerchant, signIn, type DashboardClient, type TeamMerchant } from './dashboard.support';

const product = useProduct({ pagesOnPort: true });
afterEach(() => expectConsistent(product.services.ledger.store));

async function formId(client: DashboardClient): Promise<string> {
  const id = /name="id" value="(dash_[0-9a-f]{24})"/.exec((await client.get('/payouts?lang=en')).body)?.[1];
  if (!id) throw new Error('the payouts page carries no payout form');
  return id;
}

async function aFundedMerchant(prefix: string): Promise<TeamMerchant> {
  const merchant = await aTeamMerchant(product, prefix);
  for (const n of [1, 2])
    await aPayment(
      product,
      merchant,
      `${prefix}9${String(n).padStart(2, '0')}` as Msisdn,
      `sale-${prefix}-${n}`,
      30_000,
    );
  return merchant;
}

const available = async (merchant: TeamMerchant) =>
  (await product.services.ledger.balance(accountIds.merchant(merchant.merchantId))).available;

async function payOut(client: DashboardClient, phone: Msisdn, amount: number) {
  return client.post('/payouts?lang=en', { id: await formId(client), type: 'mtn_momo', phone, amount: String(amount) });
}

it('holds an admin’s payout above the owner’s threshold until someone else approves it, then pays it once', async () => {
  const merchant = await aFundedMerchant('237677754');
  const payee = '237677754901' as Msisdn;
  const owner = await signIn(product, merchant.owner);
  const admin = await signIn(product, merchant.members.admin);

  // Only the owner sets the threshold; an admin reads it.
  expect((await admin.post('/approvals/threshold?lang=en', { threshold: '0' })).status).toBe(403);
  const set = await owner.post('/approvals/threshold?lang=en', { threshold: '20 000' });
  expect(set.status).toBe(303);
  expect((await product.services.approvals.settings(merchant.merchantId))?.approvalThreshold).toBe(20_000);
  const adminView = await admin.get('/approvals?lang=en');
  expect(adminView.body).toContain('above 20');
  expect(adminView.body).toContain('Only the owner can change it.');
  expect(adminView.body).not.toContain('name="threshold"');
  expect((await owner.post('/approvals/threshold?lang=en', { threshold: '-5' })).status).toBe(400);

  const before = await available(merchant);
  const asked = await payOut(admin, payee, 30_000);
  expect(asked.status).toBe(303);
  expect(asked.location).toContain('done=pending_approval');
  expect((await admin.get('/payouts?lang=en')).body).toContain('waiting for approval');
  await product.services.payouts.settle();
  expect(await available(merchant)).toBe(before);
  expect(await mtnMomoTransfers(product.db.connection, payee)).toEqual([]);

  const [waiting] = await product.services.approvals.pending(merchant.merchantId);
  expect(waiting).toMatchObject({ kind: 'payout', amount: 30_000, maker: merchant.members.admin });
  const listed = await owner.get('/approvals?lang=en');
  expect(listed.body).toContain(waiting!._id);
  expect(listed.body).toContain('Payout to');

  expect((await admin.get('/approvals?lang=en')).body).toContain('Asked by you: another person of the team decides.');
  // The maker may not check their own payout, whatever their role.
  const own = await admin.post('/approvals/decide?lang=en', { subject: waiting!._id, decision: 'approve' });
  expect(own.status).toBe(403);
  expect(own.body).toContain('You asked for this yourself');
  // Nor may the roles without `authorize`.
  for (const role of ['operations', 'viewer', 'developer', 'cashier'] as const) {
    const client = await signIn(product, merchant.members[role]);
    const tried = await client.post('/approvals/decide?lang=en', { subject: waiting!._id, decision: 'approve' });
    expect(tried.status).toBe(403);
    expect(tried.body).toContain('Your role does not allow this.');
    expect(
      (await client.post('/payouts?lang=en', { id: `x-${role}`, type: 'mtn_momo', phone: payee, amount: '1000' }))
        .status,
    ).toBe(403);
  }
  await product.services.payouts.settle();
  expect(await product.services.approvals.decision('payout', waiting!.subjectId)).toBe('pending');
  expect(await available(merchant)).toBe(before);
  expect(await mtnMomoTransfers(product.db.connection, payee)).toEqual([]);

  const approved = await owner.post('/approvals/decide?lang=en', { subject: waiting!._id, decision: 'approve' });
  expect(approved.status).toBe(303);
  expect(approved.location).toContain('done=approved');
  // A second decision finds the first.
  const late = await owner.post('/approvals/decide?lang=en', { subject: waiting!._id, decision: 'reject' });
  expect(late.status).toBe(409);
  expect(late.body).toContain('Someone decided this already: it was approved.');

  await eventually(async () => {
    await product.services.payouts.settle();
    const { data } = await product.services.payouts.list(merchant.merchantId, { limit: 10 });
    expect(data.map((p) => p.status)).toEqual(['paid']);
  });
  await product.services.payouts.settle();
  expect((await mtnMomoTransfers(product.db.connection, payee)).map((t) => t.amount)).toEqual(['30000']);
  expect(await available(merchant)).toBe(before - 30_000 - 300);
  expect(await product.services.approvals.pending(merchant.merchantId)).toEqual([]);

  // Below the threshold: nobody is asked, it goes at once.
  const small = await payOut(admin, payee, 5_000);
  expect(small.location).toContain('done=created');
  expect(await product.services.approvals.pending(merchant.merchantId)).toEqual([]);
  await eventually(async () => {
    await product.services.payouts.settle();
    const { data } = await product.services.payouts.list(merchant.merchantId, { limit: 10 });
    expect(data.map((p) => p.status)).toEqual(['paid', 'paid']);
  });
  expect((await mtnMomoTransfers(product.db.connection, payee)).map((t) => t.amount)).toEqual(['30000', '5000']);
});

it('sends nothing of a payout its checker rejects', async () => {
  const merchant = await aFundedMerchant('237677755');
  const payee = '237677755901' as Msisdn;
  const owner = await signIn(product, merchant.owner);
  const admin = await signIn(product, merchant.members.admin);
  expect((await owner.post('/approvals/threshold', { threshold: '10000' })).status).toBe(303);
  const before = await available(merchant);
  // The owner makes it this time; the admin checks.
  expect((await payOut(owner, payee, 25_000)).location).toContain('done=pending_approval');
  const [waiting] = await product.services.approvals.pending(merchant.merchantId);
  const rejected = await admin.post('/approvals/decide?lang=en', { subject: waiting!._id, decision: 'reject' });
  expect(rejected.status).toBe(303);
  expect(rejected.location).toContain('done=rejected');
  await product.services.payouts.settle();
  const { data } = await product.services.payouts.list(merchant.merchantId, { limit: 10 });
  expect(data.map((p) => [p.status, p.failureReason])).toEqual([['failed', 'APPROVAL_REJECTED']]);
  expect((await owner.get('/payouts?lang=en')).body).toContain('rejected by the approver');
  expect(await available(merchant)).toBe(before);
  expect(await mtnMomoTransfers(product.db.connection, payee)).toEqual([]);
  // An approval of another merchant, or no approval at all, is not found.
  const stranger = await admin.post('/approvals/decide?lang=en', { subject: 'payout:m_other:x', decision: 'approve' });
  expect(stranger.status).toBe(404);
});
