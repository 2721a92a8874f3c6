/**
 * The History screen's data: a wallet's recent operations, newest first, a page at a time, one operation per
 * transfer. Built on the ledger's entry history; each transfer is shown once, at its first entry on the account
 * (the debit or hold, or the credit), with the transfer's current status, so the later entries of the same
 * transfer (a hold's resolution, a give-back) only change its status and are skipped.
 */
import type { AccountId } from './ledger/accounts';
import type { Entry } from './ledger/entries';
import type { TransferOutcome } from './ledger/transferFacts';
import { effectIds, type Transfer, type TransferState } from './ledger/transfers';
import type { HistorySource } from './historySource';
import {
  isClaimAccountByDefault,
  operationFromFacts,
  operationOf,
  type ClaimAccountTest,
  type Operation,
} from './operations';

/** A page of operations; pass `next` back as `cursor` for the older ones (null: there are none). */
export interface OperationsPage {
  operations: Operation[];
  next: string | null;
}

export interface OperationHistoryOptions {
  /** Which accounts park money for someone without a wallet (shown as `claim`); see operations.ts. */
  isClaimAccount?: ClaimAccountTest;
  clock?: () => Date;
}

/**
 * A single transfer is finished within moments of its debit, or by recovery within seconds after a crash. Past
 * this age, a debit or credit whose account shows no give-back is taken as posted without reading the transfer.
 */
const SETTLED_MS = 30_000;

/** SMS holds about five short lines; chat channels may ask for more. */
export const DEFAULT_OPERATIONS_PER_PAGE = 5;
const MAX_OPERATIONS_PER_PAGE = 50;

/**
 * Where a page starts: the ledger cursor of a batch of entries (null: the account's newest), the number of entries
 * read per batch (a ledger page depends on its size, so a resumed batch must be read with the same size), and the
 * id of the last entry of that batch already shown, if any.
 */
interface Position {
  batch: string | null;
  size: number;
  after: string | null;
}

/** Reads a wallet's operations for the History screen. */
export class OperationHistory {
  private readonly ledger: HistorySource;
  private readonly isClaimAccount: ClaimAccountTest;
  private readonly clock: () => Date;

  constructor(ledger: HistorySource, options: OperationHistoryOptions = {}) {
    this.ledger = ledger;
    this.isClaimAccount = options.isClaimAccount ?? isClaimAccountByDefault;
    this.clock = options.clock ?? (() => new Date());
  }

  /**
   * One page of `account`'s operations, newest first. `cursor` is the `next` of the previous page; a cursor that
   * was not made here throws a RangeError. Reads one batch of entries from the ledger (more only when many of them
   * are later steps of transfers already shown), and once each transfer whose entries here do not say enough: one
   * written before entries carried their transfer's facts, a hold whose resolution may be newer than this page,
   * or a single transfer recent enough to be still in flight.
   */
  async page(
    account: AccountId,
    options: { limit?: number; cursor?: string; since?: Date | null } = {},
  ): Promise<OperationsPage> {
    const limit = Math.min(
      Math.max(Math.floor(options.limit ?? DEFAULT_OPERATIONS_PER_PAGE), 1),
      MAX_OPERATIONS_PER_PAGE,
    );
    let position: Position = options.cursor
      ? decodeCursor(options.cursor)
      : { batch: null, size: batchSize(limit), after: null };
    const transfers = new Map<string, Promise<Transfer | null>>();
    const transfer = (id: string) => {
      let found = transfers.get(id);
      if (!found) transfers.set(id, (found = this.ledger.getTransfer(id)));
      return found;
    };
    const operations: Operation[] = [];
    /** How each transfer closed on this account, by the entries read (null: closed, but the entry does not say). */
    const closings = new Map<string, TransferOutcome | null>();
    /** Whether every entry newer than those read was read too (this page starts at the newest end). */
    const fromTheNewest = position.batch === null;

    for (;;) {
      const read = olderThan(
        await this.ledger.history(account, { limit: position.size, cursor: position.batch ?? undefined }),
        options.since ?? null,
      );
      let from = 0;
      if (position.after !== null) {
        const shown = read.entries.findIndex((e) => e._id === position.after);
        if (shown < 0) {
          // Only a batch read from the newest end can move (entries arrived since): the shown entry is further on.
          if (position.batch !== null || read.next === null) throw new RangeError('invalid history cursor');
          position = { batch: read.next, size: position.size, after: position.after };
          continue;
        }
        from = shown + 1;
      }
      // Later steps of a transfer are newer than its opening: noted before the openings of the batch are read.
      for (const entry of read.entries)
        if (!opensATransfer(entry)) closings.set(entry.transferId, entry.outcome ?? null);
      const openings = read.entries.slice(from).filter(opensATransfer);
      // Fetch as many transfers at once as could still fit on the page, for the entries that do not say enough.
      let index = 0;
      while (index < openings.length && operations.length < limit) {
        const group = openings.slice(index, index + (limit - operations.length));
        index += group.length;
        const standings = group.map((e) => this.standing(e, closings, fromTheNewest));
        const found = await Promise.all(group.map((e, i) => (standings[i] ? null : transfer(e.transferId))));
        for (const [i, entry] of group.entries()) {
          const standing = standings[i];
          const operation =
            standing && entry.facts
              ? operationFromFacts(entry.transferId, entry.facts, entry.at, standing, this.isClaimAccount)
              : this.operationAt(entry, found[i] ?? null);
          if (operation) operations.push(operation);
          if (operations.length === limit) {
            const last = read.entries.indexOf(entry);
            const moreHere = read.entries.slice(last + 1).some(opensATransfer);
            const next: Position | null =
              moreHere || read.next !== null ? { batch: position.batch, size: position.size, after: entry._id } : null;
            return { operations, next: next && encodeCursor(next) };
          }
        }
      }
      if (read.next === null) return { operations, next: null };
      position = { batch: read.next, size: batchSize(limit - operations.length), after: null };
    }
  }

