import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { accountIds, type AccountId, type Rail } from '../../../domain/ledger/accounts';
import { checkLedger } from '../../../domain/ledger/invariants';
import type { LedgerStore } from '../../../domain/ledger/ledgerStore';
import {
  recoverOnce,
  startRecoveryWorker,
  type RecoveryOptions,
  type RecoveryReport,
} from '../../../domain/ledger/recovery';
import type { RailOutcome, RailStatusPort } from '../../../domain/ledger/railStatusPort';
import { newTransfer, type TransferRequest } from '../../../domain/ledger/transfers';
import { MongoLedgerStore } from '../../../integrations/mongo/mongoLedgerStore';
import { expectConsistent, p2pRequest, useLedger } from '../../support/ledger';

/** A clock the test moves by hand, shared by the ledger and the recovery passes. */
const START = new Date('2026-11-29T10:00:00Z');
let now = START;
const clock = () => now;
/** `n` minutes after the start of the case. */
const at = (n: number) => new Date(START.getTime() + n * 60_000);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `condition` holds (real time: the worker runs on timers). */
async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
}

/** The rails' status calls, scripted per transfer id; records every call it got. */
class FakeRails implements RailStatusPort {
  readonly calls: { rail: Rail; transferId: string }[] = [];
  private readonly answers = new Map<string, RailOutcome>();
  /** While set, every call waits for it: a slow rail. */
  gate: Promise<void> | null = null;
  /** Runs inside the call, before the answer: what happens elsewhere while recovery waits for the rail. */
  meanwhile: ((transferId: string) => Promise<unknown>) | null = null;

  says(transferId: string, outcome: RailOutcome): this {
    this.answers.set(transferId, outcome);
    return this;
  }

  asked(transferId: string): number {
    return this.calls.filter((call) => call.transferId === transferId).length;
  }

  async status(rail: Rail, transferId: string): Promise<RailOutcome> {
    this.calls.push({ rail, transferId });
    if (this.gate) await this.gate;
    if (this.meanwhile) await this.meanwhile(transferId);
    return this.answers.get(transferId) ?? 'pending';
  }
}

const options = (rails: FakeRails, more: Partial<RecoveryOptions> = {}): RecoveryOptions => ({
  graceMs: 0,
  maxUndecidedAgeMs: 10 * 60_000,
  rails,
  ...more,
});

/** A cash-out to MTN MoMo: the wallet's money is held until the rail says how it went. */
const withdraw = (debit: AccountId, amount: number, expiresAt = at(15)): TransferRequest => ({
  id: randomUUID(),
  kind: 'withdraw',
  debit,
  credits: [{ account: accountIds.clearing('mtn_momo'), amount }],
  mode: 'pending',
  expiresAt,
  rail: 'mtn_momo',
});

