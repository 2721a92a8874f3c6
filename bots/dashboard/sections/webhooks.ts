/**
 * Webhooks: the merchant's endpoints (URL, events, status), registering one, deleting one and rotating its signing
 * secret (each new secret shown in that answer only, never in a URL or a later page), and per endpoint the log of
 * its recent deliveries with a button to send one again (a new attempt, in the log). Which URLs are accepted is the
 * service's policy (https to a public address, unless the WEBHOOK_ALLOW_* settings say otherwise).
 */
import type { Response } from 'express';
import { z } from 'zod';
import { MERCHANT_EVENT_TYPES } from '../../../domain/merchants/merchantEvent';
import { can } from '../../../domain/merchants/team/roles';
import type { WebhookDelivery } from '../../../domain/merchants/webhooks/deliveries';
import type { WebhookEndpointView } from '../../../domain/merchants/webhooks/endpoint';
import { permit } from '../dashboardAccess';
import { contextOf, type DashboardDeps } from '../dashboardContext';
import { csrfField, dashboardHref, dashboardPage, escapeHtml, notFoundPage, when } from '../dashboardLayout';
import { sayDashboard } from '../dashboardText';
import { sayWebhooks, type WebhooksTextKey } from './webhooksText';
import type { MountSection } from '.';

/** How many deliveries a page of an endpoint's log shows. */
const LOG_PAGE = 50;

const createForm = z.object({
  url: z.string().max(4096).default(''),
  events: z.union([z.string().max(60), z.array(z.string().max(60)).max(40)]).optional(),
});
const resendForm = z.object({ eventId: z.string().max(80).default('') });
const logQuery = z.object({ before: z.string().min(1).max(200).optional() });

type Refusal = Extract<WebhooksTextKey, `refusal.${string}`> extends `refusal.${infer R}` ? R : never;

const REFUSAL_STATUS: Readonly<Record<Refusal, number>> = {
  invalid_url: 400,
  insecure_url: 400,
  private_address: 400,
  invalid_events: 400,
  too_many_endpoints: 409,
  conflict: 409,
  event_not_found: 404,
  endpoint_not_found: 404,
  endpoint_disabled: 409,
};

function eventsText(endpoint: WebhookEndpointView, say: (k: WebhooksTextKey) => string): string {
  const events = endpoint.events as string[];
  return events.includes('*') ? say('allEvents') : events.map((e) => escapeHtml(e)).join(', ');
}

function endpointRow(res: Response, endpoint: WebhookEndpointView, manage: boolean): string {
  const context = contextOf(res);
  const { language } = context;
  const say = (k: WebhooksTextKey, params = {}) => sayWebhooks(language, k, params);
  const path = `/webhooks/${encodeURIComponent(endpoint._id)}`;
  const toggle = endpoint.status === 'enabled' ? 'disable' : 'enable';
  const forms = manage
    ? `<form method="post" action="${dashboardHref(`${path}/${toggle}`, language)}" class="inline">${csrfField(context)}
<button type="submit" class="secondary">${say(toggle)}</button></form>
<form method="post" action="${dashboardHref(`${path}/rotate`, language)}" class="inline" data-confirm="${say('confirmRotate', { url: endpoint.url })}">${csrfField(context)}
<button type="submit" class="secondary">${say('rotate')}</button></form>
<form method="post" action="${dashboardHref(`${path}/delete`, language)}" class="inline" data-confirm="${say('confirmDelete', { url: endpoint.url })}">${csrfField(context)}
<button type="submit" class="danger">${say('delete')}</button></form>`
    : '';
  return `<tr><td class="wh-url">${escapeHtml(endpoint.url)}</td><td class="wh-events">${eventsText(endpoint, say)}</td>
<td><span class="status wh-${endpoint.status}">${say(`status.${endpoint.status}`)}</span></td><td>${when(endpoint.createdAt, language)}</td>
<td class="wh-actions"><a href="${dashboardHref(path, language)}">${say('deliveries')}</a> ${forms}</td></tr>`;
}

const LIST_NOTICES = ['deleted', 'disabled', 'enabled'] as const;
type ListNotice = (typeof LIST_NOTICES)[number];

