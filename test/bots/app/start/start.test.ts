/**
 * The product's real start (bots/app/main.ts) in a child process: where it refuses to run the simulated payment rails,
 * that it stops when the bill aggregator cannot be read, and that without a terminal (stdin closed, as under a service manager, nohup or a container) it keeps serving
 * until a signal stops it.
 */
import { SMOBILPAY_DEVELOPMENT_CREDENTIALS } from '../../../../bots/app/localSimulators';
import { SmobilpayClient } from '../../../../integrations/smobilpay/client';
import { S3pHmacAuthorizer } from '../../../../integrations/smobilpay/s3pAuth';
import { useTestDatabase } from '../../../support/database';
import { endedWithin, freePort, startMain } from './mainProcess';

const db = useTestDatabase();

/** Every payment rail on a real provider, with our credentials (made up, never to be shown). */
const REAL_RAILS = {
  MTN_MOMO_BASE_URL: 'https://proxy.momoapi.mtn.com',
  MTN_MOMO_API_USER: '3f0b7c1e-9d2a-4c5b-8e6f-1a2b3c4d5e6f',
  MTN_MOMO_API_KEY: 'an-mtn-api-key-never-shown',
  MTN_MOMO_COLLECTION_SUBSCRIPTION_KEY: 'an-mtn-collection-key-never-shown',
  MTN_MOMO_DISBURSEMENT_SUBSCRIPTION_KEY: 'an-mtn-disbursement-key-never-shown',
  ORANGE_MONEY_BASE_URL: 'https://api-s1.orange.cm',
  ORANGE_MONEY_CONSUMER_KEY: 'an-orange-consumer-key',
  ORANGE_MONEY_CONSUMER_SECRET: 'an-orange-secret-never-shown',
  ORANGE_MONEY_API_USERNAME: 'OURMERCHANT',
  ORANGE_MONEY_API_PASSWORD: 'an-orange-password-never-shown',
  ORANGE_MONEY_CHANNEL_MSISDN: '691234567',
  ORANGE_MONEY_PIN: '864213',
  NOTCH_PAY_BASE_URL: 'https://api.notchpay.co',
  NOTCH_PAY_PUBLIC_KEY: 'pk.a-notch-key-never-shown',
  NOTCH_PAY_WEBHOOK_HASH_KEY: 'hsk.a-notch-hash-key-never-shown',
};
const SECRETS = Object.values(REAL_RAILS).filter((value) => value.includes('never-shown'));

async function ports() {
  return { PORT: String(await freePort()), LOCAL_PORT: String(await freePort()) };
}

