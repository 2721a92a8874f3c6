/**
 * Signing in and out: the number, a one-time code in the member's chat or by SMS, the code typed, a session opened
 * for the first business the number acts for (`/choose` switches). Forms before a session have no CSRF token to
 * carry: the browser's Origin is checked instead, and the session cookie is SameSite=Strict.
 */
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { parseCameroonMobile, formatMsisdnForDisplay, type Msisdn } from '../../domain/phone';
import { escapeHtml, languageOf } from '../pages/links/pageShell';
import {
  clearSessionCookie,
  sameOrigin,
  sessionGuard,
  csrfGuard,
  sessionSecretOf,
  setSessionCookie,
  refuse,
} from './dashboardAccess';
import { contextOf, type DashboardDeps } from './dashboardContext';
import { csrfField, dashboardHref, dashboardPage, publicPage } from './dashboardLayout';
import { sayDashboard } from './dashboardText';

const numberForm = z.object({ number: z.string().max(40).default(''), via: z.enum(['chat', 'sms']).default('chat') });
const codeForm = z.object({ number: z.string().max(40).default(''), code: z.string().max(20).default('') });
const chooseForm = z.object({ merchantId: z.string().max(80).default('') });

export function mountSignIn(router: Router, deps: DashboardDeps): void {
  router.get('/sign-in', (req, res) => {
    res.type('html').send(numberPage(req, null));
  });

  router.post('/sign-in', async (req, res) => {
    if (!sameOrigin(req)) return refuse(res, 'CSRF');
    const form = numberForm.safeParse(req.body);
    const parsed = parseCameroonMobile(form.success ? form.data.number : '');
    if (!form.success || !parsed.ok) {
      return void res.status(400).type('html').send(numberPage(req, 'signIn.badNumber'));
    }
    const sent = await deps.signInCodes.request(parsed.msisdn, form.data.via);
    if (!sent.ok) return void res.status(429).type('html').send(numberPage(req, 'signIn.tooMany'));
    res.type('html').send(codePage(req, parsed.msisdn, null));
  });

  router.post('/sign-in/code', async (req, res) => {
    if (!sameOrigin(req)) return refuse(res, 'CSRF');
    const form = codeForm.safeParse(req.body);
    const parsed = parseCameroonMobile(form.success ? form.data.number : '');
    if (!form.success || !parsed.ok) {
      return void res.status(400).type('html').send(numberPage(req, 'signIn.badNumber'));
    }
    const verified = await deps.signInCodes.verify(parsed.msisdn, form.data.code);
    if (!verified.ok) {
      return void res
        .status(400)
        .type('html')
        .send(codePage(req, parsed.msisdn, `signIn.${verified.reason}`));
    }
    const [first] = await deps.services.team.merchantsOf(parsed.msisdn);
    if (!first) return void res.status(403).type('html').send(numberPage(req, 'signIn.noMerchant'));
    await openSession(req, res, deps, parsed.msisdn, first.merchantId);
  });

  router.post('/sign-out', sessionGuard(deps), csrfGuard(), async (req, res) => {
    await deps.sessions.close(sessionSecretOf(req, deps));
    clearSessionCookie(res, deps);
    res.redirect(303, dashboardHref('/sign-in', contextOf(res).language));
  });

  router.get('/choose', sessionGuard(deps), async (_req, res) => {
    const context = contextOf(res);
    const { language } = context;
    const rows: string[] = [];
    for (const acting of await deps.services.team.merchantsOf(context.member.msisdn)) {
      const merchant = await deps.services.merchants.get(acting.merchantId);
      if (!merchant) continue;
      rows.push(`<li><form method="post" action="${dashboardHref('/choose', language)}">${csrfField(context)}
<input type="hidden" name="merchantId" value="${escapeHtml(merchant._id)}" />
<span>${escapeHtml(merchant.name)} · ${sayDashboard(language, `role.${acting.role}`)}</span>
<button type="submit">${sayDashboard(language, 'choose.open')}</button></form></li>`);
    }
    const title = sayDashboard(language, 'choose.title');
    res.type('html').send(dashboardPage(res, { section: null, title, body: `<ul class="rows">${rows.join('')}</ul>` }));
  });

  router.post('/choose', sessionGuard(deps), csrfGuard(), async (req, res) => {
    const context = contextOf(res);
    const form = chooseForm.safeParse(req.body);
    const member = form.success ? await deps.services.team.memberOf(form.data.merchantId, context.member.msisdn) : null;
    if (!member) return refuse(res, 'ROLE_NOT_ALLOWED');
    // A new session for the other business; the old one ends (a session never changes merchant).
    await deps.sessions.close(sessionSecretOf(req, deps));
    await openSession(req, res, deps, context.member.msisdn, member.merchantId);
  });
}

async function openSession(req: Request, res: Response, deps: DashboardDeps, msisdn: Msisdn, merchantId: string) {
  const { secret, session } = await deps.sessions.open(msisdn, merchantId);
  setSessionCookie(res, deps, secret, session.expiresAt);
  res.redirect(303, dashboardHref('/overview', languageOf(req)));
}

type SignInProblem = Parameters<typeof sayDashboard>[1];

function numberPage(req: Request, problem: SignInProblem | null): string {
  const language = languageOf(req);
  const say = (key: SignInProblem) => sayDashboard(language, key);
  const body = `${problem ? `<p class="error" role="alert">${say(problem)}</p>` : ''}
<p>${say('signIn.intro')}</p>
<form method="post" action="${dashboardHref('/sign-in', language)}" class="stack">
<label>${say('signIn.number')} <input name="number" type="tel" inputmode="tel" autocomplete="tel" required maxlength="40" /></label>
<fieldset><legend>${say('signIn.via')}</legend>
<label><input type="radio" name="via" value="chat" checked /> ${say('signIn.viaChat')}</label>
<label><input type="radio" name="via" value="sms" /> ${say('signIn.viaSms')}</label></fieldset>
<button type="submit">${say('signIn.send')}</button>
</form>`;
  return publicPage(req, { title: say('signIn.title'), body, path: '/sign-in' });
}

function codePage(req: Request, msisdn: Msisdn, problem: SignInProblem | null): string {
  const language = languageOf(req);
  const say = (key: SignInProblem, params = {}) => sayDashboard(language, key, params);
  const body = `${problem ? `<p class="error" role="alert">${say(problem)}</p>` : ''}
<p>${say('signIn.codeIntro', { number: formatMsisdnForDisplay(msisdn) })}</p>
<form method="post" action="${dashboardHref('/sign-in/code', language)}" class="stack">
<input type="hidden" name="number" value="${escapeHtml(msisdn)}" />
<label>${say('signIn.code')} <input name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]*" required maxlength="20" /></label>
<button type="submit">${say('signIn.submit')}</button>
</form>
<p><a href="${dashboardHref('/sign-in', language)}">${say('signIn.again')}</a></p>`;
  return publicPage(req, { title: say('signIn.codeTitle'), body, path: '/sign-in' });
}
