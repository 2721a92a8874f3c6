/** Salary batches for the API's own tests: a hand-written SalaryBatchesPort holding views, one batch made already. */
import type { SalaryBatchesPort } from '../../../bots/api/ports';
import { salaryBatchId, type SalaryBatch } from '../../../domain/merchants/salaries/salaryBatch';
import type { SalaryBatchAnswer, SalaryBatchInput } from '../../../domain/merchants/salaries/salaryBatches';
import type { SalaryBatchView } from '../../../domain/merchants/salaries/salaryBatchView';

/** The batch every merchant of the fake has, under the id the routes' examples use. */
export const EXAMPLE_SALARY_BATCH_ID = 'sb_0123456789abcdef01234567';

function aSalaryBatchView(id: string, merchantId: string, reference: string): SalaryBatchView {
  return {
    id,
    merchantId,
    reference,
    state: 'draft',
    totals: { lines: 1, amount: 150_000, fees: 1_500, total: 151_500 },
    rejected: [{ line: 3, reason: 'BAD_NUMBER' }],
    progress: { pending: 1, paid: 0, failed: 0, needs_review: 0 },
    lines: [
      {
        line: 2,
        name: 'Ada',
        number: '237677123456',
        amount: 150_000,
        fee: 1_500,
        reference: 'mars-1',
        status: 'pending',
        reason: null,
        attempts: 0,
        transferId: null,
      },
    ],
    createdAt: new Date('2026-12-05T09:00:00.000Z'),
  };
}

export class FakeSalaryBatches implements SalaryBatchesPort {
  readonly views = new Map<string, SalaryBatchView>();

  constructor(merchantId: string) {
    this.views.set(EXAMPLE_SALARY_BATCH_ID, aSalaryBatchView(EXAMPLE_SALARY_BATCH_ID, merchantId, 'Paie mars'));
  }

  async create(input: SalaryBatchInput): Promise<SalaryBatchAnswer> {
    const id = salaryBatchId(input.merchantId, input.idempotencyKey);
    const view = this.views.get(id) ?? aSalaryBatchView(id, input.merchantId, input.reference);
    this.views.set(id, view);
    return { ok: true, batch: view };
  }

  async get(merchantId: string, id: string): Promise<SalaryBatchAnswer> {
    const view = this.views.get(id);
    return view && view.merchantId === merchantId
      ? { ok: true, batch: view }
      : { ok: false, reason: 'BATCH_NOT_FOUND' };
  }

  async list(merchantId: string, options: { limit: number }): Promise<{ data: SalaryBatch[]; hasMore: boolean }> {
    const mine = [...this.views.values()]
      .filter((view) => view.merchantId === merchantId)
      .map((view) => ({
        _id: view.id,
        merchantId,
        reference: view.reference,
        maker: 'key_test',
        rejected: view.rejected,
        totals: view.totals,
        createdAt: view.createdAt,
        state: view.state,
      }));
    return { data: mine.slice(0, options.limit), hasMore: mine.length > options.limit };
  }

  async run(merchantId: string, id: string): Promise<SalaryBatchAnswer> {
    const found = await this.get(merchantId, id);
    if (found.ok) this.views.set(id, { ...found.batch, state: 'running' });
    return this.get(merchantId, id);
  }

  rerunFailed(merchantId: string, id: string): Promise<SalaryBatchAnswer> {
    return this.get(merchantId, id);
  }
}