describe('where the simulated payment rails may run', () => {
  it('a production start refuses while any payment rail is simulated, naming each rail', async () => {
    const main = startMain({
      NODE_ENV: 'production',
      MONGODB_URI: db.uri,
      PIN_PEPPER: 'a-production-pepper-of-at-least-32-characters',
      ...(await ports()),
    });
    const ended = await endedWithin(main, 60_000);
    expect({ ended, output: main.output() }).toEqual({
      ended: { code: 78, signal: null },
      output: expect.stringContaining(
        'Refusing to start in production: these payment rails are simulated and would confirm any payment: ' +
          'MTN MoMo, Orange Money, card, bill aggregator, bank transfers.',
      ),
    });
    expect(main.output()).not.toContain('chatpay is ready');
  });

  it('a production start with a real bill aggregator refuses for the other simulated rails only', async () => {
    const main = startMain({
      NODE_ENV: 'production',
      MONGODB_URI: db.uri,
      PIN_PEPPER: 'a-production-pepper-of-at-least-32-characters',
      SMOBILPAY_BASE_URL: 'https://s3pv2cm.smobilpay.com/v2',
      SMOBILPAY_PUBLIC_TOKEN: 'a-public-token-for-the-test',
      SMOBILPAY_SECRET: 'a-smobilpay-secret-never-shown',
      ...(await ports()),
    });
    const ended = await endedWithin(main, 60_000);
    expect({ ended, output: main.output() }).toEqual({
      ended: { code: 78, signal: null },
      output: expect.stringContaining('would confirm any payment: MTN MoMo, Orange Money, card, bank transfers.'),
    });
    expect(main.output()).not.toContain('a-smobilpay-secret-never-shown');
  });

  it('a production start on a simulator of the bill aggregator refuses it as simulated', async () => {
    const main = startMain({
      NODE_ENV: 'production',
      MONGODB_URI: db.uri,
      PIN_PEPPER: 'a-production-pepper-of-at-least-32-characters',
      SMOBILPAY_BASE_URL: 'http://127.0.0.1:3000/simulators/smobilpay',
      SMOBILPAY_PUBLIC_TOKEN: 'a-public-token-for-the-test',
      SMOBILPAY_SECRET: 'a-smobilpay-secret-never-shown',
      ...(await ports()),
    });
    const ended = await endedWithin(main, 60_000);
    expect({ ended, output: main.output() }).toEqual({
      ended: { code: 78, signal: null },
      output: expect.stringContaining(
        'would confirm any payment: MTN MoMo, Orange Money, card, bill aggregator, bank transfers.',
      ),
    });
  });

  it('a production start with real MTN MoMo, Orange Money and Notch Pay refuses for the bill aggregator only', async () => {
    const main = startMain({
      NODE_ENV: 'production',
      MONGODB_URI: db.uri,
      PIN_PEPPER: 'a-production-pepper-of-at-least-32-characters',
      PUBLIC_URL: 'https://pay.example.cm',
      ...REAL_RAILS,
      ...(await ports()),
    });
    const ended = await endedWithin(main, 60_000);
    expect({ ended, output: main.output() }).toEqual({
      ended: { code: 78, signal: null },
      output: expect.stringContaining('would confirm any payment: bill aggregator, bank transfers.'),
    });
    for (const secret of SECRETS) expect(main.output()).not.toContain(secret);
  });

  it('a start on the database of MONGODB_URI refuses them unless SIMULATED_RAILS=true says it is for development', async () => {
    const main = startMain({ NODE_ENV: 'development', MONGODB_URI: db.uri, ...(await ports()) });
    const ended = await endedWithin(main, 60_000);
    expect({ ended, output: main.output() }).toEqual({
      ended: { code: 78, signal: null },
      output: expect.stringContaining('set SIMULATED_RAILS=true if it is a development database'),
    });
    // The URI is a secret: the refusal never shows it.
    expect(main.output()).not.toContain(db.uri);
  });
});

describe('the bill aggregator at start', () => {
  it('stops the start, naming SMOBILPAY_BASE_URL, when its service list cannot be read', async () => {
    const nobody = `http://127.0.0.1:${await freePort()}/v2`;
    const env = { NODE_ENV: 'development', MONGODB_URI: db.uri, SIMULATED_RAILS: 'true', ...(await ports()) };
    const main = startMain({
      ...env,
      SMOBILPAY_BASE_URL: nobody,
      SMOBILPAY_SECRET: 'a-smobilpay-secret-never-shown',
      SMOBILPAY_TIMEOUT_MS: '1000',
    });
    const ended = await endedWithin(main, 90_000);
    expect({ ended, output: main.output() }).toEqual({
      ended: { code: 78, signal: null },
      output: expect.stringContaining(
        `Cannot start: the bill aggregator's service list could not be read from SMOBILPAY_BASE_URL (${nobody})`,
      ),
    });
    expect(main.output()).not.toContain('a-smobilpay-secret-never-shown');
    expect(main.output()).not.toContain('chatpay is ready');
  });
});

