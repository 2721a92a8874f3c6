/**
 * The Notch Pay simulator's settlement report over HTTP, fed by the real Notch Pay rail, read by the client
 * `npm run reconcile` uses: every payment of the period under the merchant reference we sent, with its outcome.
 */
import type { Francs } from '../../../domain/money';
import type { Msisdn } from '../../../domain/phone';
import { simulatorReports } from '../../../tools/reconcile/simulatorReports';
import { useTestDatabase } from '../../support/database';
import { startNotchPayHarness, transferId, type NotchPayHarness } from './support';

const db = useTestDatabase();
let harness: NotchPayHarness;

beforeAll(async () => {
  harness = await startNotchPayHarness(db.connection);
});
afterAll(() => harness.close());

/** The payer paid on the checkout page (as the rail's own tests settle it). */
async function paid(merchantReference: string): Promise<void> {
  const result = await db.connection
    .collection('sim_notch_pay_payments')
    .updateOne({ merchantReference }, { $set: { status: 'complete' } });
  expect(result.matchedCount).toBe(1);
}

describe('the Notch Pay simulator’s settlement report', () => {
  it('lists the period’s payments by our reference: paid ones succeeded, open ones pending', async () => {
    const from = new Date();
    const rail = harness.rail();
    const card = { msisdn: '237677000123' as Msisdn, amount: 5_000 as Francs };
    const paidOne = transferId();
    const openOne = transferId();
    expect(await rail.requestPayment({ ...card, reference: paidOne })).toMatchObject({ ok: true });
    expect(await rail.requestPayment({ ...card, reference: openOne, amount: 1_200 as Francs })).toMatchObject({
      ok: true,
    });
    await paid(paidOne);
    const to = new Date(Date.now() + 1);

    const reports = simulatorReports({ baseUrl: harness.url, adminToken: harness.adminToken });
    const lines = await reports.lines('card', { from, to });
    const byReference = new Map(lines.map((line) => [line.ourReference, line]));
    expect(byReference.get(paidOne)).toMatchObject({ direction: 'collect', amount: 5_000, status: 'succeeded' });
    expect(byReference.get(paidOne)!.providerReference).toMatch(/^trx\./);
    expect(byReference.get(openOne)).toMatchObject({ amount: 1_200, status: 'pending' });
    expect(lines).toHaveLength(2);

    expect(await reports.lines('card', { from: to, to: new Date(to.getTime() + 60_000) })).toEqual([]);
  });

  it('is not there for a caller without the admin token', async () => {
    const reports = simulatorReports({ baseUrl: harness.url, adminToken: 'wrong' });
    const period = { from: new Date(Date.now() - 60_000), to: new Date() };
    await expect(reports.lines('card', period)).rejects.toThrow(/card: the simulator answered 404/);
  });
});