async function listPage(res: Response, deps: DashboardDeps, message: { notice?: ListNotice; problem?: Refusal }) {
  const context = contextOf(res);
  const { language, merchant, member } = context;
  const say = (k: WebhooksTextKey) => sayWebhooks(language, k);
  // Whether to offer the forms; each action checks again with permit.
  const manage = can(member, 'webhooks', 'manage').ok;
  const endpoints = await deps.services.webhooks.listEndpoints(merchant._id);
  const types = MERCHANT_EVENT_TYPES.map(
    (t) => `<label><input type="checkbox" name="events" value="${t}" /> ${escapeHtml(t)}</label>`,
  ).join('\n');
  const create = manage
    ? `<h2>${say('createTitle')}</h2>
<form method="post" action="${dashboardHref('/webhooks', language)}" class="stack wh-create">${csrfField(context)}
<p class="muted">${say('createIntro')}</p>
<label>${say('url')} <input name="url" type="url" required maxlength="2048" placeholder="https://" /></label>
<fieldset class="wh-types"><legend>${say('events')}</legend>
<label><input type="checkbox" name="events" value="*" /> ${say('allEvents')}</label>
${types}
</fieldset>
<button type="submit">${sayDashboard(language, 'create')}</button></form>`
    : '';
  const body = `${message.notice ? `<p class="notice" role="status">${say(`done.${message.notice}`)}</p>` : ''}
${message.problem ? `<p class="error" role="alert">${say(`refusal.${message.problem}`)}</p>` : ''}
${
  endpoints.length === 0
    ? `<p class="muted">${say('none')}</p>`
    : `<div class="table-wrap"><table class="wh-list"><thead><tr><th>${say('url')}</th><th>${say('events')}</th><th>${say('status')}</th>
<th>${say('created')}</th><th>${say('actions')}</th></tr></thead>
<tbody>${endpoints.map((e) => endpointRow(res, e, manage)).join('')}</tbody></table></div>`
}
${create}`;
  return dashboardPage(res, { section: 'webhooks', title: sayDashboard(language, 'nav.webhooks'), body });
}

/** The answer to a create or a rotation: the only page that ever shows this secret. */
function secretPage(res: Response, endpoint: WebhookEndpointView, secret: string): string {
  const { language } = contextOf(res);
  const say = (k: WebhooksTextKey) => sayWebhooks(language, k);
  const body = `<div class="panel wh-once">
<p>${say('secretIntro')}</p>
<p class="secret">${escapeHtml(secret)}</p>
<p class="muted">${escapeHtml(endpoint.url)} · ${eventsText(endpoint, say)}</p>
</div>
<p><a href="${dashboardHref('/webhooks', language)}">${say('back')}</a></p>`;
  res.setHeader('Cache-Control', 'no-store');
  return dashboardPage(res, { section: 'webhooks', title: say('secretTitle'), body, path: '/webhooks' });
}

/** A page of the endpoint's deliveries, newest event first, and whether older ones follow (one more is read). */
async function deliveriesTo(
  deps: DashboardDeps,
  merchantId: string,
  endpointId: string,
  before: string | undefined,
): Promise<{ deliveries: WebhookDelivery[]; more: boolean }> {
  const read = await deps.services.webhooks.endpointDeliveries(merchantId, endpointId, { limit: LOG_PAGE + 1, before });
  return { deliveries: read.slice(0, LOG_PAGE), more: read.length > LOG_PAGE };
}

async function endpointPage(
  res: Response,
  deps: DashboardDeps,
  endpoint: WebhookEndpointView,
  message: { notice?: boolean; problem?: Refusal },
  before?: string,
): Promise<string> {
  const context = contextOf(res);
  const { language, merchant, member } = context;
  const say = (k: WebhooksTextKey) => sayWebhooks(language, k);
  const manage = can(member, 'webhooks', 'manage').ok && endpoint.status === 'enabled';
  const { deliveries, more } = await deliveriesTo(deps, merchant._id, endpoint._id, before);
  const path = `/webhooks/${encodeURIComponent(endpoint._id)}`;
  const last = deliveries.at(-1);
  const older =
    more && last
      ? `<p><a href="${escapeHtml(dashboardHref(path, language, { before: last._id }))}" rel="next">${say('older')}</a></p>\n`
      : '';
  const action = dashboardHref(`/webhooks/${encodeURIComponent(endpoint._id)}/resend`, language);
  const rows = deliveries
    .map((d) => {
      const resend = manage
        ? `<form method="post" action="${action}" class="inline">${csrfField(context)}
<input type="hidden" name="eventId" value="${escapeHtml(d.eventId)}" /><button type="submit" class="secondary">${say('resend')}</button></form>`
        : '';
      const code =
        d.lastStatus === null
          ? d.attempts === 0
            ? sayDashboard(language, 'none')
            : say('noAnswer')
          : String(d.lastStatus);
      return `<tr><td>${escapeHtml(d.eventType)}<br /><code class="wh-event">${escapeHtml(d.eventId)}</code></td>
<td><span class="status wh-${d.state}">${say(`state.${d.state}`)}</span></td><td class="amount">${d.attempts}</td>
<td class="amount wh-code">${escapeHtml(code)}</td><td>${when(d.lastAttemptAt ?? d.createdAt, language)}</td><td>${resend}</td></tr>`;
    })
    .join('');
  const body = `${message.notice ? `<p class="notice" role="status">${say('done.resent')}</p>` : ''}
${message.problem ? `<p class="error" role="alert">${say(`refusal.${message.problem}`)}</p>` : ''}
<p class="wh-url">${escapeHtml(endpoint.url)} · <span class="status wh-${endpoint.status}">${say(`status.${endpoint.status}`)}</span></p>
<p class="muted">${say('events')}: ${eventsText(endpoint, say)}</p>
<h2>${say('logTitle')}</h2>
${
  deliveries.length === 0
    ? `<p class="muted">${say('noDeliveries')}</p>`
    : `<div class="table-wrap"><table class="wh-log"><thead><tr><th>${say('event')}</th><th>${say('state')}</th>
<th class="amount">${say('attempts')}</th><th class="amount">${say('lastCode')}</th><th>${say('time')}</th><th>${say('actions')}</th></tr></thead>
<tbody>${rows}</tbody></table></div>`
}
${older}<p><a href="${dashboardHref('/webhooks', language)}">${say('back')}</a></p>`;
  return dashboardPage(res, { section: 'webhooks', title: say('deliveries'), body, path });
}

