/**
 * The bill aggregator as the services get it: the real Smobilpay client against the product's simulator over HTTP
 * (a loopback server, as tests serve it), the billers read from its `/service` list, and a start stopped with a
 * message naming SMOBILPAY_BASE_URL, never a secret, when the list cannot be read.
 */
import { connectBillAggregator, ProviderSetupError } from '../../../bots/app/billAggregatorSetup';
import { serveLocalSimulators, type SimulatorsServer } from '../../../bots/app/localSimulators';
import { S3P_ERRORS } from '../../../integrations/smobilpay/s3pWire';
import { useTestDatabase } from '../../support/database';

const db = useTestDatabase();
const TIMEOUT = { SMOBILPAY_TIMEOUT_MS: 5000 };
const SECRET = 'a-configured-smobilpay-secret';
let server: SimulatorsServer;

beforeAll(async () => {
  // Configured credentials: the simulator accepts those, and no longer the development ones.
  server = await serveLocalSimulators(db.connection, {
    SMOBILPAY_PUBLIC_TOKEN: 'a-configured-token',
    SMOBILPAY_SECRET: SECRET,
  });
});
afterAll(() => server.close());

async function setupError(promise: Promise<unknown>): Promise<ProviderSetupError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof ProviderSetupError)) throw new Error(`expected a ProviderSetupError, got ${String(error)}`);
  return error;
}

it("offers the billers the simulator's service list names, with S3P's service ids", async () => {
  const setup = await connectBillAggregator(
    { ...TIMEOUT, SMOBILPAY_PUBLIC_TOKEN: 'a-configured-token', SMOBILPAY_SECRET: SECRET },
    server.url,
  );
  expect(setup.billers.map((b) => [b.id, b.serviceId])).toEqual([
    ['eneo-postpaid', '10039'],
    ['eneo-prepaid', '10042'],
    ['camwater', '10051'],
    ['canalplus', '20070'],
  ]);
  expect(setup.missing).toEqual([]);
  const found = await setup.aggregator.lookup('10051', 'BILLS', '12345678');
  expect(found.status).toBe('FOUND');
});

it('stops with the simulator named when the credentials do not match it, without showing the secret', async () => {
  const error = await setupError(
    connectBillAggregator(
      { ...TIMEOUT, SMOBILPAY_PUBLIC_TOKEN: 'a-configured-token', SMOBILPAY_SECRET: 'a-wrong-secret-value' },
      server.url,
    ),
  );
  expect(error.message).toBe(
    `Cannot start: the bill aggregator's service list could not be read from this product's Smobilpay simulator at ` +
      `${server.url}/simulators/smobilpay (SMOBILPAY_BASE_URL is unset): smobilpay service: refused (HTTP 401, ` +
      `respCode ${S3P_ERRORS.UNAUTHORIZED}). Check SMOBILPAY_BASE_URL, SMOBILPAY_PUBLIC_TOKEN and SMOBILPAY_SECRET.`,
  );
  expect(error.message).not.toContain('a-wrong-secret-value');
});

it('names SMOBILPAY_BASE_URL, without any password in it, when nothing answers there', async () => {
  const error = await setupError(
    connectBillAggregator(
      {
        SMOBILPAY_TIMEOUT_MS: 1000,
        SMOBILPAY_BASE_URL: 'http://user:hunter2@127.0.0.1:9/v2',
        SMOBILPAY_SECRET: SECRET,
      },
      server.url,
    ),
  );
  expect(error.message).toMatch(
    /^Cannot start: the bill aggregator's service list could not be read from SMOBILPAY_BASE_URL \(http:\/\/127\.0\.0\.1:9\/v2\): smobilpay service: network error\./,
  );
  expect(error.message).not.toContain('hunter2');
  expect(error.message).not.toContain(SECRET);
});
