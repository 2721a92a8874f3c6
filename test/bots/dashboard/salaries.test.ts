/**
 * Salary batches in the dashboard over real HTTP, paid through the MTN MoMo simulator: a file with bad lines and
 * duplicates gives its report (line numbers and reasons) and moves nothing; the roles that may not upload or pay
 * are refused; above the owner's threshold the batch waits for someone other than its maker, then each line is paid
 * once by the salary runner, and the failed line is paid again on a re-run (a new attempt, the paid line untouched).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { accountIds } from '../../../domain/ledger/accounts';
import type { SalaryBatch } from '../../../domain/merchants/salaries/salaryBatch';
import type { Msisdn } from '../../../domain/phone';
import { eventually, useProduct } from '../../support/chat';
import { expectConsistent } from '../../support/ledger';
import { mtnMomoTransfers } from '../../support/railSimulators';
import { aTeamMerchant, signIn, type DashboardClient, type TeamMerchant } from './dashboard.support';

const product = useProduct({ pagesOnPort: true });
afterEach(() => expectConsistent(product.services.ledger.store));

/** MTN numbers: the first is paid by the simulator, 677123450 always fails (the product's sandbox numbers). */
const PAID = '237677756101' as Msisdn;
const FAILS = '237677123450' as Msisdn;

const CSV = [
  'name;number;amount;reference',
  'Ada Mballa;677756101;20 000;ada',
  'Bob;12;1000;bob',
  'Cyr;677756103;5000;ada',
  'Dan;677 75 61 01;20000;dan',
  'Eve;677756105;;eve',
  'Fay Ekotto;677123450;10000;fay',
].join('\r\n');

async function aFundedMerchant(prefix: string): Promise<TeamMerchant> {
  const merchant = await aTeamMerchant(product, prefix);
  const funded = await product.services.ledger.transfer({
    id: randomUUID(),
    kind: 'merchant',
    debit: accountIds.clearing('mtn_momo'),
    credits: [{ account: accountIds.merchant(merchant.merchantId), amount: 100_000 }],
    mode: 'single',
  });
  if (!funded.ok) throw new Error(funded.reason);
  return merchant;
}

const available = async (merchant: TeamMerchant) =>
  (await product.services.ledger.balance(accountIds.merchant(merchant.merchantId))).available;

/** Uploads the file with the form's own idempotency id; answers the response and the form sent. */
async function upload(client: DashboardClient, reference: string, csv = CSV) {
  const page = await client.get('/salaries?lang=en');
  const id = /name="id" value="(dash_[0-9a-f]{24})"/.exec(page.body)?.[1] ?? 'dash_000000000000000000000000';
  const form = { id, reference, csv };
  return { response: await client.post('/salaries?lang=en', form), form };
}

function batchIdOf(location: string | null): string {
  const id = /\/salaries\/(sb_[0-9a-f]{24})/.exec(location ?? '')?.[1];
  if (!id) throw new Error(`no batch in ${location}`);
  return id;
}

it('reports every rejected line with its number and reason before anything moves; refused roles change nothing', async () => {
  const merchant = await aFundedMerchant('237677756');
  const before = await available(merchant);

  for (const role of ['operations', 'viewer', 'developer', 'cashier'] as const) {
    const client = await signIn(product, merchant.members[role]);
    expect((await client.get('/salaries?lang=en')).status).toBe(role === 'cashier' ? 403 : 200);
    const sent = await client.post('/salaries?lang=en', { id: `dash_${'0'.repeat(24)}`, reference: 'Paie', csv: CSV });
    expect(sent.status).toBe(403);
  }
  expect((await product.services.salaryBatches.list(merchant.merchantId, { limit: 100 })).data).toEqual([]);

  const admin = await signIn(product, merchant.members.admin);
  const { response, form } = await upload(admin, 'Paie mars');
  expect(response.status).toBe(303);
  const id = batchIdOf(response.location);
  // The same form sent again is the same batch.
  const again = await admin.post('/salaries?lang=en', form);
  expect(batchIdOf(again.location)).toBe(id);

  const page = await admin.get(`/salaries/${id}?lang=en`);
  expect(page.status).toBe(200);
  const report = [...page.body.matchAll(/<tr><td class="num">(\d+)<\/td><td>([^<]+)<\/td><\/tr>/g)].map((m) => [
    Number(m[1]),
    m[2],
  ]);
  expect(report).toEqual([
    [3, 'this is not a Cameroonian mobile number'],
    [4, 'this reference is already on an earlier line'],
    [5, 'the same number with the same amount is already on an earlier line'],
    [6, 'the amount is missing'],
  ]);
  expect(page.body).toContain('checked, not run');
  expect(page.body).toContain('<progress');
  expect(page.body).toContain('Ada Mballa');

  // Nothing moved: no attempt, no transfer, the balance whole.
  expect(await product.services.salaryBatches.store.attemptsOf(id)).toEqual([]);
  expect(await mtnMomoTransfers(product.db.connection, PAID)).toEqual([]);
  expect(await available(merchant)).toBe(before);

  // Those who may not pay cannot run it; a cashier cannot even read it.
  for (const role of ['operations', 'viewer', 'developer', 'cashier'] as const) {
    const client = await signIn(product, merchant.members[role]);
    expect((await client.get(`/salaries/${id}?lang=en`)).status).toBe(role === 'cashier' ? 403 : 200);
    expect((await client.post(`/salaries/${id}/run?lang=en`, {})).status).toBe(403);
  }
  expect(await product.services.salaryBatches.store.attemptsOf(id)).toEqual([]);
  expect(await available(merchant)).toBe(before);

  // A file the report cannot read at all is said so, with the form again.
  const unreadable = await upload(admin, 'Paie avril', 'name,amount\nAda,100');
  expect(unreadable.response.status).toBe(400);
  expect(unreadable.response.body).toContain('The header line lacks these columns: number, reference.');
});

