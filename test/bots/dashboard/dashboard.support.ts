/**
 * The dashboard as a browser uses it, over real HTTP on the product's loopback server (`useProduct({ pagesOnPort:
 * true })`): signing in reads the one-time code from the message the product sent the member (the outbox), the
 * session cookie is kept, and every form that changes something carries the page's CSRF token, as the pages do.
 * Plus a merchant with a team to act for.
 */
import type { Msisdn } from '../../../domain/phone';
import type { TeamRole } from '../../../domain/merchants/team/roles';
import type { useProduct } from '../../support/chat';
import { fund } from '../e2e.support';

type Product = ReturnType<typeof useProduct>;

export interface DashboardResponse {
  status: number;
  /** Where a redirect points (`Location`), or null. */
  location: string | null;
  body: string;
  headers: Headers;
}

/** A signed-in browser: its cookie, and the CSRF token its pages carry. */
export interface DashboardClient {
  msisdn: Msisdn;
  cookie: string;
  csrf: string;
  /** GET a path under `/dashboard` (query included). */
  get(path: string): Promise<DashboardResponse>;
  /** POST a form to a path under `/dashboard`, with the CSRF token unless `csrf: false` (or another token). */
  post(path: string, form: Record<string, string>, options?: { csrf?: string | false }): Promise<DashboardResponse>;
}

async function call(url: string, init: RequestInit): Promise<DashboardResponse> {
  const response = await fetch(url, { ...init, redirect: 'manual' });
  return {
    status: response.status,
    location: response.headers.get('location'),
    body: await response.text(),
    headers: response.headers,
  };
}

/** The six-digit code of the newest sign-in message sent to a number. */
export async function lastSignInCode(product: Product, msisdn: Msisdn): Promise<string> {
  const messages = await product.services.outbox.for(msisdn);
  const codes = messages.filter((m) => m.notice.key === 'dashboard.signInCode').map((m) => m.notice.params?.code);
  const code = codes.at(-1);
  if (typeof code !== 'string') throw new Error(`no sign-in code was sent to ${msisdn}`);
  return code;
}

/** The cookie a response set, as a Cookie header sends it back. */
export function cookieOf(response: DashboardResponse): string {
  const setCookie = response.headers.get('set-cookie') ?? '';
  const pair = setCookie.split(';')[0] ?? '';
  if (!pair.includes('=')) throw new Error('no cookie was set');
  return pair;
}

/** The CSRF token a signed-in page carries. */
export function csrfOf(html: string): string {
  const token = /<meta name="csrf-token" content="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('the page carries no CSRF token');
  return token;
}

/** Signs a member in as a browser does: number, code from their chat, the session cookie. */
export async function signIn(product: Product, msisdn: Msisdn): Promise<DashboardClient> {
  const base = product.dashboard.url;
  const form = (fields: Record<string, string>) => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  const asked = await call(`${base}/sign-in`, form({ number: msisdn, via: 'chat' }));
  if (asked.status !== 200) throw new Error(`asking for a code answered ${asked.status}`);
  const code = await lastSignInCode(product, msisdn);
  const signedIn = await call(`${base}/sign-in/code`, form({ number: msisdn, code }));
  if (signedIn.status !== 303) throw new Error(`signing in answered ${signedIn.status}: ${signedIn.body}`);
  const cookie = cookieOf(signedIn);
  const overview = await call(`${base}/overview`, { headers: { cookie } });
  const client: DashboardClient = {
    msisdn,
    cookie,
    csrf: overview.status === 200 ? csrfOf(overview.body) : '',
    get: (path) => call(`${base}${path}`, { headers: { cookie } }),
    post: (path, fields, options = {}) => {
      const token = options.csrf === undefined ? client.csrf : options.csrf;
      const body = token === false ? fields : { ...fields, _csrf: token };
      return call(`${base}${path}`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(body).toString(),
      });
    },
  };
  if (!client.csrf) {
    // A cashier's first page is not the overview: any signed-in page carries the token.
    client.csrf = csrfOf((await client.get('/choose')).body);
  }
  return client;
}

export interface TeamMerchant {
  merchantId: string;
  owner: Msisdn;
  /** The cash point the cashier collects at. */
  cashPointId: string;
  /** One member per role, signed up and active (the cashier at `cashPointId`, refund limit 5 000 F). */
  members: Record<Exclude<TeamRole, 'owner'>, Msisdn>;
}

/**
 * A merchant, its owner and one active member of each role, every one signed up with PIN 2468; `prefix` is the first
 * nine digits of their numbers (237677 + three), so tests in one file do not share people.
 */
export async function aTeamMerchant(product: Product, prefix: string, name = 'Boutique Awa'): Promise<TeamMerchant> {
  const { services } = product;
  const number = (n: number) => `${prefix}${String(n).padStart(3, '0')}` as Msisdn;
  const owner = number(1);
  const members = {
    admin: number(2),
    operations: number(3),
    cashier: number(4),
    viewer: number(5),
    developer: number(6),
  } as const;
  for (const msisdn of [owner, ...Object.values(members)]) {
    const signedUp = await services.people.signUp({ msisdn, name: `Person ${msisdn}`, language: 'fr', pin: '2468' });
    if (!signedUp.ok) throw new Error(signedUp.reason);
  }
  const opened = await services.merchants.open({ owner, name, category: 'retail' });
  if (!opened.ok) throw new Error(opened.reason);
  const merchantId = opened.merchant._id;
  const cashPoint = await services.cashPoints.create({ merchantId, by: owner, name: 'Caisse 1' });
  if (!cashPoint.ok) throw new Error(cashPoint.reason);
  const cashPointId = cashPoint.cashPoint._id;
  for (const [role, msisdn] of Object.entries(members) as [Exclude<TeamRole, 'owner'>, Msisdn][]) {
    const invited = await services.team.invite({
      merchantId,
      by: owner,
      msisdn,
      role,
      ...(role === 'cashier' ? { cashPointId, refundLimit: 5_000 } : {}),
    });
    if (!invited.ok) throw new Error(invited.reason);
    const accepted = await services.team.accept(merchantId, msisdn);
    if (!accepted.ok) throw new Error(accepted.reason);
  }
  return { merchantId, owner, cashPointId, members };
}

/** A customer pays the merchant `amount` from their wallet (request made at `cashPointId` when given). */
export async function aPayment(
  product: Product,
  merchant: TeamMerchant,
  payer: Msisdn,
  id: string,
  amount: number,
  options: { cashPointId?: string; cashier?: Msisdn } = {},
): Promise<string> {
  const { services } = product;
  if (!(await services.people.find(payer))) {
    const signedUp = await services.people.signUp({ msisdn: payer, name: 'Client', language: 'fr', pin: '2468' });
    if (!signedUp.ok) throw new Error(signedUp.reason);
  }
  await fund(product, payer, amount + 1_000);
  const asked = await services.merchantRequests.create({
    merchantId: merchant.merchantId,
    id,
    payer,
    amount,
    source: 'api',
    ...(options.cashPointId ? { cashPointId: options.cashPointId } : {}),
    ...(options.cashier ? { cashier: options.cashier } : {}),
  });
  if (!asked.ok) throw new Error(asked.reason);
  const paid = await services.paymentRequests.pay({ id: `pay-${id}`, requestId: asked.payment.requestId, payer });
  if (!paid.ok) throw new Error(paid.reason);
  return asked.payment.requestId;
}
