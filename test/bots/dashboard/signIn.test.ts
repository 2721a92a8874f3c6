/**
 * Signing in to the merchant dashboard over real HTTP on the real database: a code in the member's chat (or by
 * SMS), typed once; wrong, spent and foreign codes refused; the cookie's attributes; CSRF refused without the
 * session's token or from another origin; a removed member signed out at their next request.
 */
import type { Msisdn } from '../../../domain/phone';
import { useProduct } from '../../support/chat';
import { aTeamMerchant, cookieOf, lastSignInCode, signIn } from './dashboard.support';

const product = useProduct({ pagesOnPort: true });

function form(fields: Record<string, string>, headers: Record<string, string> = {}): RequestInit {
  return {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  };
}

it('signs an owner in with the code sent in their chat, once, and the session opens the overview', async () => {
  const merchant = await aTeamMerchant(product, '237677710');
  const base = product.dashboard.url;
  const asked = await fetch(`${base}/sign-in?lang=en`, form({ number: '677 710 001', via: 'chat' }));
  expect(asked.status).toBe(200);
  expect(await asked.text()).toContain('a 6-digit code was sent');
  const code = await lastSignInCode(product, merchant.owner);
  expect(code).toMatch(/^\d{6}$/);

  const wrong = await fetch(
    `${base}/sign-in/code?lang=en`,
    form({ number: merchant.owner, code: '000000' === code ? '111111' : '000000' }),
  );
  expect(wrong.status).toBe(400);
  expect(await wrong.text()).toContain('This code is not right');

  const right = await fetch(`${base}/sign-in/code`, form({ number: merchant.owner, code }));
  expect(right.status).toBe(303);
  const setCookie = right.headers.get('set-cookie') ?? '';
  expect(setCookie).toMatch(/HttpOnly/i);
  expect(setCookie).toMatch(/SameSite=Strict/i);
  const cookie = setCookie.split(';')[0]!;
  const overview = await fetch(`${base}/overview?lang=en`, { headers: { cookie } });
  expect(overview.status).toBe(200);
  const html = await overview.text();
  expect(html).toContain('Boutique Awa');
  expect(overview.headers.get('content-security-policy')).toContain("script-src 'self'");

  // The code is spent: typed again it opens nothing.
  const again = await fetch(`${base}/sign-in/code?lang=en`, form({ number: merchant.owner, code }));
  expect(again.status).toBe(400);
  expect(await again.text()).toContain('can no longer be used');
});

it('sends nothing to a number in no team, and answers it as any other', async () => {
  const stranger = '237677710999' as Msisdn;
  const asked = await fetch(`${product.dashboard.url}/sign-in?lang=en`, form({ number: stranger, via: 'sms' }));
  expect(asked.status).toBe(200);
  expect(await asked.text()).toContain('a 6-digit code was sent');
  expect(await product.services.outbox.for(stranger)).toEqual([]);
});

it('sends the code by SMS when asked', async () => {
  const merchant = await aTeamMerchant(product, '237677711');
  await fetch(`${product.dashboard.url}/sign-in`, form({ number: merchant.members.viewer, via: 'sms' }));
  const [message] = (await product.services.outbox.for(merchant.members.viewer)).filter(
    (m) => m.notice.key === 'dashboard.signInCode',
  );
  expect(message?.notice.bySms).toBe(true);
});

it('stops a code after five tries, right or wrong, even when tried at once', async () => {
  const merchant = await aTeamMerchant(product, '237677712');
  const base = product.dashboard.url;
  await fetch(`${base}/sign-in`, form({ number: merchant.owner, via: 'chat' }));
  const code = await lastSignInCode(product, merchant.owner);
  const wrongCode = code === '123456' ? '654321' : '123456';
  const tries = await Promise.all(
    Array.from({ length: 8 }, () =>
      fetch(`${base}/sign-in/code?lang=en`, form({ number: merchant.owner, code: wrongCode })),
    ),
  );
  const texts = await Promise.all(tries.map((t) => t.text()));
  expect(texts.filter((t) => t.includes('This code is not right'))).toHaveLength(5);
  expect(texts.filter((t) => t.includes('can no longer be used'))).toHaveLength(3);
  const late = await fetch(`${base}/sign-in/code?lang=en`, form({ number: merchant.owner, code }));
  expect(late.status).toBe(400);
});

it('refuses a form without the session’s CSRF token, or from another origin', async () => {
  const merchant = await aTeamMerchant(product, '237677713');
  const owner = await signIn(product, merchant.owner);
  const noToken = await owner.post('/sign-out', {}, { csrf: false });
  expect(noToken.status).toBe(403);
  const wrongToken = await owner.post('/sign-out', {}, { csrf: 'x'.repeat(owner.csrf.length) });
  expect(wrongToken.status).toBe(403);
  const crossSite = await fetch(
    `${product.dashboard.url}/sign-out`,
    form({ _csrf: owner.csrf }, { cookie: owner.cookie, origin: 'https://evil.example' }),
  );
  expect(crossSite.status).toBe(403);
  // Still signed in; signing out with the token ends the session.
  expect((await owner.get('/overview')).status).toBe(200);
  const out = await owner.post('/sign-out', {});
  expect(out.status).toBe(303);
  expect((await owner.get('/overview')).status).toBe(303);
});

it('signs a removed member out at their next request', async () => {
  const merchant = await aTeamMerchant(product, '237677714');
  const viewer = await signIn(product, merchant.members.viewer);
  expect((await viewer.get('/overview')).status).toBe(200);
  const removed = await product.services.team.remove({
    merchantId: merchant.merchantId,
    by: merchant.owner,
    msisdn: merchant.members.viewer,
  });
  expect(removed.ok).toBe(true);
  const after = await viewer.get('/overview');
  expect(after.status).toBe(303);
  expect(after.location).toBe('/dashboard/sign-in');
  expect(cookieOf(after)).toMatch(/^dashboard_session=$/);
});
