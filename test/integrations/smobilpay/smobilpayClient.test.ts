/**
 * The S3P client against the simulator over real HTTP and the real database: every call, S3P's refusals with
 * their error body, faults thrown, and a trid that pays once however many collects arrive.
 */
import { randomUUID } from 'node:crypto';
import { SmobilpayApiError, SmobilpayFault, type SmobilpayClient } from '../../../integrations/smobilpay/client';
import { S3P_ERRORS } from '../../../integrations/smobilpay/s3pWire';
import { useTestDatabase } from '../../support/database';
import { ADMIN_TOKEN, SECRET, startSmobilpayServer, type SmobilpayServer } from './smobilpayServer';

const db = useTestDatabase();
let server: SmobilpayServer;
let client: SmobilpayClient;

beforeAll(async () => {
  server = await startSmobilpayServer(db.connection, { quoteTtlMs: 60_000 });
  client = server.client();
});
afterAll(() => server.close());
afterEach(() => server.simulator.clearFaults());

async function refusal(call: Promise<unknown>): Promise<SmobilpayApiError> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof SmobilpayApiError)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}

async function quoteFirstBill(number: string) {
  const [bill] = await client.bills('CAMWATER', '10051', number);
  if (!bill) throw new Error(`no bill for ${number}`);
  return client.quote(bill.payItemId, bill.amountLocalCur!);
}