function notFound(res: Response): void {
  res.status(404).type('html').send(notFoundPage(res));
}

export const mountWebhooks: MountSection = (router, deps) => {
  router.get('/webhooks', async (req, res) => {
    if (!permit(res, 'webhooks', 'read')) return;
    const notice = LIST_NOTICES.find((n) => n === req.query.done);
    res.type('html').send(await listPage(res, deps, notice ? { notice } : {}));
  });

  router.post('/webhooks', async (req, res) => {
    if (!permit(res, 'webhooks', 'manage')) return;
    const { merchant } = contextOf(res);
    const form = createForm.safeParse(req.body);
    const raw = form.success ? form.data.events : undefined;
    const events = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    const created = await deps.services.webhooks.createEndpoint(merchant._id, {
      url: form.success ? form.data.url.trim() : '',
      events,
    });
    if (!created.ok) {
      const status = REFUSAL_STATUS[created.reason];
      return void res
        .status(status)
        .type('html')
        .send(await listPage(res, deps, { problem: created.reason }));
    }
    res
      .status(201)
      .type('html')
      .send(secretPage(res, created.endpoint, created.secret));
  });

  router.get('/webhooks/:id', async (req, res) => {
    if (!permit(res, 'webhooks', 'read')) return;
    const endpoint = await deps.services.webhooks.getEndpoint(contextOf(res).merchant._id, req.params.id);
    if (!endpoint) return notFound(res);
    // A cursor that is not one of this endpoint's deliveries shows an empty log, never another's deliveries.
    const query = logQuery.safeParse(req.query);
    const before = query.success ? query.data.before : undefined;
    res.type('html').send(await endpointPage(res, deps, endpoint, { notice: req.query.done === 'resent' }, before));
  });

  router.post('/webhooks/:id/rotate', async (req, res) => {
    if (!permit(res, 'webhooks', 'manage')) return;
    const merchantId = contextOf(res).merchant._id;
    const rotated = await deps.services.webhooks.rotateSecret(merchantId, req.params.id);
    const endpoint = await deps.services.webhooks.getEndpoint(merchantId, req.params.id);
    if (!rotated.ok || !endpoint) return notFound(res);
    res.type('html').send(secretPage(res, endpoint, rotated.secret));
  });

  // Disabled, an endpoint receives no new event (its pending deliveries end failed; a re-send can still send them).
  for (const change of ['disable', 'enable'] as const) {
    router.post(`/webhooks/:id/${change}`, async (req, res) => {
      if (!permit(res, 'webhooks', 'manage')) return;
      const { merchant, language } = contextOf(res);
      if (!(await deps.services.webhooks[change](merchant._id, req.params.id)).ok) return notFound(res);
      res.redirect(303, dashboardHref('/webhooks', language, { done: `${change}d` }));
    });
  }

  router.post('/webhooks/:id/delete', async (req, res) => {
    if (!permit(res, 'webhooks', 'manage')) return;
    const { merchant, language } = contextOf(res);
    if (!(await deps.services.webhooks.deleteEndpoint(merchant._id, req.params.id)).ok) return notFound(res);
    res.redirect(303, dashboardHref('/webhooks', language, { done: 'deleted' }));
  });

  router.post('/webhooks/:id/resend', async (req, res) => {
    if (!permit(res, 'webhooks', 'manage')) return;
    const { merchant, language } = contextOf(res);
    const endpoint = await deps.services.webhooks.getEndpoint(merchant._id, req.params.id);
    if (!endpoint) return notFound(res);
    const form = resendForm.safeParse(req.body);
    const resent = await deps.services.webhooks.resend(
      merchant._id,
      form.success ? form.data.eventId : '',
      endpoint._id,
    );
    if (!resent.ok) {
      const status = REFUSAL_STATUS[resent.reason];
      return void res
        .status(status)
        .type('html')
        .send(await endpointPage(res, deps, endpoint, { problem: resent.reason }));
    }
    const path = `/webhooks/${encodeURIComponent(endpoint._id)}`;
    res.redirect(303, dashboardHref(path, language, { done: 'resent' }));
  });
};
