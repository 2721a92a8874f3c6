/**
 * The dashboard's payment links over real HTTP on the real database: made with a fixed amount or one the payer
 * chooses, listed with a QR code the public link pages serve, made once however often the form is sent, turned off;
 * refused to roles that may only read (and nothing made or changed), and bad amounts refused with the reason.
 */
import type { TeamRole } from '../../../domain/merchants/team/roles';
import { escapeHtml } from '../../../bots/pages/links/pageShell';
import { formatParam } from '../../../flows/messages/catalog';
import { useProduct } from '../../support/chat';
import { aTeamMerchant, signIn, type DashboardClient, type TeamMerchant } from './dashboard.support';

const product = useProduct({ pagesOnPort: true });

/** The server's root, where the public link pages (`/l/<code>`) are served beside the dashboard. */
function root(): string {
  return product.dashboard.url.replace(/\/dashboard$/, '');
}

/** The creation id the page's form carries (drawn when the page is shown). */
async function freshForm(client: DashboardClient): Promise<string> {
  const page = await client.get('/links?lang=en');
  expect(page.status).toBe(200);
  const id = /name="creationId" value="([^"]+)"/.exec(page.body)?.[1];
  if (!id) throw new Error('the links page carries no create form');
  return id;
}

async function linksOf(merchant: TeamMerchant) {
  return (await product.services.paymentLinks.list(merchant.merchantId, { limit: 100 })).data;
}

