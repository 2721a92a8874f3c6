/**
 * Payment links: the merchant's links with their QR codes (served by the public link pages at `/l/<code>`, same
 * origin), a form that makes one and a button that turns one off. Made through the same service as the API and the
 * chat. The form carries a random creation id drawn when it is shown, which is the link's id for the service: the
 * same form sent twice (a double click, a resent POST) makes one link.
 */
import { randomBytes } from 'node:crypto';
import type { Response } from 'express';
import { z } from 'zod';
import type { CreateLinkRefusal, NewPaymentLink } from '../../../domain/merchants/paymentLinks/paymentLinks';
import type { PaymentLinkView } from '../../../domain/merchants/paymentLinks/paymentLinkView';
import { can } from '../../../domain/merchants/team/roles';
import type { Language } from '../../../domain/users';
import { doualaDay, endOfDoualaDay } from '../../api/v1/presentLinksAndInvoices';
import { permit } from '../dashboardAccess';
import { contextOf, type DashboardDeps } from '../dashboardContext';
import { csrfField, dashboardHref, dashboardPage, escapeHtml, francs, notFoundPage, when } from '../dashboardLayout';
import { sayDashboard } from '../dashboardText';
import { sayLinks } from './linksText';
import type { MountSection } from '.';

const PAGE_SIZE = 50;
const CREATION_ID = /^[A-Za-z0-9_-]{16,64}$/;
const MAX_EXPIRY_DAYS = 3650;
const DAY_MS = 86_400_000;

const linkForm = z.object({
  creationId: z.string().max(64).default(''),
  reason: z.string().max(1000).default(''),
  amountKind: z.enum(['fixed', 'chosen']).default('fixed'),
  amount: z.string().max(20).default(''),
  minAmount: z.string().max(20).default(''),
  maxAmount: z.string().max(20).default(''),
  use: z.enum(['single', 'reusable']).default('single'),
  expiryDays: z.string().max(10).default(''),
  maxPayments: z.string().max(10).default(''),
});
type LinkForm = z.infer<typeof linkForm>;

type FormRefusal = CreateLinkRefusal | 'BAD_FORM';

/** A form as typed back on the page after a refusal (its creation id kept: nothing was made under it). */
interface Shown {
  values: Partial<LinkForm>;
  error: FormRefusal | null;
}

export const mountLinks: MountSection = (router, deps) => {
  router.get('/links', async (req, res) => {
    if (!permit(res, 'links', 'read')) return;
    const after = typeof req.query.after === 'string' ? req.query.after.slice(0, 80) : '';
    const created = typeof req.query.created === 'string' ? req.query.created.slice(0, 80) : '';
    const done = req.query.done === 'deactivated';
    res.type('html').send(await linksPage(res, deps, { values: {}, error: null }, { after, created, done }));
  });

  router.post('/links', async (req, res) => {
    if (!permit(res, 'links', 'manage')) return;
    const { merchant, language } = contextOf(res);
    const form = linkForm.safeParse(req.body);
    if (!form.success) {
      return void res
        .status(400)
        .type('html')
        .send(await linksPage(res, deps, { values: {}, error: 'BAD_FORM' }));
    }
    const asked = newLinkOf(form.data, merchant._id, deps.clock());
    const made = asked.ok ? await deps.services.paymentLinks.create(asked.link) : asked;
    if (!made.ok) {
      const status = made.reason === 'CONFLICT' || made.reason === 'MERCHANT_SUSPENDED' ? 409 : 422;
      const page = await linksPage(res, deps, { values: form.data, error: made.reason });
      return void res.status(status).type('html').send(page);
    }
    res.redirect(303, dashboardHref('/links', language, { created: made.link.id }));
  });

  router.post('/links/:id/deactivate', async (req, res) => {
    if (!permit(res, 'links', 'manage')) return;
    const { merchant, language } = contextOf(res);
    const link = await deps.services.paymentLinks.deactivate(merchant._id, String(req.params.id).slice(0, 80));
    if (!link) return void res.status(404).type('html').send(notFoundPage(res));
    res.redirect(303, dashboardHref('/links', language, { done: 'deactivated' }));
  });
};

