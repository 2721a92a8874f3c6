/**
 * A merchant's team: the owner (implicitly, from the merchant), and the people invited with a role. An invite is
 * decided by the insert of `<merchantId>:<msisdn>` (so concurrent invites of one number make one); the invitee is
 * told in chat and accepts or declines there. Roles, removals and re-invites after a refusal are configuration,
 * changed by plain updates; every change appends an audit record.
 */
import { randomBase32 } from '../randomIds';
import type { MerchantStore } from '../merchantStore';
import type { Notifier } from '../../notifier';
import type { Msisdn } from '../../phone';
import type { UserDirectory } from '../../userDirectory';
import type { CashPointStore } from './cashPoint';
import { can, mayGrant, type Permissions, type TeamRole } from './roles';
import { memberId, type TeamAuditAction, type TeamMember } from './teamMember';
import type { TeamStore } from './teamStore';

/** Someone acting for a merchant now: the owner, or an active member. */
export interface ActingMember extends Permissions {
  merchantId: string;
  msisdn: Msisdn;
}

/** A role that can be granted (everything but the owner). */
export type GrantableRole = Exclude<TeamRole, 'owner'>;

/** Why an invite or a change of the team was refused. */
export type TeamRefusal =
  | 'MERCHANT_NOT_FOUND'
  /** The person acting may not manage the team. */
  | 'NOT_ALLOWED'
  /** The role asked for, or the role of the member changed, is above the role of the person acting. */
  | 'ROLE_TOO_HIGH'
  /** A cashier needs an active cash point of the merchant; other roles take none. */
  | 'INVALID_CASH_POINT'
  | 'INVALID_REFUND_LIMIT'
  /** The number is the owner's. */
  | 'IS_OWNER'
  /** The number is already invited or active. */
  | 'ALREADY_MEMBER'
  | 'NOT_A_MEMBER'
  /** An admin removing themselves while no other admin is active. */
  | 'LAST_ADMIN';

/** Why an invitation could not be answered. */
export type InvitationRefusal = 'NO_INVITATION' | 'NOT_REGISTERED';

/** An invitation as the invitee sees it. */
export interface Invitation {
  merchantId: string;
  merchantName: string;
  role: GrantableRole;
  cashPointName: string | null;
}

/** What `invite` takes. */
export interface InviteInput {
  merchantId: string;
  by: Msisdn;
  msisdn: Msisdn;
  role: GrantableRole;
  cashPointId?: string;
  refundLimit?: number;
}

/** What Team needs. */
export interface TeamOptions {
  store: TeamStore;
  merchants: MerchantStore;
  cashPoints: CashPointStore;
  users: UserDirectory;
  notifier: Notifier;
  clock?: () => Date;
}

type TeamResult<T> = ({ ok: true } & T) | { ok: false; reason: TeamRefusal };

let auditCounter = 0;

/**
 * An audit record's id: the wall-clock time and a counter of this process first, so records of one process read
 * back in the order written even under a fixed test clock, then randomness so processes never collide.
 */
function auditId(): string {
  auditCounter = (auditCounter + 1) % 1_000_000;
  return `ta_${Date.now().toString(36).padStart(9, '0')}${String(auditCounter).padStart(6, '0')}_${randomBase32(10)}`;
}

/** The team service. */
export class Team {
  private readonly store: TeamStore;
  private readonly merchants: MerchantStore;
  private readonly cashPoints: CashPointStore;
  private readonly users: UserDirectory;
  private readonly notifier: Notifier;
  private readonly clock: () => Date;

  constructor(options: TeamOptions) {
    this.store = options.store;
    this.merchants = options.merchants;
    this.cashPoints = options.cashPoints;
    this.users = options.users;
    this.notifier = options.notifier;
    this.clock = options.clock ?? (() => new Date());
  }

  /** Who this number is for the merchant now: the owner, an active member, or null. */
  async memberOf(merchantId: string, msisdn: Msisdn): Promise<ActingMember | null> {
    const merchant = await this.merchants.getMerchant(merchantId);
    if (!merchant) return null;
    if (merchant.owner === msisdn) {
      return { merchantId, msisdn, role: 'owner', cashPointId: null, refundLimit: null };
    }
    const member = await this.store.getMember(memberId(merchantId, msisdn));
    if (!member || member.status !== 'active') return null;
    return { merchantId, msisdn, role: member.role, cashPointId: member.cashPointId, refundLimit: member.refundLimit };
  }

  /** The merchants a number acts for (owner or active member), with its role in each. */
  async merchantsOf(msisdn: Msisdn): Promise<ActingMember[]> {
    const owned = await this.merchants.byOwner(msisdn);
    const acting: ActingMember[] = owned
      ? [{ merchantId: owned._id, msisdn, role: 'owner', cashPointId: null, refundLimit: null }]
      : [];
    for (const member of await this.store.membershipsOf(msisdn)) {
      if (member.status !== 'active') continue;
      const { merchantId, role, cashPointId, refundLimit } = member;
      acting.push({ merchantId, msisdn, role, cashPointId, refundLimit });
    }
    return acting;
  }

