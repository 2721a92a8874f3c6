/**
 * Conversation sessions on MongoDB, and the one turn at a time per person that writes them, across processes.
 *
 * A session is saved as numbered revisions, `{_id: "<msisdn>:<rev>"}`; the latest is the highest `rev`. Only the
 * turn holding a revision's claim writes it, and taking a person's turn is the insert of the claim
 * `{_id: "<msisdn>:<rev + 1>"}` into its unique index, `rev` being the revision the caller believes is the latest:
 * - the insert goes in: nobody claimed rev + 1 before, so revision rev is still the latest, and the turn runs on
 *   the copy this process kept (SessionCache) without reading the store;
 * - it hits the index: another turn claimed rev + 1. Its revision is saved (read it, claim the next one), or still
 *   being made (wait), or was abandoned by a turn that died: its claim has outlived its lease, so claim the one
 *   after it, from the latest revision saved.
 * Ending the turn inserts revision rev + 1 (a copy of rev when the turn saved nothing), which lets the next one in.
 * A late end of a turn that was taken over writes a revision lower than the new turn's, so it is never the latest.
 *
 * So a turn costs two inserts and no read: a claim and a revision, each sent with other turns' in one command. One
 * document per person, read when a turn begins and replaced when it ends, cost a read and an update instead, and on
 * FerretDB v1 both scan the collection (BENCHMARKS.md); with MongoDB they are two more round trips per turn.
 *
 * Claims are kept at least a day (TURN_CLAIMS, purged by day in retention.ts), far longer than a kept copy is used
 * (CACHE_MS): a copy is stale only if someone claimed past it, and that claim is still there to refuse ours.
 * Superseded revisions are deleted in the background every ten seconds; one left behind by a crash is clutter,
 * never taken for the latest.
 */
import type { Connection, mongo } from 'mongoose';
import type { Msisdn } from '../../domain/phone';
import type { Language, UserProfile } from '../../domain/users';
import type { ChannelDirectory } from '../../bots/runtime/outbox/ports';
import type {
  Channel,
  FlowName,
  MessageCount,
  OpenTurn,
  SavedAnswer,
  Session,
  SessionStore,
} from '../../bots/runtime/ports';
import { DeferredDeletes } from './deferredDeletes';
import { InsertBatcher } from './insertBatcher';
import { RetentionDays, TURN_CLAIMS } from './retention';
import { SessionCache, type KnownRevision } from './sessionCache';

export const SESSION_REVISIONS = 'conversation_session_revisions';

interface RevisionDoc {
  _id: string;
  msisdn: string;
  rev: number;
  /** The turn saved nothing and the person had no session: the latest session is none. */
  none?: true;
  flow?: FlowName;
  version?: number;
  snapshot?: string;
  language?: Language;
  profile?: UserProfile | null;
  answers?: SavedAnswer[];
  lastChannel?: Channel;
  messages?: MessageCount;
  pinUnlocked?: boolean;
  updatedAt?: Date;
}

interface ClaimDoc {
  _id: string;
  msisdn: string;
  rev: number;
  /** Past this, the turn is taken to have died and the next one may claim past it. */
  expiresAt: Date;
  at: Date;
  /** The UTC day of `at`, by which claims are purged (retention.ts). */
  day: string;
}

export interface MongoSessionStoreOptions {
  /** How long a claimed turn holds without ending: longer than any turn may run (the runtime bounds turns). */
  leaseMs: number;
  clock?: () => Date;
}

/** How long a kept copy of a session is tried before reading the store again: far below the claims' day. */
const CACHE_MS = 5 * 60_000;
/** Copies kept at most (a few kilobytes each): the people in conversation in the last minutes. */
const CACHE_ENTRIES = 20_000;
/** How often superseded revisions are deleted: rarely, since on FerretDB v1 each delete decodes the collection. */
const SUPERSEDED_DELETE_MS = 10_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const idOf = (msisdn: string, rev: number) => `${msisdn}:${rev}`;

