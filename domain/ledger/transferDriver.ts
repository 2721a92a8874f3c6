/**
 * How a recorded transfer is driven through its entries: the debit (or hold) and each credit appended to their
 * accounts' chains, a hold's recorded resolution applied, and the transfer's state written after its entries.
 * Every step is keyed by a deterministic effect id, so a caller, a restarted process and the recovery worker may
 * drive the same transfer at once and each step happens once.
 */
import type { Account, AccountId } from './accounts';
import type { Chains } from './chains';
import { recipientRefusal, type StoredEntry } from './entries';
import type { LedgerStore } from './ledgerStore';
import { transferFacts, type TransferOutcome } from './transferFacts';
import type { TransferRefusal, TransferResult } from './transferResults';
import {
  effectIds,
  isLeftoverSweep,
  type Confirmation,
  type ResolutionOutcome,
  type Transfer,
  type TransferState,
} from './transfers';

/**
 * The driving half of the Ledger, which extends it: the steps that finish a recorded transfer, sharing the
 * Ledger's store, clock, chains and account cache.
 */
export abstract class TransferDriver {
  constructor(
    readonly store: LedgerStore,
    protected readonly clock: () => Date,
    protected readonly chains: Chains,
  ) {}

  /** An account's configuration (the Ledger serves it from a short-lived cache). */
  protected abstract account(id: AccountId): Promise<Account | null>;

  /**
   * Finishes a recorded transfer from wherever it stopped. Every step is keyed by a deterministic effect id,
   * so running this twice, concurrently or after a crash, does each step once.
   */
  async drive(transfer: Transfer): Promise<TransferResult> {
    if (transfer.state === 'posted' || transfer.state === 'voided' || transfer.state === 'expired') {
      return { ok: true, transfer };
    }
    if (transfer.state === 'rejected') return { ok: false, reason: transfer.reason as TransferRefusal, transfer };
    if (transfer.state === 'needs_review') {
      // Waiting for a person, unless the hold was resolved meanwhile: then the resolution stands.
      if (await this.store.getResolution(transfer._id)) return this.applyResolution(transfer);
      return { ok: true, transfer };
    }
    return transfer.mode === 'single' ? this.driveSingle(transfer) : this.drivePending(transfer);
  }

  /**
   * Rejects a transfer that was recorded but whose debit was never decided, past its maximum age: the caller has
   * long been told it failed or gave up. A debit already decided is never rolled back: it is finished instead.
   */
  async abandonUndecided(transfer: Transfer): Promise<TransferResult> {
    const rejection: StoredEntry = {
      _id: effectIds.debit(transfer._id),
      chainKey: effectIds.debit(transfer._id),
      account: transfer.debit,
      transferId: transfer._id,
      side: 'debit',
      amount: transfer.total,
      rejected: 'STALE',
      at: this.clock(),
    };
    await this.store.insertEntry(rejection);
    return this.drive(transfer);
  }

  /** The transfer's debit on the paying account (moved, or held): the decision that can refuse it. */
  private openDebit(transfer: Transfer, phase: 'posted' | 'pending'): Promise<StoredEntry> {
    return this.appendTo(transfer.debit, transfer, {
      id: effectIds.debit(transfer._id),
      side: 'debit',
      phase,
      amount: transfer.total,
      sweepsClosed: isLeftoverSweep(transfer._id, transfer.debit),
      facts: transferFacts(transfer, transfer.debit)!,
    });
  }

  /** One credit leg of the transfer (moved, or held); a capped wallet may refuse it. */
  private openCredit(transfer: Transfer, leg: number, phase: 'posted' | 'pending'): Promise<StoredEntry> {
    const credit = transfer.credits[leg]!;
    const facts = transferFacts(transfer, credit.account);
    return this.appendTo(credit.account, transfer, {
      id: effectIds.credit(transfer._id, leg),
      side: 'credit',
      phase,
      amount: credit.amount,
      // A transfer crediting one account in several legs opens there once, at the first.
      ...(facts?.leg === leg ? { facts } : {}),
    });
  }

  private async driveSingle(transfer: Transfer): Promise<TransferResult> {
    const debit = await this.openDebit(transfer, 'posted');
    if (debit.rejected) return this.finish(transfer, 'rejected', debit.rejected);

    const credit = (leg: number) => this.openCredit(transfer, leg, 'posted');
    // Only the first leg can be refused (validate() puts the one capped account, a wallet, there): it goes first,
    // and the others, which cannot be refused, go together, saving a round trip each.
    const first = await credit(0);
    if (first.rejected) {
      // The recipient may not hold more, or its wallet is closed. The debit is recorded and is never rolled back:
      // the whole total goes back to the payer, and the transfer fails.
      await this.appendTo(transfer.debit, transfer, {
        id: effectIds.giveBack(transfer._id),
        side: 'credit',
        phase: 'posted',
        amount: transfer.total,
        returnsMoney: true,
        outcome: { state: 'rejected', reason: recipientRefusal(first.rejected) },
      });
      return this.finish(transfer, 'rejected', recipientRefusal(first.rejected));
    }
    await Promise.all(transfer.credits.slice(1).map((_, index) => credit(index + 1)));
    return this.finish(transfer, 'posted', null);
  }