it('waits for someone other than its maker above the threshold, pays each line once, and re-runs the failed line', async () => {
  const merchant = await aFundedMerchant('237677757');
  const owner = await signIn(product, merchant.owner);
  const admin = await signIn(product, merchant.members.admin);
  const viewer = await signIn(product, merchant.members.viewer);
  expect((await owner.post('/approvals/threshold', { threshold: '20000' })).status).toBe(303);
  const before = await available(merchant);

  const id = batchIdOf((await upload(admin, 'Paie mars')).response.location);
  const run = await admin.post(`/salaries/${id}/run?lang=en`, {});
  expect(run.status).toBe(303);
  expect(run.location).toContain('done=awaiting_approval');
  expect((await admin.get(`/salaries/${id}?lang=en`)).body).toContain('waiting for approval');
  await product.services.salaryRunner.pass();
  expect(await product.services.salaryBatches.store.attemptsOf(id)).toEqual([]);

  const subject = `salary_batch:${id}`;
  expect((await owner.get('/approvals?lang=en')).body).toContain('Salary batch Paie mars');
  const own = await admin.post('/approvals/decide?lang=en', { subject, decision: 'approve' });
  expect(own.status).toBe(403);
  expect(own.body).toContain('You asked for this yourself');
  expect((await viewer.post('/approvals/decide?lang=en', { subject, decision: 'approve' })).status).toBe(403);
  expect(await product.services.salaryBatches.store.attemptsOf(id)).toEqual([]);
  expect(await available(merchant)).toBe(before);

  const approved = await owner.post('/approvals/decide?lang=en', { subject, decision: 'approve' });
  expect(approved.status).toBe(303);
  const settled = async () =>
    eventually(async () => {
      await product.services.salaryRunner.pass();
      const got = await product.services.salaryBatches.get(merchant.merchantId, id);
      expect(got.ok && got.batch.state).toBe('completed');
    }, 30_000);
  await settled();
  const page = await viewer.get(`/salaries/${id}?lang=en`);
  expect(page.body).toContain('Paid 1, failed 1, pending 0');
  expect(page.body).toContain('<progress max="2" value="1">');
  // A viewer sees the re-run button nowhere and may not press it.
  expect(page.body).not.toContain('/rerun');
  expect((await viewer.post(`/salaries/${id}/rerun?lang=en`, {})).status).toBe(403);

  const rerun = await admin.post(`/salaries/${id}/rerun?lang=en`, {});
  expect(rerun.status).toBe(303);
  expect(rerun.location).toContain('done=rerun');
  await settled();
  const got = await product.services.salaryBatches.get(merchant.merchantId, id);
  if (!got.ok) throw new Error(got.reason);
  expect(got.batch.lines.map((l) => [l.reference, l.status, l.attempts])).toEqual([
    ['ada', 'paid', 1],
    ['fay', 'failed', 2],
  ]);
  expect((await mtnMomoTransfers(product.db.connection, PAID)).map((t) => t.amount)).toEqual(['20000']);
  expect(await mtnMomoTransfers(product.db.connection, FAILS)).toHaveLength(2);
  // Only the paid line left the balance (20 000 F and its 200 F fee); the failed ones were released.
  expect(await available(merchant)).toBe(before - 20_200);
});

it('lists only the merchant’s batches, newest first, a hundred at a time with a link to the older ones', async () => {
  const merchant = await aTeamMerchant(product, '237677758');
  const stranger = await aTeamMerchant(product, '237677759');
  const store = product.services.salaryBatches.store;
  const aBatch = (merchantId: string, n: number): SalaryBatch => ({
    _id: `sb_${randomBytes(12).toString('hex')}`,
    merchantId,
    reference: `Paie ${merchantId === stranger.merchantId ? 'stranger' : 'own'} ${n}`,
    maker: 'key_test',
    rejected: [],
    totals: { lines: 1, amount: 10_000, fees: 100, total: 10_100 },
    createdAt: new Date(Date.UTC(2026, 0, 1) + n * 60_000),
    state: 'draft',
  });
  for (let n = 1; n <= 101; n++) expect(await store.insertBatch(aBatch(merchant.merchantId, n))).toBe('inserted');
  await store.insertBatch(aBatch(stranger.merchantId, 50));

  const viewer = await signIn(product, merchant.members.viewer);
  const references = (body: string) => [...body.matchAll(/>(Paie \w+ \d+)<\/a>/g)].map((m) => m[1]);
  const first = await viewer.get('/salaries?lang=en');
  expect(first.status).toBe(200);
  expect(references(first.body)).toEqual(Array.from({ length: 100 }, (_, i) => `Paie own ${101 - i}`));
  const older = /<a href="\/dashboard(\/salaries\?after=sb_[0-9a-f]{24}&lang=en)">Older batches<\/a>/.exec(first.body);
  expect(older).not.toBeNull();
  const second = await viewer.get(older![1]!);
  expect(references(second.body)).toEqual(['Paie own 1']);
  expect(second.body).not.toContain('Older batches');
});
