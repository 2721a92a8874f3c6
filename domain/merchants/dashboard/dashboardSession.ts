/**
 * A signed-in dashboard session as kept: found by the SHA-256 of the cookie's secret (a stolen table opens no
 * session), for one number acting for one merchant. The role is not kept: it is read again on every request, so a
 * member removed or changed loses the old rights at once.
 */
import type { InsertResult } from '../../ledger/ledgerStore';
import type { Msisdn } from '../../phone';

export interface DashboardSession {
  /** SHA-256 of the cookie's secret, hex. */
  _id: string;
  msisdn: Msisdn;
  merchantId: string;
  /** The token every form and script sends back (CSRF): random, one per session. */
  csrfToken: string;
  createdAt: Date;
  expiresAt: Date;
}

/** Port: where dashboard sessions are kept. */
export interface DashboardSessionStore {
  insertSession(session: DashboardSession): Promise<InsertResult>;
  getSession(id: string): Promise<DashboardSession | null>;
  deleteSession(id: string): Promise<void>;
}