  /**
   * Where the transfer `entry` opens stands, from the account's own entries, or null when they do not say: then
   * the transfer is read. A hold stands open until its resolution's entry; a single transfer is over at its
   * opening (a refused credit gives the money back in a later entry) once older than an in-flight transfer can be.
   */
  private standing(
    entry: Entry,
    closings: ReadonlyMap<string, TransferOutcome | null>,
    fromTheNewest: boolean,
  ): { state: TransferState; reason: string | null } | null {
    if (!entry.facts) return null;
    if (closings.has(entry.transferId)) return closings.get(entry.transferId) ?? null;
    if (!fromTheNewest) return null;
    if (entry.facts.mode === 'pending') return { state: 'held', reason: null };
    return this.clock().getTime() - entry.at.getTime() >= SETTLED_MS ? { state: 'posted', reason: null } : null;
  }

  /** The operation `entry` opens, or null when it is not the transfer's first entry on this account. */
  private operationAt(entry: Entry, transfer: Transfer | null): Operation | null {
    if (!transfer) throw new Error(`history entry ${entry._id} has no transfer ${entry.transferId}`);
    if (entry._id !== effectIds.debit(transfer._id)) {
      // A transfer may credit one account in several legs; it is shown once, at the first.
      const leg = transfer.credits.findIndex((credit) => credit.account === entry.account);
      if (entry._id !== effectIds.credit(transfer._id, leg)) return null;
    }
    return operationOf(transfer, entry.account, entry.at, this.isClaimAccount);
  }
}

/**
 * A batch of entries without those before `since` (the number's previous owner's): the batch is newest first, so
 * the cut also ends the history.
 */
function olderThan<T extends { entries: Entry[]; next: string | null }>(read: T, since: Date | null): T {
  if (!since) return read;
  // An entry at the very moment of the departure was made before it (the wallet is emptied, then closed).
  const cut = read.entries.findIndex((entry) => entry.at <= since);
  return cut < 0 ? read : { ...read, entries: read.entries.slice(0, cut), next: null };
}

/**
 * Whether an entry is a transfer's opening effect on its account (its debit or one of its credit legs), as told by
 * its deterministic id; resolutions and give-backs are later steps of a transfer already shown.
 */
function opensATransfer(entry: Entry): boolean {
  const prefix = `${entry.transferId}:`;
  if (!entry._id.startsWith(prefix)) return false;
  const effect = entry._id.slice(prefix.length);
  return effect === 'debit' || /^credit:[0-9]+$/.test(effect);
}

/** Entries per batch: a transfer has at most two entries on a wallet (a hold and its resolution), plus slack. */
function batchSize(operations: number): number {
  return Math.min(operations * 2 + 2, 100);
}

function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.batch, position.size, position.after])).toString('base64url');
}

function decodeCursor(cursor: string): Position {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    if (Array.isArray(value) && value.length === 3) {
      const [batch, size, after] = value as unknown[];
      if (
        (batch === null || typeof batch === 'string') &&
        Number.isSafeInteger(size) &&
        (size as number) >= 1 &&
        (size as number) <= 100 &&
        typeof after === 'string'
      ) {
        return { batch, size: size as number, after };
      }
    }
  } catch {
    // fall through: a cursor that does not parse is refused like any malformed one
  }
  throw new RangeError('invalid history cursor');
}
