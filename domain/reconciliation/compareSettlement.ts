/**
 * The comparison at the heart of `npm run reconcile`, pure: a rail's movements in the ledger against the provider's
 * settlement report, per transfer, with what would settle each difference.
 *
 * A mismatch is a difference in money that moved: one side says it moved and the other does not, or not as much.
 * Those make the command exit 1. Payments still in flight (pending on either side with nothing moved yet) and holds
 * in review are listed, not counted: the reconciler or a person settles them, and the next run shows the result.
 * A provider success the ledger has not posted yet is a mismatch even while the reconciler could still post it: the
 * clearing account disagrees with the provider until it does (run again after the reconciler's next pass).
 */
import type { TransferState } from '../ledger/transfers';
import type { LedgerMovement } from './ledgerMovements';
import {
  inPeriod,
  type Period,
  type SettlementDirection,
  type SettlementLine,
  type SettlementStatus,
} from './settlementReport';

export type FindingKind =
  | 'matched'
  | 'ledger_only'
  | 'provider_only'
  | 'amount_differs'
  | 'provider_succeeded_ours_open'
  | 'provider_succeeded_ours_failed'
  | 'provider_failed_ours_posted'
  | 'provider_pending_ours_posted'
  | 'pending'
  | 'in_review';

export const MISMATCH_KINDS: ReadonlySet<FindingKind> = new Set<FindingKind>([
  'ledger_only',
  'provider_only',
  'amount_differs',
  'provider_succeeded_ours_open',
  'provider_succeeded_ours_failed',
  'provider_failed_ours_posted',
  'provider_pending_ours_posted',
]);

/** A report line with the transfer its reference stands for (null: none of ours). */
export interface ResolvedLine extends SettlementLine {
  transferId: string | null;
}

export interface Finding {
  kind: FindingKind;
  mismatch: boolean;
  /** Our transfer id, or the provider's `ourReference` when it maps to none of our transfers. */
  reference: string;
  transferId: string | null;
  providerReference: string | null;
  direction: SettlementDirection;
  ledgerAmount: number | null;
  ledgerState: TransferState | null;
  providerAmount: number | null;
  providerStatus: SettlementStatus | null;
  /** What would settle it (for `in_review`: the provider's status as the suggested decision). */
  settle: string;
}

export interface RailComparison {
  findings: Finding[];
  matched: number;
  mismatches: number;
  /** Money moved over the period, per direction: what the ledger posted and what the provider says succeeded. */
  totals: Record<SettlementDirection, { ledger: number; provider: number }>;
}

/** Our side in the provider's words: did the money move? */
type OurOutcome = 'succeeded' | 'pending' | 'review' | 'failed';

function outcomeOf(state: TransferState): OurOutcome {
  if (state === 'posted') return 'succeeded';
  if (state === 'held' || state === 'received') return 'pending';
  if (state === 'needs_review') return 'review';
  return 'failed';
}

/** Several lines under one reference (a retry the provider recorded twice): the successes are what moved. */
function merge(lines: readonly ResolvedLine[]): { line: ResolvedLine; amount: number } {
  const succeeded = lines.filter((l) => l.status === 'succeeded');
  if (succeeded.length > 0) return { line: succeeded[0]!, amount: succeeded.reduce((sum, l) => sum + l.amount, 0) };
  const pending = lines.find((l) => l.status === 'pending');
  const line = pending ?? lines[0]!;
  return { line, amount: line.amount };
}

type Verdict = { kind: FindingKind; settle: string };

const PERSON = 'a person:';