/** Creates the indexes the latest revision and the latest claim are found by. */
export async function ensureSessionIndexes(connection: Connection): Promise<void> {
  await Promise.all([
    connection.collection(SESSION_REVISIONS).createIndex({ msisdn: 1, rev: -1 }),
    connection.collection(TURN_CLAIMS.collection).createIndex({ msisdn: 1, rev: -1 }),
  ]);
}

/** Sessions, and the outbox's directory of each person's last channel, which the session keeps. */
export class MongoSessionStore implements SessionStore, ChannelDirectory {
  private readonly revisions: mongo.Collection<RevisionDoc>;
  private readonly claims: mongo.Collection<ClaimDoc>;
  /** Revisions and claims of turns beginning or ending at the same moment travel in one command each. */
  private readonly revisionInserts: InsertBatcher;
  private readonly claimInserts: InsertBatcher;
  private readonly superseded: DeferredDeletes;
  private readonly days: RetentionDays;
  private readonly cache = new SessionCache(CACHE_MS, CACHE_ENTRIES);
  /** Turns of this process in progress, by person: another message of theirs here waits for it, not the store. */
  private readonly running = new Map<Msisdn, Promise<void>>();
  private readonly leaseMs: number;
  private readonly clock: () => Date;

  constructor(connection: Connection, options: MongoSessionStoreOptions) {
    this.revisions = connection.collection<RevisionDoc>(SESSION_REVISIONS);
    this.claims = connection.collection<ClaimDoc>(TURN_CLAIMS.collection);
    this.revisionInserts = new InsertBatcher(connection.collection(SESSION_REVISIONS));
    this.claimInserts = new InsertBatcher(connection.collection(TURN_CLAIMS.collection));
    this.superseded = new DeferredDeletes(connection.collection(SESSION_REVISIONS), SUPERSEDED_DELETE_MS);
    this.days = new RetentionDays(connection);
    this.leaseMs = options.leaseMs;
    this.clock = options.clock ?? (() => new Date());
  }

  async begin(msisdn: Msisdn, waitMs: number): Promise<OpenTurn | null> {
    const deadline = Date.now() + waitMs;
    let pause = 5;
    // The revision to claim past: the copy kept here, or else the latest in the store.
    let base: KnownRevision | null = null;
    // Set when the claim in the way was abandoned: claim past it, still from `base`.
    let skipTo: number | null = null;
    for (;;) {
      const here = this.running.get(msisdn);
      if (here) {
        if (!(await settlesBefore(here, deadline))) return null;
        // That turn left its revision in the cache: start from there.
        base = null;
        skipTo = null;
        continue;
      }
      base ??= this.cache.get(msisdn, this.now()) ?? (await this.latest(msisdn));
      if (this.running.has(msisdn)) continue;
      const rev = Math.max(base.rev, skipTo ?? 0) + 1;
      let ended!: () => void;
      this.running.set(msisdn, new Promise<void>((resolve) => (ended = resolve)));
      const claimed = await this.claim(msisdn, rev).catch((error: unknown) => {
        this.running.delete(msisdn);
        ended();
        throw error;
      });
      if (claimed) return this.openTurn(msisdn, rev, base, claimed, ended);
      this.running.delete(msisdn);
      ended();
      this.cache.forget(msisdn);

      // Someone else claimed `rev`: see whether its turn ended, runs, or died.
      const latest = await this.latest(msisdn);
      if (latest.rev >= rev) {
        base = latest;
        skipTo = null;
        continue;
      }
      const holder = await this.claims.findOne({ msisdn }, { sort: { rev: -1 } });
      if (holder && holder.rev > latest.rev && holder.expiresAt.getTime() < this.now()) {
        base = latest;
        skipTo = holder.rev;
        continue;
      }
      if (Date.now() >= deadline) return null;
      // Jittered backoff: twenty messages at once from one person must not hammer the store in lockstep.
      await sleep(pause + Math.random() * pause);
      pause = Math.min(pause * 2, 100);
      base = null;
      skipTo = null;
    }
  }

