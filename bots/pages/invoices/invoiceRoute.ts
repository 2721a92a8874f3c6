/**
 * `/i/<token>`: an invoice's public page (printable), and `/i/<token>.pdf` its PDF. POST makes a merchant payment
 * request (source `invoice`) for the typed number and amount and redirects (303) to its pay page; while another
 * payment of the invoice is in flight it shows the page again (409) saying so, and makes nothing. The token is the
 * only key (random, 256 bits); an unknown one is a plain 404.
 */
import { randomUUID } from 'node:crypto';
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import type { Invoices } from '../../../domain/merchants/invoices/invoices';
import type { HttpChannel } from '../../channels/http/server';
import { languageOf, PAGE_STYLESHEET, pageRouter, withLanguage } from '../links/pageShell';
import { INVOICE_CSS, invoiceNotFoundPage, invoicePage, isInvoiceFormError } from './invoicePageHtml';
import { invoicePdf } from './invoicePdf';

/** Where the invoice pages are mounted (an invoice's URL is `<publicUrl>/i/<token>`). */
export const INVOICE_PAGE_PATH = '/i';

const payBody = z.object({
  number: z.string().max(40).default(''),
  amount: z.string().max(20).optional(),
  attemptId: z.string().max(64).optional(),
});

export interface InvoicePageOptions {
  invoices: Pick<Invoices, 'open' | 'pay'>;
}

/** The invoice pages as an HTTP channel, to mount on the public server. */
export function invoicePageChannel(options: InvoicePageOptions): HttpChannel {
  return { path: INVOICE_PAGE_PATH, router: invoicePageRouter(options) };
}

export function invoicePageRouter(options: InvoicePageOptions): Router {
  const router = pageRouter();
  router.get('/page.css', (_req, res) => {
    res.type('text/css').send(PAGE_STYLESHEET);
  });
  router.get('/invoice.css', (_req, res) => {
    res.type('text/css').send(INVOICE_CSS);
  });

  router.get('/:token', async (req, res) => {
    const raw = String(req.params.token ?? '');
    if (raw.endsWith('.pdf')) {
      const view = await options.invoices.open(raw.slice(0, -'.pdf'.length));
      if (!view) return sendNotFound(req, res);
      const pdf = await invoicePdf(view, languageOf(req));
      res.setHeader('Content-Disposition', `inline; filename="${view.invoice.number}.pdf"`);
      return void res.type('application/pdf').send(pdf);
    }
    const view = await options.invoices.open(raw);
    if (!view) return sendNotFound(req, res);
    res.type('html').send(invoicePage(view, { ...contextOf(req), attemptId: randomUUID() }));
  });

  router.post('/:token', async (req, res) => {
    const context = contextOf(req);
    const body = payBody.safeParse(req.body);
    const form = body.success ? body.data : { number: '', amount: undefined, attemptId: undefined };
    const token = String(req.params.token ?? '');
    const result = await options.invoices.pay({
      token,
      payerNumber: form.number,
      amount: form.amount ?? null,
      ...(form.attemptId ? { attemptId: form.attemptId } : {}),
    });
    if (result.ok) return void res.redirect(303, result.payUrl);
    if (result.reason === 'NOT_FOUND') return sendNotFound(req, res);
    if (!isInvoiceFormError(result.reason)) return void res.redirect(303, withLanguage(context.path, context.language));
    const view = await options.invoices.open(token);
    if (!view) return sendNotFound(req, res);
    const typed = { number: form.number, amount: form.amount ?? '' };
    res
      .status(result.reason === 'BUSY' ? 409 : 400)
      .type('html')
      .send(invoicePage(view, { ...context, attemptId: randomUUID(), error: result.reason, typed }));
  });
  return router;
}

function contextOf(req: Request) {
  return {
    language: languageOf(req),
    path: `${req.baseUrl}/${encodeURIComponent(String(req.params.token ?? ''))}`,
    stylesheets: [`${req.baseUrl}/page.css`, `${req.baseUrl}/invoice.css`],
  };
}

function sendNotFound(req: Request, res: Response): void {
  res
    .status(404)
    .type('html')
    .send(invoiceNotFoundPage(contextOf(req)));
}
