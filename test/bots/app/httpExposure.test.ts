/**
 * What the product's HTTP servers show to whom, as startHttpChannels wires them for `npm start`: /metrics only to
 * a scraper holding METRICS_TOKEN or on the loopback listener, the simulator page on loopback only, a scrape
 * that never counts the outbox (the outbox delivery counts it from time to time), the providers' simulators on
 * PORT, each behind its provider's authentication, and the pay pages on PORT, where the links in the SMS point.
 */
import os from 'node:os';
import { Writable } from 'node:stream';
import mongoose, { type Connection } from 'mongoose';
import { createConversations } from '../../../bots/app/conversationSetup';
import { startHttpChannels } from '../../../bots/app/httpChannels';
import { startOutboxDelivery } from '../../../bots/app/outboxDelivery';
import {
  createLocalSimulators,
  listenWithSimulators,
  SMOBILPAY_DEVELOPMENT_CREDENTIALS,
} from '../../../bots/app/localSimulators';
import { NOTCH_PAY_DEVELOPMENT_CREDENTIALS } from '../../../bots/app/railCredentials';
import { createServices } from '../../../bots/app/services';
import { twilioAccess, type TwilioAccess } from '../../../bots/app/twilioAccess';
import type { Msisdn } from '../../../domain/phone';
import { loadConfig } from '../../../integrations/config';
import { SmobilpayClient } from '../../../integrations/smobilpay/client';
import { S3pHmacAuthorizer } from '../../../integrations/smobilpay/s3pAuth';
import { NOTCH_SIGNATURE_HEADER, signNotchPayWebhook } from '../../../integrations/notchPay/webhookSignature';
import { createLogger } from '../../../integrations/logger';
import { MongoSendSlots } from '../../../integrations/mongo/sendSlots';
import { useTestDatabase } from '../../support/database';
import { freePort } from './start/mainProcess';

const db = useTestDatabase();
const METRICS_TOKEN = 'scrape-token-for-the-test-2026';

/** An address of this machine that is not loopback, where a neighbour on the network would reach it. */
function networkAddress(): string {
  const address = Object.values(os.networkInterfaces())
    .flat()
    .find((a) => a !== undefined && a.family === 'IPv4' && !a.internal)?.address;
  if (!address) throw new Error('this machine has no non-loopback IPv4 address to test from');
  return address;
}

/** The whole connection's commands on the outbox collection (the driver's command monitoring). */
function outboxCommands(connection: Connection): { count(): number } {
  let seen = 0;
  connection.getClient().on('commandStarted', (event) => {
    const command = event.command as Record<string, unknown>;
    if (command[event.commandName] === 'outbox') seen += 1;
  });
  return { count: () => seen };
}

let connection: Connection;
let http: Awaited<ReturnType<typeof startHttpChannels>>;
let ports: { PORT: number; LOCAL_PORT: number };
let twilio: TwilioAccess;
let localSimulatorsUrl: string;
let services: Awaited<ReturnType<typeof createServices>>;

beforeAll(async () => {
  connection = await mongoose.createConnection(db.uri, { monitorCommands: true }).asPromise();
  ports = { PORT: await freePort(), LOCAL_PORT: await freePort() };
  const config = loadConfig({ METRICS_TOKEN, PORT: String(ports.PORT), LOCAL_PORT: String(ports.LOCAL_PORT) });
  // As main.ts: PORT listens with the providers' simulators first, the services read from them, the server takes over.
  const simulators = await createLocalSimulators(connection, config, { productUrl: `http://127.0.0.1:${ports.PORT}` });
  const listening = await listenWithSimulators(ports.PORT, simulators);
  localSimulatorsUrl = `http://127.0.0.1:${ports.PORT}`;
  services = await createServices(connection, config, { localSimulatorsUrl });
  const { conversations } = createConversations(connection, services, config);
  const logger = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });
  twilio = await twilioAccess(config);
  http = await startHttpChannels({
    config,
    connection,
    services,
    conversations,
    logger,
    workersRunning: () => true,
    twilio,
    simulators,
    listening,
  });
});

afterAll(async () => {
  await Promise.all([http.server.close(), http.local.close()]);
  await http.pinSmsEraser?.stop();
  await http.whatsappCloud?.stop();
  await twilio.simulator?.close();
  await connection.close();
});

