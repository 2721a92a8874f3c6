/**
 * The Smobilpay adapter of the bill aggregator port, over real HTTP against the simulator: how S3P's statuses
 * map, faults thrown and outcomes returned, the same customers as the in-process simulator, and the product's
 * billers built from `/service`.
 */
import { randomUUID } from 'node:crypto';
import type { PayItem } from '../../../domain/billPayments/billAggregator';
import { BILLERS } from '../../../domain/billers';
import { SimulatedBillAggregator } from '../../../integrations/bills/simulatedBillAggregator';
import { billersFromServices } from '../../../integrations/smobilpay/billerCatalog';
import { SmobilpayFault } from '../../../integrations/smobilpay/client';
import type { S3pService } from '../../../integrations/smobilpay/s3pWire';
import type { SmobilpayAggregator } from '../../../integrations/smobilpay/smobilpayAggregator';
import { useTestDatabase } from '../../support/database';
import { SECRET, startSmobilpayServer, type SmobilpayServer } from './smobilpayServer';

const db = useTestDatabase();
let server: SmobilpayServer;
let aggregator: SmobilpayAggregator;

beforeAll(async () => {
  server = await startSmobilpayServer(db.connection);
  aggregator = server.aggregator();
});
afterAll(() => server.close());
afterEach(() => server.simulator.clearFaults());

async function pay(number: string, trid = randomUUID()) {
  const found = await aggregator.lookup('10051', 'BILLS', number);
  if (found.status !== 'FOUND' || !found.items[0]) throw new Error(`no bill for ${number}`);
  const quoted = await aggregator.quote(found.items[0].payItemId, found.items[0].amount!);
  if (!quoted.ok) throw new Error(quoted.reason);
  const request = { quoteId: quoted.quote.quoteId, payerPhone: '677123456', customerNumber: number, trid };
  return { trid, request, payment: await aggregator.collect(request) };
}

