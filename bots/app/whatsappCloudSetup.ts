/**
 * The WhatsApp Cloud API channel as the settings ask. With WHATSAPP_CLOUD_ENABLED and Meta's credentials (the
 * configuration refuses half of them), it talks to Meta at WHATSAPP_CLOUD_GRAPH_URL. Without an access token,
 * where the simulated world may run (simulatedRailsGuard.ts: the default `npm start`), it talks to a local Graph API
 * simulator started here with credentials made up at start, which verifies the webhook as Meta does once the
 * server listens, so messages can be played into the product through it. Otherwise the channel is off.
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { Config } from '../../integrations/config';
import type { Logger } from '../../integrations/logger';
import { startGraphApiSimulator, type GraphApiSimulator } from '../../integrations/whatsappCloud/graphApiSimulator';
import type { Metrics } from '../channels/http/metrics';
import type { ChannelTurns } from '../channels/http/turns';
import {
  createWhatsAppCloudChannel,
  WHATSAPP_CLOUD_WEBHOOK_PATH,
  type WhatsAppCloudChannel,
} from '../channels/whatsappCloud/cloudChannel';
import { CloudNoticeSender } from '../channels/whatsappCloud/cloudNoticeSender';
import { GraphApiClient } from '../channels/whatsappCloud/graphClient';
import type { PinAdviceLog } from '../channels/whatsappCloud/ports';
import type { DeliveryReceipts } from '../runtime/outbox/ports';

export type WhatsAppCloudSettings = Pick<
  Config,
  | 'WHATSAPP_CLOUD_ENABLED'
  | 'WHATSAPP_CLOUD_ACCESS_TOKEN'
  | 'WHATSAPP_CLOUD_PHONE_NUMBER_ID'
  | 'WHATSAPP_CLOUD_APP_SECRET'
  | 'WHATSAPP_CLOUD_VERIFY_TOKEN'
  | 'WHATSAPP_CLOUD_GRAPH_URL'
  | 'WHATSAPP_CLOUD_GRAPH_VERSION'
  | 'WHATSAPP_CLOUD_TIMEOUT_MS'
>;

export interface WhatsAppCloudSetup {
  /** The webhook route, for the main server's channels. */
  channel: WhatsAppCloudChannel;
  /** The outbox's sender for people who last wrote on this channel. */
  sender: CloudNoticeSender;
  /** The local Graph API simulator, when there are no Meta credentials. */
  simulator: GraphApiSimulator | null;
  /** Once the server listens at `serverUrl`: the local simulator verifies the webhook there (Meta does it itself). */
  start(serverUrl: string): Promise<void>;
  /** After the server closed: lets the replies in flight go, then closes the simulator. */
  stop(): Promise<void>;
}

interface Credentials {
  accessToken: string;
  phoneNumberId: string;
  appSecret: string;
  verifyToken: string;
  graphUrl: string;
}

/** The channel from the settings, or null when it is off. */
export async function whatsappCloudFromSettings(
  settings: WhatsAppCloudSettings,
  dependencies: {
    turns: Pick<ChannelTurns, 'handle'>;
    receipts: DeliveryReceipts;
    /** Who was told to delete their PIN messages: the whatsapp-web.js channel's store, so once across both. */
    pinAdvice?: PinAdviceLog;
    logger: Logger;
    metrics?: Metrics;
    /** Whether the simulated world may run here (simulationAllowed). */
    simulation: boolean;
  },
): Promise<WhatsAppCloudSetup | null> {
  let credentials: Credentials;
  let simulator: GraphApiSimulator | null = null;
  const {
    WHATSAPP_CLOUD_ACCESS_TOKEN: accessToken,
    WHATSAPP_CLOUD_PHONE_NUMBER_ID: phoneNumberId,
    WHATSAPP_CLOUD_APP_SECRET: appSecret,
    WHATSAPP_CLOUD_VERIFY_TOKEN: verifyToken,
  } = settings;
  if (settings.WHATSAPP_CLOUD_ENABLED && accessToken && phoneNumberId && appSecret && verifyToken) {
    credentials = { accessToken, phoneNumberId, appSecret, verifyToken, graphUrl: settings.WHATSAPP_CLOUD_GRAPH_URL };
  } else if (accessToken === undefined && dependencies.simulation) {
    const local = {
      accessToken: `EAA${randomBytes(24).toString('hex')}`,
      phoneNumberId: `1${String(randomInt(0, 1e14)).padStart(14, '0')}`,
      appSecret: randomBytes(16).toString('hex'),
      verifyToken: randomBytes(24).toString('base64url'),
    };
    simulator = await startGraphApiSimulator(local);
    credentials = { ...local, graphUrl: simulator.url };
  } else {
    return null;
  }
  const graph = new GraphApiClient({
    baseUrl: credentials.graphUrl,
    version: settings.WHATSAPP_CLOUD_GRAPH_VERSION,
    phoneNumberId: credentials.phoneNumberId,
    accessToken: credentials.accessToken,
    timeoutMs: settings.WHATSAPP_CLOUD_TIMEOUT_MS,
  });
  const channel = createWhatsAppCloudChannel({
    turns: dependencies.turns,
    graph,
    appSecret: credentials.appSecret,
    verifyToken: credentials.verifyToken,
    phoneNumberId: credentials.phoneNumberId,
    receipts: dependencies.receipts,
    pinAdvice: dependencies.pinAdvice,
    logger: dependencies.logger,
    metrics: dependencies.metrics,
  });
  return {
    channel,
    sender: new CloudNoticeSender(graph),
    simulator,
    async start(serverUrl) {
      if (!simulator) return;
      const webhook = `${serverUrl.replace(/\/+$/, '')}${WHATSAPP_CLOUD_WEBHOOK_PATH}`;
      if (!(await simulator.subscribe(webhook, credentials.verifyToken))) {
        dependencies.logger.error('the local graph api simulator could not verify the whatsapp cloud webhook');
      }
    },
    async stop() {
      await channel.idle();
      await simulator?.close();
    },
  };
}