describe('the S3P client against the simulator', () => {
  it('pings, and lists the services with their ids, merchants, types and masks', async () => {
    expect(await client.ping()).toMatchObject({ version: expect.any(String), key: expect.any(String) });
    const services = await client.services();
    expect(services.map((s) => [s.serviceid, s.merchant, s.type])).toEqual([
      ['10039', 'ENEO', 'SEARCHABLE_BILL'],
      ['10042', 'CMENEOPREPAID', 'SUBSCRIPTION'],
      ['10051', 'CAMWATER', 'SEARCHABLE_BILL'],
      ['20070', 'CANALPLUS', 'SUBSCRIPTION'],
    ]);
    for (const service of services) expect(() => new RegExp(service.validationMask!)).not.toThrow();
  });

  it('finds open bills and subscription items, in S3P’s shapes', async () => {
    const bills = await client.bills('ENEO', '10039', '123456789');
    expect(bills.length).toBeGreaterThanOrEqual(1);
    expect(bills[0]).toMatchObject({
      serviceid: '10039',
      merchant: 'ENEO',
      amountType: 'PARTIAL',
      billNumber: expect.stringMatching(/^\d{12}$/),
      billDueDate: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    const offers = await client.subscriptions('CANALPLUS', '20070', '12345678');
    expect(offers.map((o) => [o.amountType, o.name, o.amountLocalCur])).toContainEqual(['FIXED', 'Evasion', 10_000]);
    const prepaid = await client.subscriptions('CMENEOPREPAID', '10042', '12345678901');
    expect(prepaid).toMatchObject([{ amountType: 'CUSTOM', amountLocalCur: null }]);
    expect(await client.bills('ENEO', '10039', '123451111')).toEqual([]);
  });

  it('is refused an unknown service and an unknown customer with S3P’s error body', async () => {
    const unknownService = await refusal(client.bills('ENEO', '99999', '123456789'));
    expect(unknownService).toMatchObject({ httpStatus: 404, respCode: S3P_ERRORS.SERVICE_UNKNOWN });
    expect(unknownService.body).toMatchObject({ devMsg: expect.any(String), usrMsg: expect.any(String) });
    // A service id with another merchant's code is not that service.
    expect((await refusal(client.bills('CAMWATER', '10039', '123456789'))).respCode).toBe(S3P_ERRORS.SERVICE_UNKNOWN);
    expect((await refusal(client.bills('ENEO', '10039', '123450000'))).respCode).toBe(S3P_ERRORS.CUSTOMER_UNKNOWN);
  });

  it('refuses a request signed with another secret or token (401), and never shows the secret', async () => {
    for (const wrong of [server.client({ secret: 'not-the-secret' }), server.client({ publicToken: 'OTHER' })]) {
      const error = await refusal(wrong.services());
      expect(error).toMatchObject({ httpStatus: 401, respCode: S3P_ERRORS.UNAUTHORIZED });
      expect(`${error.message} ${JSON.stringify(error)}`).not.toContain(SECRET);
    }
    const unsigned = await fetch(`${server.baseUrl}/service`);
    expect(unsigned.status).toBe(401);
    expect(await unsigned.json()).toMatchObject({ respCode: S3P_ERRORS.UNAUTHORIZED, link: expect.any(String) });
  });

  it('quotes, collects under a trid and verifies by trid and by ptn', async () => {
    const quote = await quoteFirstBill('223456789');
    expect(quote).toMatchObject({ quoteId: expect.any(String), priceLocalCur: quote.amountLocalCur });
    expect(new Date(quote.expiresAt).getTime()).toBeGreaterThan(Date.now());
    const trid = randomUUID();
    const paid = await client.collect({
      quoteId: quote.quoteId,
      customerPhonenumber: '237677123456',
      serviceNumber: '223456789',
      trid,
    });
    expect(paid).toMatchObject({ status: 'SUCCESS', trid, ptn: expect.any(String), receiptNumber: expect.any(String) });
    expect(await client.verify({ trid })).toEqual([paid]);
    expect(await client.verify({ ptn: paid.ptn! })).toEqual([paid]);
    expect(await client.verify({ trid: 'never-used' })).toEqual([]);
  });

  it('refuses an unknown pay item, an amount above the bill, an expired quote and a used quote', async () => {
    expect((await refusal(client.quote('SIM-10051-323456789-BILL7', 500))).respCode).toBe(S3P_ERRORS.PAY_ITEM_UNKNOWN);
    const [bill] = await client.bills('CAMWATER', '10051', '323456789');
    expect((await refusal(client.quote(bill!.payItemId, bill!.amountLocalCur! + 500))).respCode).toBe(
      S3P_ERRORS.AMOUNT_ABOVE_BILL,
    );
    const quote = await client.quote(bill!.payItemId, bill!.amountLocalCur!);
    const collect = (trid: string) =>
      client.collect({ quoteId: quote.quoteId, customerPhonenumber: '237677123456', serviceNumber: '323456789', trid });
    server.advance(60_001);
    try {
      expect((await refusal(collect(randomUUID()))).respCode).toBe(S3P_ERRORS.QUOTE_EXPIRED);
    } finally {
      server.advance(-60_001);
    }
    await collect(randomUUID());
    expect((await refusal(collect(randomUUID()))).respCode).toBe(S3P_ERRORS.QUOTE_ALREADY_USED);
  });

  it('answers a collect under a trid already used with that payment, and ten at once make one payment', async () => {
    const quote = await quoteFirstBill('423456789');
    const trid = randomUUID();
    const collect = () =>
      client.collect({ quoteId: quote.quoteId, customerPhonenumber: '237677123456', serviceNumber: '423456789', trid });
    const answers = await Promise.all(Array.from({ length: 10 }, collect));
    expect(new Set(answers.map((a) => a.ptn)).size).toBe(1);
    expect(answers.every((a) => a.status === 'SUCCESS')).toBe(true);
    expect(await client.verify({ trid })).toHaveLength(1);
    expect(await db.connection.collection('sim_smobilpay_payments').countDocuments({ trid })).toBe(1);
    expect(server.simulator.collectsFor(trid)).toBe(10);
  });

  it('throws a fault on a 500 and on a call that does not answer in time', async () => {
    server.simulator.planFault('fail', 1);
    const failed = await client.services().catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(SmobilpayFault);
    expect((failed as Error).message).toContain('HTTP 500');
    expect(await client.services()).toHaveLength(4);

    server.simulator.planFault('hang', 1);
    const impatient = server.client({ timeoutMs: 150 });
    const started = Date.now();
    const hung = await impatient.services().catch((e: unknown) => e);
    expect(hung).toBeInstanceOf(SmobilpayFault);
    expect((hung as Error).message).toContain('no answer within 150 ms');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('takes faults through the admin route with the admin token only', async () => {
    const admin = (token: string, body: unknown) =>
      fetch(`${server.baseUrl}/_admin/faults`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Admin-Token': token },
        body: JSON.stringify(body),
      });
    expect((await admin('wrong', { kind: 'fail', count: 2 })).status).toBe(404);
    expect((await admin(ADMIN_TOKEN, { kind: 'melt', count: 2 })).status).toBe(400);
    const planned = await admin(ADMIN_TOKEN, { kind: 'fail', count: 2 });
    expect(await planned.json()).toMatchObject({ fail: 2 });
    await expect(client.services()).rejects.toBeInstanceOf(SmobilpayFault);
    await expect(client.services()).rejects.toBeInstanceOf(SmobilpayFault);
    expect(await client.services()).toHaveLength(4);
  });

  it('keeps a payment PENDING under the `pending` fault until it is settled through the admin route', async () => {
    server.simulator.planFault('pending', 1);
    const quote = await quoteFirstBill('523456789');
    const trid = randomUUID();
    const pending = await client.collect({
      quoteId: quote.quoteId,
      customerPhonenumber: '237677123456',
      serviceNumber: '523456789',
      trid,
    });
    expect(pending.status).toBe('PENDING');
    server.advance(24 * 3_600_000);
    try {
      expect(await client.verify({ trid })).toMatchObject([{ status: 'PENDING' }]);
    } finally {
      server.advance(-24 * 3_600_000);
    }
    const settled = await fetch(`${server.baseUrl}/_admin/settle`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Admin-Token': ADMIN_TOKEN },
      body: JSON.stringify({ trid, status: 'SUCCESS' }),
    });
    expect(settled.status).toBe(200);
    expect(await client.verify({ trid })).toMatchObject([{ status: 'SUCCESS', receiptNumber: expect.any(String) }]);
  });

  it('with a completion delay, answers a collect PENDING and completes it when its time comes', async () => {
    const slow = await startSmobilpayServer(db.connection, { completionMs: 60_000 });
    try {
      const slowClient = slow.client();
      const [item] = await slowClient.subscriptions('CMENEOPREPAID', '10042', '22345678901');
      const quote = await slowClient.quote(item!.payItemId, 2_000);
      const trid = randomUUID();
      const collect = {
        quoteId: quote.quoteId,
        customerPhonenumber: '237677123456',
        serviceNumber: '22345678901',
        trid,
      };
      expect(await slowClient.collect(collect)).toMatchObject({ status: 'PENDING', pin: null });
      slow.advance(59_000);
      expect(await slowClient.verify({ trid })).toMatchObject([{ status: 'PENDING' }]);
      slow.advance(1_000);
      expect(await slowClient.verify({ trid })).toMatchObject([
        { status: 'SUCCESS', pin: expect.stringMatching(/^\d{20}$/) },
      ]);
    } finally {
      await slow.close();
    }
  });

  it('refuses a request whose timestamp is too far from its clock, when told to check', async () => {
    const strict = await startSmobilpayServer(db.connection, { maxClockSkewMs: 5 * 60_000 });
    try {
      expect(await strict.client().services()).toHaveLength(4);
      strict.advance(10 * 60_000);
      expect((await refusal(strict.client().services())).respCode).toBe(S3P_ERRORS.UNAUTHORIZED);
    } finally {
      await strict.close();
    }
  });
});
