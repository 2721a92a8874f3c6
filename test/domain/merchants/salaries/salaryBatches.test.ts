/**
 * Salary batches paid through the product's real MTN MoMo and Orange Money clients and their simulators over HTTP,
 * on the real database: lines that fail at the rail, a re-run of the failed ones, a crash halfway then a resume, two
 * runners at once, and a batch above the approval threshold. Every payee is paid exactly once, counted at the
 * simulators.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { accountIds } from '../../../../domain/ledger/accounts';
import type { Merchant } from '../../../../domain/merchants/merchant';
import type { ApprovalDecision, BatchApprovals } from '../../../../domain/merchants/salaries/batchApprovals';
import { SalaryBatches, type SalaryBatchAnswer } from '../../../../domain/merchants/salaries/salaryBatches';
import type { SalaryBatchStore } from '../../../../domain/merchants/salaries/salaryBatchStore';
import type { SalaryBatchView } from '../../../../domain/merchants/salaries/salaryBatchView';
import { SalaryRunner } from '../../../../domain/merchants/salaries/salaryRunner';
import type { Msisdn } from '../../../../domain/phone';
import { ensureSalaryBatchIndexes, MongoSalaryBatchStore } from '../../../../integrations/mongo/salaryBatchStore';
import { eventually, useProduct } from '../../../support/chat';
import { expectConsistent } from '../../../support/ledger';
import { mtnMomoTransfers, orangeMoneyPayments } from '../../../support/railSimulators';
import { RecordingNotifier } from '../../paymentFakes';
import { FakeMerchantStore, RecordingEvents } from '../refundsFixture';

const product = useProduct();
const merchants = new FakeMerchantStore();
const events = new RecordingEvents();
const notifier = new RecordingNotifier();

/** Approvals as the team's module will answer them, decided by the test. */
class FakeApprovals implements BatchApprovals {
  readonly requested: Parameters<BatchApprovals['requestApproval']>[0][] = [];
  readonly decisions = new Map<string, ApprovalDecision>();

  async requestApproval(input: Parameters<BatchApprovals['requestApproval']>[0]): Promise<void> {
    if (!this.decisions.has(input.subjectId)) this.decisions.set(input.subjectId, 'pending');
    this.requested.push(input);
  }

  async decision(_kind: 'salary_batch', subjectId: string): Promise<ApprovalDecision | null> {
    return this.decisions.get(subjectId) ?? null;
  }
}

