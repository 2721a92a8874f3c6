/**
 * Refunds from the dashboard over real HTTP on the real database: a partial refund then the rest, a third refused
 * with nothing moved; a form sent several times at once makes one refund; a cashier within their limit at their
 * own cash point only; the roles that may not refund refused with nothing changed; the list of refunds, a
 * cashier's limited to their cash point's. The ledger is checked whole after the money moved.
 */
import { accountIds } from '../../../domain/ledger/accounts';
import type { Msisdn } from '../../../domain/phone';
import { useProduct } from '../../support/chat';
import { expectConsistent } from '../../support/ledger';
import { aPayment, aTeamMerchant, signIn, type DashboardClient, type TeamMerchant } from './dashboard.support';

const product = useProduct({ pagesOnPort: true });

/** The refund id the payment's page put in its form (null: no form shown). */
async function refundFormId(client: DashboardClient, paymentId: string): Promise<string | null> {
  const page = await client.get(`/transactions/${paymentId}?lang=en`);
  expect(page.status).toBe(200);
  return /name="refundId" value="([^"]+)"/.exec(page.body)?.[1] ?? null;
}

/** Sends the payment's refund form as the page shows it: its refund id, the amount typed. */
async function refundThroughForm(client: DashboardClient, paymentId: string, amount: string, reason = '') {
  const refundId = await refundFormId(client, paymentId);
  if (!refundId) throw new Error('the page shows no refund form');
  return client.post(`/transactions/${paymentId}/refund?lang=en`, { refundId, amount, reason });
}

/** What a refund may change: the merchant's balance, the payer's, the payment's refunds. */
async function moneyOf(merchant: TeamMerchant, payer: Msisdn, requestId: string) {
  const { ledger, refunds } = product.services;
  return {
    merchant: (await ledger.balance(accountIds.merchant(merchant.merchantId))).available,
    payer: (await ledger.balance(accountIds.wallet(payer))).available,
    refunds: (await refunds.refundsOf(requestId)).map((r) => [r.amount, r.status]),
  };
}

it('refunds part of a payment then the rest, and refuses a third refund with nothing moved', async () => {
  const merchant = await aTeamMerchant(product, '237677736');
  const payer = '237677736101' as Msisdn;
  const requestId = await aPayment(product, merchant, payer, 'p1', 10_000);
  const owner = await signIn(product, merchant.owner);
  const before = await moneyOf(merchant, payer, requestId);

  const page = await owner.get('/transactions/p1?lang=en');
  expect(page.body).toContain('can still be refunded');
  expect(page.body).toContain('It goes to the payer’s wallet.');
  const partial = await refundThroughForm(owner, 'p1', '4 000', 'Article abîmé');
  expect(partial.status).toBe(303);
  expect(partial.location).toMatch(/^\/dashboard\/transactions\/p1\?done=dash_[a-z2-7]+&lang=en$/);
  const shown = await owner.get(partial.location!.replace('/dashboard', ''));
  expect(shown.body).toContain('Refund of 4');
  expect(shown.body).toContain('Article abîmé');
  expect(await product.services.refunds.refundable(requestId)).toBe(6_000);
  // Who made it is kept with the refund.
  const [made] = await product.services.refunds.refundsOf(requestId);
  expect(made?.requestedBy).toBe(merchant.owner);

  expect((await refundThroughForm(owner, 'p1', '6000')).status).toBe(303);
  const after = await moneyOf(merchant, payer, requestId);
  expect(after).toEqual({
    merchant: before.merchant - 10_000,
    payer: before.payer + 10_000,
    refunds: [
      [4_000, 'processed'],
      [6_000, 'processed'],
    ],
  });
  const emptied = await owner.get('/transactions/p1?lang=en');
  expect(emptied.body).toContain('Nothing is left to refund.');
  expect(emptied.body).not.toContain('name="refundId"');

  // A form kept open in another tab: its refund is over what is left.
  const third = await owner.post('/transactions/p1/refund?lang=en', { refundId: 'dash_stale_tab', amount: '1' });
  expect(third.status).toBe(422);
  expect(third.body).toContain('more than what can still be refunded');
  // Amounts that are not whole francs above 0 are refused in words before anything is asked.
  for (const amount of ['1.5', '-3', '0', 'abc', '', '1e3']) {
    const bad = await owner.post('/transactions/p1/refund?lang=en', { refundId: 'dash_bad', amount });
    expect(bad.status).toBe(422);
    expect(bad.body).toContain('whole francs');
  }
  const inFrench = await owner.post('/transactions/p1/refund?lang=fr', { refundId: 'dash_bad', amount: '2,5' });
  expect(inFrench.body).toContain('francs entiers');
  expect(await moneyOf(merchant, payer, requestId)).toEqual(after);
  await expectConsistent(product.services.ledger.store);
});

