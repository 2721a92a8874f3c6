/**
 * The dashboard's API keys over real HTTP on the real database: a developer makes a key whose secret is shown once,
 * in the answer to the form only (no redirect, no later page, no log), that key authenticates on the merchant API
 * until it is revoked; who may read, create and revoke keys, and a refused action changes nothing.
 */
import type { Msisdn } from '../../../domain/phone';
import type { TeamRole } from '../../../domain/merchants/team/roles';
import { useProduct } from '../../support/chat';
import { aTeamMerchant, signIn, type DashboardClient, type TeamMerchant } from './dashboard.support';

const product = useProduct({ pagesOnPort: true });

function actor(merchant: TeamMerchant, role: TeamRole): Msisdn {
  return role === 'owner' ? merchant.owner : merchant.members[role];
}

async function keysOf(merchant: TeamMerchant) {
  return (await product.services.apiKeys.list(merchant.merchantId)).map((k) => [k._id, k.scopes, k.revokedAt]);
}

function secretIn(html: string): string {
  const secret = /<p class="secret">(cpk_live_[A-Za-z0-9_-]{43})<\/p>/.exec(html)?.[1];
  if (!secret) throw new Error('the page shows no secret');
  return secret;
}

/** A form with a repeated field (ticked boxes), as a browser posts it: the support's client sends one value each. */
async function postTicked(client: DashboardClient, path: string, fields: [string, string][]) {
  const response = await fetch(`${product.dashboard.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: client.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams([...fields, ['_csrf', client.csrf]]).toString(),
  });
  return { status: response.status, body: await response.text() };
}

function apiCall(secret: string): Promise<Response> {
  return fetch(`${product.api.url}/events`, { headers: { authorization: `Bearer ${secret}` } });
}

it('shows a new key’s secret once; the key works on the API until the developer revokes it', async () => {
  const merchant = await aTeamMerchant(product, '237677767');
  const developer = await signIn(product, merchant.members.developer);
  const created = await developer.post('/api-keys?lang=en', { name: 'Site web', scopes: 'read' });
  expect(created.status).toBe(201);
  expect(created.location).toBeNull();
  expect(created.headers.get('cache-control')).toBe('no-store');
  expect(created.body).toContain('it is shown this once and never again');
  const secret = secretIn(created.body);
  const [key] = await product.services.apiKeys.list(merchant.merchantId);
  expect(key).toMatchObject({ label: 'Site web', scopes: ['read'], revokedAt: null });

  const list = await developer.get('/api-keys?lang=en');
  expect(list.status).toBe(200);
  expect(list.body).toContain(`${key!.prefix}…`);
  expect(list.body).toContain('Site web');
  expect(list.body).not.toContain(secret);
  expect(list.body).not.toContain(secret.slice(12));
  expect(list.body).toContain('data-confirm="Revoke the key Site web?');

  expect((await apiCall(secret)).status).toBe(200);
  const revoked = await developer.post(`/api-keys/${key!._id}/revoke?lang=en`, {});
  expect(revoked.status).toBe(303);
  expect(revoked.location).toBe('/dashboard/api-keys?done=revoked&lang=en');
  expect((await apiCall(secret)).status).toBe(401);
  expect((await developer.get('/api-keys?lang=en&done=revoked')).body).toContain('The key is revoked.');
  expect(product.api.logs()).not.toContain(secret);
});

it('lets the owner, admin and developer create keys, and refuses the others without making one', async () => {
  const merchant = await aTeamMerchant(product, '237677768');
  const cases: { role: TeamRole; read: number; create: number }[] = [
    { role: 'owner', read: 200, create: 201 },
    { role: 'admin', read: 200, create: 201 },
    { role: 'developer', read: 200, create: 201 },
    { role: 'viewer', read: 200, create: 403 },
    { role: 'operations', read: 403, create: 403 },
    { role: 'cashier', read: 403, create: 403 },
  ];
  for (const { role, read, create } of cases) {
    const client = await signIn(product, actor(merchant, role));
    const before = await keysOf(merchant);
    const page = await client.get('/api-keys');
    const created = await postTicked(client, '/api-keys', [
      ['name', role],
      ['scopes', 'read'],
      ['scopes', 'write'],
    ]);
    expect({ role, read: page.status, create: created.status }).toEqual({ role, read, create });
    if (create === 201) {
      expect(await product.services.apiKeys.list(merchant.merchantId)).toHaveLength(before.length + 1);
    } else {
      expect(created.body).not.toContain('class="secret"');
      expect(await keysOf(merchant)).toEqual(before);
    }
    if (read === 200 && create === 403) expect(page.body).not.toContain('name="scopes"');
  }
  const [key] = await product.services.apiKeys.list(merchant.merchantId);
  expect(key?.scopes).toEqual(['read', 'write']);
  // Revoking: the viewer may not; a key without a scope is not made.
  const viewer = await signIn(product, merchant.members.viewer);
  const before = await keysOf(merchant);
  expect((await viewer.post(`/api-keys/${key!._id}/revoke`, {})).status).toBe(403);
  const owner = await signIn(product, merchant.owner);
  const noScope = await owner.post('/api-keys?lang=en', { name: 'Nothing' });
  expect(noScope.status).toBe(400);
  expect(noScope.body).toContain('Choose at least one scope.');
  expect((await owner.post('/api-keys/key_notours/revoke', {})).status).toBe(404);
  expect(await keysOf(merchant)).toEqual(before);
});
