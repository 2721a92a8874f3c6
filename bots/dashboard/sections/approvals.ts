/**
 * Approvals (maker-checker): the payouts and salary batches waiting for a second person, with their approve and
 * reject buttons, and the owner's approval threshold. The decision is the team's service's (`services.approvals`):
 * it refuses the maker (OWN_ACTION) and anyone whose role may not authorize that kind, and of two decisions at once
 * the first insert stands. Once decided, the payout or batch is driven on at once, as its service is wired to (the
 * settle worker and the salary runner would otherwise find it on their next pass).
 */
import type { Request, Response } from 'express';
import type { ApprovalKind, PendingApproval } from '../../../domain/merchants/team/approval';
import type { DecideResult } from '../../../domain/merchants/team/approvals';
import { can, type TeamResource } from '../../../domain/merchants/team/roles';
import { maskMsisdn } from '../../../domain/phone';
import type { Language } from '../../../domain/users';
import { permit } from '../dashboardAccess';
import { contextOf, type DashboardDeps } from '../dashboardContext';
import { csrfField, dashboardHref, dashboardPage, escapeHtml, francs, when } from '../dashboardLayout';
import { sayDashboard } from '../dashboardText';
import { sayApprovals } from './approvalsText';
import { destinationText, typedFrancs } from './payouts';
import type { MountSection } from '.';

type Say = Parameters<typeof sayApprovals>[1];

const RESOURCE_OF: Record<ApprovalKind, TeamResource> = { payout: 'payouts', salary_batch: 'salaries' };

/** The kind an approval's id names (`<kind>:<subjectId>`), read from the id alone so the role is checked first. */
function kindOf(subject: string): ApprovalKind | null {
  if (subject.startsWith('payout:')) return 'payout';
  if (subject.startsWith('salary_batch:')) return 'salary_batch';
  return null;
}

/** The merchant's own id of a payout from its record's id (`payout:<merchantId>:<id>`); null if not this merchant's. */
function payoutCallerId(merchantId: string, subjectId: string): string | null {
  const prefix = `payout:${merchantId}:`;
  return subjectId.startsWith(prefix) ? subjectId.slice(prefix.length) : null;
}

async function whatText(deps: DashboardDeps, approval: PendingApproval, language: Language): Promise<string> {
  if (approval.kind === 'payout') {
    const id = payoutCallerId(approval.merchantId, approval.subjectId);
    const payout = id === null ? null : await deps.services.payouts.get(approval.merchantId, id);
    return payout
      ? `${sayApprovals(language, 'kind.payout')} ${destinationText(payout.destination, language)}`
      : sayApprovals(language, 'kind.unknown');
  }
  const batch = await deps.services.salaryBatches.get(approval.merchantId, approval.subjectId);
  if (!batch.ok) return sayApprovals(language, 'kind.unknown');
  const link = dashboardHref(`/salaries/${encodeURIComponent(batch.batch.id)}`, language);
  const text = sayApprovals(language, 'kind.salary_batch', {
    reference: batch.batch.reference,
    lines: batch.batch.totals.lines,
  });
  return `<a href="${link}">${text}</a>`;
}

async function pendingHtml(res: Response, deps: DashboardDeps): Promise<string> {
  const context = contextOf(res);
  const { language, merchant, member } = context;
  const say = (key: Say) => sayApprovals(language, key);
  const pending = await deps.services.approvals.pending(merchant._id);
  if (pending.length === 0) return `<p>${say('empty')}</p>`;
  const rows = await Promise.all(
    pending.map(async (approval) => {
      const mayDecide = can(member, RESOURCE_OF[approval.kind], 'authorize').ok;
      const button = (decision: 'approve' | 'reject') =>
        `<form method="post" action="${dashboardHref('/approvals/decide', language)}" class="appr-decide" data-confirm="${say(decision === 'approve' ? 'confirmApprove' : 'confirmReject')}">
${csrfField(context)}<input type="hidden" name="subject" value="${escapeHtml(approval._id)}" />
<input type="hidden" name="decision" value="${decision}" /><button type="submit"${decision === 'reject' ? ' class="secondary"' : ''}>${say(decision)}</button></form>`;
      // The maker is shown why there is nothing to press (the service refuses them anyway: OWN_ACTION).
      const decisionCell =
        approval.maker === member.msisdn
          ? say('yours')
          : mayDecide
            ? `<div class="appr-buttons">${button('approve')}${button('reject')}</div>`
            : sayDashboard(language, 'none');
      return `<tr><td>${when(approval.createdAt, language)}</td><td>${await whatText(deps, approval, language)}</td>
<td class="num">${francs(approval.amount, language)}</td><td>${escapeHtml(maskMsisdn(approval.maker))}</td>
<td>${decisionCell}</td></tr>`;
    }),
  );
  return `<div class="table-wrap"><table class="appr-list">
<thead><tr><th>${say('col.date')}</th><th>${say('col.what')}</th><th>${say('col.amount')}</th><th>${say('col.maker')}</th><th>${say('col.decide')}</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table></div>`;
}