  private async drivePending(transfer: Transfer): Promise<TransferResult> {
    const hold = await this.openDebit(transfer, 'pending');
    if (hold.rejected) return this.finish(transfer, 'rejected', hold.rejected);

    for (let leg = 0; leg < transfer.credits.length; leg += 1) {
      const credit = await this.openCredit(transfer, leg, 'pending');
      if (credit.rejected) {
        // Nothing moved yet: release what was held, and the transfer fails with the recipient's reason.
        await this.store.insertResolution({ _id: transfer._id, outcome: 'voided', at: this.clock() });
        await this.applyResolutionEntries(transfer);
        return this.finish(transfer, 'rejected', recipientRefusal(credit.rejected));
      }
    }
    const resolution = await this.store.getResolution(transfer._id);
    if (resolution) return this.applyResolution(transfer);
    return this.finish(transfer, 'held', null);
  }

  protected async resolve(
    transferId: string,
    wanted: 'posted' | 'voided',
    confirmedBy: Confirmation | undefined,
  ): Promise<TransferResult> {
    const transfer = await this.store.getTransfer(transferId);
    if (!transfer) return { ok: false, reason: 'NOT_FOUND' };
    if (transfer.mode !== 'pending') return { ok: false, reason: 'NOT_PENDING', transfer };
    const held = await this.drive(transfer);
    if (!held.ok) return held;
    const state = held.transfer.state;
    if (state === 'needs_review' && !confirmedBy) return { ok: false, reason: 'IN_REVIEW', transfer: held.transfer };
    if (state !== 'held' && state !== 'needs_review') {
      return state === (wanted === 'posted' ? 'posted' : 'voided')
        ? held
        : { ok: false, reason: 'ALREADY_RESOLVED', transfer: held.transfer };
    }
    const now = this.clock();
    const expired = transfer.expiresAt !== null && now.getTime() > transfer.expiresAt.getTime();
    let outcome: ResolutionOutcome = wanted;
    if (expired && !confirmedBy) {
      // Money that may have moved outside the ledger is never released by the clock: refused, still held.
      if (wanted === 'posted' && transfer.onExpiry === 'review') {
        return { ok: false, reason: 'EXPIRED', transfer: held.transfer };
      }
      // Past its expiry a hold can only be released: recording 'expired' first makes a late post lose the race.
      outcome = 'expired';
    }
    await this.store.insertResolution({ _id: transferId, outcome, at: now, ...(confirmedBy ? { confirmedBy } : {}) });
    const result = await this.applyResolution(transfer);
    if (!result.ok) return result;
    if (result.transfer.state === wanted) return result;
    if (result.transfer.state === 'expired') return { ok: false, reason: 'EXPIRED', transfer: result.transfer };
    return { ok: false, reason: 'ALREADY_RESOLVED', transfer: result.transfer };
  }

  /** Applies the recorded resolution of a held transfer to each of its accounts. */
  async applyResolution(transfer: Transfer): Promise<TransferResult> {
    const outcome = await this.applyResolutionEntries(transfer);
    return this.finish(transfer, outcome.state, outcome.reason);
  }

  /**
   * Appends the resolve entries of a held transfer's recorded resolution; returns how the transfer ended. A hold
   * voided because a recipient refused its credit ended as a rejection, not a plain void.
   */
  private async applyResolutionEntries(transfer: Transfer): Promise<TransferOutcome> {
    const resolution = await this.store.getResolution(transfer._id);
    if (!resolution) throw new Error(`transfer ${transfer._id} has no resolution to apply`);
    const phase = resolution.outcome === 'posted' ? 'post' : 'void';
    const hold = await this.store.getEntry(effectIds.debit(transfer._id));
    const creditHolds = [];
    for (const leg of transfer.credits.keys())
      creditHolds.push(await this.store.getEntry(effectIds.credit(transfer._id, leg)));
    const refused = resolution.outcome === 'voided' ? creditHolds[0]?.rejected : undefined;
    const outcome: TransferOutcome = refused
      ? { state: 'rejected', reason: recipientRefusal(refused) }
      : { state: resolution.outcome, reason: null };
    if (hold && !hold.rejected) {
      await this.appendTo(transfer.debit, transfer, {
        id: effectIds.resolveDebit(transfer._id),
        side: 'debit',
        phase,
        amount: transfer.total,
        lane: hold.lane,
        heldOnDay: hold.spending?.day ?? null,
        outcome,
      });
    }
    for (const [leg, credit] of transfer.credits.entries()) {
      const creditHold = creditHolds[leg];
      if (!creditHold || creditHold.rejected) continue;
      await this.appendTo(credit.account, transfer, {
        id: effectIds.resolveCredit(transfer._id, leg),
        side: 'credit',
        phase,
        amount: credit.amount,
        lane: creditHold.lane,
        outcome,
      });
    }
    return outcome;
  }

  private async appendTo(
    accountId: AccountId,
    transfer: Transfer,
    effect: Omit<Parameters<Chains['append']>[1], 'transferId'>,
  ): Promise<StoredEntry> {
    const account = await this.account(accountId);
    if (!account) throw new Error(`transfer ${transfer._id} touches unknown account ${accountId}`);
    return this.chains.append(account, { ...effect, transferId: transfer._id }, this.clock());
  }

  private async finish(transfer: Transfer, state: TransferState, reason: string | null): Promise<TransferResult> {
    const at = this.clock();
    // A single transfer's state is what its entries say (singleTransferState.ts): nothing more to write.
    if (transfer.mode === 'pending' && (transfer.state !== state || transfer.reason !== reason)) {
      await this.store.setTransferState(transfer._id, state, reason, at);
    }
    const updated: Transfer = { ...transfer, state, reason, updatedAt: at };
    if (state === 'rejected') return { ok: false, reason: reason as TransferRefusal, transfer: updated };
    return { ok: true, transfer: updated };
  }
}
