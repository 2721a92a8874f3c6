/**
 * What the merchant pages (payment links, invoices) share with the pay page: server-rendered HTML without any
 * script, every text escaped and filled from a French and English catalog, the language from `?lang=` then
 * Accept-Language (French by default), and a Content-Security-Policy that loads nothing but the page's stylesheet
 * and lets forms post only here.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import express, { type Request, type Router } from 'express';
import type { ParamValue } from '../../../domain/notifications';
import type { Language } from '../../../domain/users';
import { formatParam, type Texts } from '../../../flows/messages/catalog';
import { escapeHtml, withLanguage } from '../pay/payPageHtml';

export { escapeHtml, withLanguage };

/** The pay page's stylesheet, shared so every public page looks the same. */
export const PAGE_STYLESHEET = readFileSync(path.join(__dirname, '..', 'pay', 'pay.css'), 'utf8');

/** A text of a catalog in a language, escaped, with its parameters escaped and filled. */
export function sayFrom<E extends Texts>(catalog: { en: E; fr: { readonly [K in keyof E]: string } }) {
  return (language: Language, key: keyof E & string, params: Record<string, ParamValue> = {}): string =>
    escapeHtml(catalog[language][key]).replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params[name];
      return value === undefined ? whole : escapeHtml(formatParam(value, language));
    });
}

/** The page's language: `?lang=` first, then Accept-Language, French by default. */
export function languageOf(req: Request): Language {
  const asked = typeof req.query.lang === 'string' ? req.query.lang : '';
  return asked === 'en' || asked === 'fr' ? asked : ((req.acceptsLanguages('fr', 'en') || 'fr') as Language);
}

/** A router with the pages' headers and a small form parser. */
export function pageRouter(): Router {
  const policy = [
    "default-src 'none'",
    "style-src 'self'",
    "img-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  const router = express.Router();
  router.use(express.urlencoded({ extended: false, limit: '4kb', parameterLimit: 10 }));
  router.use((_req, res, next) => {
    res.setHeader('Content-Security-Policy', policy);
    res.setHeader('X-Robots-Tag', 'noindex, nofollow');
    next();
  });
  return router;
}

/** The document around a page's body. */
export function pageLayout(options: {
  language: Language;
  title: string;
  body: string;
  /** The page's own path (the language link points there). */
  path: string;
  stylesheet: string;
  languageLabel: string;
}): string {
  const { language } = options;
  const other: Language = language === 'fr' ? 'en' : 'fr';
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<meta name="robots" content="noindex, nofollow" />
<title>${options.title}</title>
<link rel="stylesheet" href="${escapeHtml(options.stylesheet)}" />
</head>
<body>
<main class="page">
<p class="language"><a href="${escapeHtml(withLanguage(options.path, other))}" hreflang="${other}">${options.languageLabel}</a></p>
<h1>${options.title}</h1>
${options.body}
</main>
</body>
</html>
`;
}
