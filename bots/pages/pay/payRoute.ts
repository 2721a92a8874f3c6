/**
 * `/pay/<token>`: the public page where a person without an account pays a payment request (domain/paymentRequests/
 * payByLink.ts). GET shows the request and, while it can be paid, a form; POST starts an attempt and answers with a
 * redirect (post/redirect/get), to the card provider's checkout page or back to the page, which shows the attempt
 * and reloads itself until the outcome is known. `GET /pay/<token>/status` answers the same as JSON.
 *
 * The page has no script and its own Content-Security-Policy: nothing but its stylesheet loads, and forms post only
 * here. A card attempt's redirect leaves for the provider's checkout, so `form-action` also allows the checkout
 * origins (https by default). The token is the only key (the referrer policy the server sets keeps it from the
 * checkout page), and an unknown one is a plain 404.
 */
import { randomUUID } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { RAILS } from '../../../domain/ledger/accounts';
import type { PayByLink, PayLinkRefusal } from '../../../domain/paymentRequests/payByLink';
import type { Language } from '../../../domain/users';
import type { HttpChannel } from '../../channels/http/server';
import { notFoundPage, requestPage, withLanguage, type PageContext } from './payPageHtml';

/** Where the pay pages are mounted (the links the SMS carry point here). */
export const PAY_PAGE_PATH = '/pay';

export interface PayPageOptions {
  /** The pay page's service (PaymentRequests.byLink). */
  pages: Pick<PayByLink, 'open' | 'payByRail'>;
  /** Seconds between reloads of a page waiting for an outcome. Default 3. */
  refreshSeconds?: number;
  /** Where a card attempt's checkout pages may be (CSP `form-action` sources). Default `https:`. */
  checkoutSources?: readonly string[];
}

const STYLESHEET = readFileSync(path.join(__dirname, 'pay.css'), 'utf8');
const STYLESHEET_NAME = 'pay.css';

const payBody = z.object({
  rail: z.enum(RAILS),
  number: z.string().max(40).optional(),
  payId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,64}$/)
    .optional(),
});

/** Refusals after which the request cannot be paid: the page (GET) says how it ended. */
const ENDED: ReadonlySet<PayLinkRefusal> = new Set(['ALREADY_PAID', 'DECLINED', 'CANCELLED', 'EXPIRED']);

/** The pay pages as an HTTP channel, to mount with createHttpApp's channels (on the public server). */
export function payPageChannel(options: PayPageOptions): HttpChannel {
  return { path: PAY_PAGE_PATH, router: payPageRouter(options) };
}

export function payPageRouter(options: PayPageOptions): Router {
  const refreshSeconds = options.refreshSeconds ?? 3;
  const policy = [
    "default-src 'none'",
    "style-src 'self'",
    "img-src 'self'",
    "base-uri 'none'",
    `form-action 'self' ${(options.checkoutSources ?? ['https:']).join(' ')}`,
    "frame-ancestors 'none'",
  ].join('; ');
  const router = express.Router();
  router.use(express.urlencoded({ extended: false, limit: '4kb', parameterLimit: 10 }));
  router.use((_req, res, next) => {
    res.setHeader('Content-Security-Policy', policy);
    res.setHeader('X-Robots-Tag', 'noindex, nofollow');
    next();
  });

  router.get(`/${STYLESHEET_NAME}`, (_req, res) => {
    res.type('text/css').send(STYLESHEET);
  });

  router.get('/:token', async (req, res) => {
    const view = await options.pages.open(tokenOf(req));
    if (!view) {
      sendNotFound(req, res, refreshSeconds);
      return;
    }
    res.type('html').send(requestPage(view, { ...contextOf(req, refreshSeconds), payId: randomUUID() }));
  });

  router.get('/:token/status', async (req, res) => {
    const view = await options.pages.open(tokenOf(req));
    if (!view) {
      res.status(404).json({ error: 'not_found' });
      return;
    }
    const attempt = view.attempt;
    res.json({
      status: view.status,
      attempt: attempt && { rail: attempt.rail, state: attempt.state, reason: attempt.reason, total: attempt.total },
    });
  });

  router.post('/:token', async (req, res) => {
    const token = tokenOf(req);
    const context = contextOf(req, refreshSeconds);
    const body = payBody.safeParse(req.body);
    if (!body.success) {
      await sendForm(options, res, token, { ...context, payId: randomUUID(), error: 'UNSUPPORTED_RAIL' });
      return;
    }
    const { rail, number, payId } = body.data;
    const result = await options.pages.payByRail({
      token,
      rail,
      payerNumber: number ?? null,
      ...(payId ? { payId } : {}),
    });
    if (result.ok) {
      const checkout = result.attempt.state === 'pending' ? result.attempt.checkoutUrl : null;
      res.redirect(303, checkout && isWebAddress(checkout) ? checkout : withLanguage(context.path, context.language));
      return;
    }
    if (result.reason === 'NOT_FOUND') {
      sendNotFound(req, res, refreshSeconds);
      return;
    }
    if (ENDED.has(result.reason)) {
      res.redirect(303, withLanguage(context.path, context.language));
      return;
    }
    const again = { ...context, payId: randomUUID(), error: result.reason, errorRail: rail };
    await sendForm(options, res, token, again);
  });

  return router;
}

/** The page again with why the form was refused (400), or not found when the request is gone. */
async function sendForm(options: PayPageOptions, res: Response, token: string, context: PageContext): Promise<void> {
  const view = await options.pages.open(token);
  if (!view) {
    res.status(404).type('html').send(notFoundPage(context));
    return;
  }
  res.status(400).type('html').send(requestPage(view, context));
}

function sendNotFound(req: Request, res: Response, refreshSeconds: number): void {
  res
    .status(404)
    .type('html')
    .send(notFoundPage(contextOf(req, refreshSeconds)));
}

function tokenOf(req: Request): string {
  return String(req.params.token ?? '');
}

/** The page's language (`?lang=` first, then Accept-Language, French by default) and its own paths. */
function contextOf(req: Request, refreshSeconds: number): Omit<PageContext, 'payId'> {
  const asked = typeof req.query.lang === 'string' ? req.query.lang : '';
  const language: Language =
    asked === 'en' || asked === 'fr' ? asked : ((req.acceptsLanguages('fr', 'en') || 'fr') as Language);
  return {
    language,
    path: `${req.baseUrl}/${encodeURIComponent(tokenOf(req))}`,
    stylesheet: `${req.baseUrl}/${STYLESHEET_NAME}`,
    refreshSeconds,
  };
}

/** Only a web address is a place to send a browser (never `javascript:` or a relative path from a rail). */
function isWebAddress(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}
