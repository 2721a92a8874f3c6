import type { Merchant } from '../../../../domain/merchants/merchant';
import { needsApproval } from '../../../../domain/merchants/team/approvals';
import type { Msisdn } from '../../../../domain/phone';
import { useTeam, type TeamProcess } from './teamFixture';

describe('maker-checker approvals', () => {
  const t = useTeam();
  let merchant: Merchant;
  let process: TeamProcess;

  beforeEach(async () => {
    merchant = await t.aMerchant();
    process = t.aProcess();
    expect(
      await process.approvals.setThreshold({ merchantId: merchant._id, by: merchant.owner, threshold: 100_000 }),
    ).toEqual({ ok: true });
  });

  async function member(role: 'admin' | 'operations' | 'viewer'): Promise<Msisdn> {
    const msisdn = t.aPerson();
    await process.team.invite({ merchantId: merchant._id, by: merchant.owner, msisdn, role });
    await process.team.accept(merchant._id, msisdn);
    return msisdn;
  }

  const payout = (maker: Msisdn, amount: number, subjectId = `po_${Math.random().toString(36).slice(2)}`) =>
    process.approvals.requestApproval({ merchantId: merchant._id, kind: 'payout', subjectId, amount, maker });

  it('needs approval only above the threshold, and never without one', () => {
    expect(needsApproval({ approvalThreshold: 100_000 }, 100_000)).toBe(false);
    expect(needsApproval({ approvalThreshold: 100_000 }, 100_001)).toBe(true);
    expect(needsApproval({ approvalThreshold: null }, 10_000_000)).toBe(false);
    expect(needsApproval(null, 10_000_000)).toBe(false);
  });

  it('answers not required at or below the threshold, and the decision says so', async () => {
    expect(await payout(merchant.owner, 100_000, 'po_small')).toEqual({ required: false });
    expect(await process.approvals.decision('payout', 'po_small')).toBe('not_required');
  });

  it('keeps a payout above the threshold pending until another person who may authorize approves it', async () => {
    const admin = await member('admin');
    const asked = await payout(admin, 250_000, 'po_big');
    expect(asked).toEqual({
      required: true,
      approval: expect.objectContaining({ _id: 'payout:po_big', amount: 250_000, maker: admin }),
    });
    expect(await payout(admin, 250_000, 'po_big')).toEqual(asked);
    expect(await process.approvals.decision('payout', 'po_big')).toBe('pending');
    expect(await process.approvals.pending(merchant._id)).toHaveLength(1);
    const approved = await process.approvals.approve({
      merchantId: merchant._id,
      subject: 'payout:po_big',
      by: merchant.owner,
    });
    expect(approved).toMatchObject({ ok: true, decision: { outcome: 'approved', by: merchant.owner } });
    expect(await t.aProcess().approvals.decision('payout', 'po_big')).toBe('approved');
    expect(await process.approvals.pending(merchant._id)).toEqual([]);
  });

  it('lets no one approve their own payout, whatever their role, the owner included', async () => {
    const admin = await member('admin');
    await payout(merchant.owner, 500_000, 'po_owner');
    expect(
      await process.approvals.approve({ merchantId: merchant._id, subject: 'payout:po_owner', by: merchant.owner }),
    ).toEqual({ ok: false, reason: 'OWN_ACTION' });
    await payout(admin, 500_000, 'po_admin');
    expect(
      await process.approvals.approve({ merchantId: merchant._id, subject: 'payout:po_admin', by: admin }),
    ).toEqual({ ok: false, reason: 'OWN_ACTION' });
    expect(await process.approvals.reject({ merchantId: merchant._id, subject: 'payout:po_admin', by: admin })).toEqual(
      { ok: false, reason: 'OWN_ACTION' },
    );
    expect(await process.approvals.decision('payout', 'po_admin')).toBe('pending');
  });

  it('refuses checkers who may not authorize payouts, and approvals of another merchant', async () => {
    const operations = await member('operations');
    const viewer = await member('viewer');
    await payout(merchant.owner, 500_000, 'po_x');
    for (const by of [operations, viewer]) {
      expect(await process.approvals.approve({ merchantId: merchant._id, subject: 'payout:po_x', by })).toEqual({
        ok: false,
        reason: 'NOT_ALLOWED',
      });
    }
    const other = await t.aMerchant();
    expect(await process.approvals.approve({ merchantId: other._id, subject: 'payout:po_x', by: other.owner })).toEqual(
      { ok: false, reason: 'APPROVAL_NOT_FOUND' },
    );
  });

  it('makes one decision of two checkers approving and rejecting at once through two processes', async () => {
    const maker = await member('admin');
    const checkers = [merchant.owner, await member('admin')];
    await payout(maker, 300_000, 'po_race');
    const processes = [t.aProcess(), t.aProcess()];
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, n) => {
        const input = { merchantId: merchant._id, subject: 'payout:po_race', by: checkers[n % 2]! };
        return n % 3 === 0 ? processes[n % 2]!.approvals.reject(input) : processes[n % 2]!.approvals.approve(input);
      }),
    );
    const winners = results.filter((r) => r.ok);
    expect(winners).toHaveLength(1);
    const decided = winners[0]!.ok ? winners[0]!.decision : null;
    for (const lost of results.filter((r) => !r.ok)) {
      expect(lost).toEqual({ ok: false, reason: 'ALREADY_DECIDED', decision: decided });
    }
    expect(await process.approvals.decision('payout', 'po_race')).toBe(decided!.outcome);
    expect(
      await t.db.connection.collection('approval_decisions').countDocuments({ approvalId: 'payout:po_race' }),
    ).toBe(1);
  });

  it('lets only the owner set the threshold, as a whole number of francs', async () => {
    const admin = await member('admin');
    expect(await process.approvals.setThreshold({ merchantId: merchant._id, by: admin, threshold: 1 })).toEqual({
      ok: false,
      reason: 'NOT_ALLOWED',
    });
    expect(
      await process.approvals.setThreshold({ merchantId: merchant._id, by: merchant.owner, threshold: 10.5 }),
    ).toEqual({ ok: false, reason: 'INVALID_THRESHOLD' });
    expect(
      await process.approvals.setThreshold({ merchantId: merchant._id, by: merchant.owner, threshold: null }),
    ).toEqual({ ok: true });
    expect(await payout(admin, 10_000_000, 'po_free')).toEqual({ required: false });
  });

  it('asks salary batches above the threshold too, checked on the salaries resource', async () => {
    const admin = await member('admin');
    const asked = await process.approvals.requestApproval({
      merchantId: merchant._id,
      kind: 'salary_batch',
      subjectId: 'sb_1',
      amount: 150_000,
      maker: admin,
    });
    expect(asked).toMatchObject({ required: true, approval: { _id: 'salary_batch:sb_1' } });
    expect(
      await process.approvals.reject({ merchantId: merchant._id, subject: 'salary_batch:sb_1', by: merchant.owner }),
    ).toMatchObject({ ok: true, decision: { outcome: 'rejected' } });
    expect(await process.approvals.decision('salary_batch', 'sb_1')).toBe('rejected');
  });
});