  /** The merchant's memberships in every status, oldest invite first (the owner is not among them). */
  async list(merchantId: string): Promise<TeamMember[]> {
    return (await this.store.membersOf(merchantId)).sort(
      (a, b) => a.invitedAt.getTime() - b.invitedAt.getTime() || (a._id < b._id ? -1 : 1),
    );
  }

  /**
   * Invites `msisdn` with `role` (only by someone who may manage the team, never above their own role). The insert
   * of the membership decides: a concurrent invite of the same number answers the one that won (`created: false`).
   * A number that declined or was removed is invited again. The invitee is told in chat.
   */
  async invite(input: InviteInput): Promise<TeamResult<{ member: TeamMember; created: boolean }>> {
    const merchant = await this.merchants.getMerchant(input.merchantId);
    if (!merchant) return { ok: false, reason: 'MERCHANT_NOT_FOUND' };
    const granted = await this.mayManage(input.merchantId, input.by, input.role);
    if (!granted.ok) return granted;
    if (input.msisdn === merchant.owner) return { ok: false, reason: 'IS_OWNER' };
    const placement = await this.placement(input.merchantId, input.role, input.cashPointId, input.refundLimit);
    if (!placement.ok) return placement;

    const now = this.clock();
    const id = memberId(input.merchantId, input.msisdn);
    const fresh: TeamMember = {
      _id: id,
      merchantId: input.merchantId,
      msisdn: input.msisdn,
      role: input.role,
      cashPointId: placement.cashPointId,
      refundLimit: placement.refundLimit,
      status: 'invited',
      invitedBy: input.by,
      invitedAt: now,
      updatedAt: now,
    };
    let member = fresh;
    if ((await this.store.insertMember(fresh)) === 'duplicate') {
      const existing = await this.store.getMember(id);
      if (!existing) throw new Error(`membership ${id} reported as duplicate but not found`);
      if (existing.status === 'active') return { ok: false, reason: 'ALREADY_MEMBER' };
      if (existing.status === 'invited') return { ok: true, member: existing, created: false };
      // Declined or removed before: invited again (configuration; two re-invites at once leave the last one).
      const { role, cashPointId, refundLimit, status, invitedBy, invitedAt, updatedAt } = fresh;
      const changes = { role, cashPointId, refundLimit, status, invitedBy, invitedAt, updatedAt };
      await this.store.updateMember(id, changes);
      member = { ...existing, ...changes };
    }
    await this.audit(member, input.by, 'invited');
    await this.tell(member, merchant.name);
    return { ok: true, member, created: true };
  }

  /** The invitations waiting for this number's answer. */
  async invitationsOf(msisdn: Msisdn): Promise<Invitation[]> {
    const invitations: Invitation[] = [];
    for (const member of await this.store.membershipsOf(msisdn)) {
      if (member.status !== 'invited') continue;
      const merchant = await this.merchants.getMerchant(member.merchantId);
      if (!merchant) continue;
      const cashPoint = member.cashPointId ? await this.cashPoints.getCashPoint(member.cashPointId) : null;
      invitations.push({
        merchantId: member.merchantId,
        merchantName: merchant.name,
        role: member.role,
        cashPointName: cashPoint?.name ?? null,
      });
    }
    return invitations;
  }

  /** The invitee accepts: they must have an account. */
  accept(merchantId: string, msisdn: Msisdn): Promise<{ ok: true } | { ok: false; reason: InvitationRefusal }> {
    return this.answer(merchantId, msisdn, 'accepted');
  }

  /** The invitee declines. */
  decline(merchantId: string, msisdn: Msisdn): Promise<{ ok: true } | { ok: false; reason: InvitationRefusal }> {
    return this.answer(merchantId, msisdn, 'declined');
  }

  /** Changes a member's role (and cash point and refund limit), by someone who may grant both the old and the new. */
  async changeRole(input: InviteInput): Promise<TeamResult<{ member: TeamMember }>> {
    const target = await this.target(input.merchantId, input.by, input.msisdn);
    if (!target.ok) return target;
    const granted = await this.mayManage(input.merchantId, input.by, input.role);
    if (!granted.ok) return granted;
    const placement = await this.placement(input.merchantId, input.role, input.cashPointId, input.refundLimit);
    if (!placement.ok) return placement;
    const changes = {
      role: input.role,
      cashPointId: placement.cashPointId,
      refundLimit: placement.refundLimit,
      updatedAt: this.clock(),
    };
    await this.store.updateMember(target.member._id, changes);
    const member = { ...target.member, ...changes };
    await this.audit(member, input.by, 'role_changed');
    return { ok: true, member };
  }

