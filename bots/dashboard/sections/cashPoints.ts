/**
 * Cash points: the list, creating, renaming and deactivating them (for those who may manage cash points), and the
 * report per cash point and Douala day (requests, francs asked for, francs paid). A cashier may read the report of
 * their own cash point only: the report route checks `reports` at the cash point asked for, and the service itself
 * keeps to the payments the member may see.
 */
import type { Response } from 'express';
import { z } from 'zod';
import type { CashPoint } from '../../../domain/merchants/team/cashPoint';
import type { CashPointRefusal } from '../../../domain/merchants/team/cashPoints';
import { can } from '../../../domain/merchants/team/roles';
import { DASHBOARD_PATH, permit } from '../dashboardAccess';
import { contextOf, type DashboardDeps } from '../dashboardContext';
import { csrfField, dashboardHref, dashboardPage, escapeHtml, francs, notFoundPage, when } from '../dashboardLayout';
import { sayDashboard } from '../dashboardText';
import { sayCashPoints, type CashPointsTextKey } from './cashPointsText';
import type { MountSection } from '.';

const nameForm = z.object({ name: z.string().max(200).default('') });

const REFUSAL_STATUS: Readonly<Record<CashPointRefusal, number>> = {
  NOT_A_MEMBER: 403,
  ROLE_NOT_ALLOWED: 403,
  OTHER_CASH_POINT: 403,
  ABOVE_REFUND_LIMIT: 403,
  INVALID_NAME: 400,
  CASH_POINT_NOT_FOUND: 404,
};

const NOTICES = ['created', 'renamed', 'deactivated'] as const;
type Notice = (typeof NOTICES)[number];

function cashPointRow(res: Response, cashPoint: CashPoint, manage: boolean): string {
  const context = contextOf(res);
  const { language } = context;
  const say = (key: CashPointsTextKey, params = {}) => sayCashPoints(language, key, params);
  const path = `/cash-points/${encodeURIComponent(cashPoint._id)}`;
  const actions =
    manage && cashPoint.active
      ? `<form method="post" action="${dashboardHref(`${path}/rename`, language)}" class="inline">${csrfField(context)}
<input name="name" value="${escapeHtml(cashPoint.name)}" maxlength="40" required aria-label="${say('name')}" />
<button type="submit" class="secondary">${say('rename')}</button></form>
<form method="post" action="${dashboardHref(`${path}/deactivate`, language)}" class="inline" data-confirm="${say('confirmDeactivate', { name: cashPoint.name })}">${csrfField(context)}
<button type="submit" class="danger">${say('deactivate')}</button></form>`
      : '';
  const report = `<a href="${dashboardHref('/cash-points/report', language, { cashPoint: cashPoint._id })}">${say('report')}</a>`;
  return `<tr><td>${escapeHtml(cashPoint.name)}</td><td>${when(cashPoint.createdAt, language)}</td>
<td><span class="status cp-${cashPoint.active ? 'active' : 'inactive'}">${say(cashPoint.active ? 'active' : 'inactive')}</span></td>
<td class="cp-actions">${report} ${actions}</td></tr>`;
}

async function listPage(res: Response, deps: DashboardDeps, message: { notice?: Notice; problem?: CashPointsTextKey }) {
  const context = contextOf(res);
  const { language, merchant, member } = context;
  const say = (key: CashPointsTextKey) => sayCashPoints(language, key);
  // Whether to offer the forms; each action checks again with permit.
  const manage = can(member, 'cashPoints', 'manage').ok;
  const cashPoints = await deps.services.cashPoints.list(merchant._id);
  const rows = cashPoints.map((c) => cashPointRow(res, c, manage)).join('');
  const create = manage
    ? `<h2>${say('createTitle')}</h2>
<form method="post" action="${dashboardHref('/cash-points', language)}" class="stack cp-create">${csrfField(context)}
<p class="muted">${say('createIntro')}</p>
<label>${say('name')} <input name="name" required minlength="2" maxlength="40" /></label>
<button type="submit">${sayDashboard(language, 'create')}</button></form>`
    : '';
  const body = `${message.notice ? `<p class="notice" role="status">${say(`done.${message.notice}`)}</p>` : ''}
${message.problem ? `<p class="error" role="alert">${say(message.problem)}</p>` : ''}
<p><a href="${dashboardHref('/cash-points/report', language)}">${say('reportTitle')}</a></p>
${
  cashPoints.length === 0
    ? `<p class="muted">${say('none')}</p>`
    : `<div class="table-wrap"><table class="cp-list"><thead><tr><th>${say('name')}</th><th>${say('created')}</th>
<th>${say('status')}</th><th>${say('actions')}</th></tr></thead><tbody>${rows}</tbody></table></div>`
}
${create}`;
  return dashboardPage(res, { section: 'cashPoints', title: sayDashboard(language, 'nav.cashPoints'), body });
}