describe('the Smobilpay bill aggregator', () => {
  it('answers the same bills, offers and names as the in-process simulator (ids aside)', async () => {
    const inProcess = new SimulatedBillAggregator();
    const withoutIds = (items: PayItem[]) => items.map(({ payItemId: _id, ...item }) => item);
    const pairs = [
      ['camwater', '10051', 'BILLS', '12345678'],
      ['camwater', '10051', 'BILLS', '56789012'],
      ['eneo-postpaid', '10039', 'BILLS', '712345678'],
      ['canalplus', '20070', 'SUBSCRIPTION', '87654321'],
      ['eneo-prepaid', '10042', 'SUBSCRIPTION', '12345678901'],
    ] as const;
    for (const [ours, theirs, kind, number] of pairs) {
      const expected = await inProcess.lookup(ours, kind, number);
      const actual = await aggregator.lookup(theirs, kind, number);
      if (expected.status !== 'FOUND' || actual.status !== 'FOUND') throw new Error(`${number} not found`);
      expect(actual.customerName).toBe(expected.customerName);
      expect(withoutIds(actual.items)).toEqual(withoutIds(expected.items));
    }
  });

  it.each([
    ['INPROCESS', 'PENDING'],
    ['ERROREDREFUNDED', 'ERRORED'],
    ['REVERSED', 'ERRORED'],
    ['ERRORED', 'ERRORED'],
    ['SUCCESS', 'SUCCESS'],
  ] as const)('reads S3P status %s as %s', async (s3pStatus, ours) => {
    server.simulator.planFault('pending', 1);
    const { trid, payment } = await pay('723456789');
    expect(payment).toMatchObject({ status: 'PENDING', ptn: expect.stringMatching(/^PTN\d{12}$/) });
    await server.simulator.settle(trid, s3pStatus);
    const verified = await aggregator.verify(trid);
    expect(verified.status).toBe(ours);
    if (verified.status === 'ERRORED') expect(verified.reason).toContain(s3pStatus);
  });

  it('answers ERRORED for a collect the `errored` fault or the biller refuses, and verify agrees', async () => {
    server.simulator.planFault('errored', 1);
    const planned = await pay('733456789');
    expect(planned.payment).toMatchObject({ status: 'ERRORED' });
    expect(await aggregator.verify(planned.trid)).toEqual(planned.payment);
    const refused = await pay('743459999');
    expect(refused.payment).toMatchObject({ status: 'ERRORED' });
  });

  it('checks the trid before calling a refused collect a failure', async () => {
    const first = await pay('753456789');
    expect(first.payment.status).toBe('SUCCESS');
    // The same quote under a new trid is refused (a quote pays once), and nothing exists under that trid.
    const reused = await aggregator.collect({ ...first.request, trid: randomUUID() });
    expect(reused).toEqual({ status: 'ERRORED', reason: 'BAD_QUOTE' });
    // Under the first trid the answer is the payment, not a refusal.
    expect(await aggregator.collect({ ...first.request, quoteId: 'unknown-quote' })).toEqual(first.payment);
  });

  it('makes one payment of ten collects at once under one trid', async () => {
    const found = await aggregator.lookup('10051', 'BILLS', '763456789');
    if (found.status !== 'FOUND') throw new Error('not found');
    const quoted = await aggregator.quote(found.items[0]!.payItemId, found.items[0]!.amount!);
    if (!quoted.ok) throw new Error(quoted.reason);
    const trid = randomUUID();
    const request = { quoteId: quoted.quote.quoteId, payerPhone: '677123456', customerNumber: '763456789', trid };
    const answers = await Promise.all(Array.from({ length: 10 }, () => aggregator.collect(request)));
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(await db.connection.collection('sim_smobilpay_payments').countDocuments({ trid })).toBe(1);
  });

  it('throws faults: a 500, no answer in time, refused credentials, an unknown service', async () => {
    server.simulator.planFault('fail', 1);
    await expect(aggregator.verify('any')).rejects.toBeInstanceOf(SmobilpayFault);
    server.simulator.planFault('hang', 1);
    await expect(server.aggregator({ timeoutMs: 150 }).verify('any')).rejects.toThrow(/no answer within 150 ms/);

    const wrongSecret = server.aggregator({ secret: 'wrong' });
    const refused = await wrongSecret.lookup('10051', 'BILLS', '12345678').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Error);
    expect(String(refused)).not.toContain(SECRET);
    await expect(aggregator.lookup('99999', 'BILLS', '12345678')).rejects.toThrow(/service 99999/);
  });

  it('throws a collect lost to a 500 (its effect unknown); verify tells, and the retry pays once', async () => {
    const found = await aggregator.lookup('10051', 'BILLS', '773456789');
    if (found.status !== 'FOUND') throw new Error('not found');
    const quoted = await aggregator.quote(found.items[0]!.payItemId, found.items[0]!.amount!);
    if (!quoted.ok) throw new Error(quoted.reason);
    const trid = randomUUID();
    server.simulator.planFault('fail', 1);
    const request = { quoteId: quoted.quote.quoteId, payerPhone: '677123456', customerNumber: '773456789', trid };
    await expect(aggregator.collect(request)).rejects.toBeInstanceOf(SmobilpayFault);
    expect(await aggregator.verify(trid)).toEqual({ status: 'NOT_FOUND' });
    expect(await aggregator.collect(request)).toMatchObject({ status: 'SUCCESS' });
  });
});

describe("the product's billers from /service", () => {
  it('are the billers of domain/billers.ts with S3P service ids and masks', async () => {
    const { billers, missing } = billersFromServices(await aggregator.serviceList());
    expect(missing).toEqual([]);
    expect(billers.map((b) => [b.id, b.serviceId])).toEqual([
      ['eneo-postpaid', '10039'],
      ['eneo-prepaid', '10042'],
      ['camwater', '10051'],
      ['canalplus', '20070'],
    ]);
    // Everything else is the product's own, unchanged.
    expect(billers.map(({ serviceId: _s, ...b }) => b)).toEqual(BILLERS.map(({ serviceId: _s, ...b }) => b));
  });

  it("leave out what S3P does not offer, and keep the product's mask where S3P's cannot be read", () => {
    const service = (serviceid: string, merchant: string, extra: Partial<S3pService> = {}): S3pService => ({
      serviceid,
      merchant,
      type: 'SEARCHABLE_BILL',
      status: 'Active',
      validationMask: '^[0-9]{9}$',
      ...extra,
    });
    const { billers, missing } = billersFromServices([
      service('10039', 'ENEO', { validationMask: '^(?<broken$' }),
      service('10042', 'CMENEOPREPAID', { status: 'Inactive' }),
      service('555', 'CAMWATER', { type: 'NON_SEARCHABLE_BILL' }),
      service('556', 'CAMWATER'),
    ]);
    expect(missing).toEqual(['eneo-prepaid', 'canalplus']);
    expect(billers.map((b) => [b.id, b.serviceId, b.validationMask])).toEqual([
      ['eneo-postpaid', '10039', BILLERS[0]!.validationMask],
      ['camwater', '556', '^[0-9]{9}$'],
    ]);
  });
});