  /** Read from the store, never the copy kept here: only a claim proves a copy is still the latest. */
  async load(msisdn: Msisdn): Promise<Session | null> {
    return (await this.latest(msisdn)).session;
  }

  async channelFor(msisdn: Msisdn): Promise<string | null> {
    const latest = await this.revisions.findOne({ msisdn }, { sort: { rev: -1 }, projection: { lastChannel: 1 } });
    return latest?.lastChannel ?? null;
  }

  /** Sends the deletes of superseded revisions now instead of within ten seconds (tests). */
  flushSuperseded(): Promise<void> {
    return this.superseded.flush();
  }

  private now(): number {
    return this.clock().getTime();
  }

  /** The claim's expiry if this caller's insert of it went in; null if someone else holds it. */
  private async claim(msisdn: Msisdn, rev: number): Promise<Date | null> {
    const at = this.clock();
    const day = await this.days.note(TURN_CLAIMS, at);
    const expiresAt = new Date(at.getTime() + this.leaseMs);
    const doc = { _id: idOf(msisdn, rev), msisdn, rev, expiresAt, at, day };
    return (await this.claimInserts.insert(doc)) === 'inserted' ? expiresAt : null;
  }

  private openTurn(msisdn: Msisdn, rev: number, base: KnownRevision, expiresAt: Date, ended: () => void): OpenTurn {
    let done = false;
    return {
      session: base.session && structuredClone(base.session),
      end: async (session) => {
        if (done) return;
        done = true;
        try {
          const saved: KnownRevision = { rev, session: session ?? base.session };
          if ((await this.revisionInserts.insert(toDoc(msisdn, saved))) === 'duplicate') {
            // Only the claim's holder writes its revision, so this cannot happen; if it did, the store's revision
            // is someone else's: keep no copy, and the next turn reads the store.
            this.cache.forget(msisdn);
            return;
          }
          if (base.rev > 0) this.superseded.add(idOf(msisdn, base.rev));
          // A turn that outlived its claim may have been taken over: its copy is no longer worth trying.
          if (this.now() <= expiresAt.getTime()) this.cache.set(msisdn, saved, this.now());
          else this.cache.forget(msisdn);
        } catch (error) {
          this.cache.forget(msisdn);
          throw error;
        } finally {
          this.running.delete(msisdn);
          ended();
        }
      },
    };
  }

  /** The latest revision in the store (rev 0 and no session for a person who has none). */
  private async latest(msisdn: Msisdn): Promise<KnownRevision> {
    const doc = await this.revisions.findOne({ msisdn }, { sort: { rev: -1 } });
    const known = doc ? { rev: doc.rev, session: toSession(msisdn, doc) } : { rev: 0, session: null };
    this.cache.set(msisdn, known, this.now());
    return known;
  }
}

/** Whether `turn` ends before `deadline` (a clock time in ms). */
async function settlesBefore(turn: Promise<void>, deadline: number): Promise<boolean> {
  const left = deadline - Date.now();
  if (left <= 0) return false;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), left)));
  try {
    return await Promise.race([turn.then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function toDoc(msisdn: Msisdn, { rev, session }: KnownRevision): RevisionDoc {
  const _id = idOf(msisdn, rev);
  if (!session) return { _id, msisdn, rev, none: true };
  const { msisdn: _, ...fields } = session;
  return { _id, msisdn, rev, ...fields };
}

function toSession(msisdn: Msisdn, doc: RevisionDoc): Session | null {
  if (doc.none || doc.flow === undefined) return null;
  return {
    msisdn,
    flow: doc.flow,
    version: doc.version!,
    snapshot: doc.snapshot!,
    language: doc.language!,
    ...(doc.profile === undefined ? {} : { profile: doc.profile }),
    ...(doc.answers === undefined ? {} : { answers: doc.answers }),
    ...(doc.lastChannel === undefined ? {} : { lastChannel: doc.lastChannel }),
    ...(doc.messages === undefined ? {} : { messages: doc.messages }),
    ...(doc.pinUnlocked === true ? { pinUnlocked: true } : {}),
    updatedAt: doc.updatedAt!,
  };
}