async function refused(res: Response, deps: DashboardDeps, reason: CashPointRefusal): Promise<void> {
  if (reason === 'CASH_POINT_NOT_FOUND') return void res.status(404).type('html').send(notFoundPage(res));
  res
    .status(REFUSAL_STATUS[reason])
    .type('html')
    .send(await listPage(res, deps, { problem: `refusal.${reason}` }));
}

function done(res: Response, notice: Notice): void {
  res.redirect(303, dashboardHref('/cash-points', contextOf(res).language, { done: notice }));
}

export const mountCashPoints: MountSection = (router, deps) => {
  router.get('/cash-points', async (req, res) => {
    if (!permit(res, 'cashPoints', 'read')) return;
    const asked = typeof req.query.done === 'string' ? req.query.done : '';
    const notice = NOTICES.find((n) => n === asked);
    res.type('html').send(await listPage(res, deps, notice ? { notice } : {}));
  });

  router.post('/cash-points', async (req, res) => {
    if (!permit(res, 'cashPoints', 'manage')) return;
    const { member, merchant } = contextOf(res);
    const form = nameForm.safeParse(req.body);
    const name = form.success ? form.data.name : '';
    const created = await deps.services.cashPoints.create({ merchantId: merchant._id, by: member.msisdn, name });
    if (!created.ok) return refused(res, deps, created.reason);
    done(res, 'created');
  });

  router.post('/cash-points/:id/rename', async (req, res) => {
    const cashPointId = req.params.id;
    if (!permit(res, 'cashPoints', 'manage', { cashPointId })) return;
    const { member, merchant } = contextOf(res);
    const form = nameForm.safeParse(req.body);
    const name = form.success ? form.data.name : '';
    const renamed = await deps.services.cashPoints.rename({
      merchantId: merchant._id,
      by: member.msisdn,
      cashPointId,
      name,
    });
    if (!renamed.ok) return refused(res, deps, renamed.reason);
    done(res, 'renamed');
  });

  router.post('/cash-points/:id/deactivate', async (req, res) => {
    const cashPointId = req.params.id;
    if (!permit(res, 'cashPoints', 'manage', { cashPointId })) return;
    const { member, merchant } = contextOf(res);
    const ended = await deps.services.cashPoints.deactivate({
      merchantId: merchant._id,
      by: member.msisdn,
      cashPointId,
    });
    if (!ended.ok) return refused(res, deps, ended.reason);
    done(res, 'deactivated');
  });

  router.get('/cash-points/report', async (req, res) => {
    const { member, merchant, language } = contextOf(res);
    const asked = typeof req.query.cashPoint === 'string' && req.query.cashPoint !== '' ? req.query.cashPoint : null;
    // A cashier reads their own cash point's report (asked for or not); the others any cash point's.
    if (!permit(res, 'reports', 'read', { cashPointId: asked ?? member.cashPointId })) return;
    const report = await deps.services.cashPoints.report(merchant._id, member.msisdn);
    if (!report.ok) return refused(res, deps, report.reason);
    const say = (key: CashPointsTextKey) => sayCashPoints(language, key);
    const all = await deps.services.cashPoints.list(merchant._id);
    const visible = all.filter((c) => can(member, 'reports', 'read', { cashPointId: c._id }).ok);
    const lines = report.lines.filter((line) => asked === null || line.cashPointId === asked);
    const nameOf = (id: string | null) =>
      id === null ? say('noCashPoint') : escapeHtml(all.find((c) => c._id === id)?.name ?? id);
    const options = visible
      .map(
        (c) =>
          `<option value="${escapeHtml(c._id)}"${c._id === asked ? ' selected' : ''}>${escapeHtml(c.name)}</option>`,
      )
      .join('');
    const rows = lines
      .map(
        (line) => `<tr><td>${escapeHtml(line.day)}</td><td>${nameOf(line.cashPointId)}</td>
<td class="amount">${line.count}</td><td class="amount">${francs(line.volume, language)}</td><td class="amount">${francs(line.paid, language)}</td></tr>`,
      )
      .join('');
    const body = `<p class="muted">${say('reportIntro')}</p>
<form method="get" action="${DASHBOARD_PATH}/cash-points/report" class="filters cp-filter">
<input type="hidden" name="lang" value="${language}" />
<label>${say('reportFor')} <select name="cashPoint">${member.role === 'cashier' ? '' : `<option value="">${sayDashboard(language, 'all')}</option>`}${options}</select></label>
<button type="submit" class="secondary">${say('show')}</button></form>
${
  lines.length === 0
    ? `<p class="muted">${say('empty')}</p>`
    : `<div class="table-wrap"><table class="cp-report"><thead><tr><th>${say('day')}</th><th>${say('reportFor')}</th>
<th class="amount">${say('count')}</th><th class="amount">${say('volume')}</th><th class="amount">${say('paid')}</th></tr></thead>
<tbody>${rows}</tbody></table></div>`
}`;
    res
      .type('html')
      .send(
        dashboardPage(res, { section: 'cashPoints', title: say('reportTitle'), body, path: '/cash-points/report' }),
      );
  });
};