describe('recovery', () => {
  const t = useLedger({ clock });
  beforeEach(() => {
    now = START;
  });
  afterEach(async () => {
    await expectConsistent(t.store);
    // Release what a case left held, so the next case's passes see only that case's transfers.
    for (const held of await t.store.findTransfersByState(['held'], 1_000)) await t.ledger.void(held._id);
    // Each case starts its clock again at START: recovery's checkpoint (a time on that clock) starts again too.
    await t.store.setSinglesSettledBefore(new Date(0));
  });

  /** A wallet with 10 000 F of which 4 000 F are held by a withdrawal on MTN MoMo expiring at minute 15. */
  async function heldWithdrawal() {
    const wallet = await t.wallet(10_000);
    const request = withdraw(wallet, 4_000);
    expect(await t.ledger.transfer(request)).toMatchObject({ ok: true, transfer: { state: 'held' } });
    expect(await t.ledger.balance(wallet)).toMatchObject({ available: 6_000, held: 4_000 });
    return { wallet, request };
  }

  describe('a held rail withdrawal', () => {
    it('is posted when the rail says it succeeded', async () => {
      const { wallet, request } = await heldWithdrawal();
      const rails = new FakeRails().says(request.id, 'succeeded');
      now = at(5);
      const report = await recoverOnce(t.ledger, options(rails), now);
      expect(report).toEqual({ examined: 1, finished: 0, abandoned: 0, resolved: 1, sentToReview: 0, errors: 0 });
      expect(rails.calls).toEqual([{ rail: 'mtn_momo', transferId: request.id }]);
      expect(await t.ledger.getTransfer(request.id)).toMatchObject({ state: 'posted' });
      expect(await t.store.getResolution(request.id)).toMatchObject({ outcome: 'posted' });
      expect(await t.ledger.balance(wallet)).toMatchObject({ available: 6_000, held: 0 });
    });

    it('is voided, the money back in the wallet, when the rail says it failed', async () => {
      const { wallet, request } = await heldWithdrawal();
      const rails = new FakeRails().says(request.id, 'failed');
      now = at(5);
      const report = await recoverOnce(t.ledger, options(rails), now);
      expect(report).toMatchObject({ examined: 1, resolved: 1, sentToReview: 0, errors: 0 });
      expect(rails.asked(request.id)).toBe(1);
      expect(await t.ledger.getTransfer(request.id)).toMatchObject({ state: 'voided' });
      expect(await t.ledger.balance(wallet)).toMatchObject({ available: 10_000, held: 0 });
    });

    it('stays held while the rail says it is still pending', async () => {
      const { wallet, request } = await heldWithdrawal();
      const rails = new FakeRails().says(request.id, 'pending');
      now = at(5);
      const report = await recoverOnce(t.ledger, options(rails), now);
      expect(report).toMatchObject({ examined: 1, resolved: 0, sentToReview: 0, errors: 0 });
      expect(rails.asked(request.id)).toBe(1);
      expect(await t.ledger.getTransfer(request.id)).toMatchObject({ state: 'held' });
      expect(await t.store.getResolution(request.id)).toBeNull();
      expect(await t.ledger.balance(wallet)).toMatchObject({ available: 6_000, held: 4_000 });
    });

    it('waits while the outcome is unknown, and goes to review past its expiry, neither posted nor voided', async () => {
      const { wallet, request } = await heldWithdrawal();
      const rails = new FakeRails().says(request.id, 'unknown');
      now = at(10);
      expect(await recoverOnce(t.ledger, options(rails), now)).toMatchObject({ resolved: 0, sentToReview: 0 });
      expect(await t.ledger.getTransfer(request.id)).toMatchObject({ state: 'held' });

      now = at(16);
      const report = await recoverOnce(t.ledger, options(rails), now);
      expect(report).toMatchObject({ examined: 1, resolved: 0, sentToReview: 1, errors: 0 });
      expect(rails.asked(request.id)).toBe(2);
      expect(await t.ledger.getTransfer(request.id)).toMatchObject({
        state: 'needs_review',
        reason: 'rail said unknown',
      });
      expect(await t.store.getResolution(request.id)).toBeNull();
      expect(await t.store.getEntry(`${request.id}:resolve:debit`)).toBeNull();
      expect(await t.ledger.balance(wallet)).toMatchObject({ available: 6_000, held: 4_000 });

      // A person decides now: later passes leave it alone.
      now = at(30);
      expect(await recoverOnce(t.ledger, options(rails), now)).toMatchObject({ examined: 0 });
      expect(rails.asked(request.id)).toBe(2);
      expect(await t.ledger.balance(wallet)).toMatchObject({ available: 6_000, held: 4_000 });
    });

    it('once posted by recovery, gives the same outcome to a retry of its request, even past its expiry', async () => {
      const { wallet, request } = await heldWithdrawal();
      now = at(5);
      await recoverOnce(t.ledger, options(new FakeRails().says(request.id, 'succeeded')), now);
      expect(await t.ledger.transfer(request)).toMatchObject({ ok: true, transfer: { state: 'posted' } });
      // The caller's retry comes after the hold's expiry (a timeout, a restarted client): the money did leave.
      now = at(16);
      expect(await t.ledger.transfer(request)).toMatchObject({ ok: true, transfer: { state: 'posted' } });
      expect(await t.ledger.balance(wallet)).toMatchObject({ available: 6_000, held: 0 });
    });

    it('goes to review, never posted, when the rail says it succeeded only after the hold expired', async () => {
      const { wallet, request } = await heldWithdrawal();
      const rails = new FakeRails().says(request.id, 'succeeded');
      now = at(16);
      const report = await recoverOnce(t.ledger, options(rails), now);
      expect(report).toMatchObject({ examined: 1, resolved: 0, sentToReview: 1, errors: 0 });
      expect(rails.asked(request.id)).toBe(1);
      expect(await t.ledger.getTransfer(request.id)).toMatchObject({
        state: 'needs_review',
        reason: 'rail said succeeded',
      });
      expect(await t.store.getResolution(request.id)).toBeNull();
      expect(await t.store.getEntry(`${request.id}:resolve:debit`)).toBeNull();
      expect(await t.ledger.balance(wallet)).toMatchObject({ available: 6_000, held: 4_000 });
    });
  });

  it('leaves a held transfer without a rail alone until it expires, then releases it', async () => {
    const wallet = await t.wallet(10_000);
    const merchant = await t.merchant();
    const request: TransferRequest = {
      id: randomUUID(),
      kind: 'merchant',
      debit: wallet,
      credits: [{ account: merchant, amount: 2_500 }],
      mode: 'pending',
      expiresAt: at(15),
    };
    expect(await t.ledger.transfer(request)).toMatchObject({ ok: true, transfer: { state: 'held' } });
    const rails = new FakeRails();

    now = at(10);
    expect(await recoverOnce(t.ledger, options(rails), now)).toMatchObject({ examined: 1, resolved: 0 });
    expect(await t.ledger.getTransfer(request.id)).toMatchObject({ state: 'held' });
    expect(await t.ledger.balance(wallet)).toMatchObject({ available: 7_500, held: 2_500 });
    expect(await t.ledger.balance(merchant)).toMatchObject({ available: 0, incoming: 2_500 });

    now = at(16);
    expect(await recoverOnce(t.ledger, options(rails), now)).toMatchObject({ examined: 1, resolved: 1, errors: 0 });
    expect(await t.ledger.getTransfer(request.id)).toMatchObject({ state: 'expired' });
    expect(await t.store.getResolution(request.id)).toMatchObject({ outcome: 'expired' });
    expect(await t.ledger.balance(wallet)).toMatchObject({ available: 10_000, held: 0 });
    expect(await t.ledger.balance(merchant)).toMatchObject({ available: 0, incoming: 0 });
    expect(rails.calls).toEqual([]);
  });

  it('asks the rail only about holds older than askRailAfterMs', async () => {
    const { wallet, request } = await heldWithdrawal();
    const rails = new FakeRails().says(request.id, 'succeeded');
    const patient = options(rails, { askRailAfterMs: 5 * 60_000 });

    now = at(4);
    expect(await recoverOnce(t.ledger, patient, now)).toMatchObject({ examined: 1, resolved: 0 });
    expect(rails.calls).toEqual([]);
    expect(await t.ledger.getTransfer(request.id)).toMatchObject({ state: 'held' });

    now = at(6);
    expect(await recoverOnce(t.ledger, patient, now)).toMatchObject({ examined: 1, resolved: 1 });
    expect(rails.calls).toEqual([{ rail: 'mtn_momo', transferId: request.id }]);
    expect(await t.ledger.getTransfer(request.id)).toMatchObject({ state: 'posted' });
    expect(await t.ledger.balance(wallet)).toMatchObject({ available: 6_000, held: 0 });
  });

  it('does not touch transfers updated less than graceMs ago', async () => {
    const { wallet, request } = await heldWithdrawal();
    const bob = await t.wallet();
    const undecided = p2pRequest(wallet, bob, 1_000);
    expect(await t.store.insertTransfer(newTransfer(undecided, START))).toBe('inserted');
    const rails = new FakeRails().says(request.id, 'succeeded');
    const graceful = options(rails, { graceMs: 5 * 60_000 });

    now = at(4);
    expect(await recoverOnce(t.ledger, graceful, now)).toMatchObject({ examined: 0 });
    expect(rails.calls).toEqual([]);
    expect(await t.ledger.getTransfer(request.id)).toMatchObject({ state: 'held' });
    expect(await t.ledger.getTransfer(undecided.id)).toMatchObject({ state: 'received' });
    expect(await t.store.getEntry(`${undecided.id}:debit`)).toBeNull();
    expect(await t.ledger.balance(wallet)).toMatchObject({ available: 6_000, held: 4_000 });

    now = at(6);
    expect(await recoverOnce(t.ledger, graceful, now)).toMatchObject({ examined: 2, finished: 1, resolved: 1 });
    expect(await t.ledger.getTransfer(request.id)).toMatchObject({ state: 'posted' });
    expect(await t.ledger.getTransfer(undecided.id)).toMatchObject({ state: 'posted' });
    expect(await t.ledger.balance(wallet)).toMatchObject({ available: 5_000, held: 0 });
    expect(await t.ledger.balance(bob)).toMatchObject({ available: 1_000 });
  });

  describe('a transfer recorded but never decided', () => {
    it('is decided late while younger than maxUndecidedAgeMs, and a retry returns the same outcome', async () => {
      const [alice, bob] = [await t.wallet(10_000), await t.wallet()];
      const request = p2pRequest(alice, bob, 3_000);
      expect(await t.store.insertTransfer(newTransfer(request, START))).toBe('inserted');

      now = at(5);
      const report = await recoverOnce(t.ledger, options(new FakeRails()), now);
      expect(report).toEqual({ examined: 1, finished: 1, abandoned: 0, resolved: 0, sentToReview: 0, errors: 0 });
      expect(await t.ledger.getTransfer(request.id)).toMatchObject({ state: 'posted' });
      expect(await t.ledger.balance(alice)).toMatchObject({ available: 7_000 });
      expect(await t.ledger.balance(bob)).toMatchObject({ available: 3_000 });

      expect(await t.ledger.transfer(request)).toMatchObject({ ok: true, transfer: { state: 'posted' } });
      expect(await t.ledger.balance(alice)).toMatchObject({ available: 7_000 });
      expect(await t.ledger.balance(bob)).toMatchObject({ available: 3_000 });
    });

    it('is rejected as STALE, no money moved, once older, and a retry gets STALE again', async () => {
      const [alice, bob] = [await t.wallet(10_000), await t.wallet()];
      const request = p2pRequest(alice, bob, 3_000);
      expect(await t.store.insertTransfer(newTransfer(request, START))).toBe('inserted');

      now = at(11);
      const report = await recoverOnce(t.ledger, options(new FakeRails()), now);
      expect(report).toEqual({ examined: 1, finished: 0, abandoned: 1, resolved: 0, sentToReview: 0, errors: 0 });
      expect(await t.ledger.getTransfer(request.id)).toMatchObject({ state: 'rejected', reason: 'STALE' });
      expect(await t.store.getEntry(`${request.id}:debit`)).toMatchObject({ rejected: 'STALE' });
      expect(await t.ledger.balance(alice)).toMatchObject({ available: 10_000 });
      expect(await t.ledger.balance(bob)).toMatchObject({ available: 0 });

      expect(await t.ledger.transfer(request)).toMatchObject({ ok: false, reason: 'STALE' });
      expect(await t.ledger.balance(alice)).toMatchObject({ available: 10_000 });
      expect(await t.ledger.balance(bob)).toMatchObject({ available: 0 });
    });
  });

  it.each([
    ['posted', 6_000],
    ['voided', 10_000],
  ] as const)('applies a resolution recorded (%s) but not applied, without asking the rail', async (outcome, left) => {
    const { wallet, request } = await heldWithdrawal();
    expect(await t.store.insertResolution({ _id: request.id, outcome, at: at(2) })).toBe('inserted');
    expect(await t.ledger.getTransfer(request.id)).toMatchObject({ state: 'held' });
    expect(await t.ledger.balance(wallet)).toMatchObject({ held: 4_000 });
    // The recorded resolution wins over whatever the rail would say now.
    const rails = new FakeRails().says(request.id, outcome === 'posted' ? 'failed' : 'succeeded');

    now = at(3);
    const report = await recoverOnce(t.ledger, options(rails), now);
    expect(report).toMatchObject({ examined: 1, resolved: 1, errors: 0 });
    expect(rails.calls).toEqual([]);
    expect(await t.ledger.getTransfer(request.id)).toMatchObject({ state: outcome });
    expect(await t.ledger.balance(wallet)).toMatchObject({ available: left, held: 0 });
  });

  describe('the worker', () => {
    it('runs passes on its own every intervalMs, and none after stop() resolved', async () => {
      const { wallet, request } = await heldWithdrawal();
      const rails = new FakeRails().says(request.id, 'pending');
      const reports: RecoveryReport[] = [];
      now = at(5);
      const worker = startRecoveryWorker(t.ledger, {
        ...options(rails),
        intervalMs: 30,
        clock,
        onReport: (report) => reports.push(report),
      });
      try {
        await until(() => reports.length >= 3);
        expect(rails.asked(request.id)).toBeGreaterThanOrEqual(3);
        expect(await t.ledger.getTransfer(request.id)).toMatchObject({ state: 'held' });

        rails.says(request.id, 'succeeded');
        await until(async () => (await t.ledger.getTransfer(request.id))?.state === 'posted');
      } finally {
        await worker.stop();
      }
      const [passes, calls] = [reports.length, rails.calls.length];
      await sleep(200);
      expect(reports.length).toBe(passes);
      expect(rails.calls.length).toBe(calls);
      expect(reports.some((report) => report.resolved === 1)).toBe(true);
      expect(await t.ledger.balance(wallet)).toMatchObject({ available: 6_000, held: 0 });
    });

    it('stop() waits for the pass in progress, and starts no pass after it was called', async () => {
      const { wallet, request } = await heldWithdrawal();
      let release: () => void = () => undefined;
      const rails = new FakeRails().says(request.id, 'succeeded');
      rails.gate = new Promise<void>((resolve) => (release = resolve));
      const reports: RecoveryReport[] = [];
      now = at(5);
      const worker = startRecoveryWorker(t.ledger, {
        ...options(rails),
        intervalMs: 20,
        clock,
        onReport: (report) => reports.push(report),
      });
      // The first pass is waiting for a slow rail while several intervals go by.
      await until(() => rails.calls.length === 1);
      await sleep(200);
      expect(reports).toEqual([]);

      let stopped = false;
      const stopping = worker.stop().then(() => (stopped = true));
      await sleep(100);
      expect(stopped).toBe(false);

      release();
      await stopping;
      // The pass that was in progress finished before stop() resolved...
      expect(await t.ledger.getTransfer(request.id)).toMatchObject({ state: 'posted' });
      expect(await t.ledger.balance(wallet)).toMatchObject({ available: 6_000, held: 0 });
      // ...and it was the only one: the intervals that went by while it ran did not pile up passes to run later.
      expect(reports).toHaveLength(1);
      expect(reports[0]).toMatchObject({ examined: 1, resolved: 1 });
      await sleep(100);
      expect(reports).toHaveLength(1);
    });
  });

  it('two processes recovering the same unfinished transfers at once do every step once', async () => {
    const connection = await mongoose.createConnection(t.db.uri).asPromise();
    try {
      const wallets = await Promise.all(Array.from({ length: 4 }, () => t.wallet(10_000)));
      const merchant = await t.merchant();
      const rails = new FakeRails();
      const expected = { posted: [] as string[], voided: [] as string[], stale: [] as string[] };
      for (const wallet of wallets) {
        // Held on the rail: it succeeded, it failed, and one whose resolution is recorded but not applied.
        const succeeded = withdraw(wallet, 2_000);
        const failed = withdraw(wallet, 3_000);
        const resolved = withdraw(wallet, 1_500);
        for (const request of [succeeded, failed, resolved]) await t.ledger.transfer(request);
        rails.says(succeeded.id, 'succeeded').says(failed.id, 'failed').says(resolved.id, 'failed');
        await t.store.insertResolution({ _id: resolved.id, outcome: 'posted', at: at(1) });
        // Debit decided, credit missing: the process died between the two.
        const halfDone = p2pRequest(wallet, merchant, 500);
        const dying = new Proxy(t.store, {
          get(target, property, receiver) {
            if (property === 'insertEntry') {
              return async (entry: { _id: string }) => {
                if (entry._id.includes(':credit:')) throw new Error('process died');
                return target.insertEntry(entry as Parameters<LedgerStore['insertEntry']>[0]);
              };
            }
            return Reflect.get(target, property, receiver) as unknown;
          },
        });
        await expect(t.anotherProcess(dying).transfer(halfDone)).rejects.toThrow('process died');
        expect(await t.store.getEntry(`${halfDone.id}:debit`)).toMatchObject({ amount: 500 });
        // Recorded, never decided: one young enough to decide, one too old.
        const young = p2pRequest(wallet, merchant, 1_000);
        const old = p2pRequest(wallet, merchant, 1_000);
        await t.store.insertTransfer(newTransfer(young, at(0)));
        await t.store.insertTransfer(newTransfer(old, at(-20)));
        expected.posted.push(succeeded.id, resolved.id, halfDone.id, young.id);
        expected.voided.push(failed.id);
        expected.stale.push(old.id);
      }

      now = at(5);
      const first = t.ledger;
      const second = t.anotherProcess(new MongoLedgerStore(connection));
      const reports = await Promise.all([
        recoverOnce(first, options(rails), now),
        recoverOnce(second, options(rails), now),
      ]);
      for (const report of reports) expect(report.errors).toBe(0);

      for (const id of expected.posted)
        expect({ id, ...(await t.ledger.getTransfer(id)) }).toMatchObject({ id, state: 'posted' });
      for (const id of expected.voided)
        expect({ id, ...(await t.ledger.getTransfer(id)) }).toMatchObject({ id, state: 'voided' });
      for (const id of expected.stale) {
        expect({ id, ...(await t.ledger.getTransfer(id)) }).toMatchObject({ id, state: 'rejected', reason: 'STALE' });
      }
      // Each wallet: 10 000 − 2 000 − 1 500 − 500 − 1 000 posted; the failed 3 000 and the stale 1 000 are back.
      for (const wallet of wallets) {
        expect({ wallet, ...(await t.ledger.balance(wallet)) }).toMatchObject({ wallet, available: 5_000, held: 0 });
      }
      expect(await t.ledger.balance(merchant)).toMatchObject({ available: wallets.length * 1_500, incoming: 0 });
      // Nothing is left for a third pass to do.
      expect(await recoverOnce(t.anotherProcess(), options(rails), at(6))).toMatchObject({ examined: 0 });
    } finally {
      await connection.close();
    }
  });
});

