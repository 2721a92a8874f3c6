/**
 * The team: the owner first, then everyone invited, with their role, cash point, refund limit and status; inviting,
 * changing a role and removing for those who may manage the team. `permit` checks the member's role first; the Team
 * service then applies its own rules (never above your own role — mayGrant —, never the owner), and its refusals
 * are shown in words. An invite is told to the invitee in their chat by the service, as the chat's invites are.
 */
import type { Response } from 'express';
import { z } from 'zod';
import type { CashPoint } from '../../../domain/merchants/team/cashPoint';
import { can, mayGrant, TEAM_ROLES, type TeamRole } from '../../../domain/merchants/team/roles';
import type { GrantableRole, TeamRefusal } from '../../../domain/merchants/team/team';
import type { TeamMember } from '../../../domain/merchants/team/teamMember';
import { formatMsisdnForDisplay, parseCameroonMobile, type Msisdn } from '../../../domain/phone';
import type { Language } from '../../../domain/users';
import { permit } from '../dashboardAccess';
import { contextOf, type DashboardContext, type DashboardDeps } from '../dashboardContext';
import { csrfField, dashboardHref, dashboardPage, escapeHtml, francs } from '../dashboardLayout';
import { sayDashboard } from '../dashboardText';
import { sayTeam, type TeamTextKey } from './teamText';
import type { MountSection } from '.';

const GRANTABLE: readonly GrantableRole[] = ['admin', 'operations', 'cashier', 'viewer', 'developer'];

const memberForm = z.object({
  number: z.string().max(40).default(''),
  role: z.enum(TEAM_ROLES),
  cashPointId: z.string().max(80).default(''),
  refundLimit: z.string().max(20).default(''),
});
const removeForm = z.object({ number: z.string().max(40).default('') });

// Refusals of the Team service: what the member may not do is a 403, a wrong form 400, a state that forbids it 409.
const REFUSAL_STATUS: Readonly<Record<TeamRefusal, number>> = {
  MERCHANT_NOT_FOUND: 404,
  NOT_ALLOWED: 403,
  ROLE_TOO_HIGH: 403,
  INVALID_CASH_POINT: 400,
  INVALID_REFUND_LIMIT: 400,
  IS_OWNER: 403,
  ALREADY_MEMBER: 409,
  NOT_A_MEMBER: 404,
  LAST_ADMIN: 409,
};

const NOTICES = ['invited', 'alreadyInvited', 'changed', 'removed'] as const;

type Problem = { status: number; text: TeamTextKey };

/** What the form asks for, checked: the number, the role, and a cashier's cash point and limit. */
type MemberInput =
  | { ok: true; msisdn: Msisdn; role: GrantableRole; cashPointId?: string; refundLimit?: number }
  | { ok: false; problem: Problem };

function memberInput(body: unknown): MemberInput {
  const form = memberForm.safeParse(body);
  if (!form.success) return { ok: false, problem: { status: 400, text: 'badForm' } };
  const parsed = parseCameroonMobile(form.data.number);
  if (!parsed.ok) return { ok: false, problem: { status: 400, text: 'badNumber' } };
  const { role } = form.data;
  // Nobody may grant the owner's role: the same refusal as any role above one's own.
  if (role === 'owner') return { ok: false, problem: { status: 403, text: 'refusal.ROLE_TOO_HIGH' } };
  if (role !== 'cashier') return { ok: true, msisdn: parsed.msisdn, role };
  const limitText = form.data.refundLimit.replace(/[\s\u00a0\u202f.]/g, '');
  if (limitText !== '' && !/^\d{1,12}$/.test(limitText))
    return { ok: false, problem: { status: 400, text: 'badForm' } };
  return {
    ok: true,
    msisdn: parsed.msisdn,
    role,
    ...(form.data.cashPointId ? { cashPointId: form.data.cashPointId } : {}),
    ...(limitText === '' ? {} : { refundLimit: Number(limitText) }),
  };
}

function refusal(reason: TeamRefusal): Problem {
  return { status: REFUSAL_STATUS[reason], text: `refusal.${reason}` };
}

