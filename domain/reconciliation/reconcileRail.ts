/**
 * Reconciles one rail over a period: reads the ledger's movements through the rail's accounts, fetches the
 * provider's report, maps each line's reference back to our transfer id, and compares (compareSettlement.ts).
 * Reads only: nothing here posts, voids or changes anything; it says what would settle each difference.
 */
import type { LedgerStore } from '../ledger/ledgerStore';
import { compareSettlement, type RailComparison, type ResolvedLine } from './compareSettlement';
import { ledgerMovements, movementOf, railAccounts, type LedgerMovement } from './ledgerMovements';
import {
  identityTransferIdOf,
  type Period,
  type ReconciledRail,
  type SettlementReportSource,
  type TransferIdOf,
} from './settlementReport';

/** How far beyond the period the report is read, so a payment dated across a boundary finds its other half. */
export const DEFAULT_MARGIN_MS = 60 * 60_000;

export interface ReconcileRailOptions {
  rail: ReconciledRail;
  period: Period;
  store: LedgerStore;
  source: SettlementReportSource;
  /** The billers with a payable account (the `bills` rail reads them all). */
  billerIds: readonly string[];
  /** Maps a reference the provider shows back to our transfer id (short references); identity by default. */
  transferIdOf?: TransferIdOf;
  /**
   * What we sent the provider for a transfer id when the provider's limits made us change it (Orange's orderId is
   * shortened and hashed); identity by default. Used for the period's own transfers, before `transferIdOf`.
   */
  sentReferenceOf?: (transferId: string) => string;
  marginMs?: number;
}

export interface RailReconciliation extends RailComparison {
  rail: ReconciledRail;
  period: Period;
  /** Report lines read (including those in the margin). */
  reportLines: number;
}

export async function reconcileRail(options: ReconcileRailOptions): Promise<RailReconciliation> {
  const { rail, period, store } = options;
  const accounts = railAccounts(rail, options.billerIds);
  const movements = await ledgerMovements(store, accounts, period);
  const margin = options.marginMs ?? DEFAULT_MARGIN_MS;
  const widened: Period = {
    from: new Date(period.from.getTime() - margin),
    to: new Date(period.to.getTime() + margin),
  };
  const lines = await options.source.lines(rail, widened);

  const sentAs = options.sentReferenceOf ?? ((id: string) => id);
  const bySentReference = new Map(movements.map((m) => [sentAs(m.transferId), m.transferId]));
  const transferIdOf = options.transferIdOf ?? identityTransferIdOf;
  const resolved: ResolvedLine[] = [];
  for (const line of lines) {
    const transferId = bySentReference.get(line.ourReference) ?? (await transferIdOf(line.ourReference));
    resolved.push({ ...line, transferId });
  }

  // A line naming a transfer of another period: bring that transfer in, so the pair is compared whole.
  const known = new Set(movements.map((m) => m.transferId));
  const others: LedgerMovement[] = [];
  for (const line of resolved) {
    if (line.transferId === null || known.has(line.transferId)) continue;
    known.add(line.transferId);
    const transfer = await store.getTransfer(line.transferId);
    const movement = transfer ? movementOf(transfer, accounts) : null;
    if (movement) others.push(movement);
  }

  const comparison = compareSettlement({ period, movements: [...movements, ...others], lines: resolved });
  return { rail, period, reportLines: lines.length, ...comparison };
}
