/**
 * The simulator page's WhatsApp Cloud tab in Debian's Chromium, against the product's real HTTP server: the channel
 * as the settings set it up without Meta credentials (the local Graph API simulator, its PIN Flow with a key pair made
 * at start), on the real runtime and database. Buttons and lists show as buttons to tap; a PIN is asked with a form
 * whose answer the simulator encrypts as WhatsApp does, and which never shows in the chat.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { whatsappCloudFromSettings, type WhatsAppCloudSetup } from '../../../../bots/app/whatsappCloudSetup';
import { Metrics } from '../../../../bots/channels/http/metrics';
import { createHttpApp } from '../../../../bots/channels/http/server';
import { ChannelTurns } from '../../../../bots/channels/http/turns';
import { SIMULATOR_PATH, simulatorChannel } from '../../../../bots/channels/simulator/simulatorRoute';
import type { Msisdn } from '../../../../domain/phone';
import { loadConfig } from '../../../../integrations/config';
import { MongoPinFlowTokens } from '../../../../integrations/mongo/pinFlowTokenStore';
import { useProduct } from '../../../support/chat';
import { capturedLogs, serve } from '../http/support';

const product = useProduct();
const logs = capturedLogs();
let server: Awaited<ReturnType<typeof serve>>;
let setup: WhatsAppCloudSetup;
let browser: Browser;
let page: Page;
const pageProblems: string[] = [];

beforeAll(async () => {
  const metrics = new Metrics({ processMetrics: false });
  const turns = new ChannelTurns(product.conversations, metrics);
  const made = await whatsappCloudFromSettings(loadConfig({}), {
    turns,
    receipts: product.services.outbox,
    pinFlowTokens: new MongoPinFlowTokens(product.db.connection),
    logger: logs.logger,
    metrics,
    simulation: true,
  });
  if (!made?.flowEndpoint || !made.playground) throw new Error('the simulated channel has no PIN form');
  setup = made;
  const app = createHttpApp({
    turns,
    readiness: async () => ({ ok: true, details: {} }),
    metrics,
    logger: logs.logger,
    channels: [
      setup.channel,
      setup.flowEndpoint!,
      simulatorChannel({
        turns,
        publicUrl: 'https://pay.example.cm',
        twilioAuthToken: null,
        ussdKey: null,
        smsSimulator: null,
        smsPath: '/webhooks/sms',
        chatAnswer: async () => [],
        cloud: setup.playground,
      }),
    ],
  });
  server = await serve(app);
  await setup.start(server.url);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  page = await browser.newPage();
  page.on('pageerror', (error) => pageProblems.push(error.message));
  page.on('console', (message) => {
    if (/Content.Security.Policy|Refused to/i.test(message.text())) pageProblems.push(message.text());
  });
  await page.goto(`${server.url}${SIMULATOR_PATH}`);
  await page.fill('#msisdn', '+237 6 77 52 00 01');
  await page.press('#msisdn', 'Tab');
  await page.click('[data-tab=cloud]');
  await page.locator('#panel-cloud').waitFor();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await setup?.stop();
});

const answers = () => page.locator('#cloud-log li.in');

/** Waits for the answers after `before` to arrive; returns the texts of the new ones. */
async function newAnswers(before: number, act: () => Promise<void>): Promise<string[]> {
  await act();
  await answers().nth(before).waitFor();
  await page.locator('#cloud-status', { hasText: 'online' }).waitFor();
  return (await page.locator('#cloud-log li.in > .text').allTextContents()).slice(before);
}

async function types(text: string): Promise<string[]> {
  const before = await answers().count();
  return newAnswers(before, async () => {
    await page.fill('#cloud-input', text);
    await page.press('#cloud-input', 'Enter');
  });
}

async function taps(title: string): Promise<string[]> {
  const before = await answers().count();
  return newAnswers(before, () => page.locator('#cloud-log li.in').last().getByRole('button', { name: title }).click());
}

async function entersPin(pin: string): Promise<string[]> {
  const before = await answers().count();
  const form = page.locator('#cloud-log li.in[data-kind=form]').last();
  await form.getByRole('button', { name: 'Enter my PIN' }).click();
  return newAnswers(before, async () => {
    await form.getByLabel('PIN').fill(pin);
    await form.getByRole('button', { name: 'Send' }).click();
  });
}

it('signs a person up on the WhatsApp Cloud tab: buttons to tap, the PIN in forms that leave no trace in the chat', async () => {
  expect((await types('hi'))[0]).toContain('Bienvenue ! Welcome!');
  expect(await taps('English')).toEqual(['What is your name? (as on your ID card)']);
  const asked = await types('Nadia Fotso');
  expect(asked[0]).toContain('Choose a secret PIN');
  expect(await page.locator('#cloud-log li.in[data-kind=form]').count()).toBe(1);
  expect(await entersPin('2468')).toEqual(['Enter the same PIN again to confirm it.']);
  expect((await entersPin('2468'))[0]).toContain('terms');
  const menu = await taps('I accept');
  expect(menu[0]).toContain('Hello Nadia Fotso. What would you like to do?');
  // The main menu is a list: its rows are buttons too.
  const rows = page.locator('#cloud-log li.in').last().locator('.actions button');
  expect(await rows.allTextContents()).toContain('Balance');

  expect(await product.services.people.find('237677520001' as Msisdn)).toMatchObject({ name: 'Nadia Fotso' });
  // The PIN went in forms only: the chat holds no bubble with it, and each form says where it went.
  const sent = await page.locator('#cloud-log li.out .text').allTextContents();
  expect(sent).toEqual(['hi', 'English', 'Nadia Fotso', 'I accept']);
  expect(await page.locator('#cloud-log .note').allTextContents()).toEqual([
    'PIN sent in the form, encrypted: it is not in this chat.',
    'PIN sent in the form, encrypted: it is not in this chat.',
  ]);
  expect(pageProblems).toEqual([]);
});
