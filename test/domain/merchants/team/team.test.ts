import type { Merchant } from '../../../../domain/merchants/merchant';
import type { CashPoint } from '../../../../domain/merchants/team/cashPoint';
import type { Msisdn } from '../../../../domain/phone';
import { someMsisdn } from '../../paymentFakes';
import { now, useTeam, type TeamProcess } from './teamFixture';

describe('merchant teams', () => {
  const t = useTeam();
  let merchant: Merchant;
  let process: TeamProcess;
  let marche: CashPoint;

  beforeEach(async () => {
    merchant = await t.aMerchant();
    process = t.aProcess();
    const made = await process.cashPoints.create({
      merchantId: merchant._id,
      by: merchant.owner,
      name: 'Marché Central',
    });
    if (!made.ok) throw new Error(made.reason);
    marche = made.cashPoint;
  });

  async function activeMember(role: 'admin' | 'operations' | 'viewer' | 'developer'): Promise<Msisdn> {
    const msisdn = t.aPerson();
    const invited = await process.team.invite({ merchantId: merchant._id, by: merchant.owner, msisdn, role });
    expect(invited.ok).toBe(true);
    expect(await process.team.accept(merchant._id, msisdn)).toEqual({ ok: true });
    return msisdn;
  }

  it('counts the owner as a member without an invite, and no one else', async () => {
    expect(await process.team.memberOf(merchant._id, merchant.owner)).toEqual({
      merchantId: merchant._id,
      msisdn: merchant.owner,
      role: 'owner',
      cashPointId: null,
      refundLimit: null,
    });
    expect(await process.team.memberOf(merchant._id, someMsisdn())).toBeNull();
  });

  it('invites a cashier at a cash point, tells them in chat, and makes them a member when they accept', async () => {
    const cashier = t.aPerson();
    const invited = await process.team.invite({
      merchantId: merchant._id,
      by: merchant.owner,
      msisdn: cashier,
      role: 'cashier',
      cashPointId: marche._id,
      refundLimit: 2000,
    });
    expect(invited).toMatchObject({ ok: true, created: true, member: { status: 'invited', role: 'cashier' } });
    expect(t.notifier.to(cashier, 'team.invited')).toEqual([
      expect.objectContaining({ notice: { key: 'team.invited', params: { merchant: 'Boutique Ngono' } } }),
    ]);
    expect(await process.team.memberOf(merchant._id, cashier)).toBeNull();
    expect(await process.team.invitationsOf(cashier)).toEqual([
      { merchantId: merchant._id, merchantName: 'Boutique Ngono', role: 'cashier', cashPointName: 'Marché Central' },
    ]);

    expect(await t.aProcess().team.accept(merchant._id, cashier)).toEqual({ ok: true });
    expect(await process.team.memberOf(merchant._id, cashier)).toEqual({
      merchantId: merchant._id,
      msisdn: cashier,
      role: 'cashier',
      cashPointId: marche._id,
      refundLimit: 2000,
    });
    expect(await process.team.merchantsOf(cashier)).toEqual([expect.objectContaining({ merchantId: merchant._id })]);
    expect(await process.team.invitationsOf(cashier)).toEqual([]);
    expect((await process.team.auditOf(merchant._id)).map((r) => [r.action, r.by, r.member])).toEqual([
      ['invited', merchant.owner, cashier],
      ['accepted', cashier, cashier],
    ]);
  });

  it('makes one invitation of ten invites of one number at once through two processes, told once', async () => {
    const invitee = t.aPerson();
    const processes = [t.aProcess(), t.aProcess()];
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, n) =>
        processes[n % 2]!.team.invite({
          merchantId: merchant._id,
          by: merchant.owner,
          msisdn: invitee,
          role: 'viewer',
        }),
      ),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results.filter((r) => r.ok && r.created)).toHaveLength(1);
    expect(await t.db.connection.collection('team_members').countDocuments({ msisdn: invitee })).toBe(1);
    expect(t.notifier.to(invitee, 'team.invited')).toHaveLength(1);
  });

  it('lets an invitee decline, and invites them again later', async () => {
    const invitee = t.aPerson();
    await process.team.invite({ merchantId: merchant._id, by: merchant.owner, msisdn: invitee, role: 'viewer' });
    expect(await process.team.decline(merchant._id, invitee)).toEqual({ ok: true });
    expect(await process.team.accept(merchant._id, invitee)).toEqual({ ok: false, reason: 'NO_INVITATION' });
    expect(await process.team.memberOf(merchant._id, invitee)).toBeNull();
    const again = await process.team.invite({
      merchantId: merchant._id,
      by: merchant.owner,
      msisdn: invitee,
      role: 'developer',
    });
    expect(again).toMatchObject({ ok: true, created: true, member: { role: 'developer', status: 'invited' } });
    expect(await process.team.accept(merchant._id, invitee)).toEqual({ ok: true });
    expect(await process.team.memberOf(merchant._id, invitee)).toMatchObject({ role: 'developer' });
  });

  it('needs an account to accept', async () => {
    const stranger = someMsisdn();
    await process.team.invite({ merchantId: merchant._id, by: merchant.owner, msisdn: stranger, role: 'viewer' });
    expect(await process.team.accept(merchant._id, stranger)).toEqual({ ok: false, reason: 'NOT_REGISTERED' });
  });

  it('refuses invites by those who may not manage the team, above their own role, or of the owner', async () => {
    const operations = await activeMember('operations');
    const admin = await activeMember('admin');
    const invite = (by: Msisdn, role: 'admin' | 'viewer' | 'cashier', msisdn = t.aPerson()) =>
      process.team.invite({ merchantId: merchant._id, by, msisdn, role });
    expect(await invite(operations, 'viewer')).toEqual({ ok: false, reason: 'NOT_ALLOWED' });
    expect(await invite(someMsisdn(), 'viewer')).toEqual({ ok: false, reason: 'NOT_ALLOWED' });
    expect(await invite(admin, 'admin')).toMatchObject({ ok: true });
    expect(await invite(admin, 'viewer', merchant.owner)).toEqual({ ok: false, reason: 'IS_OWNER' });
    expect(await invite(admin, 'cashier')).toEqual({ ok: false, reason: 'INVALID_CASH_POINT' });
    expect(await invite(admin, 'viewer', operations)).toEqual({ ok: false, reason: 'ALREADY_MEMBER' });
    expect(
      await process.team.invite({
        merchantId: merchant._id,
        by: admin,
        msisdn: t.aPerson(),
        role: 'owner' as never,
      }),
    ).toEqual({ ok: false, reason: 'ROLE_TOO_HIGH' });
  });

  it('refuses a cashier at a deactivated cash point', async () => {
    await process.cashPoints.deactivate({ merchantId: merchant._id, by: merchant.owner, cashPointId: marche._id });
    expect(
      await process.team.invite({
        merchantId: merchant._id,
        by: merchant.owner,
        msisdn: t.aPerson(),
        role: 'cashier',
        cashPointId: marche._id,
      }),
    ).toEqual({ ok: false, reason: 'INVALID_CASH_POINT' });
  });

  it('changes a role and removes a member, with an audit record each; the owner stays', async () => {
    const admin = await activeMember('admin');
    const viewer = await activeMember('viewer');
    const changed = await process.team.changeRole({
      merchantId: merchant._id,
      by: admin,
      msisdn: viewer,
      role: 'cashier',
      cashPointId: marche._id,
      refundLimit: 1000,
    });
    expect(changed).toMatchObject({ ok: true, member: { role: 'cashier', cashPointId: marche._id } });
    expect(await process.team.remove({ merchantId: merchant._id, by: admin, msisdn: viewer })).toEqual({ ok: true });
    expect(await process.team.memberOf(merchant._id, viewer)).toBeNull();
    expect(await process.team.remove({ merchantId: merchant._id, by: admin, msisdn: merchant.owner })).toEqual({
      ok: false,
      reason: 'IS_OWNER',
    });
    const audit = await process.team.auditOf(merchant._id);
    expect(audit.slice(-2).map((r) => [r.action, r.by, r.member, r.at])).toEqual([
      ['role_changed', admin, viewer, now],
      ['removed', admin, viewer, now],
    ]);
    const list = await process.team.list(merchant._id);
    expect(list.find((m) => m.msisdn === viewer)).toMatchObject({ status: 'removed' });
  });

  it('keeps the last admin from removing themselves, but not one of two', async () => {
    const first = await activeMember('admin');
    expect(await process.team.remove({ merchantId: merchant._id, by: first, msisdn: first })).toEqual({
      ok: false,
      reason: 'LAST_ADMIN',
    });
    const second = await activeMember('admin');
    expect(await process.team.remove({ merchantId: merchant._id, by: first, msisdn: first })).toEqual({ ok: true });
    expect(await process.team.memberOf(merchant._id, second)).toMatchObject({ role: 'admin' });
  });

  it('lets a person belong to several merchants', async () => {
    const other = await t.aMerchant();
    const person = t.aPerson();
    await process.team.invite({ merchantId: merchant._id, by: merchant.owner, msisdn: person, role: 'viewer' });
    await process.team.invite({ merchantId: other._id, by: other.owner, msisdn: person, role: 'developer' });
    await process.team.accept(merchant._id, person);
    await process.team.accept(other._id, person);
    const roles = (await process.team.merchantsOf(person)).map((m) => [m.merchantId, m.role]).sort();
    expect(roles).toEqual(
      [
        [merchant._id, 'viewer'],
        [other._id, 'developer'],
      ].sort(),
    );
  });
});
