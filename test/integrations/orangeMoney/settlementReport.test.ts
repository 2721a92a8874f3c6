/**
 * The Orange Money simulator's settlement report over HTTP, fed by the real Orange client, read by the client
 * `npm run reconcile` uses; and reconciled against the ledger, where our transfer ids (with colons) reach Orange
 * as shortened, hashed orderIds and must still be paired with their transfers.
 */
import { randomUUID } from 'node:crypto';
import { accountIds } from '../../../domain/ledger/accounts';
import type { RailDirection } from '../../../domain/paymentRail';
import type { Francs } from '../../../domain/money';
import type { Msisdn } from '../../../domain/phone';
import { reconcileRail } from '../../../domain/reconciliation/reconcileRail';
import { setUpLedger } from '../../../integrations/ledgerSetup';
import { MongoOrangePayTokenStore } from '../../../integrations/mongo/orangePayTokenStore';
import { orangeOrderId } from '../../../integrations/orangeMoney/orderId';
import { simulatorReports } from '../../../tools/reconcile/simulatorReports';
import { useTestDatabase } from '../../support/database';
import { ADMIN_TOKEN, eventually, startOrangeHarness, type OrangeHarness } from './orangeHarness';

const db = useTestDatabase();
let harness: OrangeHarness;

beforeAll(async () => {
  harness = await startOrangeHarness(db.connection, { completionDelayMs: 50 });
});
afterAll(() => harness.close());

const rail = () => harness.rail({ store: new MongoOrangePayTokenStore(db.connection) });
const baseUrl = () => harness.simulatorUrl.replace(/\/simulators\/orange-money$/, '');

async function ends(direction: RailDirection, reference: string, outcome: 'succeeded' | 'failed'): Promise<void> {
  await eventually(async () => expect((await rail().status(direction, reference)).outcome).toBe(outcome));
}

describe('the Orange Money simulator’s settlement report', () => {
  it('lists the period’s collections and cash-ins by orderId with Orange’s outcome, and pairs them with the ledger', async () => {
    const from = new Date();
    const { ledger, store } = await setUpLedger(db.connection);
    const wallet = accountIds.wallet(`2376${String(Date.now()).slice(-8)}`);
    await ledger.openAccount(wallet, 'wallet', { kycTier: 'full' });

    const collected = `topup:${randomUUID()}`;
    expect(
      await ledger.transfer({
        id: collected,
        kind: 'topup',
        debit: accountIds.clearing('orange_money'),
        credits: [{ account: wallet, amount: 2_500 }],
        mode: 'pending',
        expiresAt: new Date(Date.now() + 3_600_000),
        rail: 'orange_money',
      }),
    ).toMatchObject({ ok: true });
    const asked = { reference: collected, msisdn: '237699000111' as Msisdn, amount: 2_500 as Francs };
    expect(await rail().requestPayment(asked)).toEqual({ ok: true });
    await ends('collect', collected, 'succeeded');
    expect(await ledger.post(collected)).toMatchObject({ ok: true });

    const refused = `withdraw:${randomUUID()}`;
    expect(
      await rail().payout({ reference: refused, msisdn: '237699123450' as Msisdn, amount: 800 as Francs }),
    ).toEqual({ ok: true });
    await ends('payout', refused, 'failed');
    const to = new Date(Date.now() + 1);

    const reports = simulatorReports({ baseUrl: baseUrl(), adminToken: ADMIN_TOKEN });
    const lines = await reports.lines('orange_money', { from, to });
    expect(lines).toEqual([
      expect.objectContaining({ ourReference: orangeOrderId(collected), direction: 'collect', amount: 2_500 }),
      expect.objectContaining({ ourReference: orangeOrderId(refused), direction: 'payout', status: 'failed' }),
    ]);
    expect(lines[0]!.status).toBe('succeeded');
    expect(lines[0]!.ourReference).not.toBe(collected);

    const result = await reconcileRail({
      rail: 'orange_money',
      period: { from, to },
      store,
      source: reports,
      billerIds: [],
      sentReferenceOf: orangeOrderId,
    });
    expect(result.findings.map((f) => [f.kind, f.reference])).toEqual(
      expect.arrayContaining([
        ['matched', collected],
        ['matched', orangeOrderId(refused)],
      ]),
    );
    expect(result.mismatches).toBe(0);
  });

  it('answers 401 without the admin token and 400 for a bad period', async () => {
    const url = `${harness.simulatorUrl}/_admin/settlement?from=2026-03-01T00:00:00Z&to=2026-03-02T00:00:00Z`;
    expect((await fetch(url)).status).toBe(401);
    const backwards = `${harness.simulatorUrl}/_admin/settlement?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z`;
    expect((await fetch(backwards, { headers: { 'X-Admin-Token': ADMIN_TOKEN } })).status).toBe(400);
  });
});
