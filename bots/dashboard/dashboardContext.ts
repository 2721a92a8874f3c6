/**
 * What every dashboard route has: the services it acts through (the same the chat and the API use), and, once
 * signed in, who is acting for which merchant with which role, read again on every request.
 */
import type { Response } from 'express';
import type { DashboardSession } from '../../domain/merchants/dashboard/dashboardSession';
import type { DashboardSessions } from '../../domain/merchants/dashboard/dashboardSessions';
import type { SignInCodes } from '../../domain/merchants/dashboard/signInCodes';
import type { Merchant } from '../../domain/merchants/merchant';
import type { ActingMember } from '../../domain/merchants/team/team';
import type { Language } from '../../domain/users';
import type { Services } from '../app/services';

/** The parts the dashboard is built from. */
export interface DashboardDeps {
  services: Services;
  sessions: DashboardSessions;
  signInCodes: SignInCodes;
  /** Cookies marked Secure with the `__Host-` prefix: on when the product is served over https (PUBLIC_URL). */
  secureCookies: boolean;
  /** How often an open overview page's live figures are refreshed when no event came (another process's). */
  liveRefreshMs: number;
  clock: () => Date;
}

/** The signed-in request: the session, the member as they are now, their merchant, the page's language. */
export interface DashboardContext {
  session: DashboardSession;
  member: ActingMember;
  merchant: Merchant;
  language: Language;
}

const CONTEXT = 'dashboard';

export function setContext(res: Response, context: DashboardContext): void {
  res.locals[CONTEXT] = context;
}

/** The signed-in context of a request under the session guard (it always sets one). */
export function contextOf(res: Response): DashboardContext {
  const context = res.locals[CONTEXT] as DashboardContext | undefined;
  if (!context) throw new Error('dashboard route outside the session guard');
  return context;
}
