/**
 * The WhatsApp Cloud API channel as the settings ask. With WHATSAPP_CLOUD_ENABLED and Meta's credentials (the
 * configuration refuses half of them), it talks to Meta at WHATSAPP_CLOUD_GRAPH_URL. Without an access token,
 * where the simulated world may run (simulatedRailsGuard.ts: the default `npm start`), it talks to a local Graph API
 * simulator started here with credentials made up at start, which verifies the webhook as Meta does once the
 * server listens, so messages can be played into the product through it. Otherwise the channel is off.
 *
 * PINs go through a WhatsApp Flow form when WHATSAPP_CLOUD_PIN_FLOW_ID is set (with WHATSAPP_CLOUD_FLOW_PRIVATE_KEY,
 * refused at start otherwise), and always with the local simulator: it gets a Flow id and a key pair made up at
 * start, and is told where the data endpoint is. Notices outside the 24-hour window go as the approved templates
 * of WHATSAPP_CLOUD_TEMPLATES.
 */
import { createPublicKey, generateKeyPairSync, randomBytes, randomInt, type KeyObject } from 'node:crypto';
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
import { flowPrivateKey } from '../channels/whatsappCloud/flowCrypto';
import { GraphApiClient } from '../channels/whatsappCloud/graphClient';
import { createPinFlowEndpoint, PIN_FLOW_ENDPOINT_PATH } from '../channels/whatsappCloud/pinFlowEndpoint';
import type { PinAdviceLog, PinFlowTokens } from '../channels/whatsappCloud/ports';
import type { HttpChannel } from '../channels/http/server';
import type { CloudPlayground } from '../channels/simulator/cloudPlayground';
import type { Msisdn } from '../../domain/phone';
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
  | 'WHATSAPP_CLOUD_PIN_FLOW_ID'
  | 'WHATSAPP_CLOUD_FLOW_PRIVATE_KEY'
  | 'WHATSAPP_CLOUD_FLOW_TOKEN_TTL_MS'
  | 'WHATSAPP_CLOUD_TEMPLATES'
  | 'WHATSAPP_CLOUD_TEMPLATE_LANGUAGES'
>;

export interface WhatsAppCloudSetup {
  /** The webhook route, for the main server's channels. */
  channel: WhatsAppCloudChannel;
  /** The PIN Flow's data endpoint (PUBLIC_URL/whatsapp/flows), for the main server's channels; null when off. */
  flowEndpoint: HttpChannel | null;
  /** The outbox's sender for people who last wrote on this channel. */
  sender: CloudNoticeSender;
  /** The local Graph API simulator, when there are no Meta credentials. */
  simulator: GraphApiSimulator | null;
  /** The simulator page's WhatsApp Cloud tab, playing people through the local simulator; null with Meta. */
  playground: CloudPlayground | null;
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
    /** The PIN forms' tokens (MongoPinFlowTokens); without them PINs are typed in the chat. */
    pinFlowTokens?: PinFlowTokens;
    /** When a person last wrote on this channel, for the 24-hour window; without it Meta's refusal tells. */
    lastWroteAt?: (msisdn: Msisdn) => Promise<Date | null>;
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
    const approvedTemplates = settings.WHATSAPP_CLOUD_TEMPLATES.map((t) => t.name);
    simulator = await startGraphApiSimulator({ ...local, customerWindow: true, approvedTemplates });
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
  const pinFlow = pinFlowOf(settings, simulator !== null, dependencies.pinFlowTokens);
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
    ...(pinFlow ? { pinFlow: { flowId: pinFlow.flowId, tokens: pinFlow.tokens, tokenTtlMs: pinFlow.ttlMs } } : {}),
  });
  const flowEndpoint = pinFlow
    ? createPinFlowEndpoint({
        privateKey: pinFlow.privateKey,
        appSecret: credentials.appSecret,
        tokens: pinFlow.tokens,
        channel,
        logger: dependencies.logger,
        metrics: dependencies.metrics,
      })
    : null;
  const templates = {
    templates: settings.WHATSAPP_CLOUD_TEMPLATES,
    languages: settings.WHATSAPP_CLOUD_TEMPLATE_LANGUAGES,
  };
  return {
    channel,
    flowEndpoint,
    sender: new CloudNoticeSender(graph, { templates, lastWroteAt: dependencies.lastWroteAt }),
    simulator,
    playground: simulator ? playgroundOf(simulator, channel) : null,
    async start(serverUrl) {
      if (!simulator) return;
      const webhook = `${serverUrl.replace(/\/+$/, '')}${WHATSAPP_CLOUD_WEBHOOK_PATH}`;
      if (!(await simulator.subscribe(webhook, credentials.verifyToken))) {
        dependencies.logger.error('the local graph api simulator could not verify the whatsapp cloud webhook');
      }
      if (pinFlow) {
        // What registering the endpoint URI and uploading our public key does at Meta.
        const url = `${serverUrl.replace(/\/+$/, '')}${PIN_FLOW_ENDPOINT_PATH}`;
        simulator.useFlowEndpoint(pinFlow.flowId, { url, publicKey: pinFlow.publicKey });
      }
    },
    async stop() {
      await channel.idle();
      await simulator?.close();
    },
  };
}