describe('/metrics', () => {
  it('refuses a scrape without the token (401) or with a wrong one (403) on PORT, and serves one with it', async () => {
    const url = `http://127.0.0.1:${ports.PORT}/metrics`;
    const without = await fetch(url);
    expect(without.status).toBe(401);
    expect(await without.text()).not.toContain('chatpay_');
    const wrong = await fetch(url, { headers: { Authorization: 'Bearer not-the-token-at-all-2026' } });
    expect(wrong.status).toBe(403);
    const scraped = await fetch(url, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toContain('chatpay_outbox_backlog');
  });

  it('is served without a token on the loopback listener', async () => {
    const scraped = await fetch(`http://127.0.0.1:${ports.LOCAL_PORT}/metrics`);
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toContain('chatpay_messages_total');
  });

  it('does not count the outbox on a scrape', async () => {
    const commands = outboxCommands(connection);
    for (let i = 0; i < 5; i += 1) {
      const scraped = await fetch(`http://127.0.0.1:${ports.PORT}/metrics`, {
        headers: { Authorization: `Bearer ${METRICS_TOKEN}` },
      });
      expect(scraped.status).toBe(200);
      await scraped.text();
    }
    expect(commands.count()).toBe(0);
  });

  it('shows the backlog the outbox delivery counted', async () => {
    const config = loadConfig({ OUTBOX_INTERVAL_MS: '3600000' });
    const services = await createServices(connection, config, { localSimulatorsUrl });
    // A notice waiting for its next try, an hour away: unsent, and left alone by the worker meanwhile.
    await connection.collection('outbox').insertOne({
      _id: 'backlog-1' as never,
      to: '237677400001',
      notice: { key: 'payments.received', params: {} },
      createdAt: new Date(),
      sentAt: null,
      attempts: 1,
      nextAttemptAt: new Date(Date.now() + 3_600_000),
    });
    const { sessions } = createConversations(connection, services, config);
    const logger = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });
    const delivery = await startOutboxDelivery({
      config,
      services,
      channels: sessions,
      logger,
      sendSlots: new MongoSendSlots(connection),
      metrics: http.metrics,
      twilio,
    });
    try {
      const shown = async () => /^chatpay_outbox_backlog (\S+)$/m.exec((await http.metrics.exposition()).text)?.[1];
      const deadline = Date.now() + 10_000;
      while ((await shown()) === 'Nan' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(await shown()).toBe('1');
    } finally {
      await delivery.stop();
    }
  });
});

