/**
 * A rail's settlement report: the provider's own view of what moved over a period, line by line, as its portal
 * exports it or (for our simulators) as `GET <mount>/_admin/settlement?from=ISO&to=ISO` serves it. `npm run
 * reconcile` compares it with the rail's clearing account in the ledger (compareSettlement.ts).
 *
 * `ourReference` is what we sent the provider to name the payment: MTN's `externalId`, Orange's `orderId`, Notch
 * Pay's merchant `reference`, Smobilpay's `trid`. It is the transfer id, or a short reference standing for it, or
 * a value the provider's limits forced us to derive from it (Orange): a `TransferIdOf` maps it back.
 */
import { RAILS } from '../ledger/accounts';

/** The rails a report can be asked for: the money rails and the bill aggregator (`bills`). */
export const RECONCILED_RAILS = [...RAILS, 'bills'] as const;
export type ReconciledRail = (typeof RECONCILED_RAILS)[number];

export function isReconciledRail(value: string): value is ReconciledRail {
  return (RECONCILED_RAILS as readonly string[]).includes(value);
}

/** `collect`: money came in from a payer (top-up). `payout`: money went out (withdrawal, a bill paid). */
export type SettlementDirection = 'collect' | 'payout';
export type SettlementStatus = 'succeeded' | 'failed' | 'pending';

export const SETTLEMENT_DIRECTIONS: readonly SettlementDirection[] = ['collect', 'payout'];
export const SETTLEMENT_STATUSES: readonly SettlementStatus[] = ['succeeded', 'failed', 'pending'];

export interface SettlementLine {
  /** The provider's own id of the payment (MTN financialTransactionId, Orange txnid, Notch Pay trx., S3P ptn). */
  providerReference: string;
  ourReference: string;
  direction: SettlementDirection;
  /** Whole francs (XAF has no minor unit). */
  amount: number;
  status: SettlementStatus;
  /** When the provider recorded the payment. */
  at: Date;
}

/** A half-open period [from, to). */
export interface Period {
  from: Date;
  to: Date;
}

/** Port: where a rail's report for a period comes from (a simulator over HTTP, a CSV file a person downloaded). */
export interface SettlementReportSource {
  lines(rail: ReconciledRail, period: Period): Promise<SettlementLine[]>;
}

/** Maps the reference a provider shows back to our transfer id; null when it is none of ours. */
export type TransferIdOf = (ourReference: string) => Promise<string | null>;

/** A reference that is the transfer id itself (what was sent before short references, and to S3P as trid). */
export const identityTransferIdOf: TransferIdOf = async (ourReference) => ourReference;

/** Reads `from` and `to` (ISO 8601) of a report request; a message saying what is wrong otherwise. */
export function parsePeriod(from: unknown, to: unknown): Period | { error: string } {
  const parse = (value: unknown): Date | null => {
    if (typeof value !== 'string' || value.trim() === '') return null;
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? null : date;
  };
  const start = parse(from);
  const end = parse(to);
  if (!start || !end) return { error: 'from and to must be ISO 8601 dates' };
  if (start.getTime() >= end.getTime()) return { error: 'from must be before to' };
  return { from: start, to: end };
}

export function inPeriod(at: Date, period: Period): boolean {
  return at.getTime() >= period.from.getTime() && at.getTime() < period.to.getTime();
}

/** The JSON a simulator serves: dates as ISO strings, amounts as integers. */
export interface SettlementReportJson {
  from: string;
  to: string;
  lines: Array<Omit<SettlementLine, 'at'> & { at: string }>;
}

export function settlementReportJson(period: Period, lines: readonly SettlementLine[]): SettlementReportJson {
  const sorted = [...lines].sort((a, b) => a.at.getTime() - b.at.getTime());
  return {
    from: period.from.toISOString(),
    to: period.to.toISOString(),
    lines: sorted.map((line) => ({ ...line, at: line.at.toISOString() })),
  };
}
