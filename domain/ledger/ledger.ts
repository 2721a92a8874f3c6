/**
 * The wallet ledger: transfers between accounts that never create, lose or double-move a franc, on a store that
 * has no transactions (see docs/ledger.md). Every operation is idempotent under its transfer id, so a caller, a
 * restarted process or the recovery worker can drive the same transfer again and only finish what is missing.
 */
import { isFrancs, MAX_AMOUNT } from '../money';
import {
  accountIds,
  decidesCredits,
  newAccount,
  type Account,
  type AccountId,
  type AccountStatus,
  type AccountType,
} from './accounts';
import { Chains } from './chains';
import {
  addCounters,
  available,
  chainName,
  PAGE_SIZE,
  recipientRefusal,
  ZERO_COUNTERS,
  type Counters,
  type Entry,
  type RejectReason,
  type StatusRejection,
  type StoredEntry,
} from './entries';
import type { KycTier } from './kyc';
import { LATE_RECORD_MS } from './singleTransferState';
import type { LedgerStore } from './store';
import {
  effectIds,
  FINAL_STATES,
  isLeftoverSweep,
  leftoverTransferId,
  newTransfer,
  requestHash,
  type Confirmation,
  type ResolutionOutcome,
  type Transfer,
  type TransferRequest,
  type TransferState,
} from './transfers';

/** Bad input: refused before anything is written, so the same id may be used again with good input. */
export type InputRefusal =
  | 'INVALID_ID'
  | 'INVALID_AMOUNT'
  | 'NO_CREDITS'
  | 'SAME_ACCOUNT'
  | 'ACCOUNT_NOT_FOUND'
  | 'ACCOUNT_CLOSED'
  | 'ACCOUNT_FROZEN'
  | 'INVALID_EXPIRY'
  | 'TOO_MANY_LIMITED_CREDITS';

/** Why a transfer did not do what was asked. Business refusals are recorded and stay refused under that id. */
export type TransferRefusal =
  | InputRefusal
  | RejectReason
  | 'RECIPIENT_LIMIT_BALANCE'
  | 'CONFLICT'
  | 'NOT_FOUND'
  | 'NOT_PENDING'
  | 'EXPIRED'
  | 'ALREADY_RESOLVED'
  /** The hold waits for a person: only a confirmed outcome resolves it. */
  | 'IN_REVIEW'
  | 'STALE'
  | 'NOT_REFUNDABLE'
  | 'REFUND_OUT_OF_ORDER'
  | 'REFUND_EXCEEDS_ORIGINAL';

export interface ResolveOptions {
  /** Who confirmed this outcome (the rail, a person deciding a review): it then stands past the hold's expiry. */
  confirmedBy?: Confirmation;
}

export type TransferResult =
  { ok: true; transfer: Transfer } | { ok: false; reason: TransferRefusal; transfer?: Transfer };

export interface Balance {
  /** What the account can spend now. */
  available: number;
  /** Debits held by pending transfers (withdrawals in flight). */
  held: number;
  /** Credits pending in its favour (top-ups not yet confirmed). */
  incoming: number;
  counters: Counters;
}

export interface LedgerOptions {
  store: LedgerStore;
  clock?: () => Date;
  /**
   * How long an account's configuration may be served from memory (its type, tier and lanes; a status copy
   * that only previews). Reading it per transfer would cost a collection scan on FerretDB v1 (BENCHMARKS.md).
   * An account's status is decided on its chain, never from this cache (see setAccountStatus).
   */
  accountCacheMs?: number;
}

const TRANSFER_ID = /^[A-Za-z0-9:_\-.]{1,200}$/;

export class Ledger {
  readonly store: LedgerStore;
  private readonly clock: () => Date;
  private readonly chains: Chains;
  private readonly accountCacheMs: number;
  private readonly accounts = new Map<AccountId, { account: Account; until: number }>();

  constructor(options: LedgerOptions) {
    this.store = options.store;
    this.clock = options.clock ?? (() => new Date());
    this.chains = new Chains(options.store);
    this.accountCacheMs = options.accountCacheMs ?? 30_000;
  }

  /** Opens an account, or returns the existing one under that id (idempotent). */
  async openAccount(
    id: AccountId,
    type: AccountType,
    options: { ownerId?: string; kycTier?: KycTier } = {},
  ): Promise<Account> {
    await this.store.insertAccount(newAccount(id, type, { ...options, at: this.clock() }));
    const account = await this.store.getAccount(id);
    if (!account) throw new Error(`account ${id} vanished after insert`);
    return account;
  }

