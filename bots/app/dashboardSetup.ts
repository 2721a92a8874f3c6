/**
 * The merchant dashboard as the product serves it: sign-in codes through the outbox (the member's chat, or SMS),
 * sessions in the database (shared by every process), cookies Secure when PUBLIC_URL is https.
 */
import type { Connection } from 'mongoose';
import { DashboardSessions } from '../../domain/merchants/dashboard/dashboardSessions';
import { SignInCodes } from '../../domain/merchants/dashboard/signInCodes';
import { DEVELOPMENT_PIN_PEPPER } from '../../domain/pin';
import type { Config } from '../../integrations/config';
import {
  ensureDashboardSessionIndexes,
  MongoDashboardSessionStore,
} from '../../integrations/mongo/dashboardSessionStore';
import { ensureSignInCodeIndexes, MongoSignInCodeStore } from '../../integrations/mongo/signInCodeStore';
import type { HttpChannel } from '../channels/http/server';
import type { DashboardDeps } from '../dashboard/dashboardContext';
import { dashboardChannel } from '../dashboard/dashboardRoute';
import type { Services } from './services';

/** An open overview asks for fresh figures this often when no event reached this process (another one's). */
const LIVE_REFRESH_MS = 5_000;

export async function dashboardDepsOf(
  connection: Connection,
  services: Services,
  settings: Partial<Pick<Config, 'PUBLIC_URL' | 'PIN_PEPPER'>>,
  options: { clock?: () => Date; newCode?: () => string; liveRefreshMs?: number } = {},
): Promise<DashboardDeps> {
  await Promise.all([ensureSignInCodeIndexes(connection), ensureDashboardSessionIndexes(connection)]);
  const clock = options.clock ?? (() => new Date());
  return {
    services,
    sessions: new DashboardSessions(new MongoDashboardSessionStore(connection), clock),
    signInCodes: new SignInCodes({
      store: new MongoSignInCodeStore(connection),
      notifier: services.outbox,
      isTeamMember: async (msisdn) => (await services.team.merchantsOf(msisdn)).length > 0,
      pepper: settings.PIN_PEPPER ?? DEVELOPMENT_PIN_PEPPER,
      clock,
      ...(options.newCode ? { newCode: options.newCode } : {}),
    }),
    secureCookies: settings.PUBLIC_URL?.startsWith('https://') ?? false,
    liveRefreshMs: options.liveRefreshMs ?? LIVE_REFRESH_MS,
    clock,
  };
}

/** The dashboard's channel on the product's port. */
export async function dashboardChannelOf(
  connection: Connection,
  services: Services,
  settings: Partial<Pick<Config, 'PUBLIC_URL' | 'PIN_PEPPER'>>,
): Promise<HttpChannel> {
  return dashboardChannel(await dashboardDepsOf(connection, services, settings));
}
