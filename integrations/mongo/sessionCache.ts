/**
 * This process's copies of the latest session revisions it saved or read, so a turn can begin without reading the
 * store. A copy is only a guess: the turn's claim of the next revision proves it is still the latest
 * (sessionStore.ts), and a copy older than `maxAgeMs` is not used at all, because the claims that would refuse a
 * stale one are purged after a day. Bounded: past `maxEntries` the least recently saved go first.
 */
import type { Msisdn } from '../../domain/phone';
import type { Session } from '../../bots/runtime/ports';

/** A revision of a person's session; `session` null when the person has none (a turn that saved nothing). */
export interface KnownRevision {
  rev: number;
  session: Session | null;
}

interface Entry extends KnownRevision {
  knownAt: number;
}

export class SessionCache {
  private readonly entries = new Map<Msisdn, Entry>();

  constructor(
    private readonly maxAgeMs: number,
    private readonly maxEntries: number,
  ) {}

  /** The revision known for the person, as a copy the caller may change, if it is young enough to be tried. */
  get(msisdn: Msisdn, now: number): KnownRevision | null {
    const entry = this.entries.get(msisdn);
    if (!entry) return null;
    if (now - entry.knownAt > this.maxAgeMs || now < entry.knownAt) {
      this.entries.delete(msisdn);
      return null;
    }
    return { rev: entry.rev, session: entry.session && structuredClone(entry.session) };
  }

  /**
   * Remembers a revision known to be the latest at `now` (a copy, so the caller's later changes do not leak in). A
   * lower revision than the one kept is older news (a read that crossed a save): ignored.
   */
  set(msisdn: Msisdn, known: KnownRevision, now: number): void {
    const kept = this.entries.get(msisdn);
    if (kept && kept.rev > known.rev && now - kept.knownAt <= this.maxAgeMs) return;
    this.entries.delete(msisdn);
    this.entries.set(msisdn, {
      rev: known.rev,
      session: known.session && structuredClone(known.session),
      knownAt: now,
    });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  forget(msisdn: Msisdn): void {
    this.entries.delete(msisdn);
  }
}