/** A path under the dashboard from a redirect's Location. */
function dashboardPathOf(location: string | null): string {
  expect(location).toMatch(/^\/dashboard\//);
  return location!.slice('/dashboard'.length);
}

const fixedLink = { reason: 'Panier de fruits', amountKind: 'fixed', amount: '5 000', use: 'reusable' };

it('lets the owner make a fixed-amount link, listed with its QR code, its address highlighted', async () => {
  const merchant = await aTeamMerchant(product, '237677740');
  const owner = await signIn(product, merchant.owner);
  const creationId = await freshForm(owner);

  const made = await owner.post('/links?lang=en', { ...fixedLink, creationId, expiryDays: '30', maxPayments: '3' });
  expect(made.status).toBe(303);
  const [link] = await linksOf(merchant);
  expect(link).toMatchObject({ amount: 5_000, reusable: true, maxPayments: 3, reason: 'Panier de fruits' });
  expect(link!.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
  expect(made.location).toContain(`created=${link!.id}`);

  const page = await owner.get(dashboardPathOf(made.location));
  expect(page.status).toBe(200);
  expect(page.body).toContain(`<a class="links-new-url" href="${link!.url}">`);
  expect(page.body).toContain(`<img class="qr" src="/l/${link!.code}/qr.svg"`);
  expect(page.body).toContain(`href="/l/${link!.code}/qr.png"`);
  expect(page.body).toContain('0 / 3');
  expect(page.body).toContain(`/links/${link!.id}/deactivate?`);

  const svg = await fetch(`${root()}/l/${link!.code}/qr.svg`);
  expect(svg.status).toBe(200);
  expect(svg.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
  expect(await svg.text()).toContain('<svg');
  const png = await fetch(`${root()}/l/${link!.code}/qr.png`);
  expect(png.status).toBe(200);
  expect(png.headers.get('content-type')).toBe('image/png');
  // The address shown opens the link's public page.
  expect((await fetch(link!.url)).status).toBe(200);
});

it('lets the owner make a single-use link whose amount the payer chooses within bounds', async () => {
  const merchant = await aTeamMerchant(product, '237677741');
  const owner = await signIn(product, merchant.owner);
  const creationId = await freshForm(owner);
  const made = await owner.post('/links?lang=en', {
    creationId,
    reason: 'Don',
    amountKind: 'chosen',
    amount: '',
    minAmount: '1000',
    maxAmount: '20000',
    use: 'single',
  });
  expect(made.status).toBe(303);
  const [link] = await linksOf(merchant);
  expect(link).toMatchObject({ amount: null, minAmount: 1_000, maxAmount: 20_000, reusable: false, maxPayments: 1 });
  const page = await owner.get(dashboardPathOf(made.location));
  expect(page.body).toContain('single use');
  const bounds = [1_000, 20_000].map((francs) => escapeHtml(formatParam({ francs }, 'en')));
  expect(page.body).toContain(`chosen by the payer, ${bounds[0]} to ${bounds[1]}`);
});

it('makes one link when the same form is sent twice at once', async () => {
  const merchant = await aTeamMerchant(product, '237677742');
  const owner = await signIn(product, merchant.owner);
  const creationId = await freshForm(owner);
  const sent = await Promise.all([
    owner.post('/links?lang=en', { ...fixedLink, creationId }),
    owner.post('/links?lang=en', { ...fixedLink, creationId }),
  ]);
  expect(sent.map((s) => s.status)).toEqual([303, 303]);
  expect(sent[0]!.location).toBe(sent[1]!.location);
  expect(await linksOf(merchant)).toHaveLength(1);
  // Sent again later (the browser's back and resend): still the one link.
  expect((await owner.post('/links?lang=en', { ...fixedLink, creationId })).status).toBe(303);
  expect(await linksOf(merchant)).toHaveLength(1);
});

it('lets the owner and operations deactivate a link, which then takes no payment', async () => {
  const merchant = await aTeamMerchant(product, '237677743');
  for (const who of [merchant.owner, merchant.members.operations]) {
    const client = await signIn(product, who);
    const made = await client.post('/links?lang=en', { ...fixedLink, creationId: await freshForm(client) });
    expect(made.status).toBe(303);
    const id = new URL(made.location!, 'http://x').searchParams.get('created')!;
    const off = await client.post(`/links/${id}/deactivate?lang=en`, {});
    expect(off.status).toBe(303);
    expect((await client.get(dashboardPathOf(off.location))).body).toContain('The link is deactivated');
    const link = await product.services.paymentLinks.get(merchant.merchantId, id);
    expect(link?.status).toBe('deactivated');
    expect(
      (await product.services.paymentLinks.pay({ code: link!.code, payerNumber: '677000000', amount: null })).ok,
    ).toBe(false);
  }
  expect(await linksOf(merchant)).toHaveLength(2);
});

const readOnly: [Exclude<TeamRole, 'owner'>, number][] = [
  ['viewer', 200],
  ['developer', 200],
  ['cashier', 403],
];

it('refuses the viewer, the developer and the cashier to make or deactivate a link, and changes nothing', async () => {
  const merchant = await aTeamMerchant(product, '237677744');
  const owner = await signIn(product, merchant.owner);
  const made = await owner.post('/links?lang=en', { ...fixedLink, creationId: await freshForm(owner) });
  const id = new URL(made.location!, 'http://x').searchParams.get('created')!;

  for (const [role, listStatus] of readOnly) {
    const member = await signIn(product, merchant.members[role]);
    const list = await member.get('/links?lang=en');
    expect([role, list.status]).toEqual([role, listStatus]);
    // Who may only read sees no form to make or deactivate links.
    expect(list.body).not.toContain('name="creationId"');
    expect(list.body).not.toContain('/deactivate');

    const create = await member.post('/links?lang=en', { ...fixedLink, creationId: 'aaaaaaaaaaaaaaaaaaaaaa' });
    expect([role, create.status]).toEqual([role, 403]);
    expect(create.body).toContain('Your role does not allow this.');
    const off = await member.post(`/links/${id}/deactivate?lang=en`, {});
    expect([role, off.status]).toEqual([role, 403]);
  }

  expect(await linksOf(merchant)).toHaveLength(1);
  expect((await product.services.paymentLinks.get(merchant.merchantId, id))?.status).toBe('active');
});

it('refuses an amount of 0 and bounds the wrong way round with the reason, making nothing', async () => {
  const merchant = await aTeamMerchant(product, '237677745');
  const owner = await signIn(product, merchant.owner);
  const creationId = await freshForm(owner);

  const zero = await owner.post('/links?lang=en', { ...fixedLink, creationId, amount: '0' });
  expect(zero.status).toBe(422);
  expect(zero.body).toContain('The amount must be a whole number of francs above 0.');
  // The form comes back as typed, under the same creation id (nothing was made under it).
  expect(zero.body).toContain(`value="${creationId}"`);

  const bounds = await owner.post('/links?lang=en', {
    creationId,
    reason: 'Don',
    amountKind: 'chosen',
    minAmount: '5000',
    maxAmount: '1000',
    use: 'reusable',
  });
  expect(bounds.status).toBe(422);
  expect(bounds.body).toContain('The lowest amount must not be above the highest.');

  const french = await owner.post('/links?lang=fr', { ...fixedLink, creationId, amount: 'cinq' });
  expect(french.status).toBe(422);
  expect(french.body).toContain('Le montant doit être un nombre entier de francs supérieur à 0.');

  expect(await linksOf(merchant)).toHaveLength(0);
});
