/**
 * Salary batches through the merchant API, in front of the whole product (its services as wired, the runner as
 * startWorkers runs it, the MTN simulator over HTTP): a file with a bad row, the draft and its report, the run, each
 * line's status, and a re-run of the failed line that pays nobody twice.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { accountIds } from '../../../domain/ledger/accounts';
import { eventually, useProduct } from '../../support/chat';
import { expectConsistent } from '../../support/ledger';
import { mtnMomoTransfers } from '../../support/railSimulators';
import { useProductApi } from './productApi.support';

const product = useProduct({ pagesOnPort: true });
const api = useProductApi(product, {
  owner: `23767${String(randomInt(0, 10_000_000)).padStart(7, '0')}`,
  name: 'Garage Bonapriso',
});

describe('salary batches through the API', () => {
  it('makes a draft with its report, runs it, shows each line, and re-runs only the failed line', async () => {
    const { services } = product;
    const funded = await services.ledger.transfer({
      id: randomUUID(),
      kind: 'merchant',
      debit: accountIds.clearing('mtn_momo'),
      credits: [{ account: accountIds.merchant(api.merchantId), amount: 200_000 }],
      mode: 'single',
    });
    expect(funded.ok).toBe(true);
    const paid = `23767${String(randomInt(0, 1_000_000)).padStart(6, '0')}9`;
    const csv = [
      'name;number;amount;reference',
      `Ada;${paid};50 000;ada`,
      'Bob;12;1000;bob',
      'Cyr;677123451;20000;cyr',
    ].join('\r\n');
    const key = randomUUID();
    const made = await api.call('POST', '/salary_batches', {
      body: { csv, reference: 'Paie mars' },
      idempotencyKey: key,
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({
      object: 'salary_batch',
      status: 'draft',
      rejected: [{ line: 3, reason: 'BAD_NUMBER' }],
      totals: { lines: 2, amount: 70_000, fees: 700, total: 70_700 },
    });
    const id: string = made.body.id;
    const replayed = await api.call('POST', '/salary_batches', {
      body: { csv, reference: 'Paie mars' },
      idempotencyKey: key,
    });
    expect(replayed.body.id).toBe(id);

    const run = await api.call('POST', `/salary_batches/${id}/run`);
    expect(run).toMatchObject({ status: 200, body: { status: 'running' } });
    await eventually(async () => {
      await services.salaryRunner.pass();
      expect((await api.call('GET', `/salary_batches/${id}`)).body.status).toBe('completed');
    }, 30_000);
    const done = await api.call('GET', `/salary_batches/${id}`);
    expect(done.body.progress).toEqual({ pending: 0, paid: 1, failed: 1, needs_review: 0 });
    expect(done.body.lines.map((l: { reference: string; status: string }) => [l.reference, l.status])).toEqual([
      ['ada', 'paid'],
      ['cyr', 'failed'],
    ]);

    const rerun = await api.call('POST', `/salary_batches/${id}/rerun_failed`);
    expect(rerun.body.lines[1]).toMatchObject({ reference: 'cyr', status: 'pending', attempts: 2 });
    await eventually(async () => {
      await services.salaryRunner.pass();
      expect((await api.call('GET', `/salary_batches/${id}`)).body.status).toBe('completed');
    }, 30_000);
    expect(await mtnMomoTransfers(product.db.connection, paid)).toHaveLength(1);
    expect(await mtnMomoTransfers(product.db.connection, '237677123451')).not.toHaveLength(0);

    expect((await api.call('GET', '/salary_batches/sb_000000000000000000000000')).status).toBe(404);
    const bad = await api.call('POST', '/salary_batches', { body: { csv: 'name,amount\n', reference: 'x' } });
    expect(bad).toMatchObject({ status: 400, body: { error: { code: 'missing_columns' } } });
    await expectConsistent(services.ledger.store);
  });

  it('lists the merchant’s batches newest first, a page at a time after the last one seen', async () => {
    const make = async (reference: string) => {
      const made = await api.call('POST', '/salary_batches', {
        body: { csv: 'name;number;amount;reference\nAda;677123456;1000;a', reference },
        idempotencyKey: randomUUID(),
      });
      expect(made.status).toBe(201);
      return made.body.id as string;
    };
    const older = await make('Paie avril');
    await new Promise((resolve) => setTimeout(resolve, 5));
    const newer = await make('Paie mai');

    const first = await api.call('GET', '/salary_batches?limit=1');
    expect(first).toMatchObject({ status: 200, body: { object: 'list', has_more: true } });
    expect(first.body.data).toEqual([
      expect.objectContaining({ object: 'salary_batch', id: newer, reference: 'Paie mai', status: 'draft' }),
    ]);
    expect(first.body.data[0]).not.toHaveProperty('lines');
    const next = await api.call('GET', `/salary_batches?limit=1&starting_after=${newer}`);
    expect(next.body.data.map((b: { id: string }) => b.id)).toEqual([older]);
    const all = await api.call('GET', '/salary_batches?limit=100');
    const ids = all.body.data.map((b: { id: string }) => b.id);
    expect(ids.indexOf(newer)).toBeLessThan(ids.indexOf(older));
    expect(all.body.has_more).toBe(false);
    expect((await api.call('GET', '/salary_batches?limit=0')).status).toBe(400);
  });
});
