/**
 * `/l/<code>`: the public page of a merchant's payment link. GET shows the merchant, the reason, the amount (or a
 * field for it) and asks the payer's number; POST makes a merchant payment request (source `link`) and redirects
 * (303) to that request's pay page, where the payer chooses MTN MoMo, Orange Money or a card. An expired, turned
 * off or fully paid link says so and makes nothing. `/l/<code>/qr.png` and `/l/<code>/qr.svg`: a QR code of the
 * link's address, cached (a code's address never changes).
 */
import { randomUUID } from 'node:crypto';
import type { Request, Response, Router } from 'express';
import QRCode from 'qrcode';
import { z } from 'zod';
import type { PaymentLinks } from '../../../domain/merchants/paymentLinks/paymentLinks';
import type { HttpChannel } from '../../channels/http/server';
import { linkNotFoundPage, linkPage, isFormError } from './linkPageHtml';
import { languageOf, PAGE_STYLESHEET, pageRouter, withLanguage } from './pageShell';

/** Where the link pages are mounted (a link's URL is `<publicUrl>/l/<code>`). */
export const LINK_PAGE_PATH = '/l';
const STYLESHEET_NAME = 'page.css';
/** A day: a code's address never changes, but a link removed should not live on in caches for long. */
const QR_CACHE = 'public, max-age=86400';

const payBody = z.object({
  number: z.string().max(40).default(''),
  amount: z.string().max(20).optional(),
  attemptId: z.string().max(64).optional(),
});

export interface LinkPageOptions {
  links: Pick<PaymentLinks, 'open' | 'pay' | 'urlOf'>;
}

/** The link pages as an HTTP channel, to mount on the public server. */
export function linkPageChannel(options: LinkPageOptions): HttpChannel {
  return { path: LINK_PAGE_PATH, router: linkPageRouter(options) };
}

export function linkPageRouter(options: LinkPageOptions): Router {
  const router = pageRouter();
  router.get(`/${STYLESHEET_NAME}`, (_req, res) => {
    res.type('text/css').send(PAGE_STYLESHEET);
  });

  router.get('/:code/qr.png', async (req, res) => {
    const url = await options.links.urlOf(codeOf(req));
    if (!url) return void res.status(404).end();
    const png = await QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 8 });
    res.setHeader('Cache-Control', QR_CACHE);
    res.type('image/png').send(png);
  });

  router.get('/:code/qr.svg', async (req, res) => {
    const url = await options.links.urlOf(codeOf(req));
    if (!url) return void res.status(404).end();
    const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    res.setHeader('Cache-Control', QR_CACHE);
    res.type('image/svg+xml').send(svg);
  });

  router.get('/:code', async (req, res) => {
    const view = await options.links.open(codeOf(req));
    if (!view) return sendNotFound(req, res);
    res.type('html').send(linkPage(view, { ...contextOf(req), attemptId: randomUUID() }));
  });

  router.post('/:code', async (req, res) => {
    const context = contextOf(req);
    const body = payBody.safeParse(req.body);
    const form = body.success ? body.data : { number: '', amount: undefined, attemptId: undefined };
    const result = await options.links.pay({
      code: codeOf(req),
      payerNumber: form.number,
      amount: form.amount ?? null,
      ...(form.attemptId ? { attemptId: form.attemptId } : {}),
    });
    if (result.ok) return void res.redirect(303, result.payUrl);
    if (result.reason === 'NOT_FOUND') return sendNotFound(req, res);
    if (!isFormError(result.reason)) return void res.redirect(303, withLanguage(context.path, context.language));
    const view = await options.links.open(codeOf(req));
    if (!view) return sendNotFound(req, res);
    const typed = { number: form.number, amount: form.amount ?? '' };
    res
      .status(result.reason === 'BUSY' ? 409 : 400)
      .type('html')
      .send(linkPage(view, { ...context, attemptId: randomUUID(), error: result.reason, typed }));
  });
  return router;
}

function codeOf(req: Request): string {
  return String(req.params.code ?? '');
}

function contextOf(req: Request) {
  return {
    language: languageOf(req),
    path: `${req.baseUrl}/${encodeURIComponent(codeOf(req))}`,
    stylesheet: `${req.baseUrl}/${STYLESHEET_NAME}`,
  };
}

function sendNotFound(req: Request, res: Response): void {
  res
    .status(404)
    .type('html')
    .send(linkNotFoundPage(contextOf(req)));
}
