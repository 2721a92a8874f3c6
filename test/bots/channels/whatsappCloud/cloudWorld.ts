/**
 * The WhatsApp Cloud API channel as the server mounts it, on the real runtime and database, talking to the Graph API
 * simulator over HTTP both ways: the simulator verifies and signs its webhooks as Meta does, and the channel sends
 * its replies to the simulator through the real Graph client. People are played by the simulator. With `pinFlow`,
 * PINs are asked through a WhatsApp Flow form whose answers the simulator encrypts with the endpoint's public key and
 * posts, signed, to the real data endpoint.
 */
import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { Metrics } from '../../../../bots/channels/http/metrics';
import { createHttpApp } from '../../../../bots/channels/http/server';
import { ChannelTurns } from '../../../../bots/channels/http/turns';
import {
  createWhatsAppCloudChannel,
  WHATSAPP_CLOUD_WEBHOOK_PATH,
  type WhatsAppCloudChannel,
} from '../../../../bots/channels/whatsappCloud/cloudChannel';
import { GraphApiClient } from '../../../../bots/channels/whatsappCloud/graphClient';
import { createPinFlowEndpoint, PIN_FLOW_ENDPOINT_PATH } from '../../../../bots/channels/whatsappCloud/pinFlowEndpoint';
import { MongoPinFlowTokens } from '../../../../integrations/mongo/pinFlowTokenStore';
import { MongoPinAdvice } from '../../../../integrations/mongo/pinAdviceStore';
import type { InboundContent } from '../../../../integrations/whatsappCloud/cloudWebhooks';
import {
  startGraphApiSimulator,
  type GraphApiSimulator,
  type SimulatedCloudMessage,
} from '../../../../integrations/whatsappCloud/graphApiSimulator';
import { useProduct } from '../../../support/chat';
import { capturedLogs, serve } from '../http/support';

// Made at run time so that nothing in the repository looks like a credential.
export const ACCESS_TOKEN = `EAA${randomBytes(24).toString('hex')}`;
export const APP_SECRET = randomBytes(16).toString('hex');
export const VERIFY_TOKEN = randomBytes(18).toString('base64url');
export const PHONE_NUMBER_ID = '106540352242922';
export const GRAPH_VERSION = 'v24.0';
export const PIN_FLOW_ID = '1187432115806217';
export const FLOW_TOKEN_TTL_MS = 600_000;

