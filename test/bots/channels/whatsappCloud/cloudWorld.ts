/**
 * The WhatsApp Cloud API channel as the server mounts it, on the real runtime and database, talking to the Graph API
 * simulator over HTTP both ways: the simulator verifies and signs its webhooks as Meta does, and the channel sends
 * its replies to the simulator through the real Graph client. People are played by the simulator.
 */
import { randomBytes } from 'node:crypto';
import { Metrics } from '../../../../bots/channels/http/metrics';
import { createHttpApp } from '../../../../bots/channels/http/server';
import { ChannelTurns } from '../../../../bots/channels/http/turns';
import {
  createWhatsAppCloudChannel,
  WHATSAPP_CLOUD_WEBHOOK_PATH,
  type WhatsAppCloudChannel,
} from '../../../../bots/channels/whatsappCloud/cloudChannel';
import { GraphApiClient } from '../../../../bots/channels/whatsappCloud/graphClient';
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

export function useCloudWorld() {
  const product = useProduct();
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
    });
    const app = createHttpApp({
      turns,
      readiness: async () => ({ ok: true, details: {} }),
      metrics,
      logger: logs.logger,
      channels: [channel],
    });
    server = await serve(app);
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
  const options =
    interactive.type === 'button'
      ? (interactive.action.buttons ?? []).map((b) => b.reply.title)
      : (interactive.action.sections ?? []).flatMap((s) => s.rows.map((r) => r.title));
  return { kind: interactive.type, body: interactive.body.text, options };
}
