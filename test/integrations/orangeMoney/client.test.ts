/**
 * The Orange Money client against the simulator over HTTP: every call, Orange's errors as typed errors without
 * our secrets, and the access token's cache, renewal and sharing.
 */
import { OrangeMoneyError } from '../../../integrations/orangeMoney/client';
import { DEFAULT_SIMULATOR_CREDENTIALS } from '../../../integrations/orangeMoney/simulator/orangeMoneySimulator';
import { useTestDatabase } from '../../support/database';
import { eventually, rejectionOf, startOrangeHarness, type OrangeHarness } from './orangeHarness';

const db = useTestDatabase();
let harness: OrangeHarness;

beforeAll(async () => {
  harness = await startOrangeHarness(db.connection, { completionDelayMs: 100, hangMs: 600 });
});
afterAll(() => harness.close());
beforeEach(() => harness.simulator.faults.reset());

const order = (subscriberMsisdn: string, orderId = 'ORDER1') => ({
  subscriberMsisdn,
  amount: 1500,
  orderId,
  description: 'Test payment',
  notifUrl: `${harness.callbackBaseUrl}/ref-${orderId}`,
});

describe('merchant payments (mp)', () => {
  it('inits, pays, answers pending, then successful with confirmtxnstatus 200', async () => {
    const client = harness.client();
    const payToken = await client.initPayment();
    expect(payToken).toMatch(/^MP\d{6}[0-9A-F]{20}$/);

    const paid = await client.pay(payToken, order('691234567'));
    expect(paid).toMatchObject({ payToken, status: 'PENDING', inittxnstatus: '200', amount: '1500' });
    expect(paid.confirmtxnstatus).toBeUndefined();

    await eventually(async () => {
      const status = await client.paymentStatus(payToken);
      expect(status).toMatchObject({ payToken, status: 'SUCCESSFULL', confirmtxnstatus: '200' });
      expect(status.txnid).toMatch(/^MP\d{6}\.\d{4}\./);
      expect(status.txnmode).toBe('ORDER1');
    });
  });

  it('sends the USSD prompt again while the payment is pending, and refuses once it is not', async () => {
    const client = harness.client();
    const payToken = await client.initPayment();
    await client.pay(payToken, order('699123453', 'PUSH1'));
    await expect(client.push(payToken)).resolves.toMatchObject({ message: 'Push sent to customer' });

    const settled = await client.initPayment();
    await client.pay(settled, order('691234567', 'PUSH2'));
    await eventually(async () => expect((await client.paymentStatus(settled)).status).toBe('SUCCESSFULL'));
    const error = await rejectionOf(client.push(settled));
    expect(error).toMatchObject({ kind: 'http', status: 417, code: 'NOT_PENDING', operation: 'mp/push' });
  });

  it('refuses a payToken used twice', async () => {
    const client = harness.client();
    const payToken = await client.initPayment();
    await client.pay(payToken, order('691234567', 'TWICE1'));
    const error = await rejectionOf(client.pay(payToken, order('691234567', 'TWICE2')));
    expect(error).toBeInstanceOf(OrangeMoneyError);
    expect(error).toMatchObject({ status: 417, code: 'PAYTOKEN_ALREADY_USED', refused: true });
    expect(await harness.simulator.payments()).toEqual(
      expect.arrayContaining([expect.objectContaining({ _id: payToken, orderId: 'TWICE1' })]),
    );
  });

  it('refuses a number that is not Orange’s', async () => {
    const client = harness.client();
    const payToken = await client.initPayment();
    const error = await rejectionOf(client.pay(payToken, order('677123456')));
    expect(error).toMatchObject({ status: 417, code: 'INVALID_SUBSCRIBER' });
  });
});

describe('cash-in (payouts)', () => {
  it('inits, pays, and ends successful with txnstatus 200', async () => {
    const client = harness.client();
    const payToken = await client.initCashin();
    expect(payToken).toMatch(/^CI/);
    const paid = await client.cashinPay(payToken, order('655987654', 'CASHIN1'));
    expect(paid).toMatchObject({ payToken, status: 'PENDING' });
    await eventually(async () => {
      expect(await client.cashinStatus(payToken)).toMatchObject({ status: 'SUCCESSFULL', txnstatus: '200' });
    });
  });

  it('keeps merchant payments and cash-ins apart: a cash-in payToken is unknown to mp/paymentstatus', async () => {
    const client = harness.client();
    const payToken = await client.initCashin();
    const error = await rejectionOf(client.paymentStatus(payToken));
    expect(error).toMatchObject({ status: 417, code: 'UNKNOWN_PAYTOKEN', operation: 'mp/paymentstatus' });
  });
});