  /**
   * Changes an account's status as part of the ledger's decisions, not as configuration a process may have
   * cached: the change is an entry that takes the next slot of the account's lane-0 chain, where every debit (and
   * every credit of a wallet) is decided. A transfer that read the chain before the change loses the slot race,
   * reads the change, and is refused; one that took the slot first is seen by the change. So once a wallet is
   * closed no process can post money into it or out of it, whatever its cache says. Closing needs an empty
   * account (nothing available, held or incoming), judged on the same head: NOT_EMPTY otherwise. The stored
   * configuration's status is written after, as a copy for previews and reports.
   *
   * Credits to a merchant or system account land on its other lanes, not ordered against lane 0: for those a
   * closed status is read from the configuration, and the refusal recorded (see transfer). No flow closes them.
   */
  async setAccountStatus(
    id: AccountId,
    status: AccountStatus,
    options: { onlyFrom?: AccountStatus } = {},
  ): Promise<
    { ok: true; changed: boolean; status: AccountStatus } | { ok: false; reason: 'NOT_EMPTY' | 'ACCOUNT_NOT_FOUND' }
  > {
    const account = await this.store.getAccount(id);
    if (!account) return { ok: false, reason: 'ACCOUNT_NOT_FOUND' };
    const result = await this.chains.changeStatus(account, status, this.clock(), options.onlyFrom);
    if (result.ok && account.status !== result.status) await this.store.updateAccount(id, { status: result.status });
    this.accounts.delete(id);
    return result;
  }

  /**
   * Opens a closed wallet again for the number's next owner (a frozen or active one is left as it is). Money that
   * came back into it after it was closed (a payment its previous owner made just before leaving, refused by its
   * recipient and given back) is not the next owner's: it goes to the suspense account first, for the operators
   * to return, by a transfer named after the wallet's head (leftoverTransferId), so racing reopeners move it once.
   */
  async reopen(
    id: AccountId,
  ): Promise<
    { ok: true; changed: boolean; status: AccountStatus } | { ok: false; reason: 'NOT_EMPTY' | 'ACCOUNT_NOT_FOUND' }
  > {
    for (let round = 0; ; round += 1) {
      const reopened = await this.setAccountStatus(id, 'active', { onlyFrom: 'closed' });
      if (reopened.ok || reopened.reason !== 'NOT_EMPTY' || round === 5) return reopened;
      const account = await this.store.getAccount(id);
      if (!account) return { ok: false, reason: 'ACCOUNT_NOT_FOUND' };
      const [head] = await this.chains.freshHeads({ ...account, lanes: 1 });
      const leftover = head ? available(head.counters) : 0;
      if (!head || leftover <= 0) continue;
      await this.transfer({
        id: leftoverTransferId(id, head.seq),
        kind: 'payout',
        debit: id,
        credits: [{ account: accountIds.suspense, amount: leftover }],
        mode: 'single',
        memo: 'given back after the wallet was closed',
      });
    }
  }

  /** The status an account's chain decides with now (active, frozen or closed), read through to the store. */
  async accountStatus(id: AccountId): Promise<AccountStatus | null> {
    const account = await this.store.getAccount(id);
    if (!account) return null;
    return (await this.chains.freshHeads({ ...account, lanes: 1 }))[0]!.status;
  }

  async setKycTier(id: AccountId, kycTier: KycTier): Promise<void> {
    await this.store.updateAccount(id, { kycTier });
    this.accounts.delete(id);
  }

  /** Records and executes a transfer, or continues the one already recorded under this id. */
  async transfer(request: TransferRequest): Promise<TransferResult> {
    const now = this.clock();
    const refusal = await this.validate(request, now);
    // Read from a configuration this process may have cached: recorded, so every process answers the same.
    if (refusal === 'ACCOUNT_CLOSED') return this.refuseForGood(request, now, refusal);
    if (refusal) {
      // A retry of a recorded transfer gets what was recorded, even if its input would be refused today (its
      // expiry passed, an account was frozen since): telling it "failed" could make the caller pay again.
      const recorded = refusal === 'INVALID_ID' ? null : await this.store.getTransfer(request.id);
      return recorded ? this.continueRecorded(recorded, request) : { ok: false, reason: refusal };
    }
    const fresh = newTransfer(request, now);
    if ((await this.store.insertTransfer(fresh)) === 'inserted') {
      if (fresh.mode === 'single' && this.clock().getTime() - now.getTime() > LATE_RECORD_MS) {
        // Stored so late that recovery's checkpoint may have passed it: mark it open so recovery finds it anyway.
        await this.store.setTransferState(fresh._id, 'received', null, this.clock());
      }
      return this.drive(fresh);
    }
    const existing = await this.store.getTransfer(request.id);
    if (!existing) throw new Error(`transfer ${request.id} reported as duplicate but not found`);
    // Recording a pending transfer again re-opened it; if it was finished, close it at once for recovery.
    if (existing.mode === 'pending' && isFinal(existing.state)) {
      await this.store.setTransferState(existing._id, existing.state, existing.reason, this.clock());
    }
    return this.continueRecorded(existing, request);
  }

