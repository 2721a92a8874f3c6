/**
 * Salaries: the merchant's salary batches, a new batch from a CSV pasted in a textarea (or read into it from a file
 * by assets/salaries.js: the textarea alone works), its validation report before anything moves (every rejected
 * row by its line number and why), and the batch's page: progress, each line's status, pay it (above the owner's
 * threshold it waits for a checker in Approvals) and pay its failed lines again. All through `services.salaryBatches`,
 * the same service as the API; the salary runner pays the lines.
 */
import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import type { SalaryBatch, SalaryBatchState } from '../../../domain/merchants/salaries/salaryBatch';
import type { SalaryBatchAnswer } from '../../../domain/merchants/salaries/salaryBatches';
import type { SalaryBatchView } from '../../../domain/merchants/salaries/salaryBatchView';
import { can } from '../../../domain/merchants/team/roles';
import { formatMsisdnForDisplay, type Msisdn } from '../../../domain/phone';
import type { Language } from '../../../domain/users';
import { permit } from '../dashboardAccess';
import { contextOf, type DashboardDeps } from '../dashboardContext';
import { csrfField, dashboardHref, dashboardPage, escapeHtml, francs, notFoundPage, when } from '../dashboardLayout';
import { sayDashboard } from '../dashboardText';
import { saySalaries } from './salariesText';
import type { MountSection } from '.';

type Say = Parameters<typeof saySalaries>[1];

const BATCH_ID = /^sb_[0-9a-f]{24}$/;
const FORM_ID = /^dash_[0-9a-f]{24}$/;
/** The states in which Run has something to do (approved: a run the approval's page could not start). */
const RUNNABLE: readonly SalaryBatchState[] = ['draft', 'awaiting_approval', 'approved'];
const LIST_SHOWN = 100;

function field(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  return typeof value === 'string' ? value : '';
}

function stateText(state: SalaryBatchState, language: Language): string {
  return `<span class="status sal-${state}">${saySalaries(language, `state.${state}`)}</span>`;
}

function notice(req: Request, language: Language): string {
  const done = req.query.done;
  const known = ['created', 'running', 'awaiting_approval', 'rerun'] as const;
  const which = known.find((k) => k === done);
  return which ? `<p class="notice" role="status">${saySalaries(language, `done.${which}`)}</p>` : '';
}

function listHtml(batches: SalaryBatch[], language: Language): string {
  const say = (key: Say) => saySalaries(language, key);
  if (batches.length === 0) return `<p>${say('empty')}</p>`;
  const rows = batches
    .map(
      (b) => `<tr><td>${when(b.createdAt, language)}</td>
<td><a href="${dashboardHref(`/salaries/${b._id}`, language)}">${escapeHtml(b.reference)}</a></td>
<td class="num">${b.totals.lines}</td><td class="num">${francs(b.totals.total, language)}</td><td>${stateText(b.state, language)}</td></tr>`,
    )
    .join('\n');
  return `<div class="table-wrap"><table class="sal-list">
<thead><tr><th>${say('col.date')}</th><th>${say('col.reference')}</th><th>${say('col.lines')}</th><th>${say('col.total')}</th><th>${say('col.state')}</th></tr></thead>
<tbody>${rows}</tbody></table></div>`;
}

function uploadHtml(res: Response, form: Record<string, unknown>): string {
  const context = contextOf(res);
  const { language } = context;
  const say = (key: Say) => saySalaries(language, key);
  return `<section class="sal-upload"><h2>${say('uploadTitle')}</h2><p>${say('uploadIntro')}</p>
<form method="post" action="${dashboardHref('/salaries', language)}" class="stack">${csrfField(context)}
<input type="hidden" name="id" value="dash_${randomBytes(12).toString('hex')}" />
<label>${say('field.reference')} <input name="reference" maxlength="60" required value="${escapeHtml(field(form, 'reference'))}" /></label>
<label>${say('field.file')} <input type="file" accept=".csv,text/csv" class="sal-file" data-target="sal-csv" /></label>
<label>${say('field.csv')} <textarea name="csv" id="sal-csv" rows="10" required class="sal-csv">${escapeHtml(field(form, 'csv'))}</textarea></label>
<button type="submit">${say('check')}</button></form></section>`;
}