describe('errors', () => {
  it('a wrong consumer secret is Orange’s OAuth error, without the secret', async () => {
    const error = await rejectionOf(harness.client({ consumerSecret: 'wrong-secret-value' }).initPayment());
    expect(error).toMatchObject({ operation: 'token', kind: 'http', status: 401, code: 'invalid_client' });
    expect(String(error)).not.toContain('wrong-secret-value');
  });

  it('a wrong API password is a 403 on the core call, without the password or X-AUTH-TOKEN', async () => {
    const client = harness.client({ apiPassword: 'wrong-api-password' });
    const error = await rejectionOf(client.initPayment());
    expect(error).toMatchObject({ operation: 'mp/init', status: 403, code: 'INVALID_X_AUTH_TOKEN' });
    const text = `${String(error)} ${JSON.stringify(error)}`;
    expect(text).not.toContain('wrong-api-password');
    expect(text).not.toContain(Buffer.from(`SIMULATEDMERCHANT:wrong-api-password`).toString('base64'));
  });

  it('a wrong merchant PIN or channel number is refused, and the PIN is not in the error', async () => {
    const wrongPin = harness.client({ pin: '97531' });
    const payToken = await wrongPin.initPayment();
    const error = await rejectionOf(wrongPin.pay(payToken, order('691234567')));
    expect(error).toMatchObject({ status: 417, code: 'INVALID_CHANNEL_USER', refused: true });
    expect(`${String(error)} ${JSON.stringify(error)}`).not.toContain('97531');

    const wrongChannel = harness.client({ channelUserMsisdn: '699999999' });
    const other = await wrongChannel.initPayment();
    await expect(wrongChannel.pay(other, order('691234567'))).rejects.toMatchObject({ code: 'INVALID_CHANNEL_USER' });
  });

  it('a 500 is a typed server error, not a refusal', async () => {
    harness.simulator.faults.failNext(1);
    const error = await rejectionOf(harness.client().initPayment());
    expect(error).toMatchObject({ operation: 'mp/init', kind: 'http', status: 500, refused: false });
  });

  it('a call that hangs past the timeout is a timeout error', async () => {
    harness.simulator.faults.hangNext(1);
    const error = await rejectionOf(harness.client({ timeoutMs: 200 }).initPayment());
    expect(error).toMatchObject({ operation: 'mp/init', kind: 'timeout', refused: false });
  });

  it('nobody listening is a network error', async () => {
    const error = await rejectionOf(harness.client({ baseUrl: 'http://127.0.0.1:9' }).initPayment());
    expect(error).toMatchObject({ operation: 'token', kind: 'network' });
  });
});

describe('the access token', () => {
  it('is asked once and reused until shortly before it expires', async () => {
    let now = 1_000_000;
    const client = harness.client({ now: () => now, tokenRenewalMarginMs: 60_000 });
    const before = harness.simulator.calls.token ?? 0;
    await client.initPayment();
    await client.initPayment();
    expect(harness.simulator.calls.token).toBe(before + 1);

    now += 3600_000 - 60_000 - 1; // the simulator's tokens live 3600 s
    await client.initPayment();
    expect(harness.simulator.calls.token).toBe(before + 1);
    now += 1;
    await client.initPayment();
    expect(harness.simulator.calls.token).toBe(before + 2);
  });

  it('is asked once for callers that need it at the same time', async () => {
    const client = harness.client();
    const before = harness.simulator.calls.token ?? 0;
    await Promise.all(Array.from({ length: 5 }, () => client.initPayment()));
    expect(harness.simulator.calls.token).toBe(before + 1);
  });

  it('is renewed once when Orange answers 401, and the call goes through', async () => {
    const client = harness.client();
    await client.initPayment();
    const tokens = harness.simulator.calls.token ?? 0;
    const inits = harness.simulator.calls['mp/init'] ?? 0;
    await harness.simulator.revokeTokens();
    await expect(client.initPayment()).resolves.toMatch(/^MP/);
    expect(harness.simulator.calls.token).toBe(tokens + 1);
    expect(harness.simulator.calls['mp/init']).toBe(inits + 2);
  });

  it('uses the merchant account the simulator starts with by default', () => {
    expect(DEFAULT_SIMULATOR_CREDENTIALS.channelUserMsisdn).toMatch(/^6\d{8}$/);
  });
});