/** What the service is asked for, from the form; amounts, days and counts that are not whole numbers are refused. */
function newLinkOf(
  form: LinkForm,
  merchantId: string,
  now: Date,
): { ok: true; link: NewPaymentLink } | { ok: false; reason: CreateLinkRefusal } {
  if (!CREATION_ID.test(form.creationId)) return { ok: false, reason: 'INVALID_ID' };
  const fixed = form.amountKind === 'fixed';
  const amount = fixed ? wholeNumberOf(form.amount) : null;
  const min = fixed ? null : wholeNumberOf(form.minAmount);
  const max = fixed ? null : wholeNumberOf(form.maxAmount);
  if (fixed && amount === null) return { ok: false, reason: 'INVALID_AMOUNT' };
  if (Number.isNaN(amount) || Number.isNaN(min) || Number.isNaN(max)) return { ok: false, reason: 'INVALID_AMOUNT' };
  const days = wholeNumberOf(form.expiryDays);
  if (days !== null && !(days >= 1 && days <= MAX_EXPIRY_DAYS)) return { ok: false, reason: 'INVALID_EXPIRY' };
  const reusable = form.use === 'reusable';
  const maxPayments = reusable ? wholeNumberOf(form.maxPayments) : null;
  if (Number.isNaN(maxPayments)) return { ok: false, reason: 'INVALID_MAX_PAYMENTS' };
  return {
    ok: true,
    link: {
      merchantId,
      id: `dash_${form.creationId}`,
      reusable,
      amount,
      minAmount: min,
      maxAmount: max,
      reason: form.reason,
      // The end of a Douala day, not "now + N days": the same form sent again a moment later asks for the same link.
      expiresAt: days === null ? null : endOfDoualaDay(doualaDay(new Date(now.getTime() + days * DAY_MS))),
      maxPayments,
    },
  };
}

/** '' → null; whole numbers as people type them (spaces allowed) → the number; anything else → NaN. */
function wholeNumberOf(text: string): number | null {
  const digits = text.replace(/[\s\u00a0\u202f]/g, '');
  if (digits === '') return null;
  return /^\d{1,12}$/.test(digits) ? Number(digits) : NaN;
}

async function linksPage(
  res: Response,
  deps: DashboardDeps,
  shown: Shown,
  query: { after?: string; created?: string; done?: boolean } = {},
): Promise<string> {
  const context = contextOf(res);
  const { merchant, member, language } = context;
  const say = (key: Parameters<typeof sayLinks>[1], params = {}) => sayLinks(language, key, params);
  const mayManage = can(member, 'links', 'manage').ok;
  const page = await deps.services.paymentLinks.list(merchant._id, {
    limit: PAGE_SIZE,
    ...(query.after ? { startingAfter: query.after } : {}),
  });
  const created = query.created ? await deps.services.paymentLinks.get(merchant._id, query.created) : null;
  const notices: string[] = [];
  if (created) {
    notices.push(`<p class="notice links-created" role="status">${say('created')}
<a class="links-new-url" href="${escapeHtml(created.url)}">${escapeHtml(created.url)}</a></p>`);
  }
  if (query.done) notices.push(`<p class="notice" role="status">${say('done.deactivated')}</p>`);
  if (shown.error) notices.push(`<p class="error" role="alert">${say(`refusal.${shown.error}`)}</p>`);
  const rows = page.data.map((link) => linkRow(link, language, context.session.csrfToken, mayManage, created?.id));
  const table = rows.length
    ? `<div class="table-wrap"><table class="links-table"><thead><tr>
<th>${say('col.link')}</th><th>${say('col.reason')}</th><th>${say('col.amount')}</th><th>${say('col.use')}</th>
<th>${say('col.paid')}</th><th>${say('col.expires')}</th><th>${say('col.status')}</th>${mayManage ? '<th></th>' : ''}
</tr></thead><tbody>${rows.join('\n')}</tbody></table></div>`
    : `<p class="muted">${say('empty')}</p>`;
  const last = page.data.at(-1);
  const more =
    page.hasMore && last
      ? `<p><a href="${dashboardHref('/links', language, { after: last.id })}">${say('more')}</a></p>`
      : '';
  const body = `<p class="muted">${say('intro')}</p>
${notices.join('\n')}
${mayManage ? createForm(context, shown.values) : ''}
${table}
${more}`;
  return dashboardPage(res, { section: 'links', title: sayDashboard(language, 'nav.links'), body });
}

