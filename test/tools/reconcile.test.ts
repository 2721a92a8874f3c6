/**
 * `npm run reconcile` as the operator runs it: a child process on the test database, reading the MTN MoMo
 * simulator's settlement report over HTTP (the real simulator, fed by the real MTN client), or a CSV file. Each
 * test works in a period of its own (from its start to the run), on one database checked by ledger:check after.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { accountIds, type AccountId } from '../../domain/ledger/accounts';
import type { Ledger } from '../../domain/ledger/ledger';
import type { TransferRequest } from '../../domain/ledger/transfers';
import type { Francs } from '../../domain/money';
import type { Msisdn } from '../../domain/phone';
import type { Finding } from '../../domain/reconciliation/compareSettlement';
import { ShortReferences } from '../../domain/shortReferences';
import { setUpLedger } from '../../integrations/ledgerSetup';
import { MongoShortReferenceStore } from '../../integrations/mongo/shortReferenceStore';
import type { MtnMomoRail } from '../../integrations/mtnMomo/mtnMomoRail';
import { ADMIN_TOKEN, eventually, startMomoHarness, type MomoHarness } from '../integrations/mtnMomo/momoHarness';
import { useTestDatabase } from '../support/database';
import { runTool, type ToolRun } from '../support/tool';

const db = useTestDatabase();

// Cameroonian test numbers (integrations/rails/simulatedRail.ts): …0 fails, …3 stays pending, others succeed.
const PAYS = '237677000123' as Msisdn;
const FAILS = '237677123450' as Msisdn;
const PENDS = '237677123453' as Msisdn;

let harness: MomoHarness;
let rail: MtnMomoRail;
let ledger: Ledger;
let shortReferences: ShortReferences;
let wallet: AccountId;
let base: string;

beforeAll(async () => {
  shortReferences = new ShortReferences(new MongoShortReferenceStore(db.connection));
  harness = await startMomoHarness(db.connection, { completionDelayMs: 50 });
  rail = harness.rail();
  ({ ledger } = await setUpLedger(db.connection));
  wallet = accountIds.wallet(`2376${String(Date.now()).slice(-8)}`);
  await ledger.openAccount(wallet, 'wallet', { kycTier: 'full' });
  base = harness.simulatorUrl.replace(/\/simulators\/mtn-momo$/, '');
});
afterAll(() => harness.close());

function reconcile(from: Date, ...args: string[]): Promise<ToolRun> {
  const to = new Date(Date.now() + 1).toISOString();
  return runTool('reconcile.ts', db.uri, '--from', from.toISOString(), '--to', to, ...args);
}

function fromSimulator(from: Date, ...args: string[]): Promise<ToolRun> {
  return reconcile(from, '--rail', 'mtn_momo', '--simulators', base, '--admin-token', ADMIN_TOKEN, ...args);
}

function topUpHold(id: string, amount: number): TransferRequest {
  return {
    id,
    kind: 'topup',
    debit: accountIds.clearing('mtn_momo'),
    credits: [{ account: wallet, amount }],
    mode: 'pending',
    expiresAt: new Date(Date.now() + 3_600_000),
    rail: 'mtn_momo',
  };
}

/**
 * A top-up as the product makes it: reserve its short reference (MTN gets it as externalId), hold, ask MTN, and
 * (when asked to) post once MTN says it succeeded.
 */
async function topUp(payer: Msisdn, amount: number, options: { post: boolean }): Promise<string> {
  const id = `topup:${randomUUID()}`;
  const shortReference = await shortReferences.reserve(id);
  expect(await ledger.transfer({ ...topUpHold(id, amount), shortReference })).toMatchObject({ ok: true });
  expect(await rail.requestPayment({ reference: id, shortReference, msisdn: payer, amount: amount as Francs })).toEqual(
    { ok: true },
  );
  if (options.post) {
    await eventually(async () => (await rail.status('collect', id)).outcome === 'succeeded');
    expect(await ledger.post(id)).toMatchObject({ ok: true, transfer: { state: 'posted' } });
  }
  return id;
}

