/**
 * The SMS channel on an HTTP app as the server mounts it, with Twilio's test credentials (twilioSupport.ts), for
 * tests that post Twilio's webhooks to the real route.
 */
import type { Connection } from 'mongoose';
import { createConversations } from '../../../../bots/app/conversationSetup';
import { Metrics } from '../../../../bots/channels/http/metrics';
import { createHttpApp } from '../../../../bots/channels/http/server';
import { ChannelTurns } from '../../../../bots/channels/http/turns';
import type { Conversations } from '../../../../bots/runtime/conversations';
import { serveLocalSimulators, type SimulatorsServer } from '../../../../bots/app/localSimulators';
import { createServices, type Services } from '../../../../bots/app/services';
import { createSmsChannel, type SmsChannelOptions } from '../../../../bots/channels/sms/smsChannel';
import type { Logger } from '../../../../integrations/logger';
import { testSettings } from '../../../support/chat';
import { serve } from '../http/support';
import { PUBLIC_URL, smsAnswer, TEST_ACCOUNT_SID, TEST_AUTH_TOKEN } from './twilioSupport';

export function smsApp(
  conversations: Pick<Conversations, 'handle'>,
  logger: Logger,
  options: Pick<SmsChannelOptions, 'pinSmsEraser'> = {},
) {
  const metrics = new Metrics({ processMetrics: false });
  const turns = new ChannelTurns(conversations, metrics);
  const sms = createSmsChannel({
    turns,
    authToken: TEST_AUTH_TOKEN,
    accountSid: TEST_ACCOUNT_SID,
    publicUrl: PUBLIC_URL,
    logger,
    metrics,
    ...options,
  });
  const app = createHttpApp({
    turns,
    readiness: async () => ({ ok: true, details: {} }),
    metrics,
    logger,
    channels: [sms],
  });
  return { app, metrics };
}

/**
 * Two server processes on one database, as two instances behind a load balancer: each its own services, runtime and
 * HTTP server, started before the file's tests and closed after them.
 */
export function useTwoSmsServers(
  db: { readonly connection: Connection },
  logger: Logger,
  options: { settings?: typeof testSettings; clock?: () => Date } = {},
) {
  const { settings = testSettings, clock } = options;
  const servers: Awaited<ReturnType<typeof serve>>[] = [];
  const services: Services[] = [];
  let simulators: SimulatorsServer | undefined;

  beforeAll(async () => {
    // The providers' simulators both processes' clients talk to, on a loopback server.
    simulators = await serveLocalSimulators(db.connection, settings, { clock });
    for (let process = 0; process < 2; process += 1) {
      const own = await createServices(db.connection, settings, { clock, localSimulatorsUrl: simulators.url });
      services.push(own);
      const { conversations } = createConversations(db.connection, own, settings, { clock });
      servers.push(await serve(smsApp(conversations, logger).app));
    }
  });

  afterAll(async () => {
    for (const server of servers) await server.close();
    await simulators?.close();
  });

  return {
    /** Posts Twilio's webhook for this form to server `n`, expects a 200; returns the SMS answered. */
    post: (n: number, form: Record<string, string>): Promise<string[]> => smsAnswer(`${servers[n]?.url}`, form),
    /** The services of server `n`. */
    services(n: number): Services {
      const own = services[n];
      if (!own) throw new Error(`no server ${n} (use it inside a test)`);
      return own;
    },
  };
}
