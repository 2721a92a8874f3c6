/**
 * The product's real start (bots/app/main.ts) in a child process: where it refuses to run the simulated payment rails,
 * and that without a terminal (stdin closed, as under a service manager, nohup or a container) it keeps serving
 * until a signal stops it.
 */
import { useTestDatabase } from '../../../support/database';
import { endedWithin, freePort, startMain } from './mainProcess';

const db = useTestDatabase();

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
          'MTN MoMo, Orange Money, card, bill aggregator.',
      ),
    });
    expect(main.output()).not.toContain('chatpay is ready');
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
      main.child.kill('SIGTERM');
      expect(await endedWithin(main, 30_000)).toEqual({ code: 0, signal: null });
    } finally {
      main.child.kill('SIGKILL');
    }
  });
});