function verdict(ours: OurOutcome | null, theirs: SettlementStatus | null, sameMoney: boolean): Verdict {
  if (ours === null) {
    if (theirs === 'succeeded') {
      return { kind: 'provider_only', settle: `${PERSON} the provider moved money the ledger never recorded` };
    }
    if (theirs === 'pending')
      return { kind: 'pending', settle: 'wait: pending at the provider, unknown to the ledger' };
    return { kind: 'matched', settle: 'nothing moved' };
  }
  if (ours === 'review') {
    if (theirs === 'succeeded') {
      const check = sameMoney ? '' : ' (check the amount first: it differs)';
      return { kind: 'in_review', settle: `post: the provider says succeeded${check}` };
    }
    if (theirs === 'pending') return { kind: 'in_review', settle: 'wait: still pending at the provider' };
    const why = theirs === 'failed' ? 'the provider says failed' : 'the provider reports nothing under it';
    return { kind: 'in_review', settle: `void: ${why}` };
  }
  if (theirs === null) {
    if (ours === 'succeeded') {
      return { kind: 'ledger_only', settle: `${PERSON} the ledger posted money the provider does not report` };
    }
    if (ours === 'pending') {
      return { kind: 'pending', settle: 'wait: unknown to the provider; the reconciler voids it once that is sure' };
    }
    return { kind: 'matched', settle: 'nothing moved' };
  }
  if (theirs === 'succeeded') {
    if (ours === 'succeeded') {
      return sameMoney
        ? { kind: 'matched', settle: 'nothing to do' }
        : { kind: 'amount_differs', settle: `${PERSON} the amounts (or directions) differ` };
    }
    if (ours === 'pending') return { kind: 'provider_succeeded_ours_open', settle: 'post: the rail confirms' };
    return {
      kind: 'provider_succeeded_ours_failed',
      settle: `${PERSON} the rail confirms, but the ledger released it: move the money by a new transfer`,
    };
  }
  if (theirs === 'failed') {
    if (ours === 'succeeded') {
      return { kind: 'provider_failed_ours_posted', settle: `${PERSON} the ledger posted, the provider says failed` };
    }
    if (ours === 'pending') return { kind: 'pending', settle: 'void: the rail says failed' };
    return { kind: 'matched', settle: 'nothing moved' };
  }
  if (ours === 'succeeded') {
    return {
      kind: 'provider_pending_ours_posted',
      settle: `${PERSON} the ledger posted, the provider still says pending`,
    };
  }
  if (ours === 'pending') return { kind: 'pending', settle: 'wait: pending on both sides' };
  return {
    kind: 'pending',
    settle: `watch: released by the ledger, pending at the provider; if it succeeds, ${PERSON}`,
  };
}

/**
 * Compares the ledger's movements with the report's lines. `movements` are the transfers created in the period,
 * plus any transfer a line of the report names (wherever it falls); `lines` may reach beyond the period on both
 * sides, so a payment dated just across a boundary on one side still finds its other half. A pair is reported
 * when either half belongs to the period.
 */
export function compareSettlement(input: {
  period: Period;
  movements: readonly LedgerMovement[];
  lines: readonly ResolvedLine[];
}): RailComparison {
  const { period } = input;
  const linesByKey = new Map<string, ResolvedLine[]>();
  for (const line of input.lines) {
    const key = line.transferId ?? `?${line.ourReference}`;
    linesByKey.set(key, [...(linesByKey.get(key) ?? []), line]);
  }
  const movementsById = new Map(input.movements.map((m) => [m.transferId, m]));
  const keys = new Set([...movementsById.keys(), ...linesByKey.keys()]);

  const findings: Finding[] = [];
  const totals: RailComparison['totals'] = { collect: { ledger: 0, provider: 0 }, payout: { ledger: 0, provider: 0 } };
  for (const key of [...keys].sort()) {
    const movement = movementsById.get(key) ?? null;
    const lines = linesByKey.get(key) ?? [];
    const provider = lines.length > 0 ? merge(lines) : null;
    const movementCounts = movement !== null && inPeriod(movement.createdAt, period);
    const linesCount = lines.some((line) => inPeriod(line.at, period));
    if (!movementCounts && !linesCount) continue;

    if (movementCounts && movement.state === 'posted') totals[movement.direction].ledger += movement.amount;
    if (linesCount && provider?.line.status === 'succeeded') {
      totals[provider.line.direction].provider += provider.amount;
    }

    const sameMoney =
      movement !== null &&
      provider !== null &&
      movement.amount === provider.amount &&
      movement.direction === provider.line.direction;
    const { kind, settle } = verdict(
      movement ? outcomeOf(movement.state) : null,
      provider?.line.status ?? null,
      sameMoney,
    );
    findings.push({
      kind,
      mismatch: MISMATCH_KINDS.has(kind),
      reference: movement?.transferId ?? provider?.line.transferId ?? provider!.line.ourReference,
      transferId: movement?.transferId ?? provider?.line.transferId ?? null,
      providerReference: provider?.line.providerReference ?? null,
      direction: movement?.direction ?? provider!.line.direction,
      ledgerAmount: movement?.amount ?? null,
      ledgerState: movement?.state ?? null,
      providerAmount: provider?.amount ?? null,
      providerStatus: provider?.line.status ?? null,
      settle,
    });
  }
  return {
    findings,
    matched: findings.filter((f) => f.kind === 'matched').length,
    mismatches: findings.filter((f) => f.mismatch).length,
    totals,
  };
}
