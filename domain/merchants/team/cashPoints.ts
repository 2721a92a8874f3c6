/**
 * A merchant's cash points: made, renamed and deactivated by those who may manage them; cashiers collect at one.
 * The report per cash point and Douala day is computed here from the merchant's payments (the database groups
 * with `$sum` and `$count` only), and a cashier sees only its own cash point's.
 */
import { limitPeriods } from '../../ledger/kyc';
import type { Msisdn } from '../../phone';
import type { MerchantPaymentView } from '../merchantPaymentView';
import { randomBase32 } from '../randomIds';
import type { CashPoint, CashPointStore } from './cashPoint';
import { can, type PermissionRefusal } from './roles';
import type { ActingMember, Team } from './team';

export const MIN_CASH_POINT_NAME = 2;
export const MAX_CASH_POINT_NAME = 40;

/** Why a cash point could not be made or changed. */
export type CashPointRefusal = 'NOT_A_MEMBER' | PermissionRefusal | 'INVALID_NAME' | 'CASH_POINT_NOT_FOUND';

/** One line of the report: a cash point's payments made on one Douala day. */
export interface CashPointDay {
  /** null: payments made outside any cash point (the API, links, the owner's chat). */
  cashPointId: string | null;
  /** `YYYY-MM-DD` in Douala. */
  day: string;
  /** Requests made. */
  count: number;
  /** Francs asked for. */
  volume: number;
  /** Francs paid. */
  paid: number;
}

/** Port: every payment request of a merchant (any status). */
export type MerchantPaymentsSource = (merchantId: string) => Promise<MerchantPaymentView[]>;

/** What CashPoints needs. */
export interface CashPointsOptions {
  store: CashPointStore;
  team: Team;
  payments: MerchantPaymentsSource;
  clock?: () => Date;
}

type Result<T> = ({ ok: true } & T) | { ok: false; reason: CashPointRefusal };

function cleanName(text: string): string | null {
  const name = text.normalize('NFC').replace(/\s+/g, ' ').trim();
  return name.length >= MIN_CASH_POINT_NAME && name.length <= MAX_CASH_POINT_NAME ? name : null;
}

/** Only the payments this member may see: a cashier's own cash point's, everyone's for the others. */
export function visiblePayments(member: ActingMember, payments: MerchantPaymentView[]): MerchantPaymentView[] {
  return payments.filter((p) => can(member, 'payments', 'read', { cashPointId: p.cashPointId }).ok);
}

/** Counts, volumes and paid amounts per cash point per Douala day, in day then cash point order. */
export function byCashPoint(payments: MerchantPaymentView[]): CashPointDay[] {
  const lines = new Map<string, CashPointDay>();
  for (const payment of payments) {
    const day = limitPeriods(payment.createdAt).day;
    const key = `${day}|${payment.cashPointId ?? ''}`;
    const line = lines.get(key) ?? { cashPointId: payment.cashPointId, day, count: 0, volume: 0, paid: 0 };
    line.count += 1;
    line.volume += payment.amount;
    if (payment.status === 'paid') line.paid += payment.amount;
    lines.set(key, line);
  }
  return [...lines.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, line]) => line);
}

/** The cash point service. */
export class CashPoints {
  private readonly store: CashPointStore;
  private readonly team: Team;
  private readonly payments: MerchantPaymentsSource;
  private readonly clock: () => Date;

  constructor(options: CashPointsOptions) {
    this.store = options.store;
    this.team = options.team;
    this.payments = options.payments;
    this.clock = options.clock ?? (() => new Date());
  }

  /** Makes a cash point, active. */
  async create(input: { merchantId: string; by: Msisdn; name: string }): Promise<Result<{ cashPoint: CashPoint }>> {
    const allowed = await this.mayManage(input.merchantId, input.by);
    if (!allowed.ok) return allowed;
    const name = cleanName(input.name);
    if (name === null) return { ok: false, reason: 'INVALID_NAME' };
    const cashPoint: CashPoint = {
      _id: `cp_${randomBase32(12)}`,
      merchantId: input.merchantId,
      name,
      createdAt: this.clock(),
      active: true,
    };
    await this.store.insertCashPoint(cashPoint);
    return { ok: true, cashPoint };
  }

  /** Renames a cash point. */
  async rename(input: { merchantId: string; by: Msisdn; cashPointId: string; name: string }): Promise<Result<object>> {
    const found = await this.ownCashPoint(input.merchantId, input.by, input.cashPointId);
    if (!found.ok) return found;
    const name = cleanName(input.name);
    if (name === null) return { ok: false, reason: 'INVALID_NAME' };
    await this.store.updateCashPoint(input.cashPointId, { name });
    return { ok: true };
  }

  /** Deactivates a cash point: no cashier may be placed there any more. */
  async deactivate(input: { merchantId: string; by: Msisdn; cashPointId: string }): Promise<Result<object>> {
    const found = await this.ownCashPoint(input.merchantId, input.by, input.cashPointId);
    if (!found.ok) return found;
    await this.store.updateCashPoint(input.cashPointId, { active: false });
    return { ok: true };
  }

  /** The merchant's cash points, oldest first. */
  async list(merchantId: string): Promise<CashPoint[]> {
    return (await this.store.cashPointsOf(merchantId)).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }

  /** The merchant's payments this member may see, newest first. */
  async paymentsFor(merchantId: string, by: Msisdn): Promise<Result<{ payments: MerchantPaymentView[] }>> {
    const member = await this.team.memberOf(merchantId, by);
    if (!member) return { ok: false, reason: 'NOT_A_MEMBER' };
    return { ok: true, payments: visiblePayments(member, await this.payments(merchantId)) };
  }

  /** The report per cash point per Douala day, of what this member may see. */
  async report(merchantId: string, by: Msisdn): Promise<Result<{ lines: CashPointDay[] }>> {
    const member = await this.team.memberOf(merchantId, by);
    if (!member) return { ok: false, reason: 'NOT_A_MEMBER' };
    if (!can(member, 'reports', 'read', { cashPointId: member.cashPointId }).ok) {
      return { ok: false, reason: 'ROLE_NOT_ALLOWED' };
    }
    return { ok: true, lines: byCashPoint(visiblePayments(member, await this.payments(merchantId))) };
  }

  private async mayManage(merchantId: string, by: Msisdn): Promise<Result<object>> {
    const member = await this.team.memberOf(merchantId, by);
    if (!member) return { ok: false, reason: 'NOT_A_MEMBER' };
    const allowed = can(member, 'cashPoints', 'manage');
    return allowed.ok ? { ok: true } : allowed;
  }

  private async ownCashPoint(merchantId: string, by: Msisdn, id: string): Promise<Result<object>> {
    const allowed = await this.mayManage(merchantId, by);
    if (!allowed.ok) return allowed;
    const cashPoint = await this.store.getCashPoint(id);
    return cashPoint && cashPoint.merchantId === merchantId
      ? { ok: true }
      : { ok: false, reason: 'CASH_POINT_NOT_FOUND' };
  }
}
