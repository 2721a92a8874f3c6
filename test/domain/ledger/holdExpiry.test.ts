import { randomUUID } from 'node:crypto';
import { accountIds, type AccountId, type Rail } from '../../../domain/ledger/accounts';
import { recoverOnce, type RecoveryOptions } from '../../../domain/ledger/recovery';
import type { RailOutcome, RailStatusPort } from '../../../domain/ledger/railStatusPort';
import type { TransferRequest } from '../../../domain/ledger/transfers';
import { expectConsistent, useLedger } from '../../support/ledger';

/** The clock the test moves by hand; a process may also run on a clock of its own (another machine). */
const START = new Date('2026-11-29T10:00:00Z');
let now = START;
const clock = () => now;
/** `n` minutes after the start of the case. */
const at = (n: number) => new Date(START.getTime() + n * 60_000);

/** The rails' status calls, scripted per transfer id. */
class ScriptedRails implements RailStatusPort {
  private readonly answers = new Map<string, RailOutcome>();

  says(transferId: string, outcome: RailOutcome): this {
    this.answers.set(transferId, outcome);
    return this;
  }

  async status(_rail: Rail, transferId: string): Promise<RailOutcome> {
    return this.answers.get(transferId) ?? 'pending';
  }
}

const options = (rails: RailStatusPort): RecoveryOptions => ({ graceMs: 0, maxUndecidedAgeMs: 10 * 60_000, rails });

/** A cash-out to MTN MoMo, held until the rail says how it went; it expires at minute 15. */
const withdrawal = (wallet: AccountId, amount: number): TransferRequest => ({
  id: randomUUID(),
  kind: 'withdraw',
  debit: wallet,
  credits: [{ account: accountIds.clearing('mtn_momo'), amount }],
  mode: 'pending',
  expiresAt: at(15),
  rail: 'mtn_momo',
});

/** A top-up from MTN MoMo: a pending credit on the wallet until the rail says it collected; expires at minute 15. */
const topUp = (wallet: AccountId, amount: number): TransferRequest => ({
  id: randomUUID(),
  kind: 'topup',
  debit: accountIds.clearing('mtn_momo'),
  credits: [{ account: wallet, amount }],
  mode: 'pending',
  expiresAt: at(15),
  rail: 'mtn_momo',
});

