/**
 * The ledger's side of a reconciliation: what each transfer moved through a rail's account in the ledger. Top-ups
 * debit the rail's clearing account (`collect`), withdrawals credit it (`payout`); bill payments credit a biller's
 * payable account (`payout` through the bill aggregator). The transfer's state says whether the money moved
 * (posted), may still move (held), never did (voided, expired, rejected) or waits for a person (needs_review).
 */
import { accountIds, type AccountId } from '../ledger/accounts';
import type { LedgerStore } from '../ledger/ledgerStore';
import type { Transfer, TransferState } from '../ledger/transfers';
import { inPeriod, type Period, type ReconciledRail, type SettlementDirection } from './settlementReport';

export interface LedgerMovement {
  transferId: string;
  account: AccountId;
  direction: SettlementDirection;
  /** What the rail moves for it: the clearing (or payable) leg, in francs. */
  amount: number;
  state: TransferState;
  createdAt: Date;
}

/** The ledger accounts a rail's money passes through: its clearing account, or every biller's payable account. */
export function railAccounts(rail: ReconciledRail, billerIds: readonly string[]): AccountId[] {
  return rail === 'bills' ? billerIds.map((id) => accountIds.payable(id)) : [accountIds.clearing(rail)];
}

/** What the transfer moves through `account`; null when it does not touch it. */
export function movementOf(transfer: Transfer, accounts: readonly AccountId[]): LedgerMovement | null {
  if (accounts.includes(transfer.debit)) {
    return base(transfer, transfer.debit, 'collect', transfer.total);
  }
  const leg = transfer.credits.find((credit) => accounts.includes(credit.account));
  if (!leg) return null;
  const amount = transfer.credits
    .filter((credit) => credit.account === leg.account)
    .reduce((sum, credit) => sum + credit.amount, 0);
  return base(transfer, leg.account, 'payout', amount);
}

function base(transfer: Transfer, account: AccountId, direction: SettlementDirection, amount: number): LedgerMovement {
  return { transferId: transfer._id, account, direction, amount, state: transfer.state, createdAt: transfer.createdAt };
}

/**
 * The transfers created in the period that touch the rail's accounts, found by their entries on those accounts.
 * A transfer belongs to the period it was created in (as a provider dates a payment when it was asked), so a hold
 * made before `from` and posted inside the period is the previous period's.
 */
export async function ledgerMovements(
  store: LedgerStore,
  accounts: readonly AccountId[],
  period: Period,
): Promise<LedgerMovement[]> {
  const seen = new Set<string>();
  const movements: LedgerMovement[] = [];
  for (const account of accounts) {
    for await (const entry of store.accountEntries(account, period.from, period.to)) {
      if (seen.has(entry.transferId)) continue;
      seen.add(entry.transferId);
      const transfer = await store.getTransfer(entry.transferId);
      if (!transfer || !inPeriod(transfer.createdAt, period)) continue;
      const movement = movementOf(transfer, accounts);
      if (movement) movements.push(movement);
    }
  }
  return movements;
}