function roleOptions(language: Language, roles: readonly TeamRole[], selected: TeamRole | null): string {
  return roles
    .map((r) => {
      const chosen = r === selected ? ' selected' : '';
      return `<option value="${r}"${chosen}>${sayDashboard(language, `role.${r}`)}</option>`;
    })
    .join('');
}

function cashPointOptions(language: Language, cashPoints: CashPoint[], selected: string | null): string {
  const none = `<option value="">${sayDashboard(language, 'none')}</option>`;
  return (
    none +
    cashPoints
      .filter((c) => c.active)
      .map((c) => {
        const chosen = c._id === selected ? ' selected' : '';
        return `<option value="${escapeHtml(c._id)}"${chosen}>${escapeHtml(c.name)}</option>`;
      })
      .join('')
  );
}

function memberRow(
  context: DashboardContext,
  member: TeamMember,
  cashPoints: CashPoint[],
  grantable: readonly GrantableRole[],
  manage: boolean,
): string {
  const { language } = context;
  const say = (key: TeamTextKey, params = {}) => sayTeam(language, key, params);
  const cashPoint = cashPoints.find((c) => c._id === member.cashPointId)?.name;
  const limit = member.refundLimit === null ? sayDashboard(language, 'none') : francs(member.refundLimit, language);
  const number = formatMsisdnForDisplay(member.msisdn);
  const changeable =
    manage && mayGrant(context.member.role, member.role) && ['invited', 'active'].includes(member.status);
  const actions = changeable
    ? `<form method="post" action="${dashboardHref('/team/role', language)}" class="inline team-change">${csrfField(context)}
<input type="hidden" name="number" value="${escapeHtml(member.msisdn)}" />
<select name="role" aria-label="${say('role')}">${roleOptions(language, grantable, member.role)}</select>
<select name="cashPointId" aria-label="${say('cashPoint')}">${cashPointOptions(language, cashPoints, member.cashPointId)}</select>
<input name="refundLimit" inputmode="numeric" size="7" aria-label="${say('refundLimit')}" value="${member.refundLimit ?? ''}" />
<button type="submit" class="secondary">${say('change')}</button></form>
<form method="post" action="${dashboardHref('/team/remove', language)}" class="inline" data-confirm="${say('confirmRemove', { number })}">${csrfField(context)}
<input type="hidden" name="number" value="${escapeHtml(member.msisdn)}" />
<button type="submit" class="danger">${say('remove')}</button></form>`
    : '';
  return `<tr><td>${escapeHtml(number)}</td><td>${sayDashboard(language, `role.${member.role}`)}</td>
<td>${cashPoint ? escapeHtml(cashPoint) : sayDashboard(language, 'none')}</td><td class="amount">${limit}</td>
<td><span class="status team-${member.status}">${say(`status.${member.status}`)}</span></td><td class="team-actions">${actions}</td></tr>`;
}