  /**
   * Records the transfer as refused before anything was decided: a refused debit under the debit's effect id. If
   * another process decided that debit first (its cache said otherwise), its decision stands and is finished
   * instead; either way every driver of this id gets one answer, so a caller told "refused" may safely pay again
   * under a new id.
   */
  private async refuseForGood(request: TransferRequest, now: Date, reason: StatusRejection): Promise<TransferResult> {
    const fresh = newTransfer(request, now);
    if ((await this.store.insertTransfer(fresh)) === 'duplicate') {
      const existing = await this.store.getTransfer(request.id);
      if (!existing) throw new Error(`transfer ${request.id} reported as duplicate but not found`);
      return this.continueRecorded(existing, request);
    }
    const debitId = effectIds.debit(fresh._id);
    await this.store.insertEntry({
      _id: debitId,
      chainKey: debitId,
      account: fresh.debit,
      transferId: fresh._id,
      side: 'debit',
      amount: fresh.total,
      rejected: reason,
      at: now,
    });
    return this.drive(fresh);
  }

  private continueRecorded(existing: Transfer, request: TransferRequest): Promise<TransferResult> {
    if (existing.requestHash !== requestHash(request)) {
      return Promise.resolve({ ok: false, reason: 'CONFLICT', transfer: existing });
    }
    return this.drive(existing);
  }

  /**
   * Posts a pending transfer: the held money moves. Past its expiry (on this ledger's clock, the only one that
   * decides) an unconfirmed post is refused EXPIRED: a hold that releases on expiry is released at once, one
   * reviewed on expiry stays held for its caller to send to review. A confirmed post stands past the expiry and
   * also resolves a hold in review.
   */
  async post(transferId: string, options: ResolveOptions = {}): Promise<TransferResult> {
    return this.resolve(transferId, 'posted', options.confirmedBy);
  }

  /** Voids a pending transfer: the held money is released. A hold in review needs a confirmed void. */
  async void(transferId: string, options: ResolveOptions = {}): Promise<TransferResult> {
    return this.resolve(transferId, 'voided', options.confirmedBy);
  }

  /**
   * Hands a held transfer to a person: its outcome outside the ledger is unknown at its horizon, or came after its
   * expiry. Nothing moves. A resolution recorded meanwhile (elsewhere) stands instead, and is applied.
   */
  async sendToReview(transferId: string, reason: string): Promise<TransferResult> {
    const transfer = await this.store.getTransfer(transferId);
    if (!transfer) return { ok: false, reason: 'NOT_FOUND' };
    if (transfer.mode !== 'pending') return { ok: false, reason: 'NOT_PENDING', transfer };
    const current = await this.drive(transfer);
    if (!current.ok || current.transfer.state !== 'held') return current;
    await this.store.setTransferState(transferId, 'needs_review', reason, this.clock());
    // Someone may have resolved the hold while it was being sent: that resolution stands, not the review.
    if (await this.store.getResolution(transferId)) return this.applyResolution(transfer);
    return { ok: true, transfer: { ...current.transfer, state: 'needs_review', reason, updatedAt: this.clock() } };
  }

