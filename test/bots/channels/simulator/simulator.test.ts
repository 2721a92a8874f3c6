/**
 * The simulator page in Debian's Chromium, against the product's real HTTP server on the real runtime and
 * database: the real SMS route (signatures checked) and USSD route (key checked) behind it, and the outbox worker
 * sending notices to the local Twilio simulator. A person plays a number on the page as a developer would.
 */
import { randomBytes } from 'node:crypto';
import { chromium, type Browser, type Page } from 'playwright-core';
import { Metrics } from '../../../../bots/channels/http/metrics';
import { createHttpApp } from '../../../../bots/channels/http/server';
import { ChannelTurns } from '../../../../bots/channels/http/turns';
import { OutboxWorker } from '../../../../bots/runtime/outbox/outboxWorker';
import { SIMULATOR_PATH, simulatorChannel } from '../../../../bots/channels/simulator/simulatorRoute';
import { PinSmsEraser } from '../../../../bots/channels/sms/pinSmsEraser';
import { createSmsChannel, SMS_WEBHOOK_PATH } from '../../../../bots/channels/sms/smsChannel';
import { TwilioSmsSender } from '../../../../bots/channels/sms/twilioSmsSender';
import { ussdWithKey } from '../../../../bots/channels/ussd/ussdAccess';
import { ussdRouter } from '../../../../bots/channels/ussd/ussdRoute';
import { whatsAppTurnAnswer } from '../../../../bots/channels/whatsapp/whatsappText';
import type { TurnResult } from '../../../../bots/runtime/inbound';
import { MongoPinAdvice } from '../../../../integrations/mongo/pinAdviceStore';
import type { Msisdn } from '../../../../domain/phone';
import { MongoPinSmsDeletions } from '../../../../integrations/mongo/pinSmsDeletionStore';
import { startTwilioSimulator, type TwilioSimulator } from '../../../../integrations/twilio/twilioSimulator';
import { useProduct } from '../../../support/chat';
import { expectConsistent } from '../../../support/ledger';
import { balanceOf, fund } from '../../e2e.support';
import { capturedLogs, serve } from '../http/support';

// Built at run time so that nothing in the repository looks like a real credential.
const AUTH_TOKEN = randomBytes(16).toString('hex');
const ACCOUNT_SID = `AC${randomBytes(16).toString('hex')}`;
const USSD_KEY = randomBytes(16).toString('hex');
const PUBLIC_URL = 'https://pay.example.cm';
const PLAYED = '237677510001' as Msisdn;

const product = useProduct();
const logs = capturedLogs();
let server: Awaited<ReturnType<typeof serve>>;
let twilio: TwilioSimulator;
let outbox: { stop(): Promise<void> };
let browser: Browser;
let page: Page;
// Script errors and anything the page's Content-Security-Policy blocked.
const pageProblems: string[] = [];