describe('a hold whose money moves outside the ledger, around its expiry', () => {
  const t = useLedger({ clock });
  beforeEach(() => {
    now = START;
  });
  afterEach(async () => {
    await expectConsistent(t.store);
    // Settle what a case left open, so the next case's recovery passes see only their own transfers.
    for (const open of await t.store.findTransfersByState(['held', 'needs_review'], 1_000)) {
      await t.ledger.void(open._id, { confirmedBy: 'review' });
    }
  });

  it('sends a payout the rail paid to review when the ledger finds it expired on its own clock: never released', async () => {
    const wallet = await t.wallet(10_000);
    const request = withdrawal(wallet, 4_000);
    expect(await t.ledger.transfer(request)).toMatchObject({ ok: true, transfer: { state: 'held' } });
    // Recovery decides at minute 14 (its clock), in a process whose ledger reads minute 16 when it posts.
    const ledgerAhead = t.anotherProcess(undefined, () => at(16));
    const report = await recoverOnce(ledgerAhead, options(new ScriptedRails().says(request.id, 'succeeded')), at(14));

    expect(report).toMatchObject({ resolved: 0, sentToReview: 1, errors: 0 });
    expect(await t.ledger.getTransfer(request.id)).toMatchObject({ state: 'needs_review' });
    expect(await t.store.getResolution(request.id)).toBeNull();
    // The rail paid the 4 000 out: they stay held, never back in the wallet to be spent a second time.
    expect(await t.ledger.balance(wallet)).toMatchObject({ available: 6_000, held: 4_000 });
  });

  it('refuses a late post of a rail hold without releasing it; a hold without a rail is still released', async () => {
    const wallet = await t.wallet(10_000);
    const payout = withdrawal(wallet, 4_000);
    await t.ledger.transfer(payout);
    const merchant = await t.merchant();
    const internal: TransferRequest = {
      id: randomUUID(),
      kind: 'merchant',
      debit: wallet,
      credits: [{ account: merchant, amount: 1_000 }],
      mode: 'pending',
      expiresAt: at(15),
    };
    await t.ledger.transfer(internal);

    now = at(16);
    expect(await t.ledger.post(payout.id)).toMatchObject({ ok: false, reason: 'EXPIRED', transfer: { state: 'held' } });
    expect(await t.store.getResolution(payout.id)).toBeNull();
    expect(await t.ledger.post(internal.id)).toMatchObject({ ok: false, reason: 'EXPIRED' });
    expect(await t.ledger.getTransfer(internal.id)).toMatchObject({ state: 'expired' });
    expect(await t.ledger.balance(wallet)).toMatchObject({ available: 6_000, held: 4_000 });
  });

  it('credits a top-up the rail collected after its hold expired, once, with two recoveries at once', async () => {
    const wallet = await t.wallet(1_000);
    const request = topUp(wallet, 5_000);
    expect(await t.ledger.transfer(request)).toMatchObject({ ok: true, transfer: { state: 'held' } });
    const rails = new ScriptedRails().says(request.id, 'succeeded');

    now = at(16);
    const reports = await Promise.all([
      recoverOnce(t.ledger, options(rails), now),
      recoverOnce(t.anotherProcess(), options(rails), now),
    ]);

    expect(reports.map((r) => r.sentToReview)).toEqual([0, 0]);
    expect(await t.ledger.getTransfer(request.id)).toMatchObject({ state: 'posted' });
    expect(await t.store.getResolution(request.id)).toMatchObject({ outcome: 'posted', confirmedBy: 'rail' });
    expect(await t.ledger.balance(wallet)).toMatchObject({ available: 6_000, incoming: 0 });
  });

  it('sends a hold settled by the bill aggregator to review at its expiry, never releases it', async () => {
    const wallet = await t.wallet(10_000);
    const request: TransferRequest = {
      id: `bill:${randomUUID()}`,
      kind: 'bill',
      debit: wallet,
      credits: [{ account: accountIds.payable('eneo'), amount: 2_500 }],
      mode: 'pending',
      expiresAt: at(15),
      onExpiry: 'review',
    };
    expect(await t.ledger.transfer(request)).toMatchObject({ ok: true, transfer: { state: 'held' } });

    now = at(16);
    const report = await recoverOnce(t.ledger, options(new ScriptedRails()), now);
    expect(report).toMatchObject({ resolved: 0, sentToReview: 1, errors: 0 });
    expect(await t.ledger.getTransfer(request.id)).toMatchObject({ state: 'needs_review' });
    expect(await t.ledger.balance(wallet)).toMatchObject({ available: 7_500, held: 2_500 });
    expect(await t.ledger.void(request.id)).toMatchObject({ ok: false, reason: 'IN_REVIEW' });
  });

  it('lets only a confirmed decision resolve a hold in review, even past its expiry', async () => {
    const wallet = await t.wallet(10_000);
    const request = withdrawal(wallet, 4_000);
    await t.ledger.transfer(request);
    now = at(16);
    await recoverOnce(t.ledger, options(new ScriptedRails().says(request.id, 'unknown')), now);
    expect(await t.ledger.getTransfer(request.id)).toMatchObject({ state: 'needs_review' });

    expect(await t.ledger.post(request.id)).toMatchObject({ ok: false, reason: 'IN_REVIEW' });
    expect(await t.ledger.void(request.id)).toMatchObject({ ok: false, reason: 'IN_REVIEW' });
    // A person checked with the operator: the money was paid out.
    expect(await t.ledger.post(request.id, { confirmedBy: 'review' })).toMatchObject({
      ok: true,
      transfer: { state: 'posted' },
    });
    expect(await t.store.getResolution(request.id)).toMatchObject({ outcome: 'posted', confirmedBy: 'review' });
    expect(await t.ledger.void(request.id, { confirmedBy: 'review' })).toMatchObject({ reason: 'ALREADY_RESOLVED' });
    expect(await t.ledger.balance(wallet)).toMatchObject({ available: 6_000, held: 0 });
  });
});
