/**
 * A merchant's payment link over real HTTP on the whole product: its page, the request it makes for whoever fills
 * it, that request paid on its pay page through the MTN MoMo simulator by someone without an account, and the
 * merchant credited; the bounds of a payer-chosen amount; a single-use link two payers race for; its QR codes.
 */
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { accountIds } from '../../../domain/ledger/accounts';
import { linkPageMessages } from '../../../flows/messages/linkPage';
import { eventually, useProduct } from '../../support/chat';
import { expectConsistent } from '../../support/ledger';
import { mtnMomoPrompts } from '../../support/railSimulators';
import { get, payByMomo, post, useMerchantPages } from './links.support';

const product = useProduct();
const pages = useMerchantPages(product);
afterEach(() => expectConsistent(product.services.ledger.store));

let ids = 0;
async function aLink(fields: Partial<Parameters<typeof pages.links.create>[0]> = {}) {
  ids += 1;
  const made = await pages.links.create({
    merchantId: pages.merchant._id,
    id: `link-${ids}`,
    reusable: true,
    amount: 2500,
    reason: '<b>Savon</b> & "huile"',
    ...fields,
  });
  if (!made.ok) throw new Error(made.reason);
  return made.link;
}

const merchantBalance = async () =>
  (await product.services.ledger.balance(accountIds.merchant(pages.merchant._id))).available;