  /** Removes a member (not the owner; not yourself when you are the last active admin). */
  async remove(input: { merchantId: string; by: Msisdn; msisdn: Msisdn }): Promise<TeamResult<object>> {
    const target = await this.target(input.merchantId, input.by, input.msisdn);
    if (!target.ok) return target;
    if (input.by === input.msisdn && target.member.role === 'admin') {
      const admins = (await this.store.membersOf(input.merchantId)).filter(
        (m) => m.status === 'active' && m.role === 'admin',
      );
      if (admins.length <= 1) return { ok: false, reason: 'LAST_ADMIN' };
    }
    await this.store.updateMember(target.member._id, { status: 'removed', updatedAt: this.clock() });
    await this.audit({ ...target.member, status: 'removed' }, input.by, 'removed');
    return { ok: true };
  }

  /** The merchant's audit trail, oldest first. */
  auditOf(merchantId: string) {
    return this.store.auditOf(merchantId);
  }

  /** A member someone may change: invited or active, not the owner, not above the person acting. */
  private async target(merchantId: string, by: Msisdn, msisdn: Msisdn): Promise<TeamResult<{ member: TeamMember }>> {
    const merchant = await this.merchants.getMerchant(merchantId);
    if (!merchant) return { ok: false, reason: 'MERCHANT_NOT_FOUND' };
    if (msisdn === merchant.owner) return { ok: false, reason: 'IS_OWNER' };
    const member = await this.store.getMember(memberId(merchantId, msisdn));
    if (!member || member.status === 'removed' || member.status === 'declined') {
      return { ok: false, reason: 'NOT_A_MEMBER' };
    }
    const allowed = await this.mayManage(merchantId, by, member.role);
    return allowed.ok ? { ok: true, member } : allowed;
  }

  /** Whether `by` may manage the team and grant `role`. */
  private async mayManage(merchantId: string, by: Msisdn, role: TeamRole): Promise<TeamResult<object>> {
    const acting = await this.memberOf(merchantId, by);
    if (!acting || !can(acting, 'team', 'manage').ok) return { ok: false, reason: 'NOT_ALLOWED' };
    return mayGrant(acting.role, role) ? { ok: true } : { ok: false, reason: 'ROLE_TOO_HIGH' };
  }

  /** A cashier's cash point (active, the merchant's) and refund limit; none for the other roles. */
  private async placement(
    merchantId: string,
    role: GrantableRole,
    cashPointId: string | undefined,
    refundLimit: number | undefined,
  ): Promise<TeamResult<{ cashPointId: string | null; refundLimit: number | null }>> {
    if (role !== 'cashier') {
      if (cashPointId !== undefined) return { ok: false, reason: 'INVALID_CASH_POINT' };
      if (refundLimit !== undefined) return { ok: false, reason: 'INVALID_REFUND_LIMIT' };
      return { ok: true, cashPointId: null, refundLimit: null };
    }
    const cashPoint = cashPointId === undefined ? null : await this.cashPoints.getCashPoint(cashPointId);
    if (!cashPoint || cashPoint.merchantId !== merchantId || !cashPoint.active) {
      return { ok: false, reason: 'INVALID_CASH_POINT' };
    }
    const limit = refundLimit ?? 0;
    if (!Number.isSafeInteger(limit) || limit < 0) return { ok: false, reason: 'INVALID_REFUND_LIMIT' };
    return { ok: true, cashPointId: cashPoint._id, refundLimit: limit };
  }

  private async answer(
    merchantId: string,
    msisdn: Msisdn,
    action: 'accepted' | 'declined',
  ): Promise<{ ok: true } | { ok: false; reason: InvitationRefusal }> {
    const member = await this.store.getMember(memberId(merchantId, msisdn));
    if (!member || member.status !== 'invited') return { ok: false, reason: 'NO_INVITATION' };
    if (action === 'accepted' && !(await this.users.find(msisdn))) return { ok: false, reason: 'NOT_REGISTERED' };
    const status = action === 'accepted' ? 'active' : 'declined';
    await this.store.updateMember(member._id, { status, updatedAt: this.clock() });
    await this.audit({ ...member, status }, msisdn, action);
    return { ok: true };
  }

  private async audit(member: TeamMember, by: Msisdn, action: TeamAuditAction): Promise<void> {
    await this.store.appendAudit({
      _id: auditId(),
      merchantId: member.merchantId,
      at: this.clock(),
      by,
      action,
      member: member.msisdn,
      role: member.role,
      cashPointId: member.cashPointId,
    });
  }

  private async tell(member: TeamMember, merchantName: string): Promise<void> {
    // The role is shown, in the invitee's language, by the invitation flow they are asked to open.
    await this.notifier.notify(
      member.msisdn,
      { key: 'team.invited', params: { merchant: merchantName } },
      `team-invite:${member._id}:${member.invitedAt.getTime()}`,
    );
  }
}
