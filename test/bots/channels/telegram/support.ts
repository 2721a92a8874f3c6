/**
 * The Telegram channel on the real runtime and database, behind the real HTTP server, talking to the fake Bot
 * API; and people who message the bot through Telegram's webhook deliveries.
 */
import { Metrics } from '../../../../bots/channels/http/metrics';
import { createHttpApp } from '../../../../bots/channels/http/server';
import { ChannelTurns } from '../../../../bots/channels/http/turns';
import type { Inbound, TurnResult } from '../../../../bots/runtime/inbound';
import { TelegramChannel, type TelegramChannelOptions } from '../../../../bots/channels/telegram/telegramChannel';
import { MongoTelegramLinks } from '../../../../integrations/mongo/telegramLinkStore';
import type { TelegramSenderOptions } from '../../../../bots/channels/telegram/telegramSender';
import { useProduct } from '../../../support/chat';
import { FakeBotApi, type ChatMessage, type TelegramPerson } from '../../../support/fakeBotApi';
import { capturedLogs, serve } from '../http/support';

export const WEBHOOK_SECRET = 'test_webhook-secret_0123456789';

// Fast enough that a test of a whole sign-up does not wait seconds between messages; tests of the limits set theirs.
const QUICK_SENDER: TelegramSenderOptions = { perChatPerSecond: 1000, perChatBurst: 1000, overallPerSecond: 1000 };

/** The product with a Telegram bot served by webhook; `turns` lists every turn the channel ran, in order. */
export function useTelegramBot(options: { sender?: TelegramSenderOptions } = {}) {
  const product = useProduct();
  const logs = capturedLogs();
  const turns: { inbound: Inbound; result: TurnResult }[] = [];
  let api: FakeBotApi | undefined;
  let channel: TelegramChannel | undefined;
  let links: MongoTelegramLinks | undefined;
  let server: Awaited<ReturnType<typeof serve>> | undefined;
  let metrics: Metrics | undefined;

  beforeAll(async () => {
    api = await FakeBotApi.start();
    metrics = new Metrics({ processMetrics: false });
    const counted = new ChannelTurns(product.conversations, metrics);
    links = await MongoTelegramLinks.open(product.db.connection, (msisdn) =>
      product.services.people.numberOwnership(msisdn),
    );
    channel = new TelegramChannel({
      token: api.token,
      apiRoot: api.apiRoot,
      turns: {
        async handle(inbound) {
          const result = await counted.handle(inbound);
          turns.push({ inbound, result });
          return result;
        },
      },
      links,
      logger: logs.logger,
      webhookSecret: WEBHOOK_SECRET,
      metrics,
      sender: { ...QUICK_SENDER, ...options.sender },
    });
    const app = createHttpApp({
      turns: counted,
      readiness: async () => ({ ok: true, details: {} }),
      metrics,
      logger: logs.logger,
      channels: [channel.webhook()],
    });
    server = await serve(app);
    await channel.setWebhook(server.url);
  });

  afterAll(async () => {
    await server?.close();
    await api?.close();
  });

  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('use the bot inside a test');
    return value;
  };
  return {
    product,
    logs,
    turns,
    get api() {
      return ready(api);
    },
    get channel() {
      return ready(channel);
    },
    get links() {
      return ready(links);
    },
    get server() {
      return ready(server);
    },
    get metrics() {
      return ready(metrics);
    },
    /** A Telegram account whose own number is `phone`. */
    person(id: number, phone: string, firstName = 'Amina'): TelegramTester {
      return new TelegramTester(ready(api), { id, phone, firstName });
    },
  };
}

/** Options for a channel of one's own (polling tests). */
export type ChannelOptions = Omit<TelegramChannelOptions, 'token' | 'apiRoot'>;

/** A person using Telegram: each action is one webhook delivery; answers the bot's new messages. */
export class TelegramTester {
  private seen = 0;

  constructor(
    readonly api: FakeBotApi,
    readonly account: TelegramPerson,
  ) {}

  get chatId(): number {
    return this.account.id;
  }

  /** Types a text; returns the bot's messages sent since the last action. */
  async sends(text: string): Promise<ChatMessage[]> {
    return this.deliver(this.api.textUpdate(this.account, text));
  }

  /** Shares a contact (their own by default, as the request_contact button does). */
  async sharesContact(contact?: { phone: string; userId?: number }, extra?: Record<string, unknown>) {
    return this.deliver(this.api.contactUpdate(this.account, contact, extra));
  }

  /** Presses the button whose callback_data is `data` under the bot's latest message that has buttons. */
  async presses(data: string): Promise<ChatMessage[]> {
    const menu = this.latestMenu();
    const button = menu.replyMarkup?.inline_keyboard?.flat().find((b) => b.callback_data === data);
    if (!button) throw new Error(`no button ${data} under the latest menu: ${menu.text}`);
    return this.deliver(this.api.callbackUpdate(this.account, menu, data));
  }

  /** The bot's latest message with inline buttons. */
  latestMenu(): ChatMessage {
    const menus = this.api.botMessages(this.chatId).filter((m) => m.replyMarkup?.inline_keyboard);
    const menu = menus[menus.length - 1];
    if (!menu) throw new Error('the bot has shown no buttons');
    return menu;
  }

  /** The callback_data of the button whose label contains `label`, under the latest menu. */
  optionLabelled(label: string): string {
    const button = this.latestMenu()
      .replyMarkup?.inline_keyboard?.flat()
      .find((b) => b.text.includes(label));
    if (!button?.callback_data) throw new Error(`no button labelled ${label}`);
    return button.callback_data;
  }

  /** The bot's messages in this chat not returned yet. */
  newMessages(): ChatMessage[] {
    const all = this.api.botMessages(this.chatId);
    const fresh = all.filter((m) => m.messageId > this.seen);
    if (all.length > 0) this.seen = Math.max(this.seen, ...all.map((m) => m.messageId));
    return fresh;
  }

  private async deliver(update: Parameters<FakeBotApi['deliver']>[0]): Promise<ChatMessage[]> {
    const status = await this.api.deliver(update);
    if (status !== 200) throw new Error(`the webhook answered ${status}`);
    return this.newMessages();
  }
}

/** The texts of messages. */
export function textsOf(messages: readonly ChatMessage[]): string[] {
  return messages.map((m) => m.text ?? '');
}