interface PinFlowSetup {
  flowId: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  tokens: PinFlowTokens;
  ttlMs: number;
}

/**
 * The PIN Flow: Meta's Flow with our key, the local simulator's with a key pair made here (its private half never
 * leaves this process), or none (no Flow id, or no token store). A Flow id without a key cannot work: refused.
 */
function pinFlowOf(
  settings: WhatsAppCloudSettings,
  simulated: boolean,
  tokens: PinFlowTokens | undefined,
): PinFlowSetup | null {
  const ttlMs = settings.WHATSAPP_CLOUD_FLOW_TOKEN_TTL_MS;
  const pem = settings.WHATSAPP_CLOUD_FLOW_PRIVATE_KEY;
  if (!simulated && settings.WHATSAPP_CLOUD_PIN_FLOW_ID !== undefined && pem === undefined) {
    throw new Error('WHATSAPP_CLOUD_FLOW_PRIVATE_KEY is required with WHATSAPP_CLOUD_PIN_FLOW_ID');
  }
  if (!tokens) return null;
  if (simulated) {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const flowId = settings.WHATSAPP_CLOUD_PIN_FLOW_ID ?? `9${String(randomInt(0, 1e14)).padStart(14, '0')}`;
    return { flowId, ...pair, tokens, ttlMs };
  }
  if (settings.WHATSAPP_CLOUD_PIN_FLOW_ID === undefined || pem === undefined) return null;
  let privateKey: KeyObject;
  try {
    privateKey = flowPrivateKey(pem);
  } catch {
    // Never the key itself, nor the parser's message (it may quote it).
    throw new Error('WHATSAPP_CLOUD_FLOW_PRIVATE_KEY is not a readable RSA private key');
  }
  return {
    flowId: settings.WHATSAPP_CLOUD_PIN_FLOW_ID,
    privateKey,
    publicKey: createPublicKey(privateKey),
    tokens,
    ttlMs,
  };
}

/** People played through the local simulator, for the simulator page: each action resolves once answered. */
function playgroundOf(simulator: GraphApiSimulator, channel: WhatsAppCloudChannel): CloudPlayground {
  return {
    async send(from, content) {
      if (content.type === 'text') {
        await simulator.sendInbound(from, { type: 'text', text: { body: content.text } });
      } else if (content.list) {
        const list_reply = { id: content.id, title: content.title };
        await simulator.sendInbound(from, { type: 'interactive', interactive: { type: 'list_reply', list_reply } });
      } else {
        const button_reply = { id: content.id, title: content.title };
        await simulator.sendInbound(from, { type: 'interactive', interactive: { type: 'button_reply', button_reply } });
      }
      await channel.idle();
    },
    messagesTo: (to) => simulator.messagesTo(to),
    async submitPin(to, pin) {
      const answer = await simulator.submitFlow(to, { pin });
      await channel.idle();
      return { status: answer.status, closed: (answer.body as { screen?: unknown } | null)?.screen === 'SUCCESS' };
    },
  };
}
