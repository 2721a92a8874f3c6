/**
 * The simulator's checkout page in Debian's Chromium, as a payer clicks it: choose the card, type it, pass 3-D
 * Secure, land on our return page; nothing on the page breaks its Content-Security-Policy. Then the rail says the
 * payment succeeded and the signed webhook reached our route.
 */
import { randomBytes } from 'node:crypto';
import { chromium, type Browser } from 'playwright-core';
import type { Francs } from '../../../domain/money';
import type { Msisdn } from '../../../domain/phone';
import { useTestDatabase } from '../../support/database';
import { eventually, RETURN_PATH, startNotchPayHarness, transferId, type NotchPayHarness } from './support';

const db = useTestDatabase();
let harness: NotchPayHarness;
let browser: Browser;

beforeAll(async () => {
  harness = await startNotchPayHarness(db.connection);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
});
afterAll(async () => {
  await browser?.close();
  await harness?.close();
});

it('a payer pays by card with 3-D Secure in Chromium and returns to our page', async () => {
  const reference = transferId();
  const shortReference = randomBytes(4).toString('hex').toUpperCase();
  const acceptance = await harness.rail().requestPayment({
    reference,
    shortReference,
    msisdn: '237677123456' as Msisdn,
    amount: 25000 as Francs,
    payerMessage: 'Top-up',
  });
  if (!acceptance.ok || !acceptance.checkoutUrl) throw new Error('no checkout page');

  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (/Content.Security.Policy|Refused to/i.test(message.text())) problems.push(message.text());
  });
  await page.goto(acceptance.checkoutUrl);
  await page.getByText('25 000 FCFA').waitFor();
  await page.getByLabel('Bank card (Visa, Mastercard)').check();
  await page.getByLabel('Card number').fill('4242 4242 4242 4242');
  await page.getByLabel('Expiry (MM/YY)').fill('12/39');
  await page.getByLabel('CVV').fill('123');
  await page.getByRole('button', { name: 'Pay' }).click();

  await page.getByText('visa ending 4242').waitFor();
  await page.getByLabel('One-time code').fill('123456');
  await page.getByRole('button', { name: 'Confirm' }).click();

  await page.waitForURL((url) => url.pathname === RETURN_PATH);
  const back = new URL(page.url());
  expect(back.searchParams.get('status')).toBe('complete');
  expect(back.searchParams.get('reference')).toBe(shortReference);
  expect(problems).toEqual([]);

  await expect(harness.rail().status('collect', reference)).resolves.toEqual({ outcome: 'succeeded' });
  await eventually(() => harness.callbacks.some((c) => c.reference === shortReference));
});
