/**
 * The HTTP servers of the product. On PORT, every interface: health and readiness always, the pay pages of payment
 * requests (`/pay/<token>`), the merchant API (`/api/v1`), the merchant dashboard (`/dashboard`), /metrics to a
 * scraper holding METRICS_TOKEN, SMS when
 * TWILIO_AUTH_TOKEN is set, USSD when USSD_CALLBACK_SECRET is set, Telegram when TELEGRAM_BOT_TOKEN is set (its
 * webhook with PUBLIC_URL, long polling without), WhatsApp Cloud API with WHATSAPP_CLOUD_ENABLED and Meta's
 * credentials, or against a local Graph API simulator where the simulated world may run and no access token is set
 * (whatsappCloudSetup.ts). On LOCAL_PORT, 127.0.0.1 only:
 * /metrics without a token and, where the simulated world may run (simulatedRailsGuard.ts), the simulator page
 * (`/simulator`), with the SMS and USSD routes always on so it can drive them.
 *
 * The payment providers' simulators (`/simulators/<provider>`, localSimulators.ts) are on PORT, as the issue asks
 * ("on the product's own port"): the product's clients call them there like any provider, and later a payer's
 * browser must reach a provider's hosted page. They exist only where the simulated world may run, and each checks
 * its provider's authentication (Smobilpay's signature); their admin routes need SIMULATORS_ADMIN_TOKEN.
 */
import { randomBytes } from 'node:crypto';
import type http from 'node:http';
import type { Connection } from 'mongoose';
import type { Config } from '../../integrations/config';
import { MongoPinSmsDeletions } from '../../integrations/mongo/pinSmsDeletionStore';
import type { Logger } from '../../integrations/logger';
import { countLedgerOperations, Metrics } from '../channels/http/metrics';
import { databaseReadiness, withWorkers } from '../channels/http/readiness';
import { createHttpApp, startHttpServer, type HttpChannel, type RunningHttpServer } from '../channels/http/server';
import { ChannelTurns } from '../channels/http/turns';
import type { Conversations } from '../runtime/conversations';
import { simulatorRoutes, type LocalSimulators } from './localSimulators';
import { productRailCallbackRoutes } from './railCallbackRoutes';
import type { Services } from './services';
import { simulationAllowed } from './simulatedRailsGuard';
import { simulatorChannel } from '../channels/simulator/simulatorRoute';
import { PinSmsEraser } from '../channels/sms/pinSmsEraser';
import { SMS_WEBHOOK_PATH, smsChannelFromConfig } from '../channels/sms/smsChannel';
import { whatsAppTurnAnswer } from '../channels/whatsapp/whatsappText';
import { telegramFromSettings, type TelegramSetup } from './telegramSetup';
import { MongoUssdSessions } from '../../integrations/mongo/ussdSessionStore';
import { ussdWithKey } from '../channels/ussd/ussdAccess';
import { ussdRouter } from '../channels/ussd/ussdRoute';
import type { TwilioAccess } from './twilioAccess';
import { MongoPinAdvice } from '../../integrations/mongo/pinAdviceStore';
import { MongoPinFlowTokens } from '../../integrations/mongo/pinFlowTokenStore';
import type { SessionStore } from '../runtime/ports';
import type { Msisdn } from '../../domain/phone';
import { whatsappCloudFromSettings, type WhatsAppCloudSetup } from './whatsappCloudSetup';
import { payPageChannel } from '../pages/pay/payRoute';
import { merchantApiChannelOf, type MerchantApiResources } from './merchantApiPorts';
import { mountMerchantPages } from '../pages/links/merchantPages';
import { dashboardChannelOf } from './dashboardSetup';