  /**
   * Refunds a posted transfer, wholly or in part, as a new transfer `refund:<original>:<n>` from its recipient
   * (first credit leg) back to its payer; the original is never edited. Refund n needs refunds 1..n-1 settled,
   * and all of them together never exceed the amount the recipient got. Fees are not refunded.
   */
  async refund(originalId: string, n: number, amount?: number): Promise<TransferResult> {
    const original = await this.store.getTransfer(originalId);
    if (!original) return { ok: false, reason: 'NOT_FOUND' };
    const payee = original.credits[0];
    if (original.state !== 'posted' || original.kind === 'refund' || !payee || !Number.isSafeInteger(n) || n < 1) {
      return { ok: false, reason: 'NOT_REFUNDABLE', transfer: original };
    }
    let refunded = 0;
    for (let earlier = 1; earlier < n; earlier += 1) {
      const previous = await this.store.getTransfer(refundId(originalId, earlier));
      if (!previous || (previous.state !== 'posted' && previous.state !== 'rejected')) {
        return { ok: false, reason: 'REFUND_OUT_OF_ORDER', transfer: original };
      }
      if (previous.state === 'posted') refunded += previous.total;
    }
    const value = amount ?? payee.amount - refunded;
    const id = refundId(originalId, n);
    if (value > payee.amount - refunded && !(await this.store.getTransfer(id))) {
      return { ok: false, reason: 'REFUND_EXCEEDS_ORIGINAL', transfer: original };
    }
    return this.transfer({
      id,
      kind: 'refund',
      debit: payee.account,
      credits: [{ account: original.debit, amount: value }],
      mode: 'single',
      refundOf: originalId,
    });
  }

  async getTransfer(transferId: string): Promise<Transfer | null> {
    return this.store.getTransfer(transferId);
  }

  /** The account's balance from the heads of its chains, read through to the store. */
  async balance(accountId: AccountId): Promise<Balance> {
    const account = await this.account(accountId);
    if (!account) throw new Error(`unknown account ${accountId}`);
    const counters = (await this.chains.freshHeads(account)).reduce(
      (sum, head) => addCounters(sum, head.counters),
      ZERO_COUNTERS,
    );
    return {
      available: available(counters),
      held: counters.debitsPending,
      incoming: counters.creditsPending,
      counters,
    };
  }

