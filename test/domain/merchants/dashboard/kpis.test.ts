import fc from 'fast-check';
import { endedAt, kpiPeriodOf, kpisOf, memberKpis, periodDays } from '../../../../domain/merchants/dashboard/kpis';
import type { MerchantPaymentView } from '../../../../domain/merchants/merchantPaymentView';
import type { Msisdn } from '../../../../domain/phone';
import type { RequestStatus } from '../../../../domain/paymentRequests/paymentRequestResults';

// 10:00 in Douala (UTC+1) on 5 December 2026.
const NOW = new Date('2026-12-05T09:00:00Z');
const HOUR = 60 * 60 * 1000;

let seq = 0;

/** A request that ended (or not) `hoursAgo` before NOW. */
function aRequest(
  status: RequestStatus,
  fields: Partial<MerchantPaymentView> & { hoursAgo?: number } = {},
): MerchantPaymentView {
  const { hoursAgo = 1, ...rest } = fields;
  const at = new Date(NOW.getTime() - hoursAgo * HOUR);
  const createdAt = new Date(at.getTime() - HOUR);
  seq += 1;
  const paid = status === 'paid';
  return {
    id: `r${seq}`,
    requestId: `mr_m1_r${seq}`,
    shortReference: `REF${seq}`,
    merchantId: 'm1',
    payer: '237699000001' as Msisdn,
    amount: 1_000,
    currency: 'XAF',
    orderReference: null,
    reason: 'Achat',
    source: 'api',
    sourceId: null,
    cashPointId: null,
    cashier: null,
    status,
    createdAt,
    expiresAt: new Date(createdAt.getTime() + 24 * HOUR),
    paidAt: paid ? at : null,
    transferId: paid ? `t${seq}` : null,
    paidBy: paid ? 'wallet' : null,
    paidFrom: paid ? ('237699000001' as Msisdn) : null,
    fee: paid ? 0 : null,
    payUrl: null,
    history: [
      { status: 'created', at: createdAt, reason: null },
      ...(status === 'open' ? [] : [{ status, at, reason: null }]),
    ],
    ...rest,
  };
}