async function listPage(
  req: Request,
  res: Response,
  deps: DashboardDeps,
  options: { error?: string; form?: Record<string, unknown> } = {},
): Promise<string> {
  const { language, merchant, member } = contextOf(res);
  // Older pages: `?after=` the last batch of the page before (the list re-shown after a refused upload starts over).
  const after = !options.form && typeof req.query.after === 'string' && BATCH_ID.test(req.query.after);
  const page = await deps.services.salaryBatches.list(merchant._id, {
    limit: LIST_SHOWN,
    ...(after ? { startingAfter: req.query.after as string } : {}),
  });
  const last = page.data.at(-1);
  const more =
    page.hasMore && last
      ? `<p><a href="${dashboardHref('/salaries', language, { after: last._id })}">${saySalaries(language, 'more')}</a></p>`
      : '';
  const error = options.error ? `<p class="error" role="alert">${options.error}</p>` : '';
  const upload = can(member, 'salaries', 'manage').ok ? uploadHtml(res, options.form ?? {}) : '';
  const body = `${notice(req, language)}${error}${upload}
<h2>${saySalaries(language, 'listTitle')}</h2>${listHtml(page.data, language)}${more}`;
  return dashboardPage(res, {
    section: 'salaries',
    title: sayDashboard(language, 'nav.salaries'),
    body,
    scripts: ['salaries.js'],
  });
}

