/**
 * Maker and checker as the product wires them (createServices): a payout above the threshold the owner set waits for
 * a second person of the team; its maker cannot approve it, an admin can, and the settle worker then pays it through
 * the MTN MoMo simulator. Below the threshold a payout goes at once. Real database, real simulators over HTTP.
 */
import { accountIds } from '../../../domain/ledger/accounts';
import type { Msisdn } from '../../../domain/phone';
import { eventually, useProduct } from '../../support/chat';
import { expectConsistent } from '../../support/ledger';
import { mtnMomoTransfers } from '../../support/railSimulators';
import { fund } from '../e2e.support';

const product = useProduct();
afterEach(() => expectConsistent(product.services.ledger.store));

const OWNER = '237677620001' as Msisdn;
const ADMIN = '237677620002' as Msisdn;
const CUSTOMER = '237677620003' as Msisdn;
/** The MTN sandbox number that accepts transfers in the simulator. */
const PAYEE = '237677123454' as Msisdn;

async function aMerchantWithMoney(amount: number): Promise<string> {
  const { services } = product;
  for (const [msisdn, name] of [
    [OWNER, 'Odile Owner'],
    [ADMIN, 'Alain Admin'],
    [CUSTOMER, 'Carine Customer'],
  ] as const) {
    const signedUp = await services.people.signUp({ msisdn, name, language: 'fr', pin: '2468' });
    if (!signedUp.ok) throw new Error(signedUp.reason);
  }
  const opened = await services.merchants.open({ owner: OWNER, name: 'Quincaillerie Odile', category: 'retail' });
  if (!opened.ok) throw new Error(opened.reason);
  const merchantId = opened.merchant._id;
  // A customer pays the merchant, so it has money to pay out.
  await fund(product, CUSTOMER, amount + 1_000);
  const asked = await services.merchantRequests.create({
    merchantId,
    id: 'sale-1',
    payer: CUSTOMER,
    amount,
    source: 'api',
  });
  if (!asked.ok) throw new Error(asked.reason);
  const paid = await services.paymentRequests.pay({ id: 'pay-1', requestId: asked.payment.requestId, payer: CUSTOMER });
  if (!paid.ok) throw new Error(paid.reason);
  return merchantId;
}

describe('payouts above the owner’s threshold', () => {
  it('wait for a second person: not the maker, an admin, and then the worker pays them once', async () => {
    const { services } = product;
    const merchantId = await aMerchantWithMoney(45_000);
    const account = accountIds.merchant(merchantId);
    const invited = await services.team.invite({ merchantId, by: OWNER, msisdn: ADMIN, role: 'admin' });
    expect(invited.ok).toBe(true);
    expect(await services.team.accept(merchantId, ADMIN)).toEqual({ ok: true });
    expect(await services.approvals.setThreshold({ merchantId, by: OWNER, threshold: 20_000 })).toEqual({ ok: true });

    const big = await services.payouts.create({
      merchantId,
      id: 'rent',
      amount: 30_000,
      destination: { type: 'mtn_momo', phone: PAYEE },
      requestedBy: OWNER,
    });
    if (!big.ok) throw new Error(big.reason);
    expect(big.payout.status).toBe('pending_approval');
    await services.payouts.settle();
    expect((await services.ledger.balance(account)).available).toBe(45_000);
    expect(await mtnMomoTransfers(product.db.connection, PAYEE)).toEqual([]);

    const [waiting] = await services.approvals.pending(merchantId);
    expect(waiting).toMatchObject({ kind: 'payout', amount: 30_000, maker: OWNER });
    expect(await services.approvals.approve({ merchantId, subject: waiting!._id, by: OWNER })).toMatchObject({
      ok: false,
      reason: 'OWN_ACTION',
    });
    expect((await services.approvals.approve({ merchantId, subject: waiting!._id, by: ADMIN })).ok).toBe(true);

    await services.payouts.settle();
    await eventually(async () => {
      await services.payouts.settle();
      expect((await services.payouts.get(merchantId, 'rent'))?.status).toBe('paid');
    });
    expect((await mtnMomoTransfers(product.db.connection, PAYEE)).map((t) => t.amount)).toEqual(['30000']);
    expect((await services.ledger.balance(account)).available).toBe(45_000 - 30_000 - big.payout.fee);

    // Below the threshold: no one is asked, it goes at once.
    const small = await services.payouts.create({
      merchantId,
      id: 'supplies',
      amount: 5_000,
      destination: { type: 'mtn_momo', phone: PAYEE },
      requestedBy: ADMIN,
    });
    if (!small.ok) throw new Error(small.reason);
    expect(small.payout.status).not.toBe('pending_approval');
    expect(await services.approvals.pending(merchantId)).toEqual([]);
  });
});
