/**
 * Per-person turn locks on MongoDB, safe across processes on a store without transactions or atomic conditional
 * updates: taking a lock is the insert of `{_id: msisdn}`; a lock left by a crashed process expires.
 *
 * Removing a lock goes through a "retirement" insert keyed by the lock's random token: only the one writer whose
 * insert wins may delete that lock. Without it, a slow holder's release and a stealer's takeover of the expired
 * lock could interleave on FerretDB (whose filtered delete is a read, then a delete by `_id`) so that the slow
 * holder deletes the stealer's new lock. Retirements are never read on the hot path; `sweep` removes old ones.
 *
 * A holder that releases within the first half of its lease skips the retirement and deletes its lock by `_id`: a
 * stealer only takes a lock past its expiry, so none can be at work yet (this assumes clocks between processes
 * differ by less than half the lease). That is the common case. Those deletes travel together, one command for all
 * the turns ending at the same moment (the collection holds only current locks, so small).
 */
import { randomUUID } from 'node:crypto';
import type { Connection, mongo } from 'mongoose';
import type { Msisdn } from '../../domain/phone';
import type { HeldLock, TurnLocks } from '../../bots/runtime/ports';
import { DeleteBatcher } from './deleteBatcher';
import { InsertBatcher, isDuplicateKeyError } from './insertBatcher';

interface LockDoc {
  _id: string;
  token: string;
  expiresAt: Date;
}

interface RetirementDoc {
  _id: string;
  at: Date;
}

export interface MongoTurnLocksOptions {
  /** How long a lock holds without its holder: longer than any turn may run (the runtime bounds turns). */
  ttlMs: number;
  clock?: () => Date;
}

async function insertWins<T extends { _id: string }>(collection: mongo.Collection<T>, doc: T): Promise<boolean> {
  try {
    await collection.insertOne(doc as mongo.OptionalUnlessRequiredId<T>);
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class MongoTurnLocks implements TurnLocks {
  private readonly locks: mongo.Collection<LockDoc>;
  private readonly retirements: mongo.Collection<RetirementDoc>;
  private readonly quickReleases: DeleteBatcher;
  /** Locks taken at the same moment travel in one command, each still decided by its own unique `_id`. */
  private readonly takes: InsertBatcher;
  private readonly ttlMs: number;
  private readonly clock: () => Date;

  constructor(connection: Connection, options: MongoTurnLocksOptions) {
    this.locks = connection.collection<LockDoc>('conversation_locks');
    this.retirements = connection.collection<RetirementDoc>('conversation_lock_retirements');
    this.quickReleases = new DeleteBatcher(connection.collection('conversation_locks'));
    this.takes = new InsertBatcher(connection.collection('conversation_locks'));
    this.ttlMs = options.ttlMs;
    this.clock = options.clock ?? (() => new Date());
  }

  async acquire(msisdn: Msisdn, waitMs: number): Promise<HeldLock | null> {
    const token = randomUUID();
    const deadline = Date.now() + waitMs;
    let pause = 5;
    for (;;) {
      const now = this.clock();
      const lock = { _id: msisdn, token, expiresAt: new Date(now.getTime() + this.ttlMs) };
      if ((await this.takes.insert(lock)) === 'inserted') {
        const safeUntil = now.getTime() + this.ttlMs / 2;
        return { release: () => this.release(msisdn, token, safeUntil) };
      }
      const holder = await this.locks.findOne({ _id: msisdn });
      if (holder && holder.expiresAt < now) {
        await this.retire(msisdn, holder.token);
        continue;
      }
      if (Date.now() >= deadline) return null;
      // Jittered backoff: twenty messages at once from one person must not hammer the store in lockstep.
      await sleep(pause + Math.random() * pause);
      pause = Math.min(pause * 2, 100);
    }
  }

  private async release(msisdn: string, token: string, safeUntil: number): Promise<void> {
    if (this.clock().getTime() < safeUntil) await this.quickReleases.delete(msisdn);
    else await this.retire(msisdn, token);
  }

  /** Deletes the lock with this token, if this caller is the one allowed to (see the file's comment). */
  private async retire(msisdn: string, token: string): Promise<void> {
    if (await insertWins(this.retirements, { _id: token, at: this.clock() })) {
      await this.locks.deleteOne({ _id: msisdn, token });
    }
  }

  /** Removes retirements older than `olderThanMs`: by then no lock with their token can exist any more. */
  async sweep(olderThanMs: number): Promise<number> {
    const cutoff = new Date(this.clock().getTime() - olderThanMs);
    return (await this.retirements.deleteMany({ at: { $lt: cutoff } })).deletedCount;
  }
}
