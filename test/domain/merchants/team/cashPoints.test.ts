import { accountIds } from '../../../../domain/ledger/accounts';
import type { Merchant } from '../../../../domain/merchants/merchant';
import { merchantPaymentView, merchantRequestId } from '../../../../domain/merchants/merchantPaymentView';
import type { CashPoint } from '../../../../domain/merchants/team/cashPoint';
import type { PaymentRequest } from '../../../../domain/paymentRequests/paymentRequestStore';
import type { Msisdn } from '../../../../domain/phone';
import {
  ensurePaymentRequestIndexes,
  MongoPaymentRequestStore,
} from '../../../../integrations/mongo/paymentRequestStore';
import { someMsisdn } from '../../paymentFakes';
import { now, useTeam, type TeamProcess } from './teamFixture';

describe('cash points and what a cashier sees', () => {
  // The merchant's payments as MerchantRequests.all reads them: the requests and their steps on the database.
  const t = useTeam(async (merchantId) => {
    const store = new MongoPaymentRequestStore(t.db.connection);
    const requests = await store.byRequester(accountIds.merchant(merchantId));
    return Promise.all(
      requests.map(async (r) => merchantPaymentView(r, await store.steps(r._id), { now, payUrl: null })),
    );
  });
  let merchant: Merchant;
  let process: TeamProcess;
  let marche: CashPoint;
  let akwa: CashPoint;
  let cashier: Msisdn;

  beforeAll(async () => {
    await ensurePaymentRequestIndexes(t.db.connection);
  });

  beforeEach(async () => {
    merchant = await t.aMerchant();
    process = t.aProcess();
    const points: CashPoint[] = [];
    for (const name of ['Marché Central', 'Akwa']) {
      const made = await process.cashPoints.create({ merchantId: merchant._id, by: merchant.owner, name });
      if (!made.ok) throw new Error(made.reason);
      points.push(made.cashPoint);
    }
    [marche, akwa] = points as [CashPoint, CashPoint];
    cashier = t.aPerson();
    await process.team.invite({
      merchantId: merchant._id,
      by: merchant.owner,
      msisdn: cashier,
      role: 'cashier',
      cashPointId: marche._id,
      refundLimit: 1000,
    });
    await process.team.accept(merchant._id, cashier);
  });

  /** A request of the merchant made at a cash point (or none) on a day, paid or not. */
  async function aRequest(id: string, amount: number, cashPointId: string | null, at: Date, paid: boolean) {
    const store = new MongoPaymentRequestStore(t.db.connection);
    const request: PaymentRequest = {
      _id: merchantRequestId(merchant._id, id),
      requester: { kind: 'merchant', account: merchant.account, name: merchant.name, contact: merchant.owner },
      payer: someMsisdn(),
      amount,
      reason: '',
      createdAt: at,
      expiresAt: new Date(at.getTime() + 7 * 86_400_000),
      state: paid ? 'paid' : 'open',
      merchant: {
        orderReference: null,
        source: 'chat',
        sourceId: null,
        ...(cashPointId === null ? {} : { cashPointId, cashier }),
      },
    };
    await store.insertRequest(request);
    if (paid) {
      await store.insertStep({
        _id: `${request._id}#1`,
        requestId: request._id,
        seq: 1,
        kind: 'paid',
        payId: 'p',
        transferId: `t_${id}`,
        fee: 0,
        reason: null,
        at,
      });
    }
  }

  it('lets a cashier see only its own cash point, in the list and in the report', async () => {
    const day1 = new Date('2026-11-30T22:30:00Z'); // 23:30 in Douala, 30 November
    const day2 = new Date('2026-11-30T23:30:00Z'); // 00:30 in Douala, 1 December
    await aRequest('a', 1000, marche._id, day1, true);
    await aRequest('b', 2000, marche._id, day1, false);
    await aRequest('c', 4000, marche._id, day2, true);
    await aRequest('d', 8000, akwa._id, day1, true);
    await aRequest('e', 16000, null, day2, true);

    const seen = await process.cashPoints.paymentsFor(merchant._id, cashier);
    expect(seen.ok && seen.payments.map((p) => p.id).sort()).toEqual(['a', 'b', 'c']);
    expect(seen.ok && seen.payments.every((p) => p.cashier === cashier)).toBe(true);
    expect(await process.cashPoints.report(merchant._id, cashier)).toEqual({
      ok: true,
      lines: [
        { cashPointId: marche._id, day: '2026-11-30', count: 2, volume: 3000, paid: 1000 },
        { cashPointId: marche._id, day: '2026-12-01', count: 1, volume: 4000, paid: 4000 },
      ],
    });

    const all = await process.cashPoints.report(merchant._id, merchant.owner);
    expect(all.ok && all.lines).toEqual(
      expect.arrayContaining([
        { cashPointId: akwa._id, day: '2026-11-30', count: 1, volume: 8000, paid: 8000 },
        { cashPointId: null, day: '2026-12-01', count: 1, volume: 16000, paid: 16000 },
      ]),
    );
    expect(all.ok && all.lines).toHaveLength(4);
    expect(await process.cashPoints.report(merchant._id, someMsisdn())).toEqual({ ok: false, reason: 'NOT_A_MEMBER' });
  });

  it('lets those who may manage cash points rename and deactivate them, and no cashier', async () => {
    expect(
      await process.cashPoints.rename({
        merchantId: merchant._id,
        by: merchant.owner,
        cashPointId: akwa._id,
        name: ' Akwa  Nord ',
      }),
    ).toEqual({ ok: true });
    expect(await process.cashPoints.create({ merchantId: merchant._id, by: cashier, name: 'Bonabéri' })).toEqual({
      ok: false,
      reason: 'ROLE_NOT_ALLOWED',
    });
    expect(
      await process.cashPoints.deactivate({ merchantId: merchant._id, by: cashier, cashPointId: marche._id }),
    ).toEqual({ ok: false, reason: 'ROLE_NOT_ALLOWED' });
    expect(await process.cashPoints.create({ merchantId: merchant._id, by: merchant.owner, name: 'x' })).toEqual({
      ok: false,
      reason: 'INVALID_NAME',
    });
    const other = await t.aMerchant();
    expect(
      await process.cashPoints.deactivate({ merchantId: other._id, by: other.owner, cashPointId: marche._id }),
    ).toEqual({ ok: false, reason: 'CASH_POINT_NOT_FOUND' });
    expect(
      await process.cashPoints.deactivate({ merchantId: merchant._id, by: merchant.owner, cashPointId: akwa._id }),
    ).toEqual({ ok: true });
    expect((await process.cashPoints.list(merchant._id)).map((c) => [c.name, c.active]).sort()).toEqual([
      ['Akwa Nord', false],
      ['Marché Central', true],
    ]);
  });
});
