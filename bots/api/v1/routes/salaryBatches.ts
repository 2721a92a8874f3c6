/**
 * Salary batches: a CSV of lines (name, number, amount, reference) made into a draft with its validation report,
 * run (after a second person's approval above the threshold), read with each line's status, and re-run for its
 * failed lines only. The batch's id derives from the merchant and the Idempotency-Key; each line's reference is its
 * own idempotency key, so no line is ever paid twice.
 */
import { z } from 'zod';
import type { SalaryBatch } from '../../../../domain/merchants/salaries/salaryBatch';
import type { SalaryBatchAnswer, SalaryBatchRefusal } from '../../../../domain/merchants/salaries/salaryBatches';
import type { SalaryBatchView } from '../../../../domain/merchants/salaries/salaryBatchView';
import type { SalaryBatchesPort } from '../../ports';
import { ApiError, type ApiErrorType } from '../errors';
import { answer, defineRoute, type ApiContext } from '../route';
import { currency, idParams, listOf, listQuery } from '../schemas/common';

/** The largest file accepted in the JSON body (5 000 lines of about 80 characters, with room). */
const MAX_CSV_LENGTH = 1_000_000;

const createSalaryBatchBody = z.strictObject({
  csv: z.string().min(1).max(MAX_CSV_LENGTH).meta({
    description:
      'The file: a header naming name, number, amount, reference; `,` or `;` separated; UTF-8, BOM or not; CRLF or LF.',
  }),
  reference: z.string().min(1).max(60).meta({ description: 'Your reference for the whole batch (a month, a site).' }),
});

const lineStatus = z.enum(['pending', 'paid', 'failed', 'needs_review']);

/** What a batch is without its lines: the whole of a list's item, the start of the batch's own resource. */
const salaryBatchFields = {
  object: z.literal('salary_batch'),
  id: z.string(),
  reference: z.string(),
  status: z.enum(['draft', 'awaiting_approval', 'approved', 'rejected', 'running', 'completed']),
  currency,
  totals: z.object({ lines: z.number(), amount: z.number(), fees: z.number(), total: z.number() }),
  rejected: z.array(z.object({ line: z.number(), reason: z.string() })).meta({
    description: 'The rows refused by the validation report, by their line number in the file (the header is 1).',
  }),
};

const salaryBatchSummary = z
  .object({ ...salaryBatchFields, created_at: z.string() })
  .meta({ id: 'SalaryBatchSummary', description: 'A batch in a list: its lines and progress are on its own page.' });

const salaryBatchResource = z
  .object({
    ...salaryBatchFields,
    progress: z.record(lineStatus, z.number()),
    lines: z.array(
      z.object({
        line: z.number(),
        name: z.string(),
        number: z.string(),
        amount: z.number(),
        fee: z.number(),
        reference: z.string(),
        status: lineStatus,
        failure_reason: z.string().nullable(),
        attempts: z.number(),
      }),
    ),
    created_at: z.string(),
  })
  .meta({ id: 'SalaryBatch' });

function presentSummary(batch: SalaryBatch) {
  return {
    object: 'salary_batch' as const,
    id: batch._id,
    reference: batch.reference,
    status: batch.state,
    currency: 'XAF' as const,
    totals: batch.totals,
    rejected: batch.rejected,
    created_at: batch.createdAt.toISOString(),
  };
}

function present(batch: SalaryBatchView) {
  return {
    object: 'salary_batch' as const,
    id: batch.id,
    reference: batch.reference,
    status: batch.state,
    currency: 'XAF' as const,
    totals: batch.totals,
    rejected: batch.rejected,
    progress: batch.progress,
    lines: batch.lines.map((line) => ({
      line: line.line,
      name: line.name,
      number: line.number,
      amount: line.amount,
      fee: line.fee,
      reference: line.reference,
      status: line.status,
      failure_reason: line.reason,
      attempts: line.attempts,
    })),
    created_at: batch.createdAt.toISOString(),
  };
}

const REFUSALS: Record<SalaryBatchRefusal, { status: number; type: ApiErrorType; message: string }> = {
  MERCHANT_NOT_FOUND: { status: 404, type: 'not_found', message: 'This merchant does not exist.' },
  MERCHANT_SUSPENDED: { status: 403, type: 'permission', message: 'This merchant is suspended: it pays nothing.' },
  BATCH_NOT_FOUND: { status: 404, type: 'not_found', message: 'No such salary batch.' },
  INVALID_REFERENCE: {
    status: 400,
    type: 'invalid_request',
    message: 'A batch reference is 1 to 60 letters, digits, spaces and _-./# characters.',
  },
  CONFLICT: { status: 409, type: 'conflict', message: 'This Idempotency-Key made another batch.' },
  NOTHING_TO_PAY: { status: 409, type: 'conflict', message: 'No line of this batch was accepted: nothing to pay.' },
  BATCH_REJECTED: { status: 409, type: 'conflict', message: 'This batch was rejected by its approver.' },
  NOT_RUN: { status: 409, type: 'conflict', message: 'This batch has not been run yet.' },
};