it('makes one refund of a form sent several times at once', async () => {
  const merchant = await aTeamMerchant(product, '237677737');
  const payer = '237677737101' as Msisdn;
  const requestId = await aPayment(product, merchant, payer, 'twice', 5_000);
  const owner = await signIn(product, merchant.owner);
  const before = await moneyOf(merchant, payer, requestId);
  const refundId = (await refundFormId(owner, 'twice'))!;

  const sent = await Promise.all(
    Array.from({ length: 4 }, () =>
      owner.post('/transactions/twice/refund?lang=en', { refundId, amount: '2000', reason: '' }),
    ),
  );
  expect(sent.map((r) => r.status)).toEqual([303, 303, 303, 303]);
  expect(await moneyOf(merchant, payer, requestId)).toEqual({
    merchant: before.merchant - 2_000,
    payer: before.payer + 2_000,
    refunds: [[2_000, 'processed']],
  });
  // The same form with another amount is not another refund.
  const changed = await owner.post('/transactions/twice/refund?lang=en', { refundId, amount: '2500' });
  expect(changed.status).toBe(409);
  expect(changed.body).toContain('already used');
  expect((await product.services.refunds.refundsOf(requestId)).length).toBe(1);
  await expectConsistent(product.services.ledger.store);
});

it('lets a cashier refund within their limit at their own cash point only', async () => {
  const merchant = await aTeamMerchant(product, '237677738');
  const payer = '237677738101' as Msisdn;
  const other = await product.services.cashPoints.create({
    merchantId: merchant.merchantId,
    by: merchant.owner,
    name: 'Caisse 2',
  });
  if (!other.ok) throw new Error(other.reason);
  const at = { cashPointId: merchant.cashPointId, cashier: merchant.members.cashier };
  const small = await aPayment(product, merchant, payer, 'small', 3_000, at);
  const big = await aPayment(product, merchant, payer, 'big', 8_000, at);
  const elsewhere = await aPayment(product, merchant, payer, 'elsewhere', 2_000, { cashPointId: other.cashPoint._id });
  const cashier = await signIn(product, merchant.members.cashier);

  const page = await cashier.get('/transactions/big?lang=en');
  expect(page.body).toContain('Your own limit per refund');
  expect((await refundThroughForm(cashier, 'small', '3000')).status).toBe(303);

  const bigBefore = await moneyOf(merchant, payer, big);
  const above = await refundThroughForm(cashier, 'big', '6000');
  expect(above.status).toBe(403);
  expect(above.body).toContain('above your limit');
  expect(await moneyOf(merchant, payer, big)).toEqual(bigBefore);
  expect((await refundThroughForm(cashier, 'big', '5000')).status).toBe(303);

  const elsewhereBefore = await moneyOf(merchant, payer, elsewhere);
  expect((await cashier.get('/transactions/elsewhere?lang=en')).status).toBe(403);
  const refused = await cashier.post('/transactions/elsewhere/refund?lang=en', { refundId: 'dash_x', amount: '100' });
  expect(refused.status).toBe(403);
  expect(refused.body).toContain('another cash point');
  expect(await moneyOf(merchant, payer, elsewhere)).toEqual(elsewhereBefore);

  // The owner refunds at the other cash point: the cashier's list does not show it.
  const owner = await signIn(product, merchant.owner);
  expect((await refundThroughForm(owner, 'elsewhere', '1000')).status).toBe(303);
  const ownList = await cashier.get('/refunds?lang=en');
  expect(ownList.status).toBe(200);
  expect(ownList.body.match(/<tr><td>/g)).toHaveLength(2);
  expect(ownList.body).not.toContain('/transactions/elsewhere');
  const ownerList = await owner.get('/refunds?lang=en');
  expect(ownerList.body.match(/<tr><td>/g)).toHaveLength(3);
  expect(ownerList.body).toContain('/dashboard/transactions/elsewhere?lang=en');
  expect((await product.services.refunds.refundsOf(small)).map((r) => r.amount)).toEqual([3_000]);
  await expectConsistent(product.services.ledger.store);
});

// One team serves every row of the table below: made by the first row that runs.
let rolesTeamMade: Promise<TeamMerchant> | undefined;
function rolesTeam(): Promise<TeamMerchant> {
  rolesTeamMade ??= aTeamMerchant(product, '237677739');
  return rolesTeamMade;
}

it.each([
  ['viewer', 403, true],
  ['operations', 403, false],
  ['developer', 403, true],
  ['admin', 303, true],
] as const)('as %s, refunding answers %i (refunds list readable: %s)', async (role, status, readsRefunds) => {
  const team = await rolesTeam();
  const payer = '237677739101' as Msisdn;
  const id = `by-${role}`;
  const requestId = await aPayment(product, team, payer, id, 4_000);
  const member = await signIn(product, team.members[role]);
  const before = await moneyOf(team, payer, requestId);

  const page = await member.get(`/transactions/${id}?lang=en`);
  expect(page.status).toBe(200);
  expect(page.body.includes('name="refundId"')).toBe(status === 303);
  const answer = await member.post(`/transactions/${id}/refund?lang=en`, { refundId: `dash_${role}`, amount: '1000' });
  expect(answer.status).toBe(status);
  if (status === 403) {
    expect(answer.body).toContain('Your role does not allow this.');
    expect(await moneyOf(team, payer, requestId)).toEqual(before);
  } else {
    expect((await moneyOf(team, payer, requestId)).refunds).toEqual([[1_000, 'processed']]);
  }
  expect((await member.get('/refunds?lang=en')).status).toBe(readsRefunds ? 200 : 403);
  expect((await member.get('/transactions.csv')).status).toBe(200);
  await expectConsistent(product.services.ledger.store);
});