/** A withdrawal as the product makes it: hold on the wallet, MTN pays, the hold is posted. */
async function withdraw(amount: number): Promise<string> {
  const id = `withdraw:${randomUUID()}`;
  const hold: TransferRequest = {
    id,
    kind: 'withdraw',
    debit: wallet,
    credits: [{ account: accountIds.clearing('mtn_momo'), amount }],
    mode: 'pending',
    expiresAt: new Date(Date.now() + 3_600_000),
    rail: 'mtn_momo',
  };
  expect(await ledger.transfer(hold)).toMatchObject({ ok: true });
  expect(await rail.payout({ reference: id, msisdn: PAYS, amount: amount as Francs })).toEqual({ ok: true });
  await eventually(async () => (await rail.status('payout', id)).outcome === 'succeeded');
  expect(await ledger.post(id)).toMatchObject({ ok: true });
  return id;
}

function findings(run: ToolRun): Map<string, Finding> {
  const report = JSON.parse(run.stdout) as { rails: { findings: Finding[] }[] };
  return new Map(report.rails.flatMap((r) => r.findings).map((f) => [f.reference, f]));
}

describe('npm run reconcile against the MTN MoMo simulator', () => {
  it('exits 0 on a period where every top-up and withdrawal agrees with MTN, and says so', async () => {
    const from = new Date();
    const topped = await topUp(PAYS, 20_000, { post: true });
    const paidOut = await withdraw(5_000);

    const run = await fromSimulator(from);
    expect(run.output).toContain('OK: no mismatch on mtn_momo');
    expect(run.stdout).toContain('matched 2, mismatches 0');
    expect(run.stdout).toContain('collect: ledger posted 20 000 FCFA, provider succeeded 20 000 FCFA');
    expect(run.code).toBe(0);

    const json = await fromSimulator(from, '--json');
    expect(json.code).toBe(0);
    const found = findings(json);
    expect(found.get(topped)).toMatchObject({ kind: 'matched', providerAmount: 20_000, direction: 'collect' });
    expect(found.get(paidOut)).toMatchObject({ kind: 'matched', providerAmount: 5_000, direction: 'payout' });
  });

  it('exits 1 and lists each mismatch with what would settle it, and what is only in flight', async () => {
    const from = new Date();
    // MTN collected money the ledger never recorded: asked straight through the MTN client.
    const ghost = `topup:${randomUUID()}`;
    expect(await rail.requestPayment({ reference: ghost, msisdn: PAYS, amount: 3_000 as Francs })).toEqual({
      ok: true,
    });
    await eventually(async () => (await rail.status('collect', ghost)).outcome === 'succeeded');
    // The ledger posted a top-up MTN never saw: straight through the ledger.
    const unseen = `topup:${randomUUID()}`;
    expect(
      await ledger.transfer({ ...topUpHold(unseen, 4_000), mode: 'single', expiresAt: undefined, rail: undefined }),
    ).toMatchObject({ ok: true, transfer: { state: 'posted' } });
    // MTN failed a payment the ledger posted anyway.
    const failedAtMtn = await topUp(FAILS, 1_500, { post: false });
    await eventually(async () => (await rail.status('collect', failedAtMtn)).outcome === 'failed');
    expect(await ledger.post(failedAtMtn)).toMatchObject({ ok: true });
    // MTN succeeded, the ledger still holds: the reconciler would post it.
    const notPostedYet = await topUp(PAYS, 2_500, { post: false });
    await eventually(async () => (await rail.status('collect', notPostedYet)).outcome === 'succeeded');
    // Pending on both sides: listed, not a mismatch.
    const inFlight = await topUp(PENDS, 1_000, { post: false });

    const run = await fromSimulator(from);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/MISMATCH provider_only +collect +topup:\S+ +\S+ +- absent +3 000 FCFA succeeded/);
    expect(run.stdout).toContain('MISMATCH: 4 on mtn_momo (4)');

    const json = await fromSimulator(from, '--json');
    expect(json.code).toBe(1);
    const found = findings(json);
    expect(found.get(ghost)).toMatchObject({ kind: 'provider_only', mismatch: true, providerStatus: 'succeeded' });
    expect(found.get(unseen)).toMatchObject({ kind: 'ledger_only', mismatch: true, ledgerState: 'posted' });
    expect(found.get(failedAtMtn)).toMatchObject({ kind: 'provider_failed_ours_posted', providerStatus: 'failed' });
    expect(found.get(notPostedYet)).toMatchObject({
      kind: 'provider_succeeded_ours_open',
      ledgerState: 'held',
      settle: 'post: the rail confirms',
    });
    expect(found.get(inFlight)).toMatchObject({ kind: 'pending', mismatch: false, providerStatus: 'pending' });
    expect(found.size).toBe(5);

    // Settled as the finding says, the period is clean again (but for the ones needing a person).
    expect(await ledger.post(notPostedYet)).toMatchObject({ ok: true });
    const after = findings(await fromSimulator(from, '--json'));
    expect(after.get(notPostedYet)).toMatchObject({ kind: 'matched' });
  });

  it('exits 2 when the simulator cannot be reached or refuses the token, never printing the token', async () => {
    const refused = await reconcile(new Date(), '--simulators', base, '--admin-token', 'not-the-token');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/answered 401/);
    expect(refused.output).not.toContain('not-the-token');

    const closed = await reconcile(new Date(), '--simulators', 'http://127.0.0.1:9', '--admin-token', ADMIN_TOKEN);
    expect(closed.code).toBe(2);
    expect(closed.stderr).toMatch(/mtn_momo: no answer from http:\/\/127.0.0.1:9\/simulators\/mtn-momo/);
    expect(closed.output).not.toContain(ADMIN_TOKEN);

    const tokenless = await reconcile(new Date(), '--rail', 'mtn_momo', '--simulators', base);
    expect(tokenless.code).toBe(2);
    expect(tokenless.stderr).toMatch(/needs --admin-token/);
  });
});

