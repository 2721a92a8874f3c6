/**
 * The pay page in Debian's Chromium, on the whole product and its real rail clients, served on the product's port
 * beside the providers' simulators as npm start serves it: its stylesheet loads under its own
 * Content-Security-Policy with nothing blocked, the form is filled and sent as a person would, and the page reloads
 * itself (meta refresh, no script) until it shows the request paid: by MTN MoMo (the simulator's sandbox number
 * approves after a while), and by card, through the Notch Pay simulator's checkout and 3-D Secure pages and back.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Msisdn } from '../../../domain/phone';
import { useProduct } from '../../support/chat';
import { expectConsistent } from '../../support/ledger';
import { balanceOf, noticesFor } from '../e2e.support';
import { usePayPagesOnPort } from './payPagesOnPort';

const product = useProduct();
const pay = usePayPagesOnPort(product, { refreshSeconds: 1 });
let browser: Browser;
let page: Page;
// Script errors, and anything a page's Content-Security-Policy blocked (the pay page's or the checkout's).
let pageProblems: string[] = [];

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
});
beforeEach(async () => {
  pageProblems = [];
  page = await browser.newPage({ locale: 'fr-FR' });
  page.on('pageerror', (error) => pageProblems.push(error.message));
  page.on('console', (message) => {
    if (/Content.Security.Policy|Refused to/i.test(message.text())) pageProblems.push(message.text());
  });
});
afterEach(async () => {
  await page.close();
  await expectConsistent(product.services.ledger.store);
});
afterAll(async () => {
  await browser?.close();
});

/** A request from a new account to a number without one; the pay link its SMS (in French) carries. */
async function requestTo(id: string, requester: string, name: string, payer: Msisdn, amount: number) {
  const person = await product.signedUp(requester, name);
  const created = await pay.requests.create({
    id,
    requester: { kind: 'wallet', msisdn: person.msisdn },
    payer,
    amount,
    reason: 'Cotisation <tontine>',
  });
  expect(created.ok).toBe(true);
  const [sms] = await noticesFor(product, payer, 'fr');
  const link = /http:\/\/\S+\/pay\/[A-Za-z0-9_-]{43}/.exec(sms ?? '')?.[0];
  if (!link) throw new Error(`no pay link in: ${sms}`);
  return { person, link };
}

it('is paid by MTN MoMo from the browser, in French, and says so once the payer approved', async () => {
  const { person: awa, link } = await requestTo(
    'chromium-pay-page',
    '237677550001',
    'Awa Ndiaye',
    '237677550002' as Msisdn,
    6_000,
  );

  const loaded = await page.goto(link);
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
  await page.waitForURL(`${link}?lang=fr`);
  await expect(page.locator('.status').textContent()).resolves.toContain('Validez le paiement de 6 000 FCFA');

  // No script: the page reloads itself until the payer approved (the sandbox number ending in 4 takes 0.5 s).
  await page.locator('text=Payé.').waitFor({ timeout: 8_000 });
  expect((await balanceOf(product, awa.msisdn)).available).toBe(6_000);
  expect(pageProblems).toEqual([]);
});

it('is paid by card: the checkout page, 3-D Secure, back to the pay page, which says it is paid', async () => {
  const { person: yaw, link } = await requestTo(
    'chromium-card',
    '237677550011',
    'Yaw Asante',
    '237677550012' as Msisdn,
    9_000,
  );
  await page.goto(link);
  await page.check('input[value="card"]');
  await page.click('button[type="submit"]');

  // The pay page's form led to the Notch Pay simulator's hosted checkout (its CSP lets the form go there).
  await page.waitForURL((url) => url.pathname.startsWith('/simulators/notch-pay/checkout/'));
  await page.getByText('Yaw Asante').waitFor();
  await page.getByLabel('Bank card (Visa, Mastercard)').check();
  await page.getByLabel('Card number').fill('4242 4242 4242 4242');
  await page.getByLabel('Expiry (MM/YY)').fill('12/39');
  await page.getByLabel('CVV').fill('123');
  await page.getByRole('button', { name: 'Pay' }).click();
  await page.getByText('visa ending 4242').waitFor();
  await page.getByLabel('One-time code').fill('123456');
  await page.getByRole('button', { name: 'Confirm' }).click();

  // Notch Pay brings the payer back to the pay page, which reloads itself until the webhook's news is in.
  await page.waitForURL((url) => url.href.startsWith(link));
  expect(new URL(page.url()).searchParams.get('status')).toBe('complete');
  await page.locator('text=Payé.').waitFor({ timeout: 8_000 });
  expect((await balanceOf(product, yaw.msisdn)).available).toBe(9_000);
  expect(pageProblems).toEqual([]);
});
