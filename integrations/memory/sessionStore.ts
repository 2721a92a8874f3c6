/**
 * Sessions in this process's memory: the twin of MongoSessionStore for tests and tools that need no database. Same
 * rules: one turn at a time per person, each ending with the next revision of their session; a turn that outlives
 * its lease is taken over, and its late end, a lower revision, never replaces the newer one. It keeps copies, as a
 * database does, so a caller changing a session after saving it (or after loading it) does not change what is stored.
 */
import type { Msisdn } from '../../domain/phone';
import type { ChannelDirectory } from '../../bots/runtime/outbox/ports';
import type { OpenTurn, Session, SessionStore } from '../../bots/runtime/ports';

export interface MemorySessionStoreOptions {
  /** How long a turn holds without ending (default: a minute). */
  leaseMs?: number;
  clock?: () => Date;
}

interface Revision {
  rev: number;
  session: Session | null;
}

interface Claim {
  rev: number;
  expiresAt: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class MemorySessionStore implements SessionStore, ChannelDirectory {
  private readonly latest = new Map<Msisdn, Revision>();
  /** The highest claim per person. */
  private readonly claims = new Map<Msisdn, Claim>();
  private readonly leaseMs: number;
  private readonly clock: () => Date;

  constructor(options: MemorySessionStoreOptions = {}) {
    this.leaseMs = options.leaseMs ?? 60_000;
    this.clock = options.clock ?? (() => new Date());
  }

  async begin(msisdn: Msisdn, waitMs: number): Promise<OpenTurn | null> {
    const deadline = Date.now() + waitMs;
    let pause = 2;
    for (;;) {
      const now = this.clock().getTime();
      const base = this.latest.get(msisdn) ?? { rev: 0, session: null };
      const claim = this.claims.get(msisdn);
      if (!claim || claim.rev <= base.rev || claim.expiresAt < now) {
        const rev = Math.max(base.rev, claim?.rev ?? 0) + 1;
        this.claims.set(msisdn, { rev, expiresAt: now + this.leaseMs });
        return this.openTurn(msisdn, rev, base);
      }
      if (Date.now() >= deadline) return null;
      await sleep(pause);
      pause = Math.min(pause * 2, 50);
    }
  }

  async load(msisdn: Msisdn): Promise<Session | null> {
    const session = this.latest.get(msisdn)?.session;
    return session ? structuredClone(session) : null;
  }

  async channelFor(msisdn: Msisdn): Promise<string | null> {
    return this.latest.get(msisdn)?.session?.lastChannel ?? null;
  }

  private openTurn(msisdn: Msisdn, rev: number, base: Revision): OpenTurn {
    let done = false;
    return {
      session: base.session && structuredClone(base.session),
      end: async (session) => {
        if (done) return;
        done = true;
        // A turn taken over ends with a lower revision than the one that took over: it is not the latest.
        if ((this.latest.get(msisdn)?.rev ?? 0) < rev) {
          this.latest.set(msisdn, { rev, session: session ? structuredClone(session) : base.session });
        }
      },
    };
  }
}