describe('the overview figures', () => {
  it('sums what was paid, counts what ended, and leaves open requests out', () => {
    const kpis = kpisOf(
      [
        aRequest('paid', { amount: 12_500, fee: 100 }),
        aRequest('paid', { amount: 2_500, fee: 50, paidBy: 'mtn_momo' }),
        aRequest('declined'),
        aRequest('expired'),
        aRequest('open', { amount: 99_000 }),
        aRequest('paying', { amount: 99_000 }),
      ],
      { now: NOW },
    );
    expect(kpis.total).toEqual({
      volume: 15_000,
      count: 2,
      attempts: 4,
      fees: 150,
      successRate: 50,
      averageBasket: 7_500,
    });
  });

  it('has no success rate nor basket when nothing ended', () => {
    const kpis = kpisOf([aRequest('open')], { now: NOW });
    expect(kpis.total).toEqual({ volume: 0, count: 0, attempts: 0, fees: 0, successRate: null, averageBasket: null });
  });

  it('rounds the basket and the rate', () => {
    const kpis = kpisOf(
      [aRequest('paid', { amount: 1_000 }), aRequest('paid', { amount: 1_001 }), aRequest('cancelled')],
      { now: NOW },
    );
    expect(kpis.total.averageBasket).toBe(1_001);
    expect(kpis.total.successRate).toBe(67);
  });

  it('lists every Douala day of the period, today last, and counts a payment on the Douala day it was paid', () => {
    // 23:30 UTC on 4 December is 00:30 on 5 December in Douala: today.
    const justAfterMidnight = aRequest('paid', { hoursAgo: 9.5, amount: 700 });
    const sixDaysAgo = aRequest('paid', { hoursAgo: 6 * 24, amount: 300 });
    const tooOld = aRequest('paid', { hoursAgo: 7 * 24, amount: 5_000 });
    const kpis = kpisOf([justAfterMidnight, sixDaysAgo, tooOld], { now: NOW });
    expect(kpis.byDay.map((d) => d.day)).toEqual([
      '2026-11-29',
      '2026-11-30',
      '2026-12-01',
      '2026-12-02',
      '2026-12-03',
      '2026-12-04',
      '2026-12-05',
    ]);
    expect(kpis.byDay.at(-1)?.volume).toBe(700);
    expect(kpis.byDay[0]?.volume).toBe(300);
    expect(kpis.total.volume).toBe(1_000);
    expect(kpisOf([tooOld], { now: NOW, days: 30 }).total.volume).toBe(5_000);
  });

  it('counts an expired request on the day it expired', () => {
    const expired = aRequest('expired', { hoursAgo: 2 });
    expect(endedAt(expired)).toEqual(new Date(NOW.getTime() - 2 * HOUR));
    expect(endedAt(aRequest('open'))).toBeNull();
  });

  it('breaks the figures down by cash point and by way of paying, the largest first', () => {
    const kpis = kpisOf(
      [
        aRequest('paid', { amount: 1_000, cashPointId: 'cp_a' }),
        aRequest('paid', { amount: 4_000, cashPointId: 'cp_b', paidBy: 'orange_money' }),
        aRequest('declined', { cashPointId: 'cp_a' }),
      ],
      { now: NOW },
    );
    expect(kpis.byCashPoint.map((c) => [c.cashPointId, c.volume, c.successRate])).toEqual([
      ['cp_b', 4_000, 100],
      ['cp_a', 1_000, 50],
    ]);
    expect(kpis.byRail.map((r) => [r.rail, r.volume, r.attempts])).toEqual([
      ['orange_money', 4_000, 1],
      ['wallet', 1_000, 1],
      [null, 0, 1],
    ]);
  });

  it("shows a cashier only their own cash point's figures, and an owner everyone's", () => {
    const payments = [
      aRequest('paid', { amount: 1_000, cashPointId: 'cp_a' }),
      aRequest('paid', { amount: 4_000, cashPointId: 'cp_b' }),
      aRequest('paid', { amount: 8_000 }),
    ];
    const cashier = {
      merchantId: 'm1',
      msisdn: '237699000002' as Msisdn,
      role: 'cashier' as const,
      cashPointId: 'cp_a',
      refundLimit: 5_000,
    };
    const owner = { ...cashier, role: 'owner' as const, cashPointId: null, refundLimit: null };
    expect(memberKpis(cashier, payments, { now: NOW }).total.volume).toBe(1_000);
    expect(memberKpis(owner, payments, { now: NOW }).total.volume).toBe(13_000);
  });

  it('reads the period from a query, 7 days unless 30 is asked', () => {
    expect(kpiPeriodOf('30')).toBe(30);
    expect(kpiPeriodOf('7')).toBe(7);
    expect(kpiPeriodOf('365')).toBe(7);
    expect(kpiPeriodOf(undefined)).toBe(7);
    expect(periodDays(NOW, 30)).toHaveLength(30);
  });

  it('sums to the same total over days, over cash points and over ways of paying', () => {
    const statuses: RequestStatus[] = ['open', 'paying', 'paid', 'declined', 'cancelled', 'expired'];
    const aPayment = fc
      .record({
        status: fc.constantFrom(...statuses),
        amount: fc.integer({ min: 1, max: 5_000_000 }),
        fee: fc.integer({ min: 0, max: 10_000 }),
        hoursAgo: fc.integer({ min: 0, max: 40 * 24 }),
        cashPointId: fc.constantFrom(null, 'cp_a', 'cp_b', 'cp_c'),
        paidBy: fc.constantFrom('wallet', 'mtn_momo', 'orange_money', 'card', 'bank'),
      })
      .map(({ status, paidBy, fee, ...rest }) =>
        aRequest(status, {
          ...rest,
          ...(status === 'paid' ? { fee, paidBy: paidBy as MerchantPaymentView['paidBy'] } : {}),
        }),
      );
    fc.assert(
      fc.property(fc.array(aPayment, { maxLength: 60 }), fc.constantFrom(7, 30), (payments, days) => {
        const kpis = kpisOf(payments, { now: NOW, days });
        for (const key of ['volume', 'count', 'attempts', 'fees'] as const) {
          const sum = (lines: { [k in typeof key]: number }[]) => lines.reduce((s, l) => s + l[key], 0);
          expect(sum(kpis.byDay)).toBe(kpis.total[key]);
          expect(sum(kpis.byCashPoint)).toBe(kpis.total[key]);
          expect(sum(kpis.byRail)).toBe(kpis.total[key]);
        }
        expect(kpis.byDay).toHaveLength(days);
      }),
    );
  });
});
