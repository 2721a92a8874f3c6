/**
 * What salary batches rely on from their store, run against every implementation: batches and lines read back as
 * written, lines inserted again add only the missing ones, and steps, attempts, claims and outcomes are each taken
 * once when processes race for them.
 */
import type { SalaryAttempt, SalaryBatch, SalaryLine } from '../../domain/merchants/salaries/salaryBatch';
import { salaryAttemptId, salaryLineId } from '../../domain/merchants/salaries/salaryBatch';
import type { SalaryBatchStore } from '../../domain/merchants/salaries/salaryBatchStore';
import { aNumber, anId, at, race } from './fixtures';
import type { MakeSubject } from './subject';

function aBatch(overrides: Partial<SalaryBatch> = {}): SalaryBatch {
  return {
    _id: anId('sb'),
    merchantId: 'm_test',
    reference: 'Paie mars',
    maker: 'key_test',
    rejected: [{ line: 3, reason: 'BAD_NUMBER' }],
    totals: { lines: 2, amount: 150_000, fees: 1_500, total: 151_500 },
    createdAt: at(0),
    state: 'draft',
    ...overrides,
  };
}

function aLine(batchId: string, line: number): SalaryLine {
  const reference = `ref-${line}`;
  return {
    _id: salaryLineId(batchId, reference),
    batchId,
    merchantId: 'm_test',
    line,
    name: `Employee ${line}`,
    msisdn: aNumber(),
    rail: 'mtn_momo',
    amount: 75_000,
    fee: 750,
    reference,
  };
}

function anAttempt(line: SalaryLine, n: number): SalaryAttempt {
  return {
    _id: salaryAttemptId(line.batchId, line.reference, n),
    lineId: line._id,
    batchId: line.batchId,
    n,
    createdAt: at(n),
    state: 'pending',
    reason: null,
  };
}

export function describeSalaryBatchStoreContract(name: string, makeSubject: MakeSubject<SalaryBatchStore>): void {
  describe(`SalaryBatchStore contract: ${name}`, () => {
    let store: SalaryBatchStore;
    let anotherProcess: () => SalaryBatchStore;
    beforeEach(async () => {
      ({ store, anotherProcess } = await makeSubject());
    });

    it('reads a batch back as written, finds it by its cached state, and keeps the first of two inserts', async () => {
      const batch = aBatch();
      expect(await store.insertBatch(batch)).toBe('inserted');
      expect(await anotherProcess().insertBatch({ ...batch, reference: 'other' })).toBe('duplicate');
      expect(await anotherProcess().getBatch(batch._id)).toEqual(batch);
      await store.setBatchState(batch._id, 'running');
      expect((await store.batchesIn(['running'], 10)).map((b) => b._id)).toContain(batch._id);
      expect((await store.batchesIn(['draft'], 10)).map((b) => b._id)).not.toContain(batch._id);
      expect(await store.getBatch('sb-missing')).toBeNull();
    });

    it('lists one merchant’s batches newest first, ties by id, and pages strictly after a batch', async () => {
      const merchantId = anId('m');
      const mine = [
        aBatch({ _id: 'sb_b', merchantId, createdAt: at(2_000) }),
        aBatch({ _id: 'sb_a', merchantId, createdAt: at(2_000) }),
        aBatch({ _id: 'sb_c', merchantId, createdAt: at(1_000) }),
        aBatch({ _id: 'sb_d', merchantId, createdAt: at(3_000), state: 'completed' }),
      ];
      for (const batch of mine) await store.insertBatch(batch);
      await store.insertBatch(aBatch({ merchantId: anId('m'), createdAt: at(2_500) }));
      const ids = (batches: SalaryBatch[]) => batches.map((b) => b._id);
      const other = anotherProcess();
      expect(ids(await other.batchesOf(merchantId, { limit: 10 }))).toEqual(['sb_d', 'sb_b', 'sb_a', 'sb_c']);
      expect(await other.batchesOf(merchantId, { limit: 1 })).toEqual([mine[3]]);
      expect(ids(await other.batchesOf(merchantId, { limit: 10, before: mine[1] }))).toEqual(['sb_c']);
      expect(ids(await other.batchesOf(merchantId, { limit: 1, before: mine[0] }))).toEqual(['sb_a']);
      expect(await other.batchesOf(merchantId, { limit: 10, before: mine[2] })).toEqual([]);
      expect(await other.batchesOf(anId('m'), { limit: 10 })).toEqual([]);
    });

    it('inserts lines again without doubling them, adding the missing ones, and lists them by line number', async () => {
      const batchId = anId('sb');
      const lines = [aLine(batchId, 4), aLine(batchId, 2), aLine(batchId, 3)];
      await store.insertLines(lines.slice(0, 2));
      await anotherProcess().insertLines(lines);
      expect(await store.linesOf(batchId)).toEqual([lines[1], lines[2], lines[0]]);
      expect(await store.linesOf(anId('sb'))).toEqual([]);
    });

    it('takes each step once when processes race for it', async () => {
      const batchId = anId('sb');
      const results = await race([store, anotherProcess()], 10, (s) =>
        s.insertStep({ _id: `${batchId}:run`, batchId, step: 'run', at: at(0) }),
      );
      expect(results.filter((r) => r === 'inserted')).toHaveLength(1);
      expect(await store.stepsOf(batchId)).toEqual([{ _id: `${batchId}:run`, batchId, step: 'run', at: at(0) }]);
    });

    it('makes each attempt once, lists a batch’s attempts and refreshes their cached state', async () => {
      const line = aLine(anId('sb'), 2);
      const results = await race([store, anotherProcess()], 10, (s) => s.insertAttempt(anAttempt(line, 2)));
      expect(results.filter((r) => r === 'inserted')).toHaveLength(1);
      await store.insertAttempt(anAttempt(line, 1));
      await store.setAttemptState(salaryAttemptId(line.batchId, line.reference, 1), 'failed', 'REJECTED');
      const attempts = await anotherProcess().attemptsOf(line.batchId);
      expect(attempts.map((a) => [a.n, a.state, a.reason]).sort()).toEqual([
        [1, 'failed', 'REJECTED'],
        [2, 'pending', null],
      ]);
    });

    it('gives a claim to one worker and answers the standing claim to the others', async () => {
      const attemptId = anId('salary');
      const claims = await race([store, anotherProcess()], 10, (s, n) =>
        s.insertClaim({ _id: `${attemptId}@7`, attemptId, worker: `w${n}`, at: at(n) }),
      );
      expect(new Set(claims.map((c) => c.worker)).size).toBe(1);
      expect(claims.every((c) => c._id === `${attemptId}@7`)).toBe(true);
    });

    it('keeps the first outcome of an attempt, whoever records it later', async () => {
      const attemptId = anId('salary');
      const outcomes = await race([store, anotherProcess()], 10, (s, n) =>
        s.insertOutcome({
          _id: attemptId,
          state: n % 2 ? 'paid' : 'failed',
          reason: n % 2 ? null : 'X',
          at: at(n),
        }),
      );
      expect(new Set(outcomes.map((o) => o.state)).size).toBe(1);
      expect(await store.getOutcome(attemptId)).toEqual(outcomes[0]);
      expect(await store.getOutcome(anId('salary'))).toBeNull();
    });
  });
}