describe('a real payment provider without our credentials', () => {
  it('stops the start outside production too, naming what is missing, before a development key reaches it', async () => {
    const env = { NODE_ENV: 'development', MONGODB_URI: db.uri, SIMULATED_RAILS: 'true', ...(await ports()) };
    const main = startMain({
      ...env,
      MTN_MOMO_BASE_URL: 'https://proxy.momoapi.mtn.com',
      MTN_MOMO_API_KEY: REAL_RAILS.MTN_MOMO_API_KEY,
    });
    const ended = await endedWithin(main, 90_000);
    expect({ ended, output: main.output() }).toEqual({
      ended: { code: 78, signal: null },
      output: expect.stringContaining(
        'Cannot start: MTN_MOMO_BASE_URL is set, but not MTN_MOMO_API_USER, MTN_MOMO_COLLECTION_SUBSCRIPTION_KEY, ' +
          'MTN_MOMO_DISBURSEMENT_SUBSCRIPTION_KEY.',
      ),
    });
    expect(main.output()).not.toContain(REAL_RAILS.MTN_MOMO_API_KEY);
    expect(main.output()).not.toContain('chatpay is ready');
  });
});

describe('npm start without a terminal', () => {
  it('keeps serving with stdin closed, and stops cleanly on SIGTERM', async () => {
    const env = { NODE_ENV: 'development', MONGODB_URI: db.uri, SIMULATED_RAILS: 'true', ...(await ports()) };
    const main = startMain(env);
    try {
      await main.waitFor('chatpay is ready', 90_000);
      // The local chat would have ended with its input at once, and the product with it.
      await new Promise((resolve) => setTimeout(resolve, 3000));
      const health = await fetch(`http://127.0.0.1:${env.PORT}/healthz`);
      expect(health.status).toBe(200);
      expect(main.output()).toContain('No terminal: the local chat is off');
      // The simulator page, on its loopback listener, drives the SMS and USSD routes of the main server.
      const post = (route: string, body: object) =>
        fetch(`http://127.0.0.1:${env.LOCAL_PORT}/simulator/${route}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        });
      const sms = await post('sms', { msisdn: '677000009', text: 'hi' });
      expect(sms.status).toBe(200);
      expect(((await sms.json()) as { messages: string[] }).messages.join(' ')).toMatch(/Bienvenue/);
      const ussd = await post('ussd', { msisdn: '677000008', dial: '*126#' });
      expect(ussd.status).toBe(200);
      expect(((await ussd.json()) as { screen: string }).screen).not.toBe('');
      // The bill aggregator's simulator, on the product's own port, answers Smobilpay's API to a signed request.
      const smobilpay = new SmobilpayClient({
        baseUrl: `http://127.0.0.1:${env.PORT}/simulators/smobilpay`,
        authorizer: new S3pHmacAuthorizer(SMOBILPAY_DEVELOPMENT_CREDENTIALS),
        timeoutMs: 5000,
      });
      expect((await smobilpay.services()).length).toBeGreaterThan(0);
      expect(main.output()).toContain(
        'provider simulators: /simulators/smobilpay /simulators/mtn-momo /simulators/orange-money /simulators/notch-pay',
      );
      // The card payer's return page, on the product's port.
      const back = await fetch(`http://127.0.0.1:${env.PORT}/payments/card/return`);
      expect(await back.text()).toContain('Paiement en cours de confirmation');
      // The merchant API, on the product's port: its document to anyone, its resources to a key only.
      const openapi = await fetch(`http://127.0.0.1:${env.PORT}/api/v1/openapi.json`);
      expect(openapi.status).toBe(200);
      expect(((await openapi.json()) as { paths: object }).paths).toHaveProperty('/payment_requests');
      expect((await fetch(`http://127.0.0.1:${env.PORT}/api/v1/merchant`)).status).toBe(401);
      main.child.kill('SIGTERM');
      expect(await endedWithin(main, 30_000)).toEqual({ code: 0, signal: null });
    } finally {
      main.child.kill('SIGKILL');
    }
  });
});