function rejectedHtml(batch: SalaryBatchView, language: Language): string {
  const say = (key: Say) => saySalaries(language, key);
  if (batch.rejected.length === 0) return `<p>${say('noRejected')}</p>`;
  const rows = batch.rejected
    .map((r) => `<tr><td class="num">${r.line}</td><td>${saySalaries(language, `row.${r.reason}`)}</td></tr>`)
    .join('\n');
  return `<div class="table-wrap"><table class="sal-rejected-rows">
<thead><tr><th>${say('col.line')}</th><th>${say('col.reason')}</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

function linesHtml(batch: SalaryBatchView, language: Language): string {
  const say = (key: Say) => saySalaries(language, key);
  const rows = batch.lines
    .map(
      (
        l,
      ) => `<tr><td class="num">${l.line}</td><td>${escapeHtml(l.name)}</td><td>${escapeHtml(formatMsisdnForDisplay(l.number as Msisdn))}</td>
<td class="num">${francs(l.amount, language)}</td><td class="num">${francs(l.fee, language)}</td><td>${escapeHtml(l.reference)}</td>
<td><span class="status sal-line-${l.status}">${saySalaries(language, `line.${l.status}`)}</span></td>
<td class="num">${l.attempts}</td><td>${escapeHtml(l.reason ?? '')}</td></tr>`,
    )
    .join('\n');
  return `<div class="table-wrap"><table class="sal-lines">
<thead><tr><th>${say('col.line')}</th><th>${say('col.name')}</th><th>${say('col.number')}</th><th>${say('col.amount')}</th>
<th>${say('col.fee')}</th><th>${say('col.reference')}</th><th>${say('col.status')}</th><th>${say('col.attempts')}</th><th>${say('col.reason')}</th></tr></thead>
<tbody>${rows}</tbody></table></div>`;
}

function batchPage(req: Request, res: Response, batch: SalaryBatchView, error?: string): string {
  const context = contextOf(res);
  const { language, member } = context;
  const say = (key: Say) => saySalaries(language, key);
  const { progress, totals } = batch;
  const mayPay = can(member, 'salaries', 'manage').ok;
  const action = (path: 'run' | 'rerun', label: Say, confirm: Say) =>
    `<form method="post" action="${dashboardHref(`/salaries/${batch.id}/${path}`, language)}" data-confirm="${say(confirm)}">${csrfField(context)}<button type="submit">${say(label)}</button></form>`;
  const buttons = [
    mayPay && RUNNABLE.includes(batch.state) && totals.lines > 0 ? action('run', 'run', 'confirmRun') : '',
    mayPay && progress.failed > 0 ? action('rerun', 'rerun', 'confirmRerun') : '',
  ].join('');
  const body = `${notice(req, language)}${error ? `<p class="error" role="alert">${error}</p>` : ''}
<p>${stateText(batch.state, language)} · ${when(batch.createdAt, language)}</p>
<p>${saySalaries(language, 'totals', {
    lines: totals.lines,
    amount: { francs: totals.amount },
    fees: { francs: totals.fees },
    total: { francs: totals.total },
  })}</p>
<div class="sal-progress"><progress max="${Math.max(totals.lines, 1)}" value="${progress.paid}">${progress.paid}/${totals.lines}</progress>
<p>${saySalaries(language, 'progress', {
    paid: progress.paid,
    failed: progress.failed,
    pending: progress.pending,
    review: progress.needs_review,
  })}</p></div>
${buttons ? `<div class="sal-actions">${buttons}</div>` : ''}
<h2>${say('rejectedTitle')}</h2>${rejectedHtml(batch, language)}
<h2>${say('linesTitle')}</h2>${linesHtml(batch, language)}
<p><a href="${dashboardHref('/salaries', language)}">${sayDashboard(language, 'back')}</a></p>`;
  return dashboardPage(res, {
    section: 'salaries',
    title: escapeHtml(batch.reference),
    body,
    path: `/salaries/${batch.id}`,
  });
}

/** The words of a whole-file refusal. */
function fileError(answer: Extract<SalaryBatchAnswer, { reason: 'INVALID_FILE' }>, language: Language): string {
  const { report } = answer;
  switch (report.reason) {
    case 'MISSING_COLUMNS':
      return saySalaries(language, 'file.MISSING_COLUMNS', { columns: report.columns.join(', ') });
    case 'MALFORMED_CSV':
      return saySalaries(language, 'file.MALFORMED_CSV', { line: report.line ?? '?' });
    case 'TOO_MANY_LINES':
      return saySalaries(language, 'file.TOO_MANY_LINES', { lines: report.lines, maxLines: report.maxLines });
    default:
      return saySalaries(language, 'file.EMPTY_FILE');
  }
}

const REFUSAL_STATUS = {
  MERCHANT_NOT_FOUND: 404,
  MERCHANT_SUSPENDED: 403,
  BATCH_NOT_FOUND: 404,
  INVALID_REFERENCE: 400,
  CONFLICT: 409,
  NOTHING_TO_PAY: 409,
  BATCH_REJECTED: 409,
  NOT_RUN: 409,
} as const;

/** Answers a run or a re-run: back to the batch with a notice, or the batch's page with the refusal. */
async function afterAction(
  req: Request,
  res: Response,
  deps: DashboardDeps,
  batchId: string,
  answer: SalaryBatchAnswer,
  done: 'rerun' | null,
): Promise<void> {
  const { language, merchant } = contextOf(res);
  if (answer.ok) {
    const notice = done ?? (answer.batch.state === 'awaiting_approval' ? 'awaiting_approval' : 'running');
    return void res.redirect(303, dashboardHref(`/salaries/${batchId}`, language, { done: notice }));
  }
  if (answer.reason === 'BATCH_NOT_FOUND' || answer.reason === 'INVALID_FILE') {
    return void res.status(404).type('html').send(notFoundPage(res));
  }
  const current = await deps.services.salaryBatches.get(merchant._id, batchId);
  const error = saySalaries(language, `error.${answer.reason}`);
  if (!current.ok) return void res.status(404).type('html').send(notFoundPage(res));
  res
    .status(REFUSAL_STATUS[answer.reason])
    .type('html')
    .send(batchPage(req, res, current.batch, error));
}

export const mountSalaries: MountSection = (router, deps) => {
  router.get('/salaries', async (req, res) => {
    if (!permit(res, 'salaries', 'read')) return;
    res.type('html').send(await listPage(req, res, deps));
  });

  router.post('/salaries', async (req, res) => {
    if (!permit(res, 'salaries', 'manage')) return;
    const { language, merchant, member } = contextOf(res);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const refuse = async (status: number, error: string) =>
      res
        .status(status)
        .type('html')
        .send(await listPage(req, res, deps, { error, form: body }));
    const id = field(body, 'id');
    if (!FORM_ID.test(id)) return void (await refuse(400, saySalaries(language, 'error.BAD_FORM')));
    const made = await deps.services.salaryBatches.create({
      merchantId: merchant._id,
      idempotencyKey: id,
      reference: field(body, 'reference').trim(),
      csv: field(body, 'csv'),
      maker: member.msisdn,
    });
    if (!made.ok) {
      if (made.reason === 'INVALID_FILE') return void (await refuse(400, fileError(made, language)));
      return void (await refuse(REFUSAL_STATUS[made.reason], saySalaries(language, `error.${made.reason}`)));
    }
    res.redirect(303, dashboardHref(`/salaries/${made.batch.id}`, language, { done: 'created' }));
  });

  router.get('/salaries/:id', async (req, res) => {
    if (!permit(res, 'salaries', 'read')) return;
    const { merchant } = contextOf(res);
    const found = BATCH_ID.test(req.params.id)
      ? await deps.services.salaryBatches.get(merchant._id, req.params.id)
      : null;
    if (!found?.ok) return void res.status(404).type('html').send(notFoundPage(res));
    res.type('html').send(batchPage(req, res, found.batch));
  });

  router.post('/salaries/:id/run', async (req, res) => {
    if (!permit(res, 'salaries', 'manage')) return;
    const { merchant } = contextOf(res);
    if (!BATCH_ID.test(req.params.id)) return void res.status(404).type('html').send(notFoundPage(res));
    const answer = await deps.services.salaryBatches.run(merchant._id, req.params.id);
    await afterAction(req, res, deps, req.params.id, answer, null);
  });

  router.post('/salaries/:id/rerun', async (req, res) => {
    if (!permit(res, 'salaries', 'manage')) return;
    const { merchant } = contextOf(res);
    if (!BATCH_ID.test(req.params.id)) return void res.status(404).type('html').send(notFoundPage(res));
    const answer = await deps.services.salaryBatches.rerunFailed(merchant._id, req.params.id);
    await afterAction(req, res, deps, req.params.id, answer, 'rerun');
  });
};
