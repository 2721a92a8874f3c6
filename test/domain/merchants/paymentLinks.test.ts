/**
 * Payment links on the real database, with a hand-written request port whose requests' statuses the test sets:
 * creation once per id, the slots that keep a limited link from being paid more often than it may be whatever the
 * races, a slot taken again after its request ended unpaid, and the list.
 */
import { PaymentLinks } from '../../../domain/merchants/paymentLinks/paymentLinks';
import { normalizeLinkCode } from '../../../domain/merchants/paymentLinks/linkCode';
import type { MerchantRequestInput } from '../../../domain/merchants/merchantRequestPort';
import type { RequestStatus } from '../../../domain/paymentRequests/paymentRequestResults';
import { ensurePaymentLinkIndexes, MongoPaymentLinkStore } from '../../../integrations/mongo/paymentLinkStore';
import { aMerchant } from './paymentLinks.support';
import { useTestDatabase } from '../../support/database';

const db = useTestDatabase();
beforeAll(() => ensurePaymentLinkIndexes(db.connection));

function setUp() {
  let now = new Date('2026-06-01T09:00:00Z');
  const merchant = aMerchant({ kycLevel: 'unverified' });
  const statuses = new Map<string, RequestStatus>();
  const made: MerchantRequestInput[] = [];
  let refuse = false;
  const links = new PaymentLinks({
    store: new MongoPaymentLinkStore(db.connection),
    merchants: { getMerchant: async (id) => (id === merchant._id ? merchant : null) },
    createRequest: async (input) => {
      if (refuse) return { ok: false, reason: 'LIMIT' };
      if (!statuses.has(input.id)) made.push(input);
      statuses.set(input.id, statuses.get(input.id) ?? 'open');
      return { ok: true, requestId: input.id, payUrl: `https://pay.test/pay/${input.id}` };
    },
    requestStatus: async (id) => statuses.get(id) ?? null,
    publicUrl: 'https://pay.test',
    clock: () => now,
  });
  return {
    merchant,
    links,
    statuses,
    made,
    refuseRequests: (value: boolean) => (refuse = value),
    advance: (ms: number) => (now = new Date(now.getTime() + ms)),
  };
}

async function created(t: ReturnType<typeof setUp>, fields: Partial<Parameters<PaymentLinks['create']>[0]> = {}) {
  const link = await t.links.create({
    merchantId: t.merchant._id,
    id: 'poster-1',
    reusable: true,
    amount: 1000,
    reason: 'Jus',
    ...fields,
  });
  if (!link.ok) throw new Error(link.reason);
  return link.link;
}

