/**
 * The dashboard's guards, run on the server for every request: the session cookie (HttpOnly, SameSite=Strict,
 * Secure with the `__Host-` prefix over https), the member's role read again each time, a CSRF token on every form
 * and script that changes something (plus the browser's Origin, where it sends one), and `permit`, the role check
 * every action calls before it does anything.
 */
import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import {
  can,
  type AccessLevel,
  type PermissionContext,
  type PermissionRefusal,
  type TeamResource,
} from '../../domain/merchants/team/roles';
import type { ActingMember } from '../../domain/merchants/team/team';
import { languageOf } from '../pages/links/pageShell';
import { contextOf, setContext, type DashboardDeps } from './dashboardContext';
import { refusalPage } from './dashboardLayout';

/** Where the dashboard is served. */
export const DASHBOARD_PATH = '/dashboard';

/** The session cookie's name: `__Host-` makes the browser keep it to this host, https and path `/` only. */
export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-dashboard_session' : 'dashboard_session';
}

export function setSessionCookie(res: Response, deps: DashboardDeps, secret: string, expires: Date): void {
  res.cookie(sessionCookieName(deps.secureCookies), secret, {
    httpOnly: true,
    sameSite: 'strict',
    secure: deps.secureCookies,
    path: '/',
    expires,
  });
}

export function clearSessionCookie(res: Response, deps: DashboardDeps): void {
  res.clearCookie(sessionCookieName(deps.secureCookies), {
    httpOnly: true,
    sameSite: 'strict',
    secure: deps.secureCookies,
    path: '/',
  });
}

/** The cookie's secret, or ''. */
export function sessionSecretOf(req: Request, deps: DashboardDeps): string {
  const cookies = (req.cookies ?? {}) as Record<string, unknown>;
  const value = cookies[sessionCookieName(deps.secureCookies)];
  return typeof value === 'string' ? value : '';
}

/**
 * Whether a request that changes something comes from our own pages: the Origin the browser sends must be ours
 * (and a browser that says the request is cross-site is refused). A request without either is let through to the
 * token check (old browsers, scripts with a session cookie they hold).
 */
export function sameOrigin(req: Request): boolean {
  const site = req.get('sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const origin = req.get('origin');
  if (origin === undefined) return true;
  if (origin === 'null') return false;
  try {
    return new URL(origin).host === req.get('host');
  } catch {
    return false;
  }
}

/** The signed-in guard: no live session (or no longer in the team) sends the browser to the sign-in page. */
export function sessionGuard(deps: DashboardDeps): RequestHandler {
  return async (req, res, next) => {
    const secret = sessionSecretOf(req, deps);
    const session = secret ? await deps.sessions.find(secret) : null;
    const member = session ? await deps.services.team.memberOf(session.merchantId, session.msisdn) : null;
    const merchant = member ? await deps.services.merchants.get(member.merchantId) : null;
    if (!session || !member || !merchant) {
      if (secret) clearSessionCookie(res, deps);
      if (req.method === 'GET' && req.accepts('html') && !req.path.endsWith('/events')) {
        return void res.redirect(303, `${DASHBOARD_PATH}/sign-in`);
      }
      return void res.status(401).json({ error: 'signed_out' });
    }
    setContext(res, { session, member, merchant, language: languageOf(req) });
    next();
  };
}

/**
 * The only forms sent as `multipart/form-data` (a file): their `_csrf` field is in a body the route itself parses
 * after its role check, so the guard leaves the token to the route (`checkCsrf`). A multipart body anywhere else is
 * refused: no other route would ever look for its token.
 */
export const MULTIPART_FORM_PATHS: ReadonlySet<string> = new Set(['/kyc/documents']);

/** Every request that changes something carries the session's CSRF token (form field `_csrf` or `X-CSRF-Token`). */
export function csrfGuard(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'GET' || req.method === 'HEAD') return next();
    if (!sameOrigin(req)) return refuse(res, 'CSRF');
    if (req.is('multipart/form-data')) {
      return MULTIPART_FORM_PATHS.has(req.path) ? next() : refuse(res, 'CSRF');
    }
    if (!checkCsrf(req, res)) return;
    next();
  };
}

/**
 * The token check alone: true when the request carries the session's token (form field `_csrf`, read from the body
 * as parsed so far, or `X-CSRF-Token`); otherwise the refusal page is sent (403) and false returned. A multipart
 * route calls it once it has parsed its fields, before it acts.
 */
export function checkCsrf(req: Request, res: Response): boolean {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const sent = typeof body._csrf === 'string' ? body._csrf : (req.get('x-csrf-token') ?? '');
  if (sameToken(sent, contextOf(res).session.csrfToken)) return true;
  refuse(res, 'CSRF');
  return false;
}

function sameToken(sent: string, expected: string): boolean {
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Whether the member may see a resource at all (a cashier: at their own cash point). */
export function maySee(member: ActingMember, resource: TeamResource): boolean {
  return can(member, resource, 'read', { cashPointId: member.cashPointId }).ok;
}

/**
 * The role check every action makes before it acts: true when the signed-in member may act on `resource` at
 * `level` in `context` (the payment's cash point, the refund's amount); otherwise the refusal page is sent (403)
 * and false returned, and the caller stops.
 */
export function permit(
  res: Response,
  resource: TeamResource,
  level: AccessLevel,
  context: PermissionContext = {},
): boolean {
  const verdict = can(contextOf(res).member, resource, level, context);
  if (verdict.ok) return true;
  refuse(res, verdict.reason);
  return false;
}

/** Sends the refusal page (403) for a reason. */
export function refuse(res: Response, reason: PermissionRefusal | 'CSRF'): void {
  res.status(403).type('html').send(refusalPage(res, reason));
}