export async function startHttpChannels(options: {
  config: Config;
  connection: Connection;
  services: Services;
  conversations: Pick<Conversations, 'handle'>;
  logger: Logger;
  /** Whether the background workers (recovery, reconcilers, expiry) run: /readyz says not ready otherwise. */
  workersRunning: () => boolean;
  /** The Twilio account, or the local simulator (whose log the simulator page shows). */
  twilio: TwilioAccess;
  /** The providers' simulators, where the simulated world may run. */
  simulators?: LocalSimulators | null;
  /** PORT already listening with the simulators alone (listenWithSimulators): the server takes it over. */
  listening?: http.Server;
  /** The conversation sessions: when a person last wrote on WhatsApp Cloud (its 24-hour window). */
  sessions?: SessionStore;
  /** The merchant API's resources (keys, merchants, requests, events, webhooks): the services' by default. */
  merchantApi?: MerchantApiResources;
}): Promise<{
  server: RunningHttpServer;
  /** The loopback-only server (LOCAL_PORT): /metrics without a token, and the simulator where allowed. */
  local: RunningHttpServer;
  channels: string[];
  localChannels: string[];
  /** The mount paths of the providers' simulators on PORT. */
  simulators: string[];
  turns: ChannelTurns;
  metrics: Metrics;
  telegram: TelegramSetup | null;
  /** Deletes PIN messages from Twilio's log; stop it after the server. */
  pinSmsEraser: PinSmsEraser | null;
  /** The WhatsApp Cloud API channel (its notice sender, its local simulator); stop it after the server. */
  whatsappCloud: WhatsAppCloudSetup | null;
}> {
  const { config, connection, services, logger } = options;
  const metrics = new Metrics();
  countLedgerOperations(services.ledger, metrics);
  const turns = new ChannelTurns(options.conversations, metrics);
  const channels: HttpChannel[] = [];
  // With the simulator the SMS and USSD routes are always on, with secrets made up at start when none is
  // configured, so the simulator page can drive them through the same routes as the providers; nobody else knows
  // those secrets. Without a Twilio auth token the SMS route takes the local Twilio simulator's, so that the PIN
  // messages it deletes are deleted from that simulator's log.
  const simulation = simulationAllowed(config);
  const { twilio } = options;
  const localSms = config.TWILIO_AUTH_TOKEN === undefined && simulation;
  const smsToken = config.TWILIO_AUTH_TOKEN ?? (localSms ? twilio.authToken : undefined);
  const ussdKey = config.USSD_CALLBACK_SECRET ?? (simulation ? randomBytes(24).toString('base64url') : undefined);
  const pinSmsEraser = smsToken
    ? new PinSmsEraser({
        authToken: smsToken,
        apiBaseUrl: localSms ? twilio.apiBaseUrl : config.TWILIO_API_BASE_URL,
        deletions: new MongoPinSmsDeletions(connection),
        logger,
      })
    : null;
  pinSmsEraser?.start();
  const sms = smsChannelFromConfig(
    { ...config, TWILIO_AUTH_TOKEN: smsToken },
    { turns, logger, metrics, ...(pinSmsEraser ? { pinSmsEraser } : {}) },
  );
  if (sms) channels.push(sms);
  if (ussdKey) {
    const ussd = ussdRouter({
      conversations: turns,
      sessions: new MongoUssdSessions(connection),
      onError: (error, { sessionId }) => logger.error({ err: error, sessionId }, 'ussd turn failed'),
    });
    channels.push({ path: '/webhooks/ussd', router: ussdWithKey(ussdKey, ussd) });
  }
  // The pay pages of payment requests, where the links in the SMS point (PUBLIC_URL, else this PORT).
  const pages = services.paymentRequests.byLink;
  if (pages) channels.push(payPageChannel({ pages }));
  // Merchants' payment links (`/l/<code>`) and invoices (`/i/<token>`), whose pages lead to those pay pages.
  channels.push(...mountMerchantPages(services));
  // The merchant dashboard (`/dashboard`): team members sign in with a code sent in their chat.
  channels.push(await dashboardChannelOf(connection, services, config));
  // The merchant API at /api/v1, its idempotency records and rate-limit counts in the database (shared by every
  // process).
  channels.push(
    await merchantApiChannelOf(connection, services, config, {
      logger,
      ...(options.merchantApi === undefined ? {} : { resources: options.merchantApi }),
    }),
  );
  // WhatsApp Cloud API: PINs through WhatsApp Flows (their answers reach the flow endpoint, not the chat), and
  // notices as templates to a person who has not written on it for 24 hours (when they last wrote: the session).
  const sessions = options.sessions;
  const whatsappCloud = await whatsappCloudFromSettings(config, {
    turns,
    receipts: services.outbox,
    pinAdvice: new MongoPinAdvice(connection),
    pinFlowTokens: new MongoPinFlowTokens(connection),
    ...(sessions
      ? {
          lastWroteAt: async (msisdn: Msisdn) => {
            const session = await sessions.load(msisdn);
            return session?.lastChannel === 'whatsappCloud' ? session.updatedAt : null;
          },
        }
      : {}),
    logger,
    metrics,
    simulation,
  });
  if (whatsappCloud) channels.push(whatsappCloud.channel);
  if (whatsappCloud?.flowEndpoint) channels.push(whatsappCloud.flowEndpoint);
  const localChannels: HttpChannel[] = [];
  if (simulation) {
    // Whoever reaches the simulator speaks for any number: only on the loopback listener, never in production.
    const pinAdvice = new MongoPinAdvice(connection);
    localChannels.push(
      simulatorChannel({
        turns,
        publicUrl: config.PUBLIC_URL ?? `http://localhost:${config.PORT}`,
        twilioAuthToken: smsToken ?? null,
        twilioAccountSid: config.TWILIO_ACCOUNT_SID ?? (localSms ? twilio.accountSid : undefined),
        ussdKey: ussdKey ?? null,
        smsNumber: config.TWILIO_SMS_FROM,
        smsSimulator: twilio.simulator,
        smsPath: SMS_WEBHOOK_PATH,
        chatAnswer: (msisdn, turn) => whatsAppTurnAnswer(pinAdvice, msisdn, turn, new Date()),
        // The SMS and USSD routes are on the main server.
        forwardUrl: `http://127.0.0.1:${config.PORT}`,
        cloud: whatsappCloud?.playground ?? null,
      }),
    );
  }
  const telegram = await telegramFromSettings(config, { connection, turns, logger, metrics });
  if (telegram?.webhook) channels.push(telegram.webhook);
  const providerSimulators = options.simulators ? simulatorRoutes(options.simulators) : [];
  // The payment providers' callbacks and webhook, and the card payer's return page: always on (real providers too).
  const railCallbacks = productRailCallbackRoutes(services, config, (route, problem, error) =>
    logger.warn({ err: error, route, problem }, 'rail callback not handled'),
  );
  channels.push(...railCallbacks);
  const readiness = withWorkers(databaseReadiness(connection), options.workersRunning);
  const app = createHttpApp({
    turns,
    readiness,
    metrics,
    metricsAccess: config.METRICS_TOKEN ? { bearer: config.METRICS_TOKEN } : 'closed',
    logger,
    channels: [...channels, ...providerSimulators],
  });
  const localApp = createHttpApp({
    turns,
    readiness,
    metrics,
    metricsAccess: 'open',
    logger,
    channels: localChannels,
  });
  const server = await startHttpServer(app, config.PORT, { listening: options.listening }).catch(
    async (error: unknown) => {
      await whatsappCloud?.stop();
      throw error;
    },
  );
  const local = await startHttpServer(localApp, config.LOCAL_PORT, { host: '127.0.0.1' }).catch(
    async (error: unknown) => {
      await server.close();
      await whatsappCloud?.stop();
      throw error;
    },
  );
  // Once the server listens: the webhook is set at PUBLIC_URL, or long polling starts.
  await telegram?.start();
  // The local Graph API simulator verifies our webhook as Meta does when its URL is saved.
  await whatsappCloud?.start(`http://127.0.0.1:${server.port}`);
  return {
    server,
    local,
    channels: channels.map((c) => c.path),
    localChannels: localChannels.map((c) => c.path),
    simulators: providerSimulators.map((c) => c.path),
    turns,
    metrics,
    telegram,
    pinSmsEraser,
    whatsappCloud,
  };
}
