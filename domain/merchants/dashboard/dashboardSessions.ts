/**
 * Dashboard sessions: opened after a right sign-in code, for one merchant the number acts for; eight hours at most;
 * closed by signing out. Switching merchant opens a new session and closes the old one, so a session never changes.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Msisdn } from '../../phone';
import type { DashboardSession, DashboardSessionStore } from './dashboardSession';

export const DASHBOARD_SESSION_MS = 8 * 3_600_000;

/** What the browser keeps (the cookie's secret) and what the pages need. */
export interface OpenedSession {
  secret: string;
  session: DashboardSession;
}

export class DashboardSessions {
  private readonly clock: () => Date;

  constructor(
    private readonly store: DashboardSessionStore,
    clock?: () => Date,
  ) {
    this.clock = clock ?? (() => new Date());
  }

  async open(msisdn: Msisdn, merchantId: string): Promise<OpenedSession> {
    const now = this.clock();
    const secret = randomBytes(32).toString('base64url');
    const session: DashboardSession = {
      _id: sessionIdOf(secret),
      msisdn,
      merchantId,
      csrfToken: randomBytes(32).toString('base64url'),
      createdAt: now,
      expiresAt: new Date(now.getTime() + DASHBOARD_SESSION_MS),
    };
    // 256 random bits: a duplicate is not a race to decide but a broken random source.
    if ((await this.store.insertSession(session)) === 'duplicate') throw new Error('session id collision');
    return { secret, session };
  }

  /** The live session of a cookie's secret, or null (unknown, expired). */
  async find(secret: string): Promise<DashboardSession | null> {
    if (secret.length === 0 || secret.length > 100) return null;
    const session = await this.store.getSession(sessionIdOf(secret));
    if (!session || session.expiresAt.getTime() <= this.clock().getTime()) return null;
    return session;
  }

  async close(secret: string): Promise<void> {
    await this.store.deleteSession(sessionIdOf(secret));
  }
}

function sessionIdOf(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