async function thresholdHtml(res: Response, deps: DashboardDeps, typed?: string): Promise<string> {
  const context = contextOf(res);
  const { language, merchant, member } = context;
  if (!can(member, 'settings', 'read').ok) return '';
  const say = (key: Say) => sayApprovals(language, key);
  const threshold = (await deps.services.approvals.settings(merchant._id))?.approvalThreshold ?? null;
  const now =
    threshold === null
      ? say('thresholdNone')
      : sayApprovals(language, 'thresholdNow', { threshold: { francs: threshold } });
  const form = can(member, 'settings', 'manage').ok
    ? `<form method="post" action="${dashboardHref('/approvals/threshold', language)}" class="stack">${csrfField(context)}
<label>${say('field.threshold')} <input name="threshold" inputmode="numeric" value="${escapeHtml(typed ?? (threshold === null ? '' : String(threshold)))}" /></label>
<button type="submit">${sayDashboard(language, 'save')}</button></form>`
    : `<p>${say('thresholdOwnerOnly')}</p>`;
  return `<section class="appr-threshold"><h2>${say('thresholdTitle')}</h2><p>${now}</p>${form}</section>`;
}

async function page(
  req: Request,
  res: Response,
  deps: DashboardDeps,
  options: { error?: string; typed?: string } = {},
): Promise<string> {
  const { language } = contextOf(res);
  const done = req.query.done;
  const notice =
    done === 'approved' || done === 'rejected' || done === 'threshold'
      ? `<p class="notice" role="status">${sayApprovals(language, `done.${done}`)}</p>`
      : '';
  const error = options.error ? `<p class="error" role="alert">${options.error}</p>` : '';
  const body = `${notice}${error}<p>${sayApprovals(language, 'intro')}</p>
<h2>${sayApprovals(language, 'pendingTitle')}</h2>
${await pendingHtml(res, deps)}
${await thresholdHtml(res, deps, options.typed)}`;
  return dashboardPage(res, { section: 'approvals', title: sayDashboard(language, 'nav.approvals'), body });
}

/** The page of a refused decision, in words: who may decide, and that nothing changed. */
function refusedPage(res: Response, refused: Extract<DecideResult, { ok: false }>): void {
  const { language } = contextOf(res);
  const status = { OWN_ACTION: 403, NOT_ALLOWED: 403, APPROVAL_NOT_FOUND: 404, ALREADY_DECIDED: 409 }[refused.reason];
  const text =
    refused.reason === 'ALREADY_DECIDED'
      ? sayApprovals(language, 'refused.ALREADY_DECIDED', {
          outcome: sayApprovals(language, `outcome.${refused.decision.outcome}`),
        })
      : sayApprovals(language, `refused.${refused.reason}`);
  const body = `<p class="error" role="alert">${text}</p>
<p><a href="${dashboardHref('/approvals', language)}">${sayDashboard(language, 'back')}</a></p>`;
  res
    .status(status)
    .type('html')
    .send(dashboardPage(res, { section: 'approvals', title: sayApprovals(language, 'refusedTitle'), body }));
}

/** Drives the decided payout or batch on now; should it fail, the settle worker or the runner's next pass will. */
async function carryOut(deps: DashboardDeps, merchantId: string, kind: ApprovalKind, subject: string) {
  const subjectId = subject.slice(kind.length + 1);
  try {
    if (kind === 'salary_batch') {
      // Run reads the decision: approved, the lines start; rejected, the batch is marked so.
      await deps.services.salaryBatches.run(merchantId, subjectId);
      return;
    }
    const id = payoutCallerId(merchantId, subjectId);
    if (id !== null) await deps.services.payouts.approve(merchantId, id);
  } catch {
    // The decision is recorded; the workers carry it out.
  }
}

export const mountApprovals: MountSection = (router, deps) => {
  router.get('/approvals', async (req, res) => {
    if (!permit(res, 'payouts', 'read')) return;
    res.type('html').send(await page(req, res, deps));
  });

  router.post('/approvals/decide', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const subject = typeof body.subject === 'string' ? body.subject : '';
    const kind = kindOf(subject);
    // Without a kind there is no role to check against: a payout's level is asked, the strictest default.
    if (!permit(res, kind ? RESOURCE_OF[kind] : 'payouts', 'authorize')) return;
    const { language, merchant, member } = contextOf(res);
    const decision = body.decision === 'approve' || body.decision === 'reject' ? body.decision : null;
    if (!kind || !decision) return refusedPage(res, { ok: false, reason: 'APPROVAL_NOT_FOUND' });
    const input = { merchantId: merchant._id, subject, by: member.msisdn };
    const decided =
      decision === 'approve'
        ? await deps.services.approvals.approve(input)
        : await deps.services.approvals.reject(input);
    if (!decided.ok) return refusedPage(res, decided);
    await carryOut(deps, merchant._id, kind, subject);
    res.redirect(
      303,
      dashboardHref('/approvals', language, { done: decision === 'approve' ? 'approved' : 'rejected' }),
    );
  });

  router.post('/approvals/threshold', async (req, res) => {
    if (!permit(res, 'settings', 'manage')) return;
    const { language, merchant, member } = contextOf(res);
    const typed = typeof req.body?.threshold === 'string' ? (req.body.threshold as string).trim() : '';
    const threshold = typed === '' ? null : typedFrancs(typed);
    const set =
      typed !== '' && threshold === null
        ? ({ ok: false, reason: 'INVALID_THRESHOLD' } as const)
        : await deps.services.approvals.setThreshold({ merchantId: merchant._id, by: member.msisdn, threshold });
    if (!set.ok) {
      const error = sayApprovals(language, `error.${set.reason}`);
      return void res
        .status(set.reason === 'NOT_ALLOWED' ? 403 : 400)
        .type('html')
        .send(await page(req, res, deps, { error, typed }));
    }
    res.redirect(303, dashboardHref('/approvals', language, { done: 'threshold' }));
  });
};