function linkRow(
  link: PaymentLinkView,
  language: Language,
  csrfToken: string,
  mayManage: boolean,
  createdId: string | undefined,
): string {
  const say = (key: Parameters<typeof sayLinks>[1], params = {}) => sayLinks(language, key, params);
  const code = encodeURIComponent(link.code);
  const paid =
    link.maxPayments === null
      ? say('paid.uncapped', { paid: link.paymentsCount })
      : say('paid.capped', { paid: link.paymentsCount, cap: link.maxPayments });
  const mayDeactivate = link.status === 'active' || link.status === 'full';
  const action = !mayManage
    ? ''
    : `<td>${
        mayDeactivate
          ? `<form method="post" class="inline" action="${dashboardHref(`/links/${encodeURIComponent(link.id)}/deactivate`, language)}">
<input type="hidden" name="_csrf" value="${escapeHtml(csrfToken)}" />
<button type="submit" class="danger" title="${say('deactivate.confirm')}">${say('deactivate')}</button></form>`
          : ''
      }</td>`;
  return `<tr class="links-row${link.id === createdId ? ' links-new' : ''}" data-link-id="${escapeHtml(link.id)}">
<td class="links-link"><img class="qr" src="/l/${code}/qr.svg" alt="${say('qrAlt', { code: link.code })}" width="144" height="144" />
<div><code>${escapeHtml(link.code)}</code><br /><a class="links-url" href="${escapeHtml(link.url)}">${escapeHtml(link.url)}</a>
<br /><a href="/l/${code}/qr.png" download="${escapeHtml(link.code)}.png">${say('png')}</a></div></td>
<td>${escapeHtml(link.reason) || sayDashboard(language, 'none')}</td>
<td>${amountOf(link, language)}</td>
<td>${say(link.reusable ? 'use.reusable' : 'use.single')}</td>
<td>${paid}</td>
<td>${link.expiresAt ? when(link.expiresAt, language) : say('never')}</td>
<td><span class="status links-status-${link.status}">${say(`status.${link.status}`)}</span></td>
${action}</tr>`;
}

function amountOf(link: PaymentLinkView, language: Language): string {
  if (link.amount !== null) return francs(link.amount, language);
  const min = link.minAmount === null ? null : { francs: link.minAmount };
  const max = link.maxAmount === null ? null : { francs: link.maxAmount };
  if (min && max) return sayLinks(language, 'amount.between', { min, max });
  if (min) return sayLinks(language, 'amount.atLeast', { min });
  if (max) return sayLinks(language, 'amount.atMost', { max });
  return sayLinks(language, 'amount.any');
}

/** The form, open under its title (the member may fold it away). */
function createForm(context: ReturnType<typeof contextOf>, values: Partial<LinkForm>): string {
  const { language } = context;
  const say = (key: Parameters<typeof sayLinks>[1]) => sayLinks(language, key);
  const value = (name: keyof LinkForm) => escapeHtml(values[name] ?? '');
  const creationId =
    values.creationId && CREATION_ID.test(values.creationId)
      ? values.creationId
      : randomBytes(16).toString('base64url');
  const chosen = values.amountKind === 'chosen';
  const reusable = values.use === 'reusable';
  return `<details class="links-create" open><summary>${say('form.title')}</summary>
<form method="post" class="stack links-form" action="${dashboardHref('/links', language)}">
${csrfField(context)}
<input type="hidden" name="creationId" value="${escapeHtml(creationId)}" />
<label>${say('form.reason')} <input name="reason" maxlength="140" value="${value('reason')}" /></label>
<fieldset class="links-kind"><legend>${say('form.amountKind')}</legend>
<label><input type="radio" name="amountKind" value="fixed"${chosen ? '' : ' checked'} /> ${say('form.fixed')}</label>
<label><input type="radio" name="amountKind" value="chosen"${chosen ? ' checked' : ''} /> ${say('form.chosen')}</label></fieldset>
<label>${say('form.amount')} <input name="amount" inputmode="numeric" maxlength="20" value="${value('amount')}" /></label>
<div class="links-bounds">
<label>${say('form.min')} <input name="minAmount" inputmode="numeric" maxlength="20" value="${value('minAmount')}" /></label>
<label>${say('form.max')} <input name="maxAmount" inputmode="numeric" maxlength="20" value="${value('maxAmount')}" /></label>
</div>
<fieldset><legend>${say('form.use')}</legend>
<label><input type="radio" name="use" value="single"${reusable ? '' : ' checked'} /> ${say('form.single')}</label>
<label><input type="radio" name="use" value="reusable"${reusable ? ' checked' : ''} /> ${say('form.reusable')}</label></fieldset>
<label>${say('form.expiry')} <input name="expiryDays" inputmode="numeric" maxlength="10" value="${value('expiryDays')}" /></label>
<label>${say('form.maxPayments')} <input name="maxPayments" inputmode="numeric" maxlength="10" value="${value('maxPayments')}" /></label>
<p class="muted">${say('form.says')}</p>
<button type="submit">${say('form.submit')}</button>
</form></details>`;
}
