/**
 * The merchant dashboard at `/dashboard`, a web page of the same server: sign-in first, then every section behind
 * the session guard and the CSRF guard, each route checking the member's role itself (`permit`). Its own
 * Content-Security-Policy: scripts, styles and live updates from this origin only; nothing framed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import cookieParser from 'cookie-parser';
import express, { type Router } from 'express';
import type { HttpChannel } from '../channels/http/server';
import { csrfGuard, DASHBOARD_PATH, sessionGuard } from './dashboardAccess';
import { contextOf, type DashboardDeps } from './dashboardContext';
import { dashboardHref } from './dashboardLayout';
import { DASHBOARD_SECTIONS } from './sections';
import { mountSignIn } from './signInRoutes';

const POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const ASSETS_DIR = path.join(__dirname, 'assets');
const ASSET_TYPES: Record<string, string> = { '.css': 'text/css', '.js': 'text/javascript' };

/** The stylesheet and scripts, read once at start: a fixed set, so no path from a request reaches the disk. */
function loadAssets(): Map<string, { type: string; body: string }> {
  const assets = new Map<string, { type: string; body: string }>();
  for (const name of readdirSync(ASSETS_DIR)) {
    const type = ASSET_TYPES[path.extname(name)];
    if (type) assets.set(name, { type, body: readFileSync(path.join(ASSETS_DIR, name), 'utf8') });
  }
  return assets;
}

export function dashboardChannel(deps: DashboardDeps): HttpChannel {
  return { path: DASHBOARD_PATH, router: dashboardRouter(deps) };
}

export function dashboardRouter(deps: DashboardDeps): Router {
  const assets = loadAssets();
  const router = express.Router();
  router.use(cookieParser());
  // The product's server parsed the body already (these then do nothing); a test server mounting the dashboard alone
  // has them here. The same limit as the server's: a salary CSV pasted in a form fits in it (about 600 lines).
  router.use(
    express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 200 }),
    express.json({ limit: '32kb' }),
  );
  router.use((_req, res, next) => {
    res.setHeader('Content-Security-Policy', POLICY);
    res.setHeader('X-Robots-Tag', 'noindex, nofollow');
    res.setHeader('Referrer-Policy', 'same-origin');
    next();
  });
  router.get('/assets/:name', (req, res) => {
    const asset = assets.get(req.params.name);
    if (!asset) return void res.status(404).end();
    res.setHeader('Cache-Control', 'no-cache');
    res.type(asset.type).send(asset.body);
  });
  mountSignIn(router, deps);
  const signedIn = express.Router();
  signedIn.use(sessionGuard(deps), csrfGuard());
  signedIn.get('/', (_req, res) => {
    res.redirect(303, dashboardHref('/overview', contextOf(res).language));
  });
  for (const mount of DASHBOARD_SECTIONS) mount(signedIn, deps);
  router.use(signedIn);
  return router;
}