describe('the simulator page', () => {
  it('is served on the loopback listener', async () => {
    const page = await fetch(`http://127.0.0.1:${ports.LOCAL_PORT}/simulator`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');
  });

  it('cannot be reached on a network address, on either port', async () => {
    const address = networkAddress();
    const onPort = await fetch(`http://${address}:${ports.PORT}/simulator`);
    expect(onPort.status).toBe(404);
    // The loopback listener does not listen there at all.
    await expect(fetch(`http://${address}:${ports.LOCAL_PORT}/simulator`)).rejects.toThrow('fetch failed');
    await expect(fetch(`http://${address}:${ports.LOCAL_PORT}/metrics`)).rejects.toThrow('fetch failed');
  });
});

describe("the providers' simulators", () => {
  const path = '/simulators/smobilpay';
  const client = (origin: string) =>
    new SmobilpayClient({
      baseUrl: `${origin}${path}`,
      authorizer: new S3pHmacAuthorizer(SMOBILPAY_DEVELOPMENT_CREDENTIALS),
      timeoutMs: 5000,
    });

  it("are served on the product's own port, behind the provider's authentication", async () => {
    const services = await client(`http://127.0.0.1:${ports.PORT}`).services();
    expect(services.map((s) => s.merchant)).toEqual(expect.arrayContaining(['ENEO', 'CAMWATER']));
    const unsigned = await fetch(`http://127.0.0.1:${ports.PORT}${path}/service`);
    expect(unsigned.status).toBe(401);
    const wrongSecret = new SmobilpayClient({
      baseUrl: `http://127.0.0.1:${ports.PORT}${path}`,
      authorizer: new S3pHmacAuthorizer({ ...SMOBILPAY_DEVELOPMENT_CREDENTIALS, secret: 'not-the-development-secret' }),
      timeoutMs: 5000,
    });
    await expect(wrongSecret.services()).rejects.toThrow('HTTP 401');
  });

  it('keep their admin routes closed without SIMULATORS_ADMIN_TOKEN', async () => {
    const faults = await fetch(`http://127.0.0.1:${ports.PORT}${path}/_admin/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Admin-Token': 'a-guessed-admin-token' },
      body: JSON.stringify({ kind: 'fail' }),
    });
    expect(faults.status).toBe(404);
  });

  it('are not on the loopback listener, which serves the simulator page', async () => {
    await expect(client(`http://127.0.0.1:${ports.LOCAL_PORT}`).services()).rejects.toThrow('HTTP 404');
  });
});

describe('the WhatsApp Cloud API webhook of the default start', () => {
  it('is on PORT, verified by the local Graph API simulator, which plays a person through it', async () => {
    expect(http.channels).toContain('/webhooks/whatsapp');
    // Its PIN forms' endpoint too (WhatsApp Flows answers reach it, not the chat).
    expect(http.channels).toContain('/whatsapp/flows');
    const simulator = http.whatsappCloud?.simulator;
    if (!simulator) throw new Error('the default start has no local Graph API simulator');
    const delivery = await simulator.sendInbound('237677330001', { type: 'text', text: { body: 'Bonjour' } });
    expect(delivery.status).toBe(200);
    await http.whatsappCloud?.channel.idle();
    expect(simulator.messagesTo('237677330001').map((m) => m.type)).toEqual(['interactive']);
  });
});

describe('the pay pages', () => {
  it('are served on PORT, on every interface, at the link the SMS to a number without an account carries', async () => {
    const payer = '237677530002' as Msisdn;
    const created = await services.paymentRequests.create({
      id: 'exposure-pay-page',
      requester: {
        kind: 'merchant',
        merchantId: 'boutique-awa',
        name: 'Boutique Awa',
        contact: '237677530001' as Msisdn,
      },
      payer,
      amount: 4500,
    });
    expect(created.ok).toBe(true);
    const [sms] = await services.outbox.for(payer);
    const link = String(sms?.notice.params?.link);
    expect(link).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${ports.PORT}/pay/[A-Za-z0-9_-]{43}$`));
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Boutique Awa');
    const fromNetwork = await fetch(link.replace('127.0.0.1', networkAddress()));
    expect(fromNetwork.status).toBe(200);
  });
});

describe('the merchant API', () => {
  it('is served on PORT at /api/v1: its OpenAPI document to anyone, its resources to a key of the services', async () => {
    const base = `http://127.0.0.1:${ports.PORT}/api/v1`;
    const document = await fetch(`${base}/openapi.json`);
    expect(document.status).toBe(200);
    expect(((await document.json()) as { paths: Record<string, unknown> }).paths).toHaveProperty('/webhook_endpoints');
    const anonymous = await fetch(`${base}/merchant`);
    expect(anonymous.status).toBe(401);
    const owner = '237677530101' as Msisdn;
    const signedUp = await services.people.signUp({ msisdn: owner, name: 'Awa Nkoulou', language: 'fr', pin: '2468' });
    expect(signedUp.ok).toBe(true);
    const opened = await services.merchants.open({ owner, name: 'Boutique Awa', category: 'retail' });
    if (!opened.ok) throw new Error(opened.reason);
    const { secret } = await services.apiKeys.create(opened.merchant._id, { scopes: ['read'] });
    const merchant = await fetch(`${base}/merchant`, { headers: { Authorization: `Bearer ${secret}` } });
    expect(merchant.status).toBe(200);
    expect(await merchant.json()).toMatchObject({ id: opened.merchant._id, name: 'Boutique Awa' });
    expect((await fetch(`http://127.0.0.1:${ports.LOCAL_PORT}/api/v1/openapi.json`)).status).toBe(404);
  });
});

describe("merchants' payment links and invoices", () => {
  it('are served on PORT at the links the services make, each page leading to a pay page there', async () => {
    const owner = '237677530201' as Msisdn;
    const signedUp = await services.people.signUp({ msisdn: owner, name: 'Awa Fotso', language: 'fr', pin: '2468' });
    if (!signedUp.ok) throw new Error(signedUp.reason);
    const opened = await services.merchants.open({ owner, name: 'Boutique Awa', category: 'retail' });
    if (!opened.ok) throw new Error(opened.reason);
    const merchantId = opened.merchant._id;
    const origin = `http://127.0.0.1:${ports.PORT}`;

    const link = await services.paymentLinks.create({
      merchantId,
      id: 'poster',
      reusable: true,
      amount: 2000,
      reason: 'Pain',
    });
    if (!link.ok) throw new Error(link.reason);
    expect(link.link.url).toMatch(new RegExp(`^${origin}/l/[0-9A-Z]{8}$`));
    const page = await fetch(`${link.link.url}?lang=en`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Boutique Awa asks for 2 000 FCFA.');
    expect((await fetch(`${link.link.url}/qr.svg`)).headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    const posted = await fetch(`${link.link.url}?lang=en`, {
      method: 'POST',
      body: new URLSearchParams({ number: '677530102' }),
      redirect: 'manual',
    });
    expect(posted.status).toBe(303);
    const payUrl = posted.headers.get('location') ?? '';
    expect(payUrl).toMatch(new RegExp(`^${origin}/pay/[A-Za-z0-9_-]{43}$`));
    expect((await fetch(payUrl)).status).toBe(200);

    const invoice = await services.invoices.create({
      merchantId,
      id: 'invoice-1',
      customer: { name: 'Hôtel Le Palmier', phone: '237677530203' as Msisdn },
      items: [{ description: 'Pain', quantity: 10, unitPrice: 200 }],
      dueDate: new Date(Date.now() + 86_400_000),
    });
    if (!invoice.ok) throw new Error(invoice.reason);
    const sent = await services.invoices.send(merchantId, invoice.invoice.id, { channel: 'sms' });
    if (!sent.ok) throw new Error(sent.reason);
    expect(sent.invoice.url).toMatch(new RegExp(`^${origin}/i/[A-Za-z0-9_-]{43}$`));
    const invoicePage = await fetch(`${sent.invoice.url}?lang=en`);
    expect(invoicePage.status).toBe(200);
    expect(await invoicePage.text()).toContain(invoice.invoice.number);
  });
});

describe('the merchant dashboard', () => {
  it('is served on PORT at /dashboard: its sign-in page, its stylesheet, and the rest only to a session', async () => {
    const origin = `http://127.0.0.1:${ports.PORT}`;
    const signInPage = await fetch(`${origin}/dashboard/sign-in?lang=en`);
    expect(signInPage.status).toBe(200);
    expect(await signInPage.text()).toContain('We send you a one-time code there.');
    expect(signInPage.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const stylesheet = await fetch(`${origin}/dashboard/assets/dashboard.css`);
    expect(stylesheet.headers.get('content-type')).toMatch(/^text\/css/);
    const overview = await fetch(`${origin}/dashboard/overview`, { redirect: 'manual' });
    expect(overview.status).toBe(303);
    expect(overview.headers.get('location')).toBe('/dashboard/sign-in');
    const forged = await fetch(`${origin}/dashboard/sign-out`, { method: 'POST', redirect: 'manual' });
    expect(forged.status).toBe(401);
  });
});

describe("the payment providers' routes on PORT", () => {
  const origin = () => `http://127.0.0.1:${ports.PORT}`;

  it("take Notch Pay's webhook signed over the raw bytes, though the app parses JSON bodies first", async () => {
    const body = JSON.stringify({ event: 'payment.complete', data: { merchant_reference: 'not-one-of-ours' } });
    const post = (signature: string) =>
      fetch(`${origin()}/webhooks/notch-pay`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', [NOTCH_SIGNATURE_HEADER]: signature },
        body,
      });
    const signed = await post(signNotchPayWebhook(Buffer.from(body), NOTCH_PAY_DEVELOPMENT_CREDENTIALS.webhookHashKey));
    expect(signed.status).toBe(200);
    const forged = await post(signNotchPayWebhook(Buffer.from(body), 'a-key-that-is-not-the-hash-key'));
    expect(forged.status).toBe(401);
  });

  it('answer MTN and Orange callbacks at once, and show the card return page without a script', async () => {
    const mtn = await fetch(`${origin()}/callbacks/mtn-momo/topup%3Anot-a-payment`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ status: 'SUCCESSFUL' }),
    });
    expect(mtn.status).toBe(200);
    const orange = await fetch(`${origin()}/callbacks/orange-money/topup:not-a-payment`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ payToken: 'MP000', status: 'SUCCESSFULL' }),
    });
    expect(orange.status).toBe(200);
    const page = await fetch(`${origin()}/payments/card/return?reference=abc&status=complete`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Payment being confirmed');
    expect(html).not.toMatch(/<script|style=/);
  });
});
