/**
 * Appending decisions to account chains: the one primitive of the ledger (docs/ledger.md).
 *
 * To append, read the chain's head, decide against it, and insert the next entry at `<chain>#<seq+1>`.
 * The unique index on that slot decides every race, on MongoDB and on FerretDB alike:
 * - inserted: the decision is made;
 * - duplicate and the effect's id exists: it was decided before (a retry); return that decision;
 * - duplicate and it does not: another writer took the slot; re-read the head and decide again.
 *
 * Heads are cached in memory; a stale cache only costs a failed insert and a re-read. Within one process,
 * appends to one chain queue behind each other so they do not waste inserts racing for the same slot.
 */
import { decidesCredits, decidesDebits, type Account, type AccountStatus } from './accounts';
import {
  chainKey,
  chainName,
  decide,
  decideStatusChange,
  EMPTY_HEAD,
  headOf,
  PAGE_SIZE,
  type ChainHead,
  type Entry,
  type Phase,
  type RejectionEntry,
  type Side,
  type StoredEntry,
  statusEntryId,
} from './entries';
import type { LedgerStore } from './store';

/** The effect to append: one side of one transfer on one account. */
export interface Effect {
  id: string;
  transferId: string;
  side: Side;
  phase: Phase;
  amount: number;
  /** Resolutions (post, void) go on the lane of the hold they resolve. */
  lane?: number;
  /** The day the resolved hold was counted in (wallet daily limits give a voided hold back). */
  heldOnDay?: string | null;
  /** Money going back to its payer; never refused. */
  returnsMoney?: boolean;
  /** The sweep of a closed wallet's leftover to suspense (transfers.ts, isLeftoverSweep): its status allows it. */
  sweepsClosed?: boolean;
}

/** Raised when a chain stays contended past the retry budget; the caller may retry the whole operation. */
export class ChainContentionError extends Error {
  constructor(readonly chain: string) {
    super(`chain ${chain} stayed contended; try again`);
  }
}

const MAX_ATTEMPTS = 50;

export class Chains {
  private readonly heads = new Map<string, ChainHead>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly queueLengths = new Map<string, number>();

  constructor(private readonly store: LedgerStore) {}

  /** Appends the effect once, or returns the decision already recorded under its id. */
  async append(account: Account, effect: Effect, at: Date): Promise<StoredEntry> {
    const lane = effect.lane ?? this.pickLane(account, effect);
    const chain = chainName(account._id, lane);
    return this.queued(chain, () => this.appendNow(account, lane, chain, effect, at));
  }

  /** The exact head of every lane of the account, read through to the store. */
  async freshHeads(account: Account): Promise<ChainHead[]> {
    const heads: ChainHead[] = [];
    for (let lane = 0; lane < account.lanes; lane += 1) heads.push(await this.refresh(chainName(account._id, lane)));
    return heads;
  }

  /** Decided effects must be judged against one chain holding everything that limits them: lane 0. */
  private pickLane(account: Account, effect: Effect): number {
    const decided = effect.side === 'debit' ? decidesDebits(account) : decidesCredits(account);
    if (account.lanes === 1 || decided) return 0;
    // Credits to a merchant stay off lane 0, where its debits are decided; a system account uses every lane.
    const first = decidesDebits(account) ? 1 : 0;
    let best = first;
    let bestLength = Infinity;
    const start = first + Math.floor(Math.random() * (account.lanes - first));
    for (let i = 0; i < account.lanes - first; i += 1) {
      const lane = first + ((start - first + i) % (account.lanes - first));
      const length = this.queueLengths.get(chainName(account._id, lane)) ?? 0;
      if (length < bestLength) [best, bestLength] = [lane, length];
    }
    return best;
  }

