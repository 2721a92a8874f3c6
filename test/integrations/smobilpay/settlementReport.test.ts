/**
 * The Smobilpay simulator's settlement report over HTTP, fed by the real S3P aggregator adapter, read by the client
 * `npm run reconcile` uses: every collect of the period under our trid, a bill paid being money going out.
 */
import { randomUUID } from 'node:crypto';
import { accountIds } from '../../../domain/ledger/accounts';
import { reconcileRail } from '../../../domain/reconciliation/reconcileRail';
import { BILLER_IDS, setUpLedger } from '../../../integrations/ledgerSetup';
import { SMOBILPAY_SIMULATOR_PATH } from '../../../integrations/smobilpay/simulator/smobilpaySimulator';
import type { SmobilpayAggregator } from '../../../integrations/smobilpay/smobilpayAggregator';
import { simulatorReports } from '../../../tools/reconcile/simulatorReports';
import { useTestDatabase } from '../../support/database';
import { ADMIN_TOKEN, startSmobilpayServer, type SmobilpayServer } from './smobilpayServer';

const db = useTestDatabase();
let server: SmobilpayServer;
let aggregator: SmobilpayAggregator;

beforeAll(async () => {
  server = await startSmobilpayServer(db.connection);
  aggregator = server.aggregator();
});
afterAll(() => server.close());

async function pay(number: string) {
  const trid = randomUUID();
  const found = await aggregator.lookup('10051', 'BILLS', number);
  if (found.status !== 'FOUND' || !found.items[0]) throw new Error(`no bill for ${number}`);
  const quoted = await aggregator.quote(found.items[0].payItemId, found.items[0].amount!);
  if (!quoted.ok) throw new Error(quoted.reason);
  const request = { quoteId: quoted.quote.quoteId, payerPhone: '677123456', customerNumber: number, trid };
  return { trid, amount: quoted.quote.price, payment: await aggregator.collect(request) };
}

describe('the Smobilpay simulator’s settlement report', () => {
  it('lists the period’s collects by trid with the status verifytx gives, as payouts', async () => {
    const from = new Date();
    const paid = await pay('723456789');
    server.simulator.planFault('pending', 1);
    const waiting = await pay('733456789');
    server.simulator.planFault('pending', 1);
    const reversed = await pay('753456789');
    await server.simulator.settle(reversed.trid, 'REVERSED');
    expect([paid.payment.status, waiting.payment.status]).toEqual(['SUCCESS', 'PENDING']);
    const to = new Date(Date.now() + 1);

    const base = server.baseUrl.slice(0, -SMOBILPAY_SIMULATOR_PATH.length);
    const lines = await simulatorReports({ baseUrl: base, adminToken: ADMIN_TOKEN }).lines('bills', { from, to });
    const byTrid = new Map(lines.map((line) => [line.ourReference, line]));
    expect(byTrid.get(paid.trid)).toMatchObject({ direction: 'payout', amount: paid.amount, status: 'succeeded' });
    expect(byTrid.get(paid.trid)!.providerReference).toMatch(/^PTN\d{12}$/);
    expect(byTrid.get(waiting.trid)).toMatchObject({ amount: waiting.amount, status: 'pending' });
    expect(byTrid.get(reversed.trid)).toMatchObject({ status: 'failed' });
    expect(lines).toHaveLength(3);
  });

  it('pairs with bill payments in the ledger, credited to the billers’ payable accounts', async () => {
    const from = new Date();
    const { ledger, store } = await setUpLedger(db.connection);
    const payer = accountIds.wallet(`2376${String(Date.now()).slice(-8)}`);
    await ledger.openAccount(payer, 'wallet', { kycTier: 'full' });
    await ledger.transfer({
      id: `seed:${randomUUID()}`,
      kind: 'topup',
      debit: accountIds.clearing('mtn_momo'),
      credits: [{ account: payer, amount: 200_000 }],
      mode: 'single',
    });
    const billPayment = async (number: string, post: boolean) => {
      const found = await aggregator.lookup('10051', 'BILLS', number);
      if (found.status !== 'FOUND' || !found.items[0]) throw new Error(`no bill for ${number}`);
      const quoted = await aggregator.quote(found.items[0].payItemId, found.items[0].amount!);
      if (!quoted.ok) throw new Error(quoted.reason);
      const trid = `bill:${randomUUID()}`;
      const held = await ledger.transfer({
        id: trid,
        kind: 'bill',
        debit: payer,
        credits: [{ account: accountIds.payable('eneo'), amount: quoted.quote.price }],
        mode: 'pending',
        expiresAt: new Date(Date.now() + 3_600_000),
        onExpiry: 'review',
      });
      expect(held).toMatchObject({ ok: true, transfer: { state: 'held' } });
      const request = { quoteId: quoted.quote.quoteId, payerPhone: '677123456', customerNumber: number, trid };
      await aggregator.collect(request);
      if (post) expect(await ledger.post(trid)).toMatchObject({ ok: true });
      return trid;
    };
    const settled = await billPayment('763456789', true);
    server.simulator.planFault('pending', 1);
    const inFlight = await billPayment('793456789', false);
    const to = new Date(Date.now() + 1);

    const base = server.baseUrl.slice(0, -SMOBILPAY_SIMULATOR_PATH.length);
    const result = await reconcileRail({
      rail: 'bills',
      period: { from, to },
      store,
      source: simulatorReports({ baseUrl: base, adminToken: ADMIN_TOKEN }),
      billerIds: BILLER_IDS,
    });
    const kinds = new Map(result.findings.map((f) => [f.reference, [f.kind, f.direction]]));
    expect(kinds.get(settled)).toEqual(['matched', 'payout']);
    expect(kinds.get(inFlight)).toEqual(['pending', 'payout']);
    expect(result.findings).toHaveLength(2);
    expect(result.mismatches).toBe(0);
    // Left settled for ledger:check after the file.
    expect(await ledger.void(inFlight)).toMatchObject({ ok: true });
  });

  it('is not there without the admin token', async () => {
    const url = `${server.baseUrl}/_admin/settlement?from=2026-03-01T00:00:00Z&to=2026-03-02T00:00:00Z`;
    expect((await fetch(url)).status).toBe(404);
    expect((await fetch(url, { headers: { 'X-Admin-Token': ADMIN_TOKEN } })).status).toBe(200);
  });
});