function answered(outcome: SalaryBatchAnswer, status: number) {
  if (outcome.ok) return answer(status, present(outcome.batch));
  if (outcome.reason === 'INVALID_FILE') {
    const { report } = outcome;
    const detail =
      report.reason === 'MISSING_COLUMNS'
        ? `missing columns: ${report.columns.join(', ')}`
        : report.reason === 'MALFORMED_CSV'
          ? `unreadable at line ${report.line ?? '?'} (${report.detail})`
          : report.reason === 'TOO_MANY_LINES'
            ? `${report.lines} lines, at most ${report.maxLines}`
            : 'empty';
    throw new ApiError(
      400,
      'invalid_request',
      report.reason.toLowerCase(),
      `The file cannot be read: ${detail}.`,
      'csv',
    );
  }
  const refusal = REFUSALS[outcome.reason];
  throw new ApiError(refusal.status, refusal.type, outcome.reason.toLowerCase(), refusal.message);
}

function portOf(context: ApiContext): SalaryBatchesPort {
  const port = context.ports.salaryBatches;
  if (!port) throw new ApiError(404, 'not_found', 'not_found', 'Salary batches are not offered here.');
  return port;
}

const EXAMPLE_ID = 'sb_0123456789abcdef01234567';

export const salaryBatchRoutes = [
  defineRoute({
    method: 'post',
    path: '/salary_batches',
    summary: 'Make a salary batch from a CSV file',
    description:
      'Nothing moves yet: the batch is a `draft` with its validation report (rejected rows by line number, totals ' +
      'with fees). Run it with `POST /salary_batches/{id}/run`.',
    body: createSalaryBatchBody,
    status: 201,
    response: salaryBatchResource,
    errors: [400, 404, 409],
    example: {
      body: { reference: 'Paie mars 2026', csv: 'name;number;amount;reference\nAda;677123456;150000;mars-1' },
    },
    async handle(context) {
      const outcome = await portOf(context).create({
        merchantId: context.merchantId,
        idempotencyKey: context.idempotencyKey ?? '',
        reference: context.body.reference,
        csv: context.body.csv,
        maker: context.key.id,
      });
      return answered(outcome, 201);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/salary_batches',
    summary: 'The salary batches, newest first',
    description: 'Each without its lines: `GET /salary_batches/{id}` gives a batch’s lines and progress.',
    query: listQuery,
    status: 200,
    response: listOf(salaryBatchSummary),
    errors: [400, 404],
    example: { query: { limit: '10' } },
    async handle(context) {
      const { query } = context;
      const page = await portOf(context).list(context.merchantId, {
        limit: query.limit,
        ...(query.starting_after === undefined ? {} : { startingAfter: query.starting_after }),
      });
      return answer(200, { object: 'list', data: page.data.map(presentSummary), has_more: page.hasMore });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/salary_batches/:id',
    summary: 'One salary batch, its report and each line’s status',
    params: idParams,
    status: 200,
    response: salaryBatchResource,
    errors: [404],
    example: { params: { id: EXAMPLE_ID } },
    async handle(context) {
      return answered(await portOf(context).get(context.merchantId, context.params.id), 200);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/salary_batches/:id/run',
    summary: 'Run a salary batch',
    description:
      'Above the approval threshold it waits for a second person (`awaiting_approval`; call again once approved). ' +
      'Each line holds its amount and fee when paid: a line the balance no longer covers fails with ' +
      'INSUFFICIENT_FUNDS and can be re-run after funding. A `salary_batch.completed` event ends each run.',
    params: idParams,
    status: 200,
    response: salaryBatchResource,
    errors: [404, 409],
    example: { params: { id: EXAMPLE_ID } },
    async handle(context) {
      return answered(await portOf(context).run(context.merchantId, context.params.id), 200);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/salary_batches/:id/rerun_failed',
    summary: 'Re-run the failed lines of a salary batch',
    description: 'Only failed lines, each as a new payout; paid, pending and in-review lines are never paid again.',
    params: idParams,
    status: 200,
    response: salaryBatchResource,
    errors: [404, 409],
    example: { params: { id: EXAMPLE_ID } },
    async handle(context) {
      return answered(await portOf(context).rerunFailed(context.merchantId, context.params.id), 200);
    },
  }),
];
