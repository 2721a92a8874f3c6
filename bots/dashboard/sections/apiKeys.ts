/**
 * API keys: the list (name, the secret's first characters, scopes, created, revoked), creating one and revoking
 * one. A new key's secret is in the answer to the create form only, never in a URL (no redirect carries it), a
 * log or a later page: the service keeps only its hash. That answer is not cached by the browser or a proxy.
 */
import type { Response } from 'express';
import { z } from 'zod';
import { API_SCOPES, type ApiKey, type ApiScope } from '../../../domain/merchants/apiKey';
import { can } from '../../../domain/merchants/team/roles';
import { permit } from '../dashboardAccess';
import { contextOf, type DashboardDeps } from '../dashboardContext';
import { csrfField, dashboardHref, dashboardPage, escapeHtml, notFoundPage, when } from '../dashboardLayout';
import { sayDashboard } from '../dashboardText';
import { sayApiKeys, type ApiKeysTextKey } from './apiKeysText';
import type { MountSection } from '.';

const MAX_NAME = 60;

const createForm = z.object({
  name: z.string().max(200).default(''),
  scopes: z.union([z.string(), z.array(z.string())]).optional(),
});

/** The scopes ticked, known ones only. */
function scopesOf(value: string | string[] | undefined): ApiScope[] {
  const ticked = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return API_SCOPES.filter((scope) => ticked.includes(scope));
}

function keyRow(res: Response, key: ApiKey, manage: boolean): string {
  const context = contextOf(res);
  const { language } = context;
  const say = (k: ApiKeysTextKey, params = {}) => sayApiKeys(language, k, params);
  const name = key.label || key._id;
  const revoke =
    manage && key.revokedAt === null
      ? `<form method="post" action="${dashboardHref(`/api-keys/${encodeURIComponent(key._id)}/revoke`, language)}" class="inline" data-confirm="${say('confirmRevoke', { name })}">${csrfField(context)}
<button type="submit" class="danger">${say('revoke')}</button></form>`
      : '';
  const status =
    key.revokedAt === null
      ? `<span class="status keys-active">${say('active')}</span>`
      : `<span class="status keys-revoked">${say('revokedOn', { date: { date: key.revokedAt.toISOString() } })}</span>`;
  return `<tr><td>${escapeHtml(name)}</td><td><code class="keys-prefix">${escapeHtml(key.prefix)}…</code></td>
<td>${key.scopes.map((s) => escapeHtml(s)).join(', ')}</td><td>${when(key.createdAt, language)}</td><td>${status}</td><td>${revoke}</td></tr>`;
}

async function listPage(res: Response, deps: DashboardDeps, message: { notice?: boolean; problem?: ApiKeysTextKey }) {
  const context = contextOf(res);
  const { language, merchant, member } = context;
  const say = (k: ApiKeysTextKey) => sayApiKeys(language, k);
  // Whether to offer the forms; each action checks again with permit.
  const manage = can(member, 'apiKeys', 'manage').ok;
  const keys = await deps.services.apiKeys.list(merchant._id);
  const create = manage
    ? `<h2>${say('createTitle')}</h2>
<form method="post" action="${dashboardHref('/api-keys', language)}" class="stack keys-create">${csrfField(context)}
<p class="muted">${say('createIntro')}</p>
<label>${say('name')} <input name="name" maxlength="${MAX_NAME}" /></label>
<fieldset><legend>${say('scopes')}</legend>
${API_SCOPES.map((s) => `<label><input type="checkbox" name="scopes" value="${s}"${s === 'read' ? ' checked' : ''} /> ${say(`scope.${s}`)}</label>`).join('\n')}
</fieldset>
<button type="submit">${sayDashboard(language, 'create')}</button></form>`
    : '';
  const body = `${message.notice ? `<p class="notice" role="status">${say('done.revoked')}</p>` : ''}
${message.problem ? `<p class="error" role="alert">${say(message.problem)}</p>` : ''}
${
  keys.length === 0
    ? `<p class="muted">${say('none')}</p>`
    : `<div class="table-wrap"><table class="keys-list"><thead><tr><th>${say('name')}</th><th>${say('key')}</th><th>${say('scopes')}</th>
<th>${say('created')}</th><th>${say('status')}</th><th>${say('actions')}</th></tr></thead>
<tbody>${keys.map((k) => keyRow(res, k, manage)).join('')}</tbody></table></div>`
}
${create}`;
  return dashboardPage(res, { section: 'apiKeys', title: sayDashboard(language, 'nav.apiKeys'), body });
}

/** The answer to the create form: the only page that ever shows the secret. */
function secretPage(res: Response, key: ApiKey, secret: string): string {
  const { language } = contextOf(res);
  const say = (k: ApiKeysTextKey) => sayApiKeys(language, k);
  const body = `<div class="panel keys-once">
<p>${say('secretIntro')}</p>
<p class="secret">${escapeHtml(secret)}</p>
<p class="muted">${escapeHtml(key.label || key._id)} · ${key.scopes.map((s) => escapeHtml(s)).join(', ')}</p>
</div>
<p><a href="${dashboardHref('/api-keys', language)}">${say('backToKeys')}</a></p>`;
  return dashboardPage(res, { section: 'apiKeys', title: say('secretTitle'), body, path: '/api-keys' });
}

export const mountApiKeys: MountSection = (router, deps) => {
  router.get('/api-keys', async (req, res) => {
    if (!permit(res, 'apiKeys', 'read')) return;
    res.type('html').send(await listPage(res, deps, { notice: req.query.done === 'revoked' }));
  });

  router.post('/api-keys', async (req, res) => {
    if (!permit(res, 'apiKeys', 'manage')) return;
    const { merchant } = contextOf(res);
    const form = createForm.safeParse(req.body);
    const scopes = form.success ? scopesOf(form.data.scopes) : [];
    const label = form.success ? form.data.name.replace(/\s+/g, ' ').trim() : '';
    if (label.length > MAX_NAME)
      return void res
        .status(400)
        .type('html')
        .send(await listPage(res, deps, { problem: 'badName' }));
    if (scopes.length === 0)
      return void res
        .status(400)
        .type('html')
        .send(await listPage(res, deps, { problem: 'noScope' }));
    const { key, secret } = await deps.services.apiKeys.create(merchant._id, { scopes, label });
    // The secret is in this answer only: nothing may keep a copy of it.
    res.setHeader('Cache-Control', 'no-store');
    res
      .status(201)
      .type('html')
      .send(secretPage(res, key, secret));
  });

  router.post('/api-keys/:id/revoke', async (req, res) => {
    if (!permit(res, 'apiKeys', 'manage')) return;
    const { merchant, language } = contextOf(res);
    if (!(await deps.services.apiKeys.revoke(merchant._id, req.params.id))) {
      return void res.status(404).type('html').send(notFoundPage(res));
    }
    res.redirect(303, dashboardHref('/api-keys', language, { done: 'revoked' }));
  });
};