describe('a payment link page', () => {
  it('is paid by someone without an account on the pay page through MTN MoMo, once for a single-use link', async () => {
    const link = await aLink({ reusable: false, amount: 4000 });
    expect(link.url).toBe(`${pages.payPages.url}/l/${link.code}`);
    const page = await get(`${link.url}?lang=en`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.body).not.toMatch(/<script|\son\w+=/i);
    expect(page.body).toContain('Boutique Mbarga &#38; Fils asks for 4 000 FCFA.');
    expect(page.body).toContain('<blockquote>&#60;b&#62;Savon&#60;/b&#62; &#38; &#34;huile&#34;</blockquote>');
    expect(page.body).not.toContain('name="amount"');

    const before = await merchantBalance();
    const posted = await post(`${link.url}?lang=en`, { number: '677 53 00 01' });
    expect(posted.status).toBe(303);
    expect(posted.location).toMatch(new RegExp(`^${pages.payPages.url}/pay/[A-Za-z0-9_-]{43}$`));
    const payPage = await get(`${posted.location!}?lang=en`);
    expect(payPage.body).toContain('Boutique Mbarga &#38; Fils');
    await payByMomo(posted.location!);
    expect(await mtnMomoPrompts(product.db.connection, '237677123454')).toContainEqual(
      expect.objectContaining({ amount: '4000' }),
    );
    await eventually(async () => {
      expect(JSON.parse((await get(`${posted.location!}/status`)).body)).toMatchObject({ status: 'paid' });
    });
    expect((await merchantBalance()) - before).toBe(4000);

    const after = await pages.links.get(pages.merchant._id, link.id);
    expect(after).toMatchObject({ status: 'full', paymentsCount: 1 });
    const full = await get(`${link.url}?lang=en`);
    expect(full.body).toContain(linkPageMessages.en.full);
    expect(full.body).not.toContain('<form');
    const again = await post(`${link.url}?lang=en`, { number: '677530002' });
    expect(again).toMatchObject({ status: 303, location: `/l/${link.code}?lang=en` });
  });

  it('lets one of two payers racing for a single-use link make its request, and tells the other it is being paid', async () => {
    const link = await aLink({ reusable: false, amount: 1500 });
    const answers = await Promise.all([
      post(`${link.url}?lang=en`, { number: '677530011' }),
      post(`${link.url}?lang=en`, { number: '677530012' }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([303, 409]);
    expect(answers.find((a) => a.status === 409)!.body).toContain(linkPageMessages.en.BUSY.replace(/'/g, '&#39;'));
    const winner = answers.find((a) => a.status === 303)!;
    await payByMomo(winner.location!);
    await eventually(async () => {
      expect((await pages.links.get(pages.merchant._id, link.id))?.paymentsCount).toBe(1);
    });
    expect((await pages.links.get(pages.merchant._id, link.id))?.status).toBe('full');
  });

  it('asks the amount when the payer chooses it, within the link’s bounds', async () => {
    const link = await aLink({ amount: null, minAmount: 1000, maxAmount: 50_000, reason: 'Don' });
    const page = await get(`${link.url}?lang=en`);
    expect(page.body).toContain('name="amount"');
    expect(page.body).toContain('Between 1 000 FCFA and 50 000 FCFA.');
    const low = await post(`${link.url}?lang=en`, { number: '677530021', amount: '999' });
    expect(low.status).toBe(400);
    expect(low.body).toContain(linkPageMessages.en.AMOUNT_TOO_LOW);
    const high = await post(`${link.url}?lang=en`, { number: '677530021', amount: '50 001' });
    expect(high.status).toBe(400);
    expect(high.body).toContain(linkPageMessages.en.AMOUNT_TOO_HIGH);
    const nonsense = await post(`${link.url}?lang=en`, { number: '677530021', amount: '12.5' });
    expect(nonsense.status).toBe(400);
    const fine = await post(`${link.url}?lang=en`, { number: '677530021', amount: '12 500' });
    expect(fine.status).toBe(303);
    const token = fine.location!.split('/').at(-1)!;
    const view = await pages.payPages.pages.open(token);
    expect(view).toMatchObject({ amount: 12_500, reason: 'Don', status: 'open' });
  });

  it('shows an expired or deactivated link as such, makes nothing, and 404s an unknown code', async () => {
    const link = await aLink();
    await pages.links.deactivate(pages.merchant._id, link.id);
    const off = await get(`${link.url}?lang=en`);
    expect(off.body).toContain(linkPageMessages.en.deactivated);
    expect(off.body).not.toContain('<form');
    const posted = await post(`${link.url}?lang=en`, { number: '677530031' });
    expect(posted.status).toBe(303);
    expect((await pages.links.get(pages.merchant._id, link.id))?.paymentsCount).toBe(0);
    expect((await get(`${pages.payPages.url}/l/ZZZZZZZZ`)).status).toBe(404);
    expect((await get(`${pages.payPages.url}/l/not-a-code`)).status).toBe(404);
    expect((await get(`${pages.payPages.url}/l/ZZZZZZZZ/qr.png`)).status).toBe(404);
  });

  it('serves QR codes of the link’s address: a PNG whose modules are the address’s QR, and an SVG', async () => {
    const link = await aLink();
    const response = await fetch(`${link.url}/qr.png`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('cache-control')).toBe('public, max-age=86400');
    const png = Buffer.from(await response.arrayBuffer());
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    // Read back module by module against the QR of the address (margin 2 modules, 8 pixels each).
    const image = PNG.sync.read(png);
    const expected = QRCode.create(link.url, { errorCorrectionLevel: 'M' }).modules;
    expect(image.width).toBe((expected.size + 4) * 8);
    for (let row = 0; row < expected.size; row += 1) {
      for (let col = 0; col < expected.size; col += 1) {
        const x = (col + 2) * 8 + 4;
        const y = (row + 2) * 8 + 4;
        const dark = image.data[(y * image.width + x) * 4]! < 128;
        expect(dark).toBe(Boolean(expected.get(row, col)));
      }
    }
    const svg = await get(`${link.url}/qr.svg`);
    expect(svg.status).toBe(200);
    expect(svg.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(svg.headers.get('cache-control')).toBe('public, max-age=86400');
    expect(svg.body).toMatch(/^<svg [^>]*viewBox="0 0 (\d+) \1"/);
    expect(svg.body).toContain('<path');
  });
});
