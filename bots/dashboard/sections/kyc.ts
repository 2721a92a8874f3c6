/**
 * KYC: the merchant's verification level and the limits it collects under, the documents sent (with where each
 * stands), the reviews asked and their outcome with the back office's reason, what the next level still needs; the
 * owner sends documents (a file form, multipart/form-data) and asks for a review. The file is checked by the same
 * service the API uses (JPEG, PNG or PDF by its bytes, size, no script in a PDF); nothing of it is logged or echoed.
 * The file form's CSRF token is in its multipart body: the guard leaves it to this route (MULTIPART_FORM_PATHS),
 * which checks it right after parsing, before anything is kept.
 */
import type { Request, Response } from 'express';
import multer from 'multer';
import {
  KYC_DOCUMENT_TYPES,
  missingDocuments,
  REQUESTABLE_LEVELS,
  type KycDocument,
  type KycDocumentType,
} from '../../../domain/merchants/kyc/kycDocument';
import type { UploadResult } from '../../../domain/merchants/kyc/kycDocuments';
import type { ReviewedSubmission } from '../../../domain/merchants/kyc/kycSubmission';
import { MERCHANT_KYC_LEVELS, MERCHANT_LIMITS, type MerchantKycLevel } from '../../../domain/merchants/merchant';
import { can } from '../../../domain/merchants/team/roles';
import type { Language } from '../../../domain/users';
import { checkCsrf, permit } from '../dashboardAccess';
import { contextOf, type DashboardDeps } from '../dashboardContext';
import { csrfField, dashboardHref, dashboardPage, escapeHtml, francs, notFoundPage, when } from '../dashboardLayout';
import { sayDashboard } from '../dashboardText';
import { kycText, sayKyc, type KycTextKey } from './kycText';
import type { MountSection } from '.';

type UploadRefusal = Exclude<Extract<UploadResult, { ok: false }>['reason'], 'MERCHANT_NOT_FOUND'>;
type Refusal = UploadRefusal | 'NO_FILE' | 'BAD_FORM' | 'INVALID_LEVEL' | 'ALREADY_AT_LEVEL' | 'MISSING_DOCUMENTS';

/** The HTTP status each refusal answers (the page says it in words). */
const REFUSAL_STATUS: Readonly<Record<Refusal, number>> = {
  NO_FILE: 400,
  BAD_FORM: 400,
  EMPTY_FILE: 400,
  INVALID_DOCUMENT_TYPE: 400,
  FILE_TOO_LARGE: 413,
  UNSUPPORTED_FILE_TYPE: 415,
  CONTENT_TYPE_MISMATCH: 415,
  PDF_WITH_JAVASCRIPT: 422,
  INVALID_LEVEL: 400,
  ALREADY_AT_LEVEL: 409,
  MISSING_DOCUMENTS: 422,
};

interface Problem {
  refusal: Refusal;
  missing?: readonly KycDocumentType[];
}

type DocumentStatus = 'notSubmitted' | 'inReview' | 'approved' | 'rejected';

/** The level above `level`, or null at the top. */
function nextLevel(level: MerchantKycLevel): MerchantKycLevel | null {
  return MERCHANT_KYC_LEVELS[MERCHANT_KYC_LEVELS.indexOf(level) + 1] ?? null;
}

/** A size as people read it: `850 o`, `12 Ko`, `1,5 Mo`. */
function sizeText(bytes: number, language: Language): string {
  const [b, k, m] = language === 'fr' ? ['o', 'Ko', 'Mo'] : ['B', 'KB', 'MB'];
  if (bytes < 1024) return `${bytes} ${b}`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} ${k}`;
  const mb = (Math.round((bytes / (1024 * 1024)) * 10) / 10).toString();
  return `${language === 'fr' ? mb.replace('.', ',') : mb} ${m}`;
}

/** The kinds' names, unescaped (they go into a parameter, which sayKyc escapes). */
function kindList(kinds: readonly KycDocumentType[], language: Language): string {
  return kinds.map((kind) => kycText[language][`kind.${kind}`]).join(', ');
}

/** Where a document stands: approved once a review that rests on it is, else under review, else rejected. */
function statusOf(document: KycDocument, reviewed: readonly ReviewedSubmission[]): DocumentStatus {
  const outcomes = reviewed
    .filter((r) => Object.values(r.submission.documents).includes(document._id))
    .map((r) => r.decision?.outcome ?? 'waiting');
  if (outcomes.includes('approved')) return 'approved';
  if (outcomes.includes('waiting')) return 'inReview';
  return outcomes.includes('rejected') ? 'rejected' : 'notSubmitted';
}

function limitsTable(level: MerchantKycLevel, language: Language): string {
  const say = (key: KycTextKey) => sayKyc(language, key);
  const rows = MERCHANT_KYC_LEVELS.map((l) => {
    const mark = l === level ? ` <span class="status kyc-current">${say('current')}</span>` : '';
    return `<tr${l === level ? ' class="kyc-current-row"' : ''}><th scope="row">${say(`level.${l}`)}${mark}</th>