beforeAll(async () => {
  const metrics = new Metrics({ processMetrics: false });
  const turns = new ChannelTurns(product.conversations, metrics);
  twilio = await startTwilioSimulator({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  const pinAdvice = new MongoPinAdvice(product.db.connection);
  const simulator = {
    turns,
    publicUrl: PUBLIC_URL,
    smsSimulator: twilio,
    smsPath: SMS_WEBHOOK_PATH,
    chatAnswer: (msisdn: Msisdn, turn: TurnResult) => whatsAppTurnAnswer(pinAdvice, msisdn, turn, new Date()),
  };
  const app = createHttpApp({
    turns,
    readiness: async () => ({ ok: true, details: {} }),
    metrics,
    logger: logs.logger,
    channels: [
      createSmsChannel({
        turns,
        authToken: AUTH_TOKEN,
        publicUrl: PUBLIC_URL,
        logger: logs.logger,
        metrics,
        pinSmsEraser: new PinSmsEraser({
          authToken: AUTH_TOKEN,
          apiBaseUrl: twilio.url,
          deletions: new MongoPinSmsDeletions(product.db.connection),
          logger: logs.logger,
        }),
      }),
      { path: '/webhooks/ussd', router: ussdWithKey(USSD_KEY, ussdRouter({ conversations: turns })) },
      simulatorChannel({ ...simulator, twilioAuthToken: AUTH_TOKEN, twilioAccountSid: ACCOUNT_SID, ussdKey: USSD_KEY }),
      // The same simulator holding the wrong secrets: the real routes must refuse what it forwards.
      {
        path: '/wrong-secrets',
        router: simulatorChannel({ ...simulator, twilioAuthToken: 'not-the-token', ussdKey: 'not-the-key' }).router,
      },
    ],
  });
  server = await serve(app);
  const sender = new TwilioSmsSender({
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    from: '+237650000000',
    apiBaseUrl: twilio.url,
  });
  outbox = new OutboxWorker({
    outbox: product.services.outbox,
    users: product.services.people,
    senders: [sender],
    ratePerSecond: { sms: 1000 },
  }).start({ intervalMs: 200 });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  page = await browser.newPage();
  page.on('pageerror', (error) => pageProblems.push(error.message));
  page.on('console', (message) => {
    if (/Content.Security.Policy|Refused to/i.test(message.text())) pageProblems.push(message.text());
  });
  await page.goto(`${server.url}${SIMULATOR_PATH}`);
  await page.fill('#msisdn', '+237 6 77 51 00 01');
  await page.press('#msisdn', 'Tab');
});

afterAll(async () => {
  await browser?.close();
  await outbox?.stop();
  await server?.close();
  await twilio?.close();
});

/** Types a message in a conversation tab and returns the bubbles it was answered with. */
async function say(tab: 'chat' | 'sms', text: string): Promise<string[]> {
  const answers = page.locator(`#${tab}-log li.in`);
  const before = await answers.count();
  await page.fill(`#${tab}-input`, text);
  await page.press(`#${tab}-input`, 'Enter');
  // The replies of one answer are added together: once the first is there, all are.
  await answers.nth(before).waitFor();
  return (await page.locator(`#${tab}-log li.in .text`).allTextContents()).slice(before);
}

async function openTab(tab: 'chat' | 'sms' | 'ussd'): Promise<void> {
  await page.click(`[data-tab=${tab}]`);
  await page.locator(`#panel-${tab}`).waitFor();
}

/** What the USSD dialog shows once the network answered. */
async function ussdScreen(): Promise<string> {
  await page.locator('#ussd-screen', { hasText: /^(?!USSD code running)/ }).waitFor();
  return (await page.textContent('#ussd-screen')) ?? '';
}

describe('the simulator page', () => {
  it('signs a person up through the WhatsApp-style chat; PIN messages stay on the phone, marked, advice once', async () => {
    await openTab('chat');
    expect((await say('chat', 'hi'))[0]).toContain('Bienvenue ! Welcome!');
    expect(await say('chat', '2')).toEqual(['What is your name? (as on your ID card)']);
    expect((await say('chat', 'Nadia Fotso'))[0]).toContain('PIN');
    const chosen = await say('chat', '2468');
    expect(chosen[0]).toContain('Enter the same PIN again');
    expect(chosen[0]).toContain('WhatsApp does not let us delete them from your phone');
    const confirmed = await say('chat', '2468');
    expect(confirmed[0]).toContain('terms');
    expect(confirmed[0]).not.toContain('WhatsApp does not let us delete');
    const done = await say('chat', '1');
    expect(done[0]).toContain('Welcome Nadia Fotso! Your wallet is open.');
    expect(done[0]).toContain('Hello Nadia Fotso. What would you like to do?');

    expect(await product.services.people.find(PLAYED)).toMatchObject({ name: 'Nadia Fotso', language: 'en' });
    // The WhatsApp channel deletes PIN messages from the bot's side only: both stay on this phone, marked.
    const pins = page.locator('#chat-log li.out.pin');
    expect(await pins.count()).toBe(2);
    expect(await pins.locator('.text').allTextContents()).toEqual(['2468', '2468']);
    expect(await pins.first().locator('.note').textContent()).toBe(
      "PIN: deleted on the bot's side only. It stays on this phone until you delete it.",
    );
  });

  it('shows a notice arriving when another person sends money to the number played', async () => {
    const ama = await product.signedUp('237677510002', 'Ama Mensah');
    await fund(product, ama.msisdn, 10_000);
    await ama.says('3');
    await ama.says('677510001');
    await ama.says('2500');
    await ama.says('1');
    expect((await ama.says('2468'))[0]).toMatch(/^Sent 2 500 FCFA to Nadia Fotso/);

    const notice = page.locator('#notice-log li', { hasText: 'You received 2 500 FCFA from Ama Mensah' });
    await notice.waitFor({ timeout: 15_000 });
    expect(await page.textContent('#notice-count')).toBe('1');
    expect(twilio.messages.filter((sms) => sms.to === `+${PLAYED}`)).toHaveLength(1);
    await expectConsistent(product.services.ledger.store);
  });

  it('shows the balance by SMS, through the real SMS route with a valid signature', async () => {
    await openTab('sms');
    expect(await say('sms', '00')).toEqual([expect.stringContaining('Hello Nadia Fotso. What would you like to do?')]);
    expect(await say('sms', '1')).toEqual(['Enter your PIN to see your balance and history.']);
    expect(await say('sms', '2468')).toEqual([
      'Available: 2 500 FCFA. On hold: 0 FCFA. Incoming: 0 FCFA. Send 00 for the menu.',
    ]);
    expect(await balanceOf(product, PLAYED)).toMatchObject({ available: 2500 });
  });

  it('dials *126# on the USSD tab: the main menu, then the balance; an unknown code gets the handset error', async () => {
    await openTab('ussd');
    expect(await page.inputValue('#ussd-dial')).toBe('*126#');
    await page.click('#ussd-call');
    const menu = await ussdScreen();
    expect(menu).toContain('Hello Nadia Fotso');
    expect(menu).toMatch(/^1\. Balance$/m);
    expect(await page.isVisible('#ussd-input')).toBe(true);

    await page.fill('#ussd-input', '1');
    await page.click('#ussd-send');
    // The balance asks the PIN once per session; the SMS test before may have typed it in this session already.
    const shown = page.locator('#ussd-screen', { hasText: /Available: 2 500 FCFA|Enter your PIN/ });
    if ((await shown.textContent())?.includes('Enter your PIN')) {
      await page.fill('#ussd-input', '2468');
      await page.click('#ussd-send');
    }
    await page.locator('#ussd-screen', { hasText: 'Available: 2 500 FCFA' }).waitFor();
    // Whether the balance ends the session or waits for more, Cancel or OK closes the dialog.
    const waiting = await page.isVisible('#ussd-input');
    await page.click(waiting ? '#ussd-cancel' : '#ussd-ok');
    await page.locator('#ussd-dialog').waitFor({ state: 'hidden' });

    await page.fill('#ussd-dial', '*999#');
    await page.click('#ussd-call');
    expect(await ussdScreen()).toBe('Connection problem or invalid MMI code.');
    await page.click('#ussd-ok');

    // An input dialled with the service code is the first answer of the session.
    await page.fill('#ussd-dial', '*126*1#');
    await page.click('#ussd-call');
    expect(await ussdScreen()).toContain('Available: 2 500 FCFA');
    await page.click((await page.isVisible('#ussd-input')) ? '#ussd-cancel' : '#ussd-ok');
  });

  it("deletes an SMS holding a PIN from the local Twilio simulator's log, and marks it on the page", async () => {
    await openTab('sms');
    const deletedBefore = twilio.deletions.filter((d) => d.from === `+${PLAYED}`).length;
    // The balance test's PIN, typed over SMS too, may already be marked: wait for one more, not for the first.
    const erased = page.locator('#sms-log li.out.erased');
    const erasedBefore = await erased.count();
    await say('sms', '00');
    for (const text of ['3', '677510002', '500']) await say('sms', text);
    expect((await say('sms', '1')).join('\n')).toContain('Enter your PIN');
    expect((await say('sms', '2468')).join('\n')).toContain('Sent 500 FCFA to Ama Mensah');

    await erased.nth(erasedBefore).waitFor({ timeout: 10_000 });
    // Only the PINs are marked, each with the note.
    expect(await erased.locator('.text').allTextContents()).toEqual(Array(erasedBefore + 1).fill('2468'));
    expect(await erased.last().locator('.note').textContent()).toBe(
      "PIN: deleted from Twilio's message log. It stays on this phone until you delete it.",
    );
    // The log kept the other SMS this number sent, not the PIN.
    const sent = twilio.messages.filter((sms) => sms.direction === 'inbound' && sms.from === `+${PLAYED}`);
    expect(sent.map((sms) => sms.body)).toContain('677510002');
    expect(sent.map((sms) => sms.body)).not.toContain('2468');
    // This test's PIN only (the balance's PIN typed earlier over SMS was deleted too).
    expect(twilio.deletions.filter((d) => d.from === `+${PLAYED}`)).toHaveLength(deletedBefore + 1);
  });

  it('refuses a number outside Cameroon and says so', async () => {
    await page.fill('#msisdn', '+33 6 12 34 56 78');
    await page.press('#msisdn', 'Tab');
    await openTab('chat');
    expect(await say('chat', 'hi')).toEqual(['Not a Cameroonian mobile number.']);
    expect(await page.textContent('#msisdn-error')).toBe('Not a Cameroonian mobile number.');
  });

  it('keeps the secrets on the server: the page never holds them, and the real routes refuse wrong ones', async () => {
    const pageResponse = await fetch(`${server.url}${SIMULATOR_PATH}`);
    expect(pageResponse.headers.get('content-security-policy')).toContain("script-src 'self'");
    const served = [
      await pageResponse.text(),
      await (await fetch(`${server.url}${SIMULATOR_PATH}/simulator.js`)).text(),
    ].join('\n');
    expect(served).not.toContain(AUTH_TOKEN);
    expect(served).not.toContain(USSD_KEY);

    const post = (path: string, body: object) =>
      fetch(`${server.url}/wrong-secrets${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    const sms = await post('/sms', { msisdn: '677510001', text: '1' });
    expect(sms.status).toBe(502);
    expect(await sms.json()).toEqual({ error: 'sms_route_answered_403' });
    const ussd = await post('/ussd', { msisdn: '677510001', dial: '*126#' });
    expect(ussd.status).toBe(502);
    expect(await ussd.json()).toEqual({ error: 'ussd_route_answered_403' });
    expect(pageProblems).toEqual([]);
  });
});
