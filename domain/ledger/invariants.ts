/**
 * Checks every invariant of the ledger (docs/ledger.md) over the whole store: what `npm run ledger:check` prints
 * and what the tests assert after each case. Reads everything once; meant for audits and tests, not for request paths.
 */
import type { Account } from './accounts';
import {
  addCounters,
  applyEffect,
  available,
  chainKey,
  PAGE_SIZE,
  ZERO_COUNTERS,
  type Counters,
  type Entry,
  type RejectionEntry,
} from './entries';
import type { LedgerStore } from './store';
import { effectIds, isLeftoverSweep, type Resolution, type Transfer } from './transfers';

export interface LedgerReport {
  accounts: number;
  transfers: number;
  entries: number;
  /** Transfers not settled yet (received, or debited with credits missing): recovery will finish them. */
  inFlight: string[];
  /** Sums over every chain's head. Once nothing is in flight, debits equal credits on both lines. */
  totals: Counters;
  violations: string[];
}

function sameCounters(a: Counters, b: Counters): boolean {
  return (
    a.debitsPending === b.debitsPending &&
    a.debitsPosted === b.debitsPosted &&
    a.creditsPending === b.creditsPending &&
    a.creditsPosted === b.creditsPosted
  );
}

export async function checkLedger(store: LedgerStore): Promise<LedgerReport> {
  const violations: string[] = [];
  const accounts = new Map<string, Account>();
  for await (const account of store.allAccounts()) accounts.set(account._id, account);
  const transfers = new Map<string, Transfer>();
  for await (const transfer of store.allTransfers()) transfers.set(transfer._id, transfer);
  const resolutions = new Map<string, Resolution>();
  for await (const resolution of store.allResolutions()) resolutions.set(resolution._id, resolution);
  const chains = new Map<string, Entry[]>();
  const effects = new Map<string, Entry | RejectionEntry>();
  let entryCount = 0;
  for await (const entry of store.allEntries()) {
    entryCount += 1;
    effects.set(entry._id, entry);
    // A status change moves no money and belongs to no transfer; its chain checks below still apply.
    const statusChange = !entry.rejected && entry.changesStatus === true;
    if (!statusChange && !transfers.has(entry.transferId)) violations.push(`entry ${entry._id} belongs to no transfer`);
    if (!accounts.has(entry.account)) violations.push(`entry ${entry._id} is on unknown account ${entry.account}`);
    if (entry.rejected) continue;
    const list = chains.get(entry.chain) ?? [];
    list.push(entry);
    chains.set(entry.chain, list);
  }

  // Per chain: no gaps, each entry's counters are the previous ones plus its effect, nothing negative.
  const accountTotals = new Map<string, Counters>();
  let totals = ZERO_COUNTERS;
  for (const [chain, list] of chains) {
    list.sort((a, b) => a.seq - b.seq);
    let previous: Counters = ZERO_COUNTERS;
    let status: Entry['status'];
    list.forEach((entry, index) => {
      const where = `chain ${chain} seq ${entry.seq}`;
      if (entry.seq !== index + 1) violations.push(`${where}: expected seq ${index + 1} (a gap or a repeat)`);
      if (entry.chainKey !== chainKey(chain, entry.seq)) violations.push(`${where}: chainKey ${entry.chainKey}`);
      if (entry.page !== Math.floor(entry.seq / PAGE_SIZE)) violations.push(`${where}: page ${entry.page}`);
      const expected = applyEffect(previous, entry.side, entry.phase, entry.amount);
      if (!sameCounters(expected, entry.counters))
        violations.push(`${where}: counters do not follow from the previous entry`);
      if (Object.values(entry.counters).some((n) => n < 0)) violations.push(`${where}: a counter is negative`);
      const opens = entry.phase === 'posted' || entry.phase === 'pending';
      const sweep = status === 'closed' && isLeftoverSweep(entry.transferId, entry.account);
      if (status && !entry.changesStatus && opens && entry.side === 'debit' && !sweep) {
        violations.push(`${where}: a debit decided on a ${status} account`);
      }
      const givesBack = entry._id === effectIds.giveBack(entry.transferId);
      if (status === 'closed' && entry.phase === 'posted' && entry.side === 'credit' && !givesBack) {
        if (!entry.changesStatus) violations.push(`${where}: money posted into a closed account`);
      }
      previous = entry.counters;
      status = entry.status;
    });
    const account = list[0]?.account ?? '';
    accountTotals.set(account, addCounters(accountTotals.get(account) ?? ZERO_COUNTERS, previous));
    totals = addCounters(totals, previous);
  }

  for (const [id, counters] of accountTotals) {
    if (accounts.get(id)?.debitsMustNotExceedCredits && available(counters) < 0) {
      violations.push(`account ${id} is overdrawn: available ${available(counters)}`);
    }
  }

  // Per transfer: its entries say what its state says, with its amounts.
  const inFlight: string[] = [];
  for (const transfer of transfers.values()) {
    const debit = effects.get(effectIds.debit(transfer._id));
    const credits = transfer.credits.map((_, leg) => effects.get(effectIds.credit(transfer._id, leg)));
    const giveBack = effects.get(effectIds.giveBack(transfer._id));
    const resolution = resolutions.get(transfer._id);
    const where = `transfer ${transfer._id}`;
    if (debit && debit.amount !== transfer.total)
      violations.push(`${where}: debit ${debit.amount} ≠ total ${transfer.total}`);
    credits.forEach((credit, leg) => {
      if (credit && credit.amount !== transfer.credits[leg]?.amount) violations.push(`${where}: credit ${leg} amount`);
    });
    const settled = !debit
      ? false
      : debit.rejected
        ? credits.every((c) => !c)
        : transfer.mode === 'single'
          ? credits.every((c) => c && !c.rejected) || (credits[0]?.rejected !== undefined && giveBack !== undefined)
          : credits.every((c) => c) &&
            (resolution === undefined ||
              (effects.has(effectIds.resolveDebit(transfer._id)) &&
                credits.every((c, leg) => c?.rejected || effects.has(effectIds.resolveCredit(transfer._id, leg)))));
    if (!settled) {
      inFlight.push(transfer._id);
      continue;
    }
    const expectedState = debit?.rejected
      ? 'rejected'
      : transfer.mode === 'single'
        ? giveBack
          ? 'rejected'
          : 'posted'
        : credits.some((c) => c?.rejected)
          ? 'rejected'
          : (resolution?.outcome ?? 'held');
    const stateAgrees =
      transfer.state === expectedState || (expectedState === 'held' && transfer.state === 'needs_review');
    if (!stateAgrees) inFlight.push(transfer._id); // the cached state lags: recovery refreshes it
    // Only a confirmed outcome (the rail collected it, a person decided) may post a hold past its expiry.
    const late = resolution?.outcome === 'posted' && transfer.expiresAt && resolution.at > transfer.expiresAt;
    if (late && !resolution.confirmedBy) {
      violations.push(`${where}: posted after it expired`);
    }
    if (resolution && transfer.mode !== 'pending') violations.push(`${where}: a single transfer has a resolution`);
  }

  const settledNow = inFlight.length === 0;
  if (settledNow && totals.creditsPosted !== totals.debitsPosted) {
    violations.push(`conservation: posted credits ${totals.creditsPosted} ≠ posted debits ${totals.debitsPosted}`);
  }
  if (settledNow && totals.creditsPending !== totals.debitsPending) {
    violations.push(`conservation: pending credits ${totals.creditsPending} ≠ pending debits ${totals.debitsPending}`);
  }
  return {
    accounts: accounts.size,
    transfers: transfers.size,
    entries: entryCount,
    inFlight,
    totals,
    violations,
  };
}
