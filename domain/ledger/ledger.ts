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
import { accountHeadOf, type AccountHead } from './accountHead';
import { Chains } from './chains';
import { available, chainName, PAGE_SIZE, type Counters, type Entry, type StatusRejection } from './entries';
import type { KycTier } from './kyc';
import { LATE_RECORD_MS } from './singleTransferState';
import type { LedgerStore } from './ledgerStore';
import {
  effectIds,
  isLeftoverSweep,
  leftoverTransferId,
  isFinal,
  newTransfer,
  refundId,
  requestHash,
  type Transfer,
  type TransferRequest,
} from './transfers';
import { TransferDriver } from './transferDriver';
import { decodeCursor, encodeCursor, type HistoryPage } from './historyPage';
import type { InputRefusal, ResolveOptions, TransferResult } from './transferResults';

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

/**
 * The ledger's operations: accounts, transfers and their resolutions, balances and histories. Driving a recorded
 * transfer through its entries is TransferDriver's, which this class extends.
 */
export class Ledger extends TransferDriver {
  private readonly accountCacheMs: number;
  private readonly accounts = new Map<AccountId, { account: Account; readAt: number }>();

  constructor(options: LedgerOptions) {
    super(options.store, options.clock ?? (() => new Date()), new Chains(options.store));
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
    const head = await this.head(accountId);
    if (!head) throw new Error(`unknown account ${accountId}`);
    return { available: head.available, held: head.held, incoming: head.incoming, counters: head.counters };
  }

  /**
   * The account's entries, newest first, a page at a time. Reads only the pages of its chains it returns (by
   * equality on chain and page), never the whole history. `cursor` is the `next` of the previous page.
   */
  async history(accountId: AccountId, options: { limit?: number; cursor?: string } = {}): Promise<HistoryPage> {
    const limit = Math.min(Math.max(options.limit ?? 20, 1), 100);
    const account = await this.openedAccount(accountId);
    if (!account) throw new Error(`unknown account ${accountId}`);
    // From the newest end, finding each lane's head reads its last page, which the history then starts with.
    const heads = options.cursor ? null : await this.chains.freshHeadsWithPages(account);
    const bounds = heads ? heads.map(({ head }) => head.seq + 1) : decodeCursor(options.cursor!, account.lanes);
    const candidates: Entry[] = [];
    for (let lane = 0; lane < account.lanes; lane += 1) {
      const below = bounds[lane]!;
      const chain = chainName(accountId, lane);
      const found: Entry[] = [];
      for (let page = Math.floor((below - 1) / PAGE_SIZE); page >= 0 && found.length < limit; page -= 1) {
        const read = heads?.[lane]!.pages.get(page) ?? (await this.store.getChainPage(chain, page));
        for (const e of read) if (!e.rejected && e.seq < below) found.push(e);
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

  protected async account(id: AccountId, maxAgeMs = this.accountCacheMs): Promise<Account | null> {
    const cached = this.accounts.get(id);
    const now = Date.now();
    if (cached && now - cached.readAt < maxAgeMs) return cached.account;
    const account = await this.store.getAccount(id);
    if (account) {
      // Oldest first in a Map: past the bound, forget the account read longest ago.
      this.accounts.delete(id);
      this.accounts.set(id, { account, readAt: now });
      if (this.accounts.size > ACCOUNTS_CACHED) this.accounts.delete(this.accounts.keys().next().value!);
    }
    return account;
  }

  /**
   * The account's head (balance, status, spending) from its chains' heads: one point read per lane once this
   * process knows the lane's head. Null for an unknown account. For screens; payments are decided on the chain.
   */
  async head(accountId: AccountId): Promise<AccountHead | null> {
    const account = await this.openedAccount(accountId);
    if (!account) return null;
    return accountHeadOf(account, await this.chains.freshHeads(account));
  }

  /**
   * The account's configuration as this process read it within the last few minutes: what never changes once it
   * is opened (type, owner, lanes) and what previews may show a little late (its tier). Reading it on every screen
   * would cost a collection scan on FerretDB v1; decisions use the shorter-lived copy, and status the chain.
   */
  async openedAccount(id: AccountId): Promise<Account | null> {
    return this.account(id, Math.max(this.accountCacheMs, OPENED_ACCOUNT_CACHE_MS));
  }
}

/** How long a screen may show an account's tier after another process changed it. */
const OPENED_ACCOUNT_CACHE_MS = 600_000;
/** Enough for every active person of a town in one process; an account read again costs one point read. */
const ACCOUNTS_CACHED = 200_000;