  /**
   * The account's entries, newest first, a page at a time. Reads only the pages of its chains it returns (by
   * equality on chain and page), never the whole history. `cursor` is the `next` of the previous page.
   */
  async history(accountId: AccountId, options: { limit?: number; cursor?: string } = {}): Promise<HistoryPage> {
    const limit = Math.min(Math.max(options.limit ?? 20, 1), 100);
    const account = await this.account(accountId);
    if (!account) throw new Error(`unknown account ${accountId}`);
    const bounds = options.cursor
      ? decodeCursor(options.cursor, account.lanes)
      : (await this.chains.freshHeads(account)).map((head) => head.seq + 1);
    const candidates: Entry[] = [];
    for (let lane = 0; lane < account.lanes; lane += 1) {
      const below = bounds[lane]!;
      const chain = chainName(accountId, lane);
      const found: Entry[] = [];
      for (let page = Math.floor((below - 1) / PAGE_SIZE); page >= 0 && found.length < limit; page -= 1) {
        for (const e of await this.store.getChainPage(chain, page)) if (!e.rejected && e.seq < below) found.push(e);
      }
      candidates.push(...found.sort((a, b) => b.seq - a.seq).slice(0, limit));
    }
    candidates.sort((a, b) => b.at.getTime() - a.at.getTime() || a.lane - b.lane || b.seq - a.seq);
    const entries = candidates.slice(0, limit);
    const next = [...bounds];
    for (const e of entries) next[e.lane] = Math.min(next[e.lane]!, e.seq);
    const more = next.some((bound) => bound > 1);
    return { entries, next: more && entries.length > 0 ? encodeCursor(next) : null };
  }

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
    });
  }

  /** One credit leg of the transfer (moved, or held); a capped wallet may refuse it. */
  private openCredit(transfer: Transfer, leg: number, phase: 'posted' | 'pending'): Promise<StoredEntry> {
    const credit = transfer.credits[leg]!;
    return this.appendTo(credit.account, transfer, {
      id: effectIds.credit(transfer._id, leg),
      side: 'credit',
      phase,
      amount: credit.amount,
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

  private async resolve(
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
    if (outcome === 'voided' && transfer.credits.length > 0) {
      // A hold voided because a recipient refused its credit ended as a rejection, not a plain void.
      const refused = await this.store.getEntry(effectIds.credit(transfer._id, 0));
      if (refused?.rejected) return this.finish(transfer, 'rejected', recipientRefusal(refused.rejected));
    }
    return this.finish(transfer, outcome, null);
  }

  /** Appends the resolve entries of a held transfer's recorded resolution; returns the outcome. */
  private async applyResolutionEntries(transfer: Transfer): Promise<ResolutionOutcome> {
    const resolution = await this.store.getResolution(transfer._id);
    if (!resolution) throw new Error(`transfer ${transfer._id} has no resolution to apply`);
    const phase = resolution.outcome === 'posted' ? 'post' : 'void';
    const hold = await this.store.getEntry(effectIds.debit(transfer._id));
    if (hold && !hold.rejected) {
      await this.appendTo(transfer.debit, transfer, {
        id: effectIds.resolveDebit(transfer._id),
        side: 'debit',
        phase,
        amount: transfer.total,
        lane: hold.lane,
        heldOnDay: hold.spending?.day ?? null,
      });
    }
    for (const [leg, credit] of transfer.credits.entries()) {
      const creditHold = await this.store.getEntry(effectIds.credit(transfer._id, leg));
      if (!creditHold || creditHold.rejected) continue;
      await this.appendTo(credit.account, transfer, {
        id: effectIds.resolveCredit(transfer._id, leg),
        side: 'credit',
        phase,
        amount: credit.amount,
        lane: creditHold.lane,
      });
    }
    return resolution.outcome;
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

  private async validate(r: TransferRequest, now: Date): Promise<InputRefusal | null> {
    if (typeof r.id !== 'string' || !TRANSFER_ID.test(r.id)) return 'INVALID_ID';
    if (!Array.isArray(r.credits) || r.credits.length === 0) return 'NO_CREDITS';
    let total = 0;
    for (const leg of r.credits) {
      if (!isFrancs(leg.amount) || leg.amount <= 0) return 'INVALID_AMOUNT';
      total += leg.amount;
    }
    if (total > MAX_AMOUNT) return 'INVALID_AMOUNT';
    if (r.credits.some((leg) => leg.account === r.debit)) return 'SAME_ACCOUNT';
    // Only the suspense account may receive what a closed wallet is swept of (see reopen).
    const sweep = isLeftoverSweep(r.id, r.debit);
    if (sweep && (r.credits.length !== 1 || r.credits[0]!.account !== accountIds.suspense)) return 'INVALID_ID';
    if (r.mode === 'pending' && (!r.expiresAt || r.expiresAt.getTime() <= now.getTime())) return 'INVALID_EXPIRY';
    if (r.mode === 'single' && (r.expiresAt || r.onExpiry)) return 'INVALID_EXPIRY';
    // A rail's hold is never released by the clock (the rail may have moved the money).
    if (r.rail && r.onExpiry === 'release') return 'INVALID_EXPIRY';

    // The payer's status is decided on its chain with the debit (setAccountStatus), never from this cache.
    const debit = await this.account(r.debit);
    if (!debit) return 'ACCOUNT_NOT_FOUND';
    let limited = 0;
    for (const [leg, credit] of r.credits.entries()) {
      const account = await this.account(credit.account);
      if (!account) return 'ACCOUNT_NOT_FOUND';
      // A wallet's credits are decided on its chain, status included; others land off lane 0 (setAccountStatus).
      if (!decidesCredits(account) && account.status === 'closed') return 'ACCOUNT_CLOSED';
      if (decidesCredits(account)) {
        limited += 1;
        // A refused capped credit gives back everything after it: so it must come first, and be alone.
        if (leg !== 0 || limited > 1) return 'TOO_MANY_LIMITED_CREDITS';
      }
    }
    return null;
  }

  private async account(id: AccountId): Promise<Account | null> {
    const cached = this.accounts.get(id);
    const now = Date.now();
    if (cached && cached.until > now) return cached.account;
    const account = await this.store.getAccount(id);
    if (account) this.accounts.set(id, { account, until: now + this.accountCacheMs });
    return account;
  }
}

export function refundId(originalId: string, n: number): string {
  return `refund:${originalId}:${n}`;
}

export interface HistoryPage {
  entries: Entry[];
  /** Pass as `cursor` for the next (older) page; null when there is none. */
  next: string | null;
}

/** A cursor is, per lane, the seq below which the next page starts. Opaque to callers. */
function encodeCursor(bounds: number[]): string {
  return Buffer.from(JSON.stringify(bounds)).toString('base64url');
}

function decodeCursor(cursor: string, lanes: number): number[] {
  try {
    const bounds: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    if (Array.isArray(bounds) && bounds.length === lanes && bounds.every((b) => Number.isSafeInteger(b) && b >= 1)) {
      return bounds as number[];
    }
  } catch {
    // fall through: a cursor that does not parse is refused like any malformed one
  }
  throw new RangeError('invalid history cursor');
}

export function isFinal(state: TransferState): boolean {
  return FINAL_STATES.has(state);
}
