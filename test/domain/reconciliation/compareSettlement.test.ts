import { accountIds } from '../../../domain/ledger/accounts';
import type { TransferState } from '../../../domain/ledger/transfers';
import { compareSettlement, type ResolvedLine } from '../../../domain/reconciliation/compareSettlement';
import type { LedgerMovement } from '../../../domain/reconciliation/ledgerMovements';
import type { SettlementStatus } from '../../../domain/reconciliation/settlementReport';

const period = { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-03-02T00:00:00Z') };
const noon = new Date('2026-03-01T12:00:00Z');

function movement(id: string, state: TransferState, amount = 5_100, overrides: Partial<LedgerMovement> = {}) {
  return {
    transferId: id,
    account: accountIds.clearing('mtn_momo'),
    direction: 'collect',
    amount,
    state,
    createdAt: noon,
    ...overrides,
  } satisfies LedgerMovement;
}

function line(id: string, status: SettlementStatus, amount = 5_100, overrides: Partial<ResolvedLine> = {}) {
  return {
    providerReference: `fin-${id}`,
    ourReference: id,
    transferId: id,
    direction: 'collect',
    amount,
    status,
    at: new Date(noon.getTime() + 2_000),
    ...overrides,
  } satisfies ResolvedLine;
}

function onlyFinding(movements: LedgerMovement[], lines: ResolvedLine[]) {
  const result = compareSettlement({ period, movements, lines });
  expect(result.findings).toHaveLength(1);
  return { result, finding: result.findings[0]! };
}

describe('compareSettlement', () => {
  it('matches a posted transfer with the provider’s success of the same amount, and counts both totals', () => {
    const { result, finding } = onlyFinding([movement('t1', 'posted')], [line('t1', 'succeeded')]);
    expect(finding).toMatchObject({ kind: 'matched', mismatch: false, providerReference: 'fin-t1' });
    expect(result).toMatchObject({ matched: 1, mismatches: 0 });
    expect(result.totals.collect).toEqual({ ledger: 5_100, provider: 5_100 });
  });

  it('treats a payment that failed on both sides, or was never sent and is released, as matched', () => {
    const result = compareSettlement({
      period,
      movements: [movement('t1', 'voided'), movement('t2', 'rejected')],
      lines: [line('t1', 'failed'), line('x', 'failed', 700, { transferId: null, ourReference: 'someone-else' })],
    });
    expect(result.findings.map((f) => f.kind)).toEqual(['matched', 'matched', 'matched']);
    expect(result.mismatches).toBe(0);
  });

  it.each([
    ['posted', null, 'ledger_only', true, 'a person:'],
    [null, 'succeeded', 'provider_only', true, 'a person:'],
    ['held', 'succeeded', 'provider_succeeded_ours_open', true, 'post: the rail confirms'],
    ['received', 'succeeded', 'provider_succeeded_ours_open', true, 'post: the rail confirms'],
    ['voided', 'succeeded', 'provider_succeeded_ours_failed', true, 'a person:'],
    ['expired', 'succeeded', 'provider_succeeded_ours_failed', true, 'a person:'],
    ['posted', 'failed', 'provider_failed_ours_posted', true, 'a person:'],
    ['posted', 'pending', 'provider_pending_ours_posted', true, 'a person:'],
    ['held', 'pending', 'pending', false, 'wait: pending on both sides'],
    ['held', 'failed', 'pending', false, 'void: the rail says failed'],
    ['held', null, 'pending', false, 'wait:'],
    [null, 'pending', 'pending', false, 'wait:'],
    ['voided', 'pending', 'pending', false, 'watch:'],
    ['needs_review', 'succeeded', 'in_review', false, 'post: the provider says succeeded'],
    ['needs_review', 'failed', 'in_review', false, 'void: the provider says failed'],
    ['needs_review', 'pending', 'in_review', false, 'wait: still pending at the provider'],
    ['needs_review', null, 'in_review', false, 'void: the provider reports nothing'],
  ] as const)('ledger %s, provider %s: %s (mismatch %s), settled by "%s…"', (ours, theirs, kind, mismatch, settle) => {
    const { result, finding } = onlyFinding(
      ours === null ? [] : [movement('t1', ours)],
      theirs === null ? [] : [line('t1', theirs)],
    );
    expect(finding).toMatchObject({ kind, mismatch, reference: 't1' });
    expect(finding.settle.startsWith(settle)).toBe(true);
    expect(result.mismatches).toBe(mismatch ? 1 : 0);
  });

  it('says the amounts differ when both moved money but not the same, or in opposite directions', () => {
    const result = compareSettlement({
      period,
      movements: [movement('t1', 'posted', 5_100), movement('t2', 'posted', 2_000)],
      lines: [line('t1', 'succeeded', 5_000), line('t2', 'succeeded', 2_000, { direction: 'payout' })],
    });
    expect(result.findings.map((f) => [f.kind, f.ledgerAmount, f.providerAmount])).toEqual([
      ['amount_differs', 5_100, 5_000],
      ['amount_differs', 2_000, 2_000],
    ]);
    expect(result.mismatches).toBe(2);
  });

  it('adds up two successes the provider recorded under one reference: paid twice is a mismatch', () => {
    const { finding } = onlyFinding(
      [movement('t1', 'posted')],
      [line('t1', 'succeeded'), line('t1', 'succeeded', 5_100, { providerReference: 'fin-again' })],
    );
    expect(finding).toMatchObject({ kind: 'amount_differs', ledgerAmount: 5_100, providerAmount: 10_200 });
  });

  it('keeps a failed attempt and a later success under one reference as the success', () => {
    const { finding } = onlyFinding(
      [movement('t1', 'posted')],
      [line('t1', 'failed', 5_100, { providerReference: 'first' }), line('t1', 'succeeded')],
    );
    expect(finding).toMatchObject({ kind: 'matched', providerReference: 'fin-t1' });
  });

  it('pairs halves across the period’s edges, and leaves out pairs wholly outside it', () => {
    const justBefore = new Date(period.from.getTime() - 1_000);
    const result = compareSettlement({
      period,
      movements: [movement('edge', 'posted', 5_100, { createdAt: justBefore }), movement('old', 'posted')],
      lines: [
        // Asked a second before midnight, recorded by the provider just after: one payment, in the period.
        line('edge', 'succeeded', 5_100, { at: new Date(period.from.getTime() + 500) }),
        line('old', 'succeeded', 5_100, { at: justBefore }),
        line('gone', 'succeeded', 9_000, { at: justBefore }),
      ],
    });
    expect(result.findings.map((f) => [f.reference, f.kind])).toEqual([
      ['edge', 'matched'],
      ['old', 'matched'],
    ]);
    // Each half counts in the totals of its own period only.
    expect(result.totals.collect).toEqual({ ledger: 5_100, provider: 5_100 });
  });

  it('lists a line whose reference is none of ours under that reference', () => {
    const { finding } = onlyFinding([], [line('x', 'succeeded', 800, { transferId: null, ourReference: 'ABC123' })]);
    expect(finding).toMatchObject({ kind: 'provider_only', reference: 'ABC123', transferId: null });
  });
});
