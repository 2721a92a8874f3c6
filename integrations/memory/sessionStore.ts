/**
 * Sessions in this process's memory: the twin of MongoSessionStore for tests and tools that need no database.
 * It keeps copies, as a database does, so a caller changing a session after saving it (or after loading it) does
 * not change what is stored.
 */
import type { Msisdn } from '../../domain/phone';
import type { ChannelDirectory } from '../../bots/runtime/outbox/ports';
import type { Session, SessionStore } from '../../bots/runtime/ports';

export class MemorySessionStore implements SessionStore, ChannelDirectory {
  private readonly sessions = new Map<Msisdn, Session>();

  async load(msisdn: Msisdn): Promise<Session | null> {
    const session = this.sessions.get(msisdn);
    return session ? structuredClone(session) : null;
  }

  async save(session: Session): Promise<void> {
    this.sessions.set(session.msisdn, structuredClone(session));
  }

  async channelFor(msisdn: Msisdn): Promise<string | null> {
    return this.sessions.get(msisdn)?.lastChannel ?? null;
  }
}
