/**
 * The dashboard's HTML: every page inside one layout (the business, the member's role, the menu of what the role
 * may read, the language switch, signing out), every text escaped, forms carrying the CSRF token. Phone first: the
 * menu folds on a narrow screen (dashboard.css). Scripts are files of our own (the Content-Security-Policy allows
 * nothing else); every page works without them but the live figures.
 */
import type { Request, Response } from 'express';
import type { PermissionRefusal } from '../../domain/merchants/team/roles';
import type { Language } from '../../domain/users';
import { formatParam } from '../../flows/messages/catalog';
import { escapeHtml, languageOf } from '../pages/links/pageShell';
import { DASHBOARD_PATH, maySee } from './dashboardAccess';
import { contextOf, type DashboardContext } from './dashboardContext';
import { NAV, type NavId } from './dashboardNav';
import { sayDashboard } from './dashboardText';

export { escapeHtml };

/** A path under the dashboard, with the page's language kept. */
export function dashboardHref(path: string, language: Language, query: Record<string, string> = {}): string {
  const params = new URLSearchParams({ ...query, lang: language });
  return `${DASHBOARD_PATH}${path}?${params.toString()}`;
}

/** The hidden field every form that changes something carries. */
export function csrfField(context: DashboardContext): string {
  return `<input type="hidden" name="_csrf" value="${escapeHtml(context.session.csrfToken)}" />`;
}

/** An amount as people read it: `12 500 FCFA`. */
export function francs(amount: number, language: Language): string {
  return escapeHtml(formatParam({ francs: amount }, language));
}

/** A moment in Douala time, as the chat shows them. */
export function when(date: Date | null, language: Language): string {
  return date === null ? '—' : escapeHtml(formatParam({ date: date.toISOString() }, language));
}

function documentOf(options: {
  language: Language;
  title: string;
  header: string;
  body: string;
  scripts: readonly string[];
  csrfToken: string | null;
}): string {
  const scripts = ['dashboard.js', ...options.scripts]
    .map((name) => `<script src="${DASHBOARD_PATH}/assets/${escapeHtml(name)}" defer></script>`)
    .join('\n');
  const csrf = options.csrfToken ? `<meta name="csrf-token" content="${escapeHtml(options.csrfToken)}" />\n` : '';
  return `<!doctype html>
<html lang="${options.language}">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<meta name="robots" content="noindex, nofollow" />
${csrf}<title>${options.title} · ${sayDashboard(options.language, 'product')}</title>
<link rel="stylesheet" href="${DASHBOARD_PATH}/assets/dashboard.css" />
${scripts}
</head>
<body>
${options.header}
<main class="content">
<h1>${options.title}</h1>
${options.body}
</main>
</body>
</html>
`;
}

/** A signed-in page: the layout around a section's body. `title` is escaped text. */
export function dashboardPage(
  res: Response,
  options: { section: NavId | null; title: string; body: string; scripts?: readonly string[]; path?: string },
): string {
  const context = contextOf(res);
  const { language, member, merchant } = context;
  const say = (key: Parameters<typeof sayDashboard>[1], params = {}) => sayDashboard(language, key, params);
  const other: Language = language === 'fr' ? 'en' : 'fr';
  const here = options.path ?? (NAV.find((n) => n.id === options.section)?.path || '/overview');
  const links = NAV.filter((entry) => maySee(member, entry.resource))
    .map((entry) => {
      const current = entry.id === options.section ? ' aria-current="page"' : '';
      return `<li><a href="${dashboardHref(entry.path, language)}"${current}>${say(`nav.${entry.id}`)}</a></li>`;
    })
    .join('');
  const header = `<header class="top">
<div class="brand"><strong>${escapeHtml(merchant.name)}</strong>
<span class="who">${say('roleLabel', { name: member.msisdn, role: sayDashboard(language, `role.${member.role}`) })}</span></div>
<details class="menu"><summary>${say('menu')}</summary>
<nav><ul>${links}</ul></nav>
<div class="account">
<a href="${dashboardHref(here, other)}" hreflang="${other}">${say('otherLanguage')}</a>
<a href="${dashboardHref('/choose', language)}">${say('switchMerchant')}</a>
<form method="post" action="${dashboardHref('/sign-out', language)}">${csrfField(context)}<button type="submit" class="link">${say('signOut')}</button></form>
</div>
</details>
</header>`;
  return documentOf({
    language,
    title: options.title,
    header,
    body: options.body,
    scripts: options.scripts ?? [],
    csrfToken: context.session.csrfToken,
  });
}

/** A page before signing in (or without a session): the product's name and the language switch. */
export function publicPage(req: Request, options: { title: string; body: string; path: string }): string {
  const language = languageOf(req);
  const other: Language = language === 'fr' ? 'en' : 'fr';
  const header = `<header class="top"><div class="brand"><strong>${sayDashboard(language, 'product')}</strong></div>
<div class="account"><a href="${dashboardHref(options.path, other)}" hreflang="${other}">${sayDashboard(language, 'otherLanguage')}</a></div></header>`;
  return documentOf({ language, title: options.title, header, body: options.body, scripts: [], csrfToken: null });
}

/** The page a refused action answers (403), in the member's layout when signed in. */
export function refusalPage(res: Response, reason: PermissionRefusal | 'CSRF'): string {
  const context = res.locals.dashboard as DashboardContext | undefined;
  const language = context?.language ?? 'fr';
  const title = sayDashboard(language, 'forbidden.title');
  const body = `<p class="error" role="alert">${sayDashboard(language, `forbidden.${reason}`)}</p>`;
  if (!context) {
    return documentOf({ language, title, header: '', body, scripts: [], csrfToken: null });
  }
  return dashboardPage(res, { section: null, title, body });
}

/** The page of something that is not there, or not this merchant's (404). */
export function notFoundPage(res: Response): string {
  const { language } = contextOf(res);
  return dashboardPage(res, {
    section: null,
    title: sayDashboard(language, 'notFound.title'),
    body: `<p>${sayDashboard(language, 'notFound.body')}</p>`,
  });
}
