/**
 * The merchant dashboard in Debian's Chromium (playwright-core), on the whole product over real HTTP: the owner signs
 * in with the code sent in their chat, creates a payment link, a customer without an account pays it on the pay page
 * with the MTN MoMo simulator, the overview open in another tab shows the new figures without reloading (server-sent
 * events), the owner refunds part of the payment and exports the transactions as CSV. Once on a desktop window in
 * French, once on a phone-sized one in English (the menu folded). Every page loads under its
 * Content-Security-Policy with nothing blocked and no script error.
 */
import { readFile } from 'node:fs/promises';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { accountIds } from '../../../domain/ledger/accounts';
import type { Msisdn } from '../../../domain/phone';
import type { Language } from '../../../domain/users';
import { useProduct } from '../../support/chat';
import { expectConsistent } from '../../support/ledger';
import { aTeamMerchant, lastSignInCode } from './dashboard.support';

const product = useProduct({ pagesOnPort: true });
let browser: Browser;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
});
afterAll(async () => {
  await browser?.close();
});
afterEach(() => expectConsistent(product.services.ledger.store));

/** What each language's pages say, where the journey reads or clicks them. */
const WORDS = {
  fr: {
    number: 'Numéro de téléphone',
    send: 'Envoyer le code',
    code: 'Code',
    signIn: 'Se connecter',
    createLink: 'Créer le lien',
    paid: 'Payé.',
    refund: 'Rembourser',
    refunded: 'Remboursement de 2 000 FCFA enregistré',
    transactions: 'Transactions',
    exportCsv: 'Exporter',
  },
  en: {
    number: 'Phone number',
    send: 'Send the code',
    code: 'Code',
    signIn: 'Sign in',
    createLink: 'Create the link',
    paid: 'Paid.',
    refund: 'Refund',
    refunded: 'Refund of 2 000 FCFA recorded',
    transactions: 'Transactions',
    exportCsv: 'Export CSV',
  },
} as const;

/** A page whose script errors and Content-Security-Policy refusals are collected in `problems`. */
async function watchedPage(context: BrowserContext, problems: string[]): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (/Content.Security.Policy|Refused to/i.test(message.text())) problems.push(message.text());
  });
  return page;
}

/** Opens the menu where it is folded (a phone), then follows one of its entries. */
async function goByMenu(page: Page, entry: string): Promise<void> {
  const menu = page.locator('details.menu');
  if (!(await menu.evaluate((m) => (m as unknown as { open: boolean }).open))) await menu.locator('summary').click();
  await menu.getByRole('link', { name: entry, exact: true }).click();
}

async function journey(options: {
  prefix: string;
  payer: Msisdn;
  language: Language;
  viewport: { width: number; height: number };
  phone: boolean;
}) {
  const words = WORDS[options.language];
  const merchant = await aTeamMerchant(product, options.prefix);
  const account = accountIds.merchant(merchant.merchantId);
  const problems: string[] = [];
  const context = await browser.newContext({
    viewport: options.viewport,
    isMobile: options.phone,
    hasTouch: options.phone,
    locale: options.language === 'fr' ? 'fr-FR' : 'en-GB',
    acceptDownloads: true,
  });
  try {
    const base = product.dashboard.url;

    // Sign in with the code the owner received in their chat.
    const overview = await watchedPage(context, problems);
    await overview.goto(`${base}/sign-in?lang=${options.language}`);
    await overview.getByLabel(words.number).fill(merchant.owner.slice(3));
    await overview.getByRole('button', { name: words.send }).click();
    await overview.getByLabel(words.code, { exact: true }).fill(await lastSignInCode(product, merchant.owner));
    await overview.getByRole('button', { name: words.signIn }).click();
    await overview.waitForURL(/\/dashboard\/overview/);
    await expect(overview.locator('#kpi-count').textContent()).resolves.toBe('0');
    // The figures arrive live: the page is marked, and must still carry the mark once they changed.
    await overview.locator('#overview[data-live="on"]').waitFor();
    await overview.evaluate('window.notReloaded = true');

    // In another tab: a payment link for 5 000 F.
    const work = await watchedPage(context, problems);
    await work.goto(`${base}/links?lang=${options.language}`);
    await work.locator('.links-form input[name="reason"]').fill('Panier de fruits');
    await work.locator('.links-form input[name="amount"]').fill('5000');
    await work.getByRole('button', { name: words.createLink }).click();
    const linkUrl = await work.locator('a.links-new-url').getAttribute('href');
    expect(linkUrl).toMatch(/\/l\/[0-9A-Z]{8}$/);
    expect(
      await work
        .locator('img.qr')
        .first()
        .evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
    ).toBeGreaterThan(0);

    // The customer opens the link, gives their number and pays by MTN MoMo on the pay page.
    const customer = await watchedPage(context, problems);
    await customer.goto(`${linkUrl}?lang=${options.language}`);
    await customer.locator('input[name="number"]').fill(options.payer.slice(3));
    await customer.locator('button[type="submit"]').click();
    await customer.waitForURL(/\/pay\//);
    await customer.check('input[value="mtn_momo"]');
    await customer.locator('input[name="number"]').fill(options.payer.slice(3));
    await customer.locator('button[type="submit"]').click();
    await customer.getByText(words.paid).waitFor({ timeout: 30_000 });

    // The overview changed without a reload.
    await overview.locator('#kpi-count', { hasText: /^1$/ }).waitFor({ timeout: 30_000 });
    await expect(overview.locator('#kpi-volume').textContent()).resolves.toBe('5 000 FCFA');
    expect(await overview.evaluate('window.notReloaded')).toBe(true);
    expect((await product.services.ledger.balance(account)).available).toBe(5_000);

    // A partial refund from the payment's page, back to the MoMo number that paid.
    await goByMenu(work, words.transactions);
    await work.locator('a.tx-ref').first().click();
    await work.locator('input[name="amount"]').fill('2000');
    await work.getByRole('button', { name: words.refund, exact: true }).click();
    await work.getByText(words.refunded).waitFor();
    const refunds = await product.services.refunds.list(merchant.merchantId, { limit: 10 });
    expect(refunds.data.map((r) => r.amount)).toEqual([2_000]);

    // The CSV export of the transactions.
    await goByMenu(work, words.transactions);
    const [download] = await Promise.all([
      work.waitForEvent('download'),
      work.getByRole('link', { name: new RegExp(words.exportCsv) }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^transactions-.+\.csv$/);
    const csv = await readFile((await download.path()) ?? '', 'utf8');
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('5000');
    expect(lines[1]).toContain('mtn_momo');

    // On a phone the layout fits the screen: nothing wider than the window but the tables' own scroll boxes.
    const overflow = await work.evaluate('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    expect(problems).toEqual([]);
  } finally {
    await context.close();
  }
}

it('signs in, makes a link, sees it paid live, refunds part and exports the CSV, in French on a desktop', async () => {
  await journey({
    prefix: '237677780',
    payer: '237677123454' as Msisdn,
    language: 'fr',
    viewport: { width: 1280, height: 900 },
    phone: false,
  });
});

it('does the same in English on a phone-sized window, through the folded menu', async () => {
  await journey({
    prefix: '237677781',
    payer: '237677123454' as Msisdn,
    language: 'en',
    viewport: { width: 375, height: 740 },
    phone: true,
  });
});