describe('npm run reconcile with a CSV report', () => {
  it('compares the card rail with a downloaded report, and refuses a report with bad lines by line number', async () => {
    const from = new Date();
    const paid = `topup:${randomUUID()}`;
    const card: TransferRequest = {
      id: paid,
      kind: 'topup',
      debit: accountIds.clearing('card'),
      credits: [{ account: wallet, amount: 7_000 }],
      mode: 'single',
    };
    expect(await ledger.transfer(card)).toMatchObject({ ok: true });
    const at = new Date().toISOString();
    const dir = await mkdtemp(path.join(tmpdir(), 'reconcile-'));
    const good = path.join(dir, 'card.csv');
    await writeFile(
      good,
      `provider_reference,our_reference,direction,amount,status,at\ntrx.1,${paid},collect,7000,succeeded,${at}\n`,
    );
    const ok = await reconcile(from, '--report', `card=${good}`);
    expect(ok.stdout).toContain('== card');
    expect(ok.code).toBe(0);

    const short = path.join(dir, 'short.csv');
    await writeFile(
      short,
      `provider_reference,our_reference,direction,amount,status,at\ntrx.1,${paid},collect,6000,succeeded,${at}\n`,
    );
    const differs = await reconcile(from, '--report', `card=${short}`, '--json');
    expect(differs.code).toBe(1);
    expect(findings(differs).get(paid)).toMatchObject({
      kind: 'amount_differs',
      ledgerAmount: 7_000,
      providerAmount: 6_000,
    });

    const bad = path.join(dir, 'bad.csv');
    await writeFile(
      bad,
      `provider_reference,our_reference,direction,amount,status,at\ntrx.1,${paid},collect,7 000,succeeded,${at}\n`,
    );
    const refused = await reconcile(from, '--report', `card=${bad}`);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${bad}:2: amount "7 000" is not a whole number of francs`);
  });
});