<td>${francs(MERCHANT_LIMITS[l].perPayment, language)}</td><td>${francs(MERCHANT_LIMITS[l].perDay, language)}</td></tr>`;
  }).join('');
  return `<div class="table-wrap"><table class="kyc-limits"><thead><tr><th scope="col">${say('level')}</th>
<th scope="col">${say('perPayment')}</th><th scope="col">${say('perDay')}</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

function documentsTable(
  documents: readonly KycDocument[],
  reviewed: readonly ReviewedSubmission[],
  language: Language,
) {
  const say = (key: KycTextKey) => sayKyc(language, key);
  if (documents.length === 0) return `<p class="muted">${say('noDocuments')}</p>`;
  const rows = documents
    .map((d) => {
      const status = statusOf(d, reviewed);
      return `<tr><td>${say(`kind.${d.type}`)}</td><td class="kyc-file">${escapeHtml(d.fileName ?? '—')}</td>
<td>${escapeHtml(d.contentType)}</td><td>${escapeHtml(sizeText(d.size, language))}</td><td>${when(d.uploadedAt, language)}</td>
<td><span class="status kyc-${status}">${say(`docStatus.${status}`)}</span></td></tr>`;
    })
    .join('');
  return `<div class="table-wrap"><table class="kyc-documents"><thead><tr><th scope="col">${say('kind')}</th>
<th scope="col">${say('fileName')}</th><th scope="col">${say('fileType')}</th><th scope="col">${say('size')}</th>
<th scope="col">${say('uploaded')}</th><th scope="col">${say('status')}</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

function submissionsTable(reviewed: readonly ReviewedSubmission[], language: Language): string {
  const say = (key: KycTextKey) => sayKyc(language, key);
  if (reviewed.length === 0) return `<p class="muted">${say('noSubmissions')}</p>`;
  const rows = reviewed
    .map(({ submission, decision }) => {
      const outcome = decision?.outcome ?? 'waiting';
      return `<tr><td>${say(`level.${submission.level}`)}</td><td>${when(submission.submittedAt, language)}</td>
<td><span class="status kyc-outcome-${outcome}">${say(`outcome.${outcome}`)}</span></td>
<td>${when(decision?.decidedAt ?? null, language)}</td><td class="kyc-reason">${escapeHtml(decision?.reason ?? '—')}</td></tr>`;
    })
    .join('');
  return `<div class="table-wrap"><table class="kyc-submissions"><thead><tr><th scope="col">${say('asked')}</th>
<th scope="col">${say('submitted')}</th><th scope="col">${say('outcome')}</th><th scope="col">${say('decided')}</th>
<th scope="col">${say('reason')}</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

async function kycPage(res: Response, deps: DashboardDeps, message: { done?: string; problem?: Problem }) {
  const context = contextOf(res);
  const { language, merchant, member } = context;
  const say = (key: KycTextKey, params = {}) => sayKyc(language, key, params);
  const kyc = deps.services.kycDocuments;
  const [documents, reviewed] = await Promise.all([
    kyc.list(merchant._id),
    deps.services.kycReview.ofMerchant(merchant._id),
  ]);
  const maxSize = sizeText(kyc.maxUploadBytes, language);
  const next = nextLevel(merchant.kycLevel);
  const missing = next
    ? missingDocuments(
        next,
        documents.map((d) => d.type),
      )
    : [];
  const nextText =
    next === null
      ? say('topLevel')
      : missing.length > 0
        ? say('missing', { level: kycText[language][`level.${next}`], documents: kindList(missing, language) })
        : say('readyToAsk', { level: kycText[language][`level.${next}`] });
  // Whether to offer the forms; each action checks again with permit.
  const manage = can(member, 'settings', 'manage').ok;
  const firstMissing = missing[0] ?? 'owner_id';
  const upload = manage
    ? `<h2>${say('uploadTitle')}</h2>
<form method="post" action="${dashboardHref('/kyc/documents', language)}" enctype="multipart/form-data" class="stack kyc-upload">${csrfField(context)}
<p class="muted">${say('uploadIntro', { size: maxSize })}</p>
<label>${say('kind')} <select name="type">${KYC_DOCUMENT_TYPES.map((k) => `<option value="${k}"${k === firstMissing ? ' selected' : ''}>${say(`kind.${k}`)}</option>`).join('')}</select></label>
<label>${say('file')} <input type="file" name="file" required accept="image/jpeg,image/png,application/pdf,.jpg,.jpeg,.png,.pdf" /></label>
<button type="submit">${say('send')}</button></form>`
    : '';
  const levels = REQUESTABLE_LEVELS.filter(
    (l) => MERCHANT_KYC_LEVELS.indexOf(l) > MERCHANT_KYC_LEVELS.indexOf(merchant.kycLevel),
  );
  const ask =
    manage && levels.length > 0
      ? `<h2>${say('askTitle')}</h2>
<form method="post" action="${dashboardHref('/kyc/submissions', language)}" class="stack kyc-ask">${csrfField(context)}
<p class="muted">${say('askIntro')}</p>
<label>${say('level')} <select name="level">${levels.map((l) => `<option value="${l}">${say(`level.${l}`)}</option>`).join('')}</select></label>
<button type="submit">${say('ask')}</button></form>`
      : '';
  const notice =
    message.done === 'uploaded' || message.done === 'known' || message.done === 'submitted'
      ? `<p class="notice" role="status">${say(`done.${message.done}`)}</p>`
      : '';
  const problem = message.problem
    ? `<p class="error" role="alert">${say(`refused.${message.problem.refusal}`, {
        size: maxSize,
        documents: kindList(message.problem.missing ?? [], language),
      })}</p>`
    : '';
  const body = `${notice}${problem}
<section class="kyc-level"><h2>${say('levelTitle')}</h2>
<p>${say('levelNow', { level: kycText[language][`level.${merchant.kycLevel}`] })}</p>
${limitsTable(merchant.kycLevel, language)}
<h2>${say('nextTitle')}</h2><p class="kyc-next">${nextText}</p></section>
<h2>${say('documentsTitle')}</h2>
${documentsTable(documents, reviewed, language)}
${upload}
<h2>${say('submissionsTitle')}</h2>
${submissionsTable(reviewed, language)}
${ask}`;
  return dashboardPage(res, { section: 'kyc', title: sayDashboard(language, 'nav.kyc'), body });
}

async function refusePage(res: Response, deps: DashboardDeps, problem: Problem): Promise<void> {
  res
    .status(REFUSAL_STATUS[problem.refusal])
    .type('html')
    .send(await kycPage(res, deps, { problem }));
}

/** Reads the multipart form into `req.body` and `req.file`; what went wrong, as a refusal, or null. */
function parseForm(parse: ReturnType<multer.Multer['single']>, req: Request, res: Response): Promise<Refusal | null> {
  return new Promise((resolve) => {
    parse(req, res, (error: unknown) => {
      if (!error) return resolve(null);
      resolve(error instanceof multer.MulterError && error.code === 'LIMIT_FILE_SIZE' ? 'FILE_TOO_LARGE' : 'BAD_FORM');
    });
  });
}

export const mountKyc: MountSection = (router, deps) => {
  const parse = multer({
    storage: multer.memoryStorage(),
    // One file of at most the service's size (the service checks it again), the kind and the token beside it.
    limits: { fileSize: deps.services.kycDocuments.maxUploadBytes, files: 1, fields: 4, fieldSize: 1024, parts: 6 },
    defParamCharset: 'utf8',
  }).single('file');

  router.get('/kyc', async (req, res) => {
    if (!permit(res, 'settings', 'read')) return;
    const done = typeof req.query.done === 'string' ? req.query.done : undefined;
    res.type('html').send(await kycPage(res, deps, done === undefined ? {} : { done }));
  });

  router.post('/kyc/documents', async (req, res) => {
    // The file is not read for a member who may not send one (the rest of the body is dropped).
    if (!permit(res, 'settings', 'manage')) return void req.resume();
    const formProblem = await parseForm(parse, req, res);
    if (!checkCsrf(req, res)) return;
    if (formProblem) return refusePage(res, deps, { refusal: formProblem });
    const file = req.file;
    if (!file) return refusePage(res, deps, { refusal: 'NO_FILE' });
    const { merchant, language } = contextOf(res);
    const body = req.body as Record<string, unknown>;
    const result = await deps.services.kycDocuments.upload({
      merchantId: merchant._id,
      type: typeof body.type === 'string' ? body.type : '',
      contentType: file.mimetype,
      bytes: file.buffer,
      fileName: file.originalname,
    });
    if (!result.ok) {
      if (result.reason === 'MERCHANT_NOT_FOUND') return void res.status(404).type('html').send(notFoundPage(res));
      return refusePage(res, deps, { refusal: result.reason });
    }
    res.redirect(303, dashboardHref('/kyc', language, { done: result.created ? 'uploaded' : 'known' }));
  });

  router.post('/kyc/submissions', async (req, res) => {
    if (!permit(res, 'settings', 'manage')) return;
    const { merchant, language } = contextOf(res);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const result = await deps.services.kycDocuments.submit(
      merchant._id,
      typeof body.level === 'string' ? body.level : '',
    );
    if (!result.ok) {
      if (result.reason === 'MERCHANT_NOT_FOUND') return void res.status(404).type('html').send(notFoundPage(res));
      return refusePage(res, deps, {
        refusal: result.reason,
        ...(result.reason === 'MISSING_DOCUMENTS' ? { missing: result.missing } : {}),
      });
    }
    res.redirect(303, dashboardHref('/kyc', language, { done: 'submitted' }));
  });
};