export function useCloudWorld(options: { pinFlow?: boolean } = {}) {
  const product = useProduct();
  // The data endpoint's clock runs ahead by this much when a test moves it (an expired token).
  let flowClockAheadMs = 0;
  let keys: { publicKey: KeyObject; privateKey: KeyObject } | undefined;
  const logs = capturedLogs();
  let simulator: GraphApiSimulator | undefined;
  let channel: WhatsAppCloudChannel | undefined;
  let server: Awaited<ReturnType<typeof serve>> | undefined;

  beforeAll(async () => {
    simulator = await startGraphApiSimulator({
      accessToken: ACCESS_TOKEN,
      appSecret: APP_SECRET,
      phoneNumberId: PHONE_NUMBER_ID,
    });
    const metrics = new Metrics({ processMetrics: false });
    const turns = new ChannelTurns(product.conversations, metrics);
    const graph = new GraphApiClient({
      baseUrl: simulator.url,
      version: GRAPH_VERSION,
      phoneNumberId: PHONE_NUMBER_ID,
      accessToken: ACCESS_TOKEN,
      timeoutMs: 2000,
      retryDelaysMs: [10, 20, 40],
    });
    const tokens = new MongoPinFlowTokens(product.db.connection);
    if (options.pinFlow) keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
    channel = createWhatsAppCloudChannel({
      turns,
      graph,
      appSecret: APP_SECRET,
      verifyToken: VERIFY_TOKEN,
      phoneNumberId: PHONE_NUMBER_ID,
      receipts: product.services.outbox,
      pinAdvice: new MongoPinAdvice(product.db.connection),
      logger: logs.logger,
      metrics,
      ...(options.pinFlow ? { pinFlow: { flowId: PIN_FLOW_ID, tokens, tokenTtlMs: FLOW_TOKEN_TTL_MS } } : {}),
    });
    const flowEndpoint = keys
      ? createPinFlowEndpoint({
          privateKey: keys.privateKey,
          appSecret: APP_SECRET,
          tokens,
          channel,
          logger: logs.logger,
          metrics,
          clock: () => new Date(Date.now() + flowClockAheadMs),
        })
      : null;
    const app = createHttpApp({
      turns,
      readiness: async () => ({ ok: true, details: {} }),
      metrics,
      logger: logs.logger,
      channels: flowEndpoint ? [channel, flowEndpoint] : [channel],
    });
    server = await serve(app);
    if (keys) {
      simulator.useFlowEndpoint(PIN_FLOW_ID, {
        url: `${server.url}${PIN_FLOW_ENDPOINT_PATH}`,
        publicKey: keys.publicKey,
      });
    }
    if (!(await simulator.subscribe(`${server.url}${WHATSAPP_CLOUD_WEBHOOK_PATH}`, VERIFY_TOKEN))) {
      throw new Error('the simulator could not verify the webhook');
    }
  });

  afterAll(async () => {
    await channel?.idle();
    await server?.close();
    await simulator?.close();
  });

  const world = {
    product,
    logs,
    get simulator(): GraphApiSimulator {
      if (!simulator) throw new Error('use the world inside a test');
      return simulator;
    },
    get channel(): WhatsAppCloudChannel {
      if (!channel) throw new Error('use the world inside a test');
      return channel;
    },
    /** Moves the data endpoint's clock forward (tokens expire on it). */
    advanceFlowClock(ms: number) {
      flowClockAheadMs += ms;
    },
    get webhookUrl(): string {
      if (!server) throw new Error('use the world inside a test');
      return `${server.url}${WHATSAPP_CLOUD_WEBHOOK_PATH}`;
    },
    /**
     * A person on WhatsApp (international digits): each call sends one message through the simulator's signed
     * webhook, waits until the channel has answered, and returns the messages it sent them meanwhile.
     */
    person(number: string) {
      const newMessages = async (send: () => Promise<unknown>): Promise<SimulatedCloudMessage[]> => {
        const before = world.simulator.messagesTo(number).length;
        await send();
        await world.channel.idle();
        return world.simulator.messagesTo(number).slice(before);
      };
      return {
        number,
        sends: (content: InboundContent, options?: { wamid?: string }) =>
          newMessages(() => expectAccepted(world.simulator.sendInbound(number, content, options))),
        types: (text: string) => newMessages(() => expectAccepted(world.simulator.sendInbound(number, textOf(text)))),
        /** Enters a PIN in the last Flow form sent to them; returns the endpoint's answer and the chat's new messages. */
        async entersPin(pin: string, extra?: Parameters<GraphApiSimulator['submitFlow']>[2]) {
          let answer: Awaited<ReturnType<GraphApiSimulator['submitFlow']>> | undefined;
          const messages = await newMessages(async () => {
            answer = await world.simulator.submitFlow(number, { pin }, extra);
          });
          return { status: answer!.status, screen: (answer!.body as { screen?: string } | null)?.screen, messages };
        },
        taps: (id: string, title = id) =>
          newMessages(() =>
            expectAccepted(
              world.simulator.sendInbound(number, {
                type: 'interactive',
                interactive: { type: 'button_reply', button_reply: { id, title } },
              }),
            ),
          ),
        picks: (id: string, title = id) =>
          newMessages(() =>
            expectAccepted(
              world.simulator.sendInbound(number, {
                type: 'interactive',
                interactive: { type: 'list_reply', list_reply: { id, title } },
              }),
            ),
          ),
      };
    },
  };
  return world;
}

export function textOf(body: string): InboundContent {
  return { type: 'text', text: { body } };
}

async function expectAccepted(delivery: Promise<{ status: number }>): Promise<void> {
  const { status } = await delivery;
  if (status !== 200) throw new Error(`the webhook answered ${status}`);
}

/** What a sent message shows, in a form tests can compare: its kind, its body text, its options' titles. */
export function shown(message: SimulatedCloudMessage): { kind: string; body: string; options?: string[] } {
  const body = message.body as {
    type: string;
    text?: { body: string };
    interactive?: {
      type: 'button' | 'list';
      body: { text: string };
      action: { buttons?: { reply: { title: string } }[]; sections?: { rows: { title: string }[] }[] };
    };
  };
  if (body.type === 'text') return { kind: 'text', body: body.text?.body ?? '' };
  const interactive = body.interactive!;
  if ((interactive.type as string) === 'flow') {
    const cta = (interactive.action as { parameters?: { flow_cta?: string } }).parameters?.flow_cta ?? '';
    return { kind: 'flow', body: interactive.body.text, options: [cta] };
  }
  const options =
    interactive.type === 'button'
      ? (interactive.action.buttons ?? []).map((b) => b.reply.title)
      : (interactive.action.sections ?? []).flatMap((s) => s.rows.map((r) => r.title));
  return { kind: interactive.type, body: interactive.body.text, options };
}
