/**
 * The pay page in Debian's Chromium, on the whole product: its stylesheet loads under its own
 * Content-Security-Policy with nothing blocked, the form is filled and sent as a person would, and the page reloads
 * itself (meta refresh, no script) until it shows the request paid.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { Metrics } from '../../../bots/channels/http/metrics';
import { createHttpApp } from '../../../bots/channels/http/server';
import { ChannelTurns } from '../../../bots/channels/http/turns';
import { payPageChannel } from '../../../bots/pages/pay/payRoute';
import type { Msisdn } from '../../../domain/phone';
import { useProduct } from '../../support/chat';
import { expectConsistent } from '../../support/ledger';
import { capturedLogs, serve } from '../channels/http/support';
import { balanceOf, noticesFor } from '../e2e.support';

const product = useProduct();
const logs = capturedLogs();
let server: Awaited<ReturnType<typeof serve>>;
let browser: Browser;
let page: Page;
// Script errors, and anything the page's Content-Security-Policy blocked.
const pageProblems: string[] = [];

beforeAll(async () => {
  const metrics = new Metrics({ processMetrics: false });
  const app = createHttpApp({
    turns: new ChannelTurns(product.conversations, metrics),
    readiness: async () => ({ ok: true, details: {} }),
    metrics,
    logger: logs.logger,
    channels: [payPageChannel({ pages: product.services.paymentRequests.byLink!, refreshSeconds: 1 })],
  });
  server = await serve(app);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  page = await browser.newPage({ locale: 'fr-FR' });
  page.on('pageerror', (error) => pageProblems.push(error.message));
  page.on('console', (message) => {
    if (/Content.Security.Policy|Refused to/i.test(message.text())) pageProblems.push(message.text());
  });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});
afterEach(() => expectConsistent(product.services.ledger.store));

it('is paid by MTN MoMo from the browser, in French, and says so once the payer approved', async () => {
  const awa = await product.signedUp('237677550001', 'Awa Ndiaye');
  const payer = '237677550002' as Msisdn;
  const created = await product.services.paymentRequests.create({
    id: 'chromium-pay-page',
    requester: { kind: 'wallet', msisdn: awa.msisdn },
    payer,
    amount: 6_000,
    reason: 'Cotisation <tontine>',
  });
  expect(created.ok).toBe(true);
  const [sms] = await noticesFor(product, payer, 'fr');
  const path = /\/pay\/[A-Za-z0-9_-]{43}/.exec(sms ?? '')?.[0];

  const loaded = await page.goto(`${server.url}${path}`);
  expect(loaded?.status()).toBe(200);
  await expect(page.locator('h1').textContent()).resolves.toBe('Payer une demande');
  await expect(page.locator('blockquote').textContent()).resolves.toBe('Cotisation <tontine>');
  // The stylesheet applied: the page card is centred with a white background.
  await expect(
    page.locator('main').evaluate((m) => m.ownerDocument.defaultView?.getComputedStyle(m).backgroundColor),
  ).resolves.toBe('rgb(255, 255, 255)');

  await page.check('input[value="mtn_momo"]');
  await page.fill('input[name="number"]', '677 12 34 54');
  await page.click('button[type="submit"]');
  await page.waitForURL(`${server.url}${path}?lang=fr`);
  await expect(page.locator('.status').textContent()).resolves.toContain('Validez le paiement de 6 000 FCFA');

  // No script: the page reloads itself until the payer approved (the sandbox number ending in 4 takes 0.5 s).
  await page.locator('text=Payé.').waitFor({ timeout: 8_000 });
  expect((await balanceOf(product, awa.msisdn)).available).toBe(6_000);
  expect(pageProblems).toEqual([]);
});