/** The team page: the list, and the invite form for those who may manage the team. */
async function teamPage(res: Response, deps: DashboardDeps, message: { notice?: string; problem?: Problem }) {
  const context = contextOf(res);
  const { language, merchant, member: me } = context;
  const say = (key: TeamTextKey, params = {}) => sayTeam(language, key, params);
  // Whether to offer the forms; each action checks again with permit.
  const manage = can(me, 'team', 'manage').ok;
  const grantable = GRANTABLE.filter((r) => mayGrant(me.role, r));
  const [members, cashPoints] = await Promise.all([
    deps.services.team.list(merchant._id),
    deps.services.cashPoints.list(merchant._id),
  ]);
  const none = sayDashboard(language, 'none');
  const ownerRow = `<tr><td>${escapeHtml(formatMsisdnForDisplay(merchant.owner))}</td><td>${sayDashboard(language, 'role.owner')}</td>
<td>${none}</td><td class="amount">${none}</td><td><span class="status team-owner">${say('status.owner')}</span></td><td></td></tr>`;
  const rows = members
    .filter((m) => m.status !== 'removed')
    .map((m) => memberRow(context, m, cashPoints, grantable, manage));
  const active = cashPoints.filter((c) => c.active);
  const invite =
    manage && grantable.length > 0
      ? `<h2>${say('inviteTitle')}</h2>
<form method="post" action="${dashboardHref('/team/invite', language)}" class="stack team-invite">${csrfField(context)}
<p class="muted">${say('inviteIntro')}</p>
<label>${say('number')} <input name="number" type="tel" inputmode="tel" required maxlength="40" /></label>
<label>${say('role')} <select name="role" required>${roleOptions(language, grantable, null)}</select></label>
<label>${say('cashPoint')} (${say('cashierOnly')}) <select name="cashPointId">${cashPointOptions(language, cashPoints, null)}</select></label>
${active.length === 0 ? `<p class="muted">${say('noCashPoint')}</p>` : ''}
<label>${say('refundLimit')} (${say('cashierOnly')}) <input name="refundLimit" inputmode="numeric" maxlength="20" /></label>
<button type="submit">${say('invite')}</button></form>`
      : '';
  const body = `${message.notice ? `<p class="notice" role="status">${message.notice}</p>` : ''}
${message.problem ? `<p class="error" role="alert">${say(message.problem.text)}</p>` : ''}
<div class="table-wrap"><table class="team-list"><thead><tr><th>${say('number')}</th><th>${say('role')}</th><th>${say('cashPoint')}</th>
<th class="amount">${say('refundLimit')}</th><th>${say('status')}</th><th>${say('actions')}</th></tr></thead>
<tbody>${ownerRow}${rows.join('')}</tbody></table></div>
${invite}`;
  return dashboardPage(res, { section: 'team', title: sayDashboard(language, 'nav.team'), body });
}

/** The page again with what went wrong; nothing was changed. */
async function answer(res: Response, deps: DashboardDeps, problem: Problem): Promise<void> {
  res
    .status(problem.status)
    .type('html')
    .send(await teamPage(res, deps, { problem }));
}

function done(res: Response, notice: (typeof NOTICES)[number]): void {
  res.redirect(303, dashboardHref('/team', contextOf(res).language, { done: notice }));
}

export const mountTeam: MountSection = (router, deps) => {
  router.get('/team', async (req, res) => {
    if (!permit(res, 'team', 'read')) return;
    const { language } = contextOf(res);
    const asked = typeof req.query.done === 'string' ? req.query.done : '';
    const notice = (NOTICES as readonly string[]).includes(asked)
      ? sayTeam(language, `done.${asked as (typeof NOTICES)[number]}`)
      : undefined;
    res.type('html').send(await teamPage(res, deps, notice ? { notice } : {}));
  });

  router.post('/team/invite', async (req, res) => {
    if (!permit(res, 'team', 'manage')) return;
    const { member, merchant } = contextOf(res);
    const input = memberInput(req.body);
    if (!input.ok) return answer(res, deps, input.problem);
    const { ok: _ok, ...fields } = input;
    const invited = await deps.services.team.invite({ merchantId: merchant._id, by: member.msisdn, ...fields });
    if (!invited.ok) return answer(res, deps, refusal(invited.reason));
    done(res, invited.created ? 'invited' : 'alreadyInvited');
  });

  router.post('/team/role', async (req, res) => {
    if (!permit(res, 'team', 'manage')) return;
    const { member, merchant } = contextOf(res);
    const input = memberInput(req.body);
    if (!input.ok) return answer(res, deps, input.problem);
    const { ok: _ok, ...fields } = input;
    const changed = await deps.services.team.changeRole({ merchantId: merchant._id, by: member.msisdn, ...fields });
    if (!changed.ok) return answer(res, deps, refusal(changed.reason));
    done(res, 'changed');
  });

  router.post('/team/remove', async (req, res) => {
    if (!permit(res, 'team', 'manage')) return;
    const { member, merchant } = contextOf(res);
    const form = removeForm.safeParse(req.body);
    const parsed = parseCameroonMobile(form.success ? form.data.number : '');
    if (!parsed.ok) return answer(res, deps, { status: 400, text: 'badNumber' });
    const removed = await deps.services.team.remove({
      merchantId: merchant._id,
      by: member.msisdn,
      msisdn: parsed.msisdn,
    });
    if (!removed.ok) return answer(res, deps, refusal(removed.reason));
    done(res, 'removed');
  });
};