describe('payment links', () => {
  it('are made once per id with a short Crockford code, and another link under the same id is a conflict', async () => {
    const t = setUp();
    const [a, b] = await Promise.all([created(t), created(t)]);
    expect(a).toEqual(b);
    expect(a.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/);
    expect(a).toMatchObject({ url: `https://pay.test/l/${a.code}`, status: 'active', currency: 'XAF' });
    expect(normalizeLinkCode(a.code.toLowerCase())).toBe(a.code);
    expect(
      await t.links.create({ merchantId: t.merchant._id, id: 'poster-1', reusable: true, amount: 2000, reason: 'Jus' }),
    ).toEqual({ ok: false, reason: 'CONFLICT' });
  });

  it('refuses amounts and bounds that cannot be, and amounts above the merchant’s limit', async () => {
    const t = setUp();
    const base = { merchantId: t.merchant._id, id: 'x', reusable: true, reason: '' };
    expect(await t.links.create({ ...base, amount: 0 })).toEqual({ ok: false, reason: 'INVALID_AMOUNT' });
    expect(await t.links.create({ ...base, amount: 10.5 })).toEqual({ ok: false, reason: 'INVALID_AMOUNT' });
    expect(await t.links.create({ ...base, amount: null, minAmount: 500, maxAmount: 100 })).toEqual({
      ok: false,
      reason: 'INVALID_BOUNDS',
    });
    expect(await t.links.create({ ...base, amount: 100_001 })).toEqual({ ok: false, reason: 'AMOUNT_ABOVE_LIMIT' });
    expect(await t.links.create({ ...base, amount: 100, reusable: false, maxPayments: 2 })).toEqual({
      ok: false,
      reason: 'INVALID_MAX_PAYMENTS',
    });
  });

  it('let one of ten payers racing for a single-use link make a request, and the others none', async () => {
    const t = setUp();
    const link = await created(t, { reusable: false });
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => t.links.pay({ code: link.code, payerNumber: `67756000${i}`, amount: null })),
    );
    expect(answers.filter((a) => a.ok)).toHaveLength(1);
    expect(answers.filter((a) => !a.ok).map((a) => !a.ok && a.reason)).toEqual(Array(9).fill('BUSY'));
    expect(t.made).toHaveLength(1);
    expect(t.made[0]).toMatchObject({ source: 'link', sourceId: link.id, amount: 1000, reason: 'Jus' });
  });

  it('never lets paid requests outnumber a link’s maximum, whatever the races and unpaid ends', async () => {
    const t = setUp();
    const link = await created(t, { maxPayments: 3 });
    for (let round = 0; round < 4; round += 1) {
      await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          t.links.pay({ code: link.code, payerNumber: `6775610${round}${i}`, amount: null }),
        ),
      );
      // Every request still open ends: some paid, the others declined or expired, freeing their slots.
      let n = 0;
      for (const [id, status] of t.statuses) {
        if (status !== 'open') continue;
        t.statuses.set(id, n % 2 === 0 ? 'paid' : n % 3 === 0 ? 'expired' : 'declined');
        n += 1;
      }
    }
    const paid = [...t.statuses.values()].filter((s) => s === 'paid').length;
    expect(paid).toBe(3);
    expect(await t.links.get(t.merchant._id, link.id)).toMatchObject({ status: 'full', paymentsCount: 3 });
    expect(await t.links.pay({ code: link.code, payerNumber: '677561999', amount: null })).toEqual({
      ok: false,
      reason: 'FULL',
    });
  });

  it('gives a slot back when its request ended unpaid or could not be made, and keeps a payer on their own', async () => {
    const t = setUp();
    const link = await created(t, { reusable: false });
    const first = await t.links.pay({ code: link.code, payerNumber: '677562001', amount: null });
    // The same number again goes on with its request; another is told to wait.
    expect(await t.links.pay({ code: link.code, payerNumber: '677562001', amount: null })).toEqual(first);
    expect(await t.links.pay({ code: link.code, payerNumber: '677562002', amount: null })).toEqual({
      ok: false,
      reason: 'BUSY',
    });
    t.statuses.set(first.ok ? first.requestId : '', 'declined');
    t.refuseRequests(true);
    expect(await t.links.pay({ code: link.code, payerNumber: '677562002', amount: null })).toEqual({
      ok: false,
      reason: 'REFUSED',
    });
    t.refuseRequests(false);
    const third = await t.links.pay({ code: link.code, payerNumber: '677562003', amount: null });
    expect(third.ok).toBe(true);
    t.statuses.set(third.ok ? third.requestId : '', 'paid');
    expect(await t.links.get(t.merchant._id, link.id)).toMatchObject({ status: 'full', paymentsCount: 1 });
  });

  it('make nothing once expired or deactivated', async () => {
    const t = setUp();
    const link = await created(t, { id: 'expiring', expiresAt: new Date('2026-06-02T09:00:00Z') });
    t.advance(86_400_000);
    expect(await t.links.pay({ code: link.code, payerNumber: '677563001', amount: null })).toEqual({
      ok: false,
      reason: 'EXPIRED',
    });
    const other = await created(t, { id: 'off' });
    expect((await t.links.deactivate(t.merchant._id, other.id))?.status).toBe('deactivated');
    expect(await t.links.pay({ code: other.code, payerNumber: '677563001', amount: null })).toEqual({
      ok: false,
      reason: 'DEACTIVATED',
    });
    expect(t.made).toEqual([]);
    expect(await t.links.deactivate('m_someone_else', other.id)).toBeNull();
  });

  it('are listed newest first, a page at a time', async () => {
    const t = setUp();
    const ids: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      ids.unshift((await created(t, { id: `list-${i}` })).id);
      t.advance(1000);
    }
    const first = await t.links.list(t.merchant._id, { limit: 3 });
    expect(first.data.map((l) => l.id)).toEqual(ids.slice(0, 3));
    expect(first.hasMore).toBe(true);
    const rest = await t.links.list(t.merchant._id, { limit: 3, startingAfter: first.data[2]!.id });
    expect(rest).toEqual({ data: [expect.objectContaining({ id: ids[3] })], hasMore: false });
  });
});