  private async appendNow(
    account: Account,
    lane: number,
    chain: string,
    effect: Effect,
    at: Date,
  ): Promise<StoredEntry> {
    let verified = false;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const head = this.heads.get(chain) ?? (await this.refresh(chain));
      const elsewhere = lane === 0 && account.lanes > 1 ? await this.creditsOnOtherLanes(account, verified) : 0;
      const decision = decide(account, head, elsewhere, effect, at);

      if (!decision.ok && !verified) {
        // Refuse only against the true state: the cache may lag behind other processes' credits.
        await this.refresh(chain);
        verified = true;
        continue;
      }
      if (!decision.ok) {
        const rejection: RejectionEntry = {
          _id: effect.id,
          chainKey: effect.id,
          account: account._id,
          transferId: effect.transferId,
          side: effect.side,
          amount: effect.amount,
          rejected: decision.reason,
          at,
        };
        if ((await this.store.insertEntry(rejection)) === 'inserted') return rejection;
        return this.recorded(effect.id);
      }

      const seq = head.seq + 1;
      const entry: Entry = {
        _id: effect.id,
        chainKey: chainKey(chain, seq),
        chain,
        account: account._id,
        lane,
        seq,
        page: Math.floor(seq / PAGE_SIZE),
        transferId: effect.transferId,
        side: effect.side,
        phase: effect.phase,
        amount: effect.amount,
        counters: decision.counters,
        spending: decision.spending,
        ...(decision.status === 'active' ? {} : { status: decision.status }),
        at,
      };
      if ((await this.store.insertEntry(entry)) === 'inserted') {
        this.heads.set(chain, headOf(entry));
        if (seq % PAGE_SIZE === 0) await this.store.setChainHint(chain, entry.page);
        return entry;
      }
      const existing = await this.store.getEntry(effect.id);
      if (existing) return existing;
      // Another writer took the slot: catch up, back off a little so writers spread, and decide again.
      await this.refresh(chain);
      verified = true;
      if (attempt > 2) await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** attempt)));
    }
    throw new ChainContentionError(chain);
  }

  /**
   * Changes the account's status by appending an entry that moves no money to lane 0, where every decision of a
   * single-lane account (a wallet) is taken: whichever of the change and a concurrent debit or credit takes the
   * next slot first is seen by the other, which re-reads the head and decides again. `from`, when given, is the
   * only status that may be changed (reopening touches a closed wallet, never a frozen one). Done at once when
   * the chain already says `status`, so a retry after a crash changes nothing twice.
   */
  async changeStatus(
    account: Account,
    status: AccountStatus,
    at: Date,
    from?: AccountStatus,
  ): Promise<{ ok: true; changed: boolean; status: AccountStatus } | { ok: false; reason: 'NOT_EMPTY' }> {
    const chain = chainName(account._id, 0);
    return this.queued(chain, async () => {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
        // Read through: the cache may lag behind other processes, and a refusal must be against the true head.
        const head = await this.refresh(chain);
        if (head.status === status || (from !== undefined && head.status !== from)) {
          return { ok: true, changed: false, status: head.status };
        }
        const decision = decideStatusChange(head, status);
        if (!decision.ok) return decision;
        const seq = head.seq + 1;
        const entry: Entry = {
          _id: statusEntryId(chain, seq),
          chainKey: chainKey(chain, seq),
          chain,
          account: account._id,
          lane: 0,
          seq,
          page: Math.floor(seq / PAGE_SIZE),
          transferId: statusEntryId(chain, seq),
          side: 'credit',
          phase: 'posted',
          amount: 0,
          counters: head.counters,
          spending: decision.spending,
          ...(status === 'active' ? {} : { status }),
          changesStatus: true,
          at,
        };
        if ((await this.store.insertEntry(entry)) === 'inserted') {
          this.heads.set(chain, headOf(entry));
          if (seq % PAGE_SIZE === 0) await this.store.setChainHint(chain, entry.page);
          return { ok: true, changed: true, status };
        }
        if (attempt > 2)
          await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** attempt)));
      }
      throw new ChainContentionError(chain);
    });
  }

  private async recorded(effectId: string): Promise<StoredEntry> {
    const existing = await this.store.getEntry(effectId);
    if (!existing) throw new Error(`effect ${effectId} reported as duplicate but not found`);
    return existing;
  }

  /** Posted credits on the account's lanes other than 0; a cached (lower) figure is safe unless asked fresh. */
  private async creditsOnOtherLanes(account: Account, fresh: boolean): Promise<number> {
    let sum = 0;
    for (let lane = 1; lane < account.lanes; lane += 1) {
      const chain = chainName(account._id, lane);
      const head = fresh ? await this.refresh(chain) : (this.heads.get(chain) ?? (await this.refresh(chain)));
      sum += head.counters.creditsPosted;
    }
    return sum;
  }

  /** Reads the chain forward from what is known (cache, else the stored page hint) to its last entry. */
  private async refresh(chain: string): Promise<ChainHead> {
    const known = this.heads.get(chain);
    let page = known ? Math.floor((known.seq + 1) / PAGE_SIZE) : await this.store.getChainHint(chain);
    let head: ChainHead = known ?? EMPTY_HEAD;
    for (;;) {
      const entries = (await this.store.getChainPage(chain, page)).filter((e): e is Entry => !e.rejected);
      const last = entries.reduce<Entry | null>((max, e) => (max && max.seq > e.seq ? max : e), null);
      if (last && last.seq > head.seq) head = headOf(last);
      if (!last && page > 0 && head.seq === 0) {
        page -= 1; // a hint ahead of the data cannot happen, but reading back is cheap insurance
        continue;
      }
      if (head.seq === (page + 1) * PAGE_SIZE - 1) {
        page += 1; // the page is full: the head may be on the next one
        continue;
      }
      break;
    }
    this.heads.set(chain, head);
    return head;
  }

  private async queued<T>(chain: string, task: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(chain) ?? Promise.resolve();
    this.queueLengths.set(chain, (this.queueLengths.get(chain) ?? 0) + 1);
    const run = previous.then(task, task);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(chain, settled);
    try {
      return await run;
    } finally {
      const length = (this.queueLengths.get(chain) ?? 1) - 1;
      this.queueLengths.set(chain, length);
      if (length === 0 && this.queues.get(chain) === settled) {
        this.queues.delete(chain);
        this.queueLengths.delete(chain);
      }
    }
  }
}