describe('recovery racing a resolution made elsewhere', () => {
  const t = useLedger({ clock });
  beforeEach(() => {
    now = START;
  });
  afterEach(() => expectConsistent(t.store));

  it('does not mark for review a hold that was released while it asked the rail', async () => {
    const wallet = await t.wallet(10_000);
    const request = withdraw(wallet, 4_000);
    await t.ledger.transfer(request);
    // The rail cannot tell; meanwhile its failure callback arrives and releases the (expired) hold.
    const rails = new FakeRails().says(request.id, 'unknown');
    rails.meanwhile = (id) => t.anotherProcess().void(id);

    now = at(16);
    await recoverOnce(t.ledger, options(rails), now);
    expect(await t.store.getResolution(request.id)).toMatchObject({ outcome: 'expired' });
    expect(await t.ledger.balance(wallet)).toMatchObject({ available: 10_000, held: 0 });
    // The hold is released, so the transfer must say so, not ask a person to decide a payout already settled.
    // Recovery never looks at needs_review again, so a second pass cannot repair it either.
    await recoverOnce(t.ledger, { ...options(new FakeRails()) }, at(17));
    expect(await t.ledger.getTransfer(request.id)).toMatchObject({ state: 'expired' });
    expect((await checkLedger(t.store)).inFlight).toEqual([]);
  });
});