/** A store that throws once, on its `failOn`-th call of `method`: a process dying in the middle of a run. */
function crashingOnce(store: SalaryBatchStore, method: keyof SalaryBatchStore, failOn: number): SalaryBatchStore {
  let calls = 0;
  return new Proxy(store, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver) as unknown;
      if (name !== method || typeof value !== 'function') {
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return async (...args: unknown[]) => {
        calls++;
        if (calls === failOn) throw new Error('the process died here');
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

const approvals = new FakeApprovals();
let store: MongoSalaryBatchStore | undefined;
let batches: SalaryBatches | undefined;
let runner: SalaryRunner | undefined;

function service(): SalaryBatches {
  if (!batches) throw new Error('use inside a test');
  return batches;
}

function runnerNamed(worker: string, options: { store?: SalaryBatchStore; clock?: () => Date } = {}): SalaryRunner {
  const own = options.store
    ? new SalaryBatches({ store: options.store, merchantStore: merchants, approvals, approvalThreshold: 1_000_000 })
    : service();
  return new SalaryRunner({
    batches: own,
    railPayments: product.services.railPayments,
    merchantStore: merchants,
    events,
    notifier,
    worker,
    ...(options.clock ? { clock: options.clock } : {}),
  });
}

beforeAll(async () => {
  await ensureSalaryBatchIndexes(product.db.connection);
  store = new MongoSalaryBatchStore(product.db.connection);
  batches = new SalaryBatches({ store, merchantStore: merchants, approvals, approvalThreshold: 1_000_000 });
  runner = runnerNamed('main');
  const finished = runner;
  product.services.railPayments.whenFinished((record) => finished.onPayoutFinished(record));
});

async function aMerchant(funds: number): Promise<Merchant> {
  const id = `m_${randomBytes(8).toString('hex')}`;
  const merchant: Merchant = {
    _id: id,
    name: 'Boulangerie Akwa',
    category: 'food',
    owner: `23767${String(randomInt(0, 10_000_000)).padStart(7, '0')}` as Msisdn,
    status: 'active',
    kycLevel: 'verified',
    account: accountIds.merchant(id),
    createdAt: new Date(),
  };
  await merchants.insertMerchant(merchant);
  await product.services.ledger.openAccount(merchant.account, 'merchant', { ownerId: id });
  if (funds > 0) await fund(merchant, funds);
  return merchant;
}

async function fund(merchant: Merchant, amount: number): Promise<void> {
  const funded = await product.services.ledger.transfer({
    id: randomUUID(),
    kind: 'merchant',
    debit: accountIds.clearing('mtn_momo'),
    credits: [{ account: merchant.account, amount }],
    mode: 'single',
  });
  if (!funded.ok) throw new Error(funded.reason);
}

/** Fresh numbers the simulators pay at once (never the scripted `6XX12345D`). */
function anMtnNumber(): Msisdn {
  return `23767${String(randomInt(0, 1_000_000)).padStart(6, '0')}9` as Msisdn;
}
function anOrangeNumber(): Msisdn {
  return `23769${String(randomInt(0, 1_000_000)).padStart(6, '0')}9` as Msisdn;
}
/** Numbers both simulators refuse to pay (the rails' scripted failures). */
const MTN_REFUSES = '237677123451' as Msisdn;

function csvOf(lines: [name: string, number: string, amount: number, reference: string][]): string {
  return ['name;number;amount;reference', ...lines.map((line) => line.join(';'))].join('\r\n');
}

function batchOf(answer: SalaryBatchAnswer): SalaryBatchView {
  if (!answer.ok) throw new Error(answer.reason);
  return answer.batch;
}

/** Runs passes until the batch has completed (the providers' callbacks arrive meanwhile). */
async function runToCompletion(
  merchant: Merchant,
  batchId: string,
  by: SalaryRunner = runner!,
): Promise<SalaryBatchView> {
  await eventually(async () => {
    await by.pass();
    expect(batchOf(await service().get(merchant._id, batchId)).state).toBe('completed');
  }, 30_000);
  return batchOf(await service().get(merchant._id, batchId));
}

async function available(merchant: Merchant): Promise<number> {
  return (await product.services.ledger.balance(merchant.account)).available;
}

async function payoutsTo(msisdn: Msisdn): Promise<number> {
  const mtn = await mtnMomoTransfers(product.db.connection, msisdn);
  const orange = (await orangeMoneyPayments(product.db.connection, msisdn)).filter((p) => p.kind === 'cashin');
  return mtn.length + orange.length;
}

describe('making a salary batch', () => {
  it('records a draft with its report, and answers the same batch to the same idempotency key', async () => {
    const merchant = await aMerchant(0);
    const csv =
      '\uFEFF' +
      csvOf([
        ['Ada', '677 12 00 01', 50_000, 'r1'],
        ['Bob', 'not a number', 50_000, 'r2'],
        ['Cyr', '690120002', 40_000, 'r1'],
      ]);
    const input = { merchantId: merchant._id, idempotencyKey: 'k1', reference: 'Paie mars', csv, maker: 'key_1' };
    const made = batchOf(await service().create(input));
    expect(made).toMatchObject({
      state: 'draft',
      reference: 'Paie mars',
      rejected: [
        { line: 3, reason: 'BAD_NUMBER' },
        { line: 4, reason: 'DUPLICATE_REFERENCE' },
      ],
      totals: { lines: 1, amount: 50_000, fees: 500, total: 50_500 },
      progress: { pending: 1, paid: 0, failed: 0, needs_review: 0 },
    });
    expect(made.lines).toEqual([
      expect.objectContaining({ line: 2, number: '237677120001', status: 'pending', attempts: 0, transferId: null }),
    ]);
    expect(batchOf(await service().create(input)).id).toBe(made.id);
    expect(await service().create({ ...input, reference: 'Paie avril' })).toEqual({ ok: false, reason: 'CONFLICT' });
    expect(await service().create({ ...input, idempotencyKey: 'k2', csv: 'name,amount\n' })).toMatchObject({
      ok: false,
      reason: 'INVALID_FILE',
      report: { reason: 'MISSING_COLUMNS' },
    });
    expect(await service().get('m_other', made.id)).toEqual({ ok: false, reason: 'BATCH_NOT_FOUND' });
  });
});

describe('listing a merchant’s salary batches', () => {
  it('pages them newest first after the last one seen, and never shows another merchant’s', async () => {
    const merchant = await aMerchant(0);
    const stranger = await aMerchant(0);
    let tick = Date.parse('2026-03-01T08:00:00Z');
    const ticking = new SalaryBatches({
      store: store!,
      merchantStore: merchants,
      approvals,
      clock: () => new Date((tick += 60_000)),
    });
    const make = async (merchantId: string, key: string) =>
      batchOf(
        await ticking.create({
          merchantId,
          idempotencyKey: key,
          reference: `Paie ${key}`,
          csv: csvOf([['Ada', '677120001', 50_000, 'r1']]),
          maker: 'key_1',
        }),
      ).id;
    const [first, second] = [await make(merchant._id, 'k1'), await make(merchant._id, 'k2')];
    const foreign = await make(stranger._id, 'k3');
    const third = await make(merchant._id, 'k4');

    const page1 = await ticking.list(merchant._id, { limit: 2 });
    expect(page1.data.map((b) => b._id)).toEqual([third, second]);
    expect(page1.hasMore).toBe(true);
    const page2 = await ticking.list(merchant._id, { limit: 2, startingAfter: second });
    expect(page2).toEqual({ data: [expect.objectContaining({ _id: first, reference: 'Paie k1' })], hasMore: false });
    expect(await ticking.list(merchant._id, { limit: 2, startingAfter: foreign })).toEqual({
      data: [],
      hasMore: false,
    });
  });
});

describe('running a salary batch', () => {
  it('pays each line from the merchant account through MTN and Orange, fails the line the rail refuses, and completes once', async () => {
    const merchant = await aMerchant(500_000);
    const [ada, bea] = [anMtnNumber(), anOrangeNumber()];
    const csv = csvOf([
      ['Ada', ada, 100_000, 'ada-03'],
      ['Bea', bea, 80_000, 'bea-03'],
      ['Cyr', MTN_REFUSES, 30_000, 'cyr-03'],
    ]);
    const id = batchOf(
      await service().create({
        merchantId: merchant._id,
        idempotencyKey: randomUUID(),
        reference: 'mars',
        csv,
        maker: 'k',
      }),
    ).id;
    expect(batchOf(await service().run(merchant._id, id)).state).toBe('running');

    const done = await runToCompletion(merchant, id);
    expect(done.progress).toEqual({ pending: 0, paid: 2, failed: 1, needs_review: 0 });
    expect(done.lines.find((line) => line.reference === 'cyr-03')).toMatchObject({
      status: 'failed',
      reason: 'REJECTED',
    });
    // 1 % fees on the paid lines; the failed line's hold was released.
    expect(await available(merchant)).toBe(500_000 - 101_000 - 80_800);
    expect(await payoutsTo(ada)).toBe(1);
    expect(await payoutsTo(bea)).toBe(1);
    expect(notifier.to(ada, 'payments.salaryReceived')).toEqual([
      expect.objectContaining({
        notice: {
          key: 'payments.salaryReceived',
          params: { amount: { francs: 100_000 }, merchant: 'Boulangerie Akwa', reference: 'ada-03' },
        },
      }),
    ]);
    expect(notifier.to(MTN_REFUSES, 'payments.salaryReceived').filter((d) => d.dedupeKey.includes(id))).toEqual([]);
    expect(events.ofType('salary_batch.completed').filter((e) => e.data.id === id)).toHaveLength(1);

    // A second run changes nothing: every line already has its attempt.
    expect(batchOf(await service().run(merchant._id, id)).progress.paid).toBe(2);
    await runner!.pass();
    expect(await payoutsTo(ada)).toBe(1);

    // Re-running the failed lines asks the rail again for that line only, under a new transfer.
    const rerun = batchOf(await service().rerunFailed(merchant._id, id));
    expect(rerun.lines.find((line) => line.reference === 'cyr-03')).toMatchObject({
      status: 'pending',
      attempts: 2,
      transferId: `salary:${id}:cyr-03:attempt2`,
    });
    const again = await runToCompletion(merchant, id);
    expect(again.progress).toEqual({ pending: 0, paid: 2, failed: 1, needs_review: 0 });
    expect(await payoutsTo(ada)).toBe(1);
    expect(await payoutsTo(bea)).toBe(1);
    expect(events.ofType('salary_batch.completed').filter((e) => e.data.id === id)).toHaveLength(2);
    await expectConsistent(product.services.ledger.store);
  });

  it('fails the lines the balance no longer covers, and pays them once re-run after funding', async () => {
    const merchant = await aMerchant(60_600);
    const [ada, bob] = [anMtnNumber(), anMtnNumber()];
    const csv = csvOf([
      ['Ada', ada, 60_000, 'a'],
      ['Bob', bob, 40_000, 'b'],
    ]);
    const id = batchOf(
      await service().create({
        merchantId: merchant._id,
        idempotencyKey: randomUUID(),
        reference: 'x',
        csv,
        maker: 'k',
      }),
    ).id;
    await service().run(merchant._id, id);
    const first = await runToCompletion(merchant, id);
    expect(first.lines.map((line) => [line.reference, line.status, line.reason])).toEqual([
      ['a', 'paid', null],
      ['b', 'failed', 'INSUFFICIENT_FUNDS'],
    ]);
    expect(await payoutsTo(bob)).toBe(0);

    await fund(merchant, 40_400);
    await service().rerunFailed(merchant._id, id);
    const second = await runToCompletion(merchant, id);
    expect(second.progress).toEqual({ pending: 0, paid: 2, failed: 0, needs_review: 0 });
    expect(await payoutsTo(ada)).toBe(1);
    expect(await payoutsTo(bob)).toBe(1);
    expect(await available(merchant)).toBe(0);
    // Nothing failed is left to re-run, and nothing paid is run again.
    const none = batchOf(await service().rerunFailed(merchant._id, id));
    expect(none.lines.map((line) => line.attempts)).toEqual([1, 2]);
    await expectConsistent(product.services.ledger.store);
  });

  it('resumes after a crash halfway: each line is paid exactly once', async () => {
    const merchant = await aMerchant(1_000_000);
    const payees = Array.from({ length: 5 }, anMtnNumber);
    const csv = csvOf(payees.map((number, n) => [`P${n}`, number, 10_000 + n, `p${n}`]));
    const id = batchOf(
      await service().create({
        merchantId: merchant._id,
        idempotencyKey: randomUUID(),
        reference: 'x',
        csv,
        maker: 'k',
      }),
    ).id;
    await service().run(merchant._id, id);
    // The runner reads each line's outcome before driving it: dying at the third read stops it after two lines.
    const crashing = crashingOnce(new MongoSalaryBatchStore(product.db.connection), 'getOutcome', 3);
    const dying = runnerNamed('dying', { store: crashing });
    await expect(dying.pass()).rejects.toThrow('the process died here');
    expect(await Promise.all(payees.map(payoutsTo))).toEqual([1, 1, 0, 0, 0]);
    // The two begun may already be paid (their callbacks); the three others were never started.
    expect(batchOf(await service().get(merchant._id, id)).progress.pending).toBeGreaterThanOrEqual(3);

    // Another process, once the dead one's claims have lapsed.
    const later = runnerNamed('restarted', { clock: () => new Date(Date.now() + 10 * 60_000) });
    const done = await runToCompletion(merchant, id, later);
    expect(done.progress).toEqual({ pending: 0, paid: 5, failed: 0, needs_review: 0 });
    for (const payee of payees) expect(await payoutsTo(payee)).toBe(1);
    await expectConsistent(product.services.ledger.store);
  });

  it('lets two runners work at once: they share the lines and each is paid once', async () => {
    const merchant = await aMerchant(1_000_000);
    const payees = [anMtnNumber(), anOrangeNumber(), anMtnNumber(), anOrangeNumber()];
    const csv = csvOf(payees.map((number, n) => [`P${n}`, number, 20_000, `p${n}`]));
    const id = batchOf(
      await service().create({
        merchantId: merchant._id,
        idempotencyKey: randomUUID(),
        reference: 'x',
        csv,
        maker: 'k',
      }),
    ).id;
    await service().run(merchant._id, id);
    const [a, b] = [runnerNamed('a'), runnerNamed('b')];
    const [reportA, reportB] = await Promise.all([a.pass(), b.pass()]);
    // In one claim window each attempt is driven by one runner only.
    expect(reportA.driven + reportB.driven).toBe(4);
    await eventually(async () => {
      await Promise.all([a.pass(), b.pass()]);
      expect(batchOf(await service().get(merchant._id, id)).state).toBe('completed');
    }, 30_000);
    for (const payee of payees) expect(await payoutsTo(payee)).toBe(1);
    expect(events.ofType('salary_batch.completed').filter((e) => e.data.id === id)).toHaveLength(1);
  });
});

describe('a batch above the approval threshold', () => {
  it('waits for a second person’s approval before anything moves, and never runs once rejected', async () => {
    const merchant = await aMerchant(3_000_000);
    const ada = anMtnNumber();
    const csv = csvOf([['Ada', ada, 1_500_000, 'big']]);
    const make = async () =>
      batchOf(
        await service().create({
          merchantId: merchant._id,
          idempotencyKey: randomUUID(),
          reference: 'x',
          csv,
          maker: 'key_maker',
        }),
      ).id;
    const id = await make();
    expect(batchOf(await service().run(merchant._id, id)).state).toBe('awaiting_approval');
    expect(approvals.requested.filter((r) => r.subjectId === id)).toEqual([
      { merchantId: merchant._id, kind: 'salary_batch', subjectId: id, amount: 1_515_000, maker: 'key_maker' },
    ]);
    await runner!.pass();
    expect(await payoutsTo(ada)).toBe(0);
    expect(batchOf(await service().run(merchant._id, id)).state).toBe('awaiting_approval');

    approvals.decisions.set(id, 'approved');
    expect(batchOf(await service().run(merchant._id, id)).state).toBe('running');
    expect((await runToCompletion(merchant, id)).progress.paid).toBe(1);
    expect(await payoutsTo(ada)).toBe(1);

    const refused = await make();
    await service().run(merchant._id, refused);
    approvals.decisions.set(refused, 'rejected');
    expect(await service().run(merchant._id, refused)).toEqual({ ok: false, reason: 'BATCH_REJECTED' });
    expect(batchOf(await service().get(merchant._id, refused)).state).toBe('rejected');
    expect(await service().rerunFailed(merchant._id, refused)).toEqual({ ok: false, reason: 'NOT_RUN' });
    expect(await payoutsTo(ada)).toBe(1);
  });
});
