/**
 * The dashboard overview's figures, computed in code from a merchant's payment requests over the last N Douala days
 * (today included): what was collected, how often, how often requests that ended were paid, the fees payers paid on
 * top, and the average basket; in total and by day, by cash point and by the way they were paid. Pure: no I/O.
 *
 * A request counts once it ended (paid, declined, cancelled or expired), on the Douala day it ended: the day it was
 * paid, or the day of its last step. Open requests (and those being paid) are left out: they have not ended yet, and
 * counting them would lower the success rate of a busy afternoon only to raise it again an hour later.
 */
import { limitPeriods } from '../../ledger/kyc';
import type { MerchantPaymentView } from '../merchantPaymentView';
import { visiblePayments } from '../team/cashPoints';
import type { ActingMember } from '../team/team';

/** The periods the overview offers, in days (today included). */
export const KPI_PERIODS = [7, 30] as const;
export type KpiPeriod = (typeof KPI_PERIODS)[number];
export const DEFAULT_KPI_PERIOD: KpiPeriod = 7;

/** How a payment was paid: from the payer's wallet or through a rail; null for requests that ended unpaid. */
export type KpiRail = MerchantPaymentView['paidBy'];

/** The figures of a set of ended requests. */
export interface KpiFigures {
  /** Francs collected: the sum of the paid requests' amounts. */
  volume: number;
  /** Requests paid. */
  count: number;
  /** Requests that ended, paid or not (declined, cancelled, expired). */
  attempts: number;
  /** Francs of fees the payers paid on top of the paid amounts. */
  fees: number;
  /** Whole percent of the ended requests that were paid; null when none ended. */
  successRate: number | null;
  /** Francs per payment (volume ÷ count, rounded); null when nothing was paid. */
  averageBasket: number | null;
}

export type DayFigures = KpiFigures & { day: string };
export type CashPointFigures = KpiFigures & { cashPointId: string | null };
export type RailFigures = KpiFigures & { rail: KpiRail };

/** The overview's figures for one period. */
export interface Kpis {
  days: number;
  /** The period's first and last Douala days, `YYYY-MM-DD`. */
  from: string;
  to: string;
  total: KpiFigures;
  /** Every day of the period, oldest first, days without payments included (zeros). */
  byDay: DayFigures[];
  /** Cash points with ended requests, the largest volume first; null: made outside any cash point. */
  byCashPoint: CashPointFigures[];
  /** Ways of paying, the largest volume first; the `null` line holds the requests that ended unpaid. */
  byRail: RailFigures[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The period's Douala days, oldest first, ending today. */
export function periodDays(now: Date, days: number): string[] {
  const today = Date.parse(`${limitPeriods(now).day}T00:00:00Z`);
  return Array.from({ length: days }, (_, i) => new Date(today - (days - 1 - i) * DAY_MS).toISOString().slice(0, 10));
}

/** A period asked for by a query (`?days=30`), or the default one. */
export function kpiPeriodOf(asked: unknown): KpiPeriod {
  const days = Number(asked);
  return (KPI_PERIODS as readonly number[]).includes(days) ? (days as KpiPeriod) : DEFAULT_KPI_PERIOD;
}

/** When a request ended (paid, or its last step), or null while it is still open or being paid. */
export function endedAt(payment: MerchantPaymentView): Date | null {
  if (payment.status === 'open' || payment.status === 'paying') return null;
  if (payment.status === 'paid') return payment.paidAt;
  return payment.history.at(-1)?.at ?? null;
}

interface Sums {
  volume: number;
  count: number;
  attempts: number;
  fees: number;
}

const noSums = (): Sums => ({ volume: 0, count: 0, attempts: 0, fees: 0 });

function add(sums: Sums, payment: MerchantPaymentView): void {
  sums.attempts += 1;
  if (payment.status !== 'paid') return;
  sums.volume += payment.amount;
  sums.count += 1;
  sums.fees += payment.fee ?? 0;
}

function figuresOf(sums: Sums): KpiFigures {
  return {
    ...sums,
    successRate: sums.attempts === 0 ? null : Math.round((sums.count * 100) / sums.attempts),
    averageBasket: sums.count === 0 ? null : Math.round(sums.volume / sums.count),
  };
}

function largestFirst<K>(groups: Map<K, Sums>): [K, KpiFigures][] {
  return [...groups.entries()]
    .map(([key, sums]): [K, KpiFigures] => [key, figuresOf(sums)])
    .sort(([, a], [, b]) => b.volume - a.volume || b.attempts - a.attempts);
}

/** The figures of the requests that ended during the last `days` Douala days (today included). */
export function kpisOf(payments: MerchantPaymentView[], options: { now: Date; days?: number }): Kpis {
  const days = periodDays(options.now, options.days ?? DEFAULT_KPI_PERIOD);
  const total = noSums();
  const byDay = new Map<string, Sums>(days.map((day) => [day, noSums()]));
  const byCashPoint = new Map<string | null, Sums>();
  const byRail = new Map<KpiRail, Sums>();
  for (const payment of payments) {
    const ended = endedAt(payment);
    const day = ended ? byDay.get(limitPeriods(ended).day) : undefined;
    if (!day) continue;
    const cashPoint = byCashPoint.get(payment.cashPointId) ?? noSums();
    byCashPoint.set(payment.cashPointId, cashPoint);
    const rail = byRail.get(payment.paidBy) ?? noSums();
    byRail.set(payment.paidBy, rail);
    for (const sums of [total, day, cashPoint, rail]) add(sums, payment);
  }
  return {
    days: days.length,
    from: days[0] ?? '',
    to: days.at(-1) ?? '',
    total: figuresOf(total),
    byDay: [...byDay.entries()].map(([day, sums]) => ({ day, ...figuresOf(sums) })),
    byCashPoint: largestFirst(byCashPoint).map(([cashPointId, figures]) => ({ cashPointId, ...figures })),
    byRail: largestFirst(byRail).map(([rail, figures]) => ({ rail, ...figures })),
  };
}

/** The figures a member may see: a cashier's own cash point's, the whole business's for the other roles. */
export function memberKpis(
  member: ActingMember,
  payments: MerchantPaymentView[],
  options: { now: Date; days?: number },
): Kpis {
  return kpisOf(visiblePayments(member, payments), options);
}
