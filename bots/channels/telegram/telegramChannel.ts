/**
 * The Telegram channel (telegraf). A Telegram account first shares its own phone number with a `request_contact`
 * button; from then on its messages are turns of that number's conversation: texts as `text`, inline buttons as
 * `choice` (every callback query answered), deduplicated by the runtime on the update. Replies go back as
 * messages with inline keyboards through a rate-limited queue per chat, and a PIN the person typed is deleted
 * from the chat once read. Updates arrive by webhook (`POST /webhooks/telegram`, secret checked by telegraf) when
 * the server has a public address, else by long polling.
 */
import express from 'express';
import { Telegraf } from 'telegraf';
import type { CallbackQuery, Message, Update, User } from 'telegraf/types';
import type { ExtraReplyMessage } from 'telegraf/typings/telegram-types';
import { formatMsisdnForDisplay, parseCameroonMobile, type Msisdn } from '../../../domain/phone';
import { fill } from '../../../flows/messages/catalog';
import { telegramMessages } from '../../../flows/messages/telegram';
import type { Logger } from '../../../integrations/logger';
import { HttpError } from '../http/errors';
import type { Metrics } from '../http/metrics';
import type { HttpChannel } from '../http/server';
import type { ChannelTurns } from '../http/turns';
import type { Inbound } from '../../runtime/inbound';
import type { TelegramLink, TelegramLinks } from './ports';
import { renderTelegram, splitMessage, type TelegramMessage } from './telegramRenderer';
import { TelegramSender, type TelegramSenderOptions } from './telegramSender';

/** Where Telegram is told to deliver updates, under PUBLIC_URL. */
export const TELEGRAM_WEBHOOK_PATH = '/webhooks/telegram';

/** The real Bot API; tests point the channel at a local fake instead. */
export const DEFAULT_TELEGRAM_API_ROOT = 'https://api.telegram.org';

/** The header Telegram sends the webhook's secret_token in. */
export const TELEGRAM_SECRET_HEADER = 'X-Telegram-Bot-Api-Secret-Token';

// Everything else (edited messages, channel posts, reactions…) is not a turn of a conversation.
const ALLOWED_UPDATES = ['message', 'callback_query'] as const;

// Telegram's rule for a webhook's secret_token: 1-256 characters, letters, digits, _ and -.
const SECRET_TOKEN = /^[A-Za-z0-9_-]{1,256}$/;

// Bot commands people type or tap in Telegram's menu, as the words the runtime knows.
const BOT_COMMANDS: Readonly<Record<string, string>> = {
  '/start': '00',
  '/menu': '00',
  '/help': 'help',
  '/cancel': 'cancel',
};

export interface TelegramChannelOptions {
  /** The bot's token from BotFather (TELEGRAM_BOT_TOKEN). */
  token: string;
  /** The runtime, through the HTTP server's counted turns. */
  turns: Pick<ChannelTurns, 'handle'>;
  links: TelegramLinks;
  logger: Logger;
  /** The Bot API's base URL (TELEGRAM_API_ROOT). */
  apiRoot?: string;
  /** The webhook's secret_token (TELEGRAM_WEBHOOK_SECRET); required for the webhook route. */
  webhookSecret?: string;
  metrics?: Metrics;
  /** Rate limits and retries of the sending queue. */
  sender?: TelegramSenderOptions;
  path?: string;
  clock?: () => Date;
}

/** What became of a notice: the ids of the messages it took, or why it was not sent. */
export type NoticeDelivery =
  | { ok: true; messageIds: number[] }
  | { ok: false; reason: 'NOT_LINKED' }
  | { ok: false; reason: 'REFUSED'; code: number };

/** A message as sent: its text and what goes under it (buttons, the share-number keyboard, or its removal). */
interface Outgoing {
  text: string;
  replyMarkup?: ExtraReplyMessage['reply_markup'];
}

// Takes the share-number keyboard away once it has served.
const REMOVE_KEYBOARD = { remove_keyboard: true } as const;

/** A turn of a linked account, what it read, and the chat to answer in. */
interface Turn {
  chatId: number;
  /** The link the turn speaks through. */
  link: TelegramLink;
  inbound: Inbound;
  /** The person's message, deleted when the turn says it was a PIN. */
  messageId?: number;
}

/** One bot: its webhook route or its polling loop, and its sending queue. */
export class TelegramChannel {
  /** The telegraf bot (its `telegram` client talks to apiRoot). */
  readonly bot: Telegraf;
  private readonly sender: TelegramSender;
  private readonly clock: () => Date;
  private readonly log: Logger;
  /** The HTTP response of each update that came by webhook: a failed turn answers 500 so Telegram retries. */
  private readonly webhookResponses = new WeakMap<object, express.Response>();
  private polling: Promise<void> | null = null;

  constructor(private readonly options: TelegramChannelOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.log = options.logger.child({ channel: 'telegram' });
    this.bot = new Telegraf(options.token, {
      // Every call is a real API call: a webhook reply could neither be rate-limited nor tell us it failed.
      telegram: { apiRoot: options.apiRoot ?? DEFAULT_TELEGRAM_API_ROOT, webhookReply: false },
    });
    this.sender = new TelegramSender({
      ...options.sender,
      onRateLimited: (chatId, retryAfter) => {
        this.log.warn({ chatId, retryAfter }, 'telegram rate limit, waiting');
        options.sender?.onRateLimited?.(chatId, retryAfter);
      },
    });
    this.bot.use((ctx) => this.onUpdate(ctx.update));
    // Replaces telegraf's default, which prints the update and sets the process's exit code.
    this.bot.catch((error, ctx) => this.failed(error, ctx.update));
  }

  /**
   * The webhook route for createHttpApp's channels. telegraf compares the secret header in constant time; a
   * request without it gets 401 and one with another secret 403, and nothing runs for either.
   */
  webhook(): HttpChannel {
    const secret = this.options.webhookSecret;
    if (secret === undefined || !SECRET_TOKEN.test(secret)) {
      throw new Error('the Telegram webhook needs a secret of 1-256 letters, digits, _ or - (TELEGRAM_WEBHOOK_SECRET)');
    }
    // Mounted under its path, so the router sees '/' as the URL telegraf must match.
    const callback = this.bot.webhookCallback('/', { secretToken: secret });
    const router = express.Router();
    router.post('/', async (req, res) => {
      if (typeof req.body === 'object' && req.body !== null) this.webhookResponses.set(req.body as object, res);
      await callback(req, res, () => {
        const reason = req.get(TELEGRAM_SECRET_HEADER) === undefined ? 'missing_secret' : 'bad_secret';
        this.options.metrics?.webhookRefused('telegram', reason);
        this.log.warn({ reason }, 'telegram webhook refused');
        throw new HttpError(reason === 'missing_secret' ? 401 : 403, reason);
      });
    });
    return { path: this.options.path ?? TELEGRAM_WEBHOOK_PATH, router };
  }

  /** Tells Telegram to deliver updates to `publicUrl` plus the webhook path, with the secret. */
  async setWebhook(publicUrl: string): Promise<void> {
    const url = `${publicUrl.replace(/\/+$/, '')}${this.options.path ?? TELEGRAM_WEBHOOK_PATH}`;
    await this.bot.telegram.setWebhook(url, {
      secret_token: this.options.webhookSecret,
      allowed_updates: [...ALLOWED_UPDATES],
    });
  }

  /**
   * Long polling, for a server without a public address: removes any webhook (Telegram serves getUpdates only
   * without one) and starts fetching updates. Rejects when Telegram does not know the bot (a wrong token).
   */
  async startPolling(): Promise<void> {
    if (this.polling) return;
    this.bot.botInfo = await this.bot.telegram.getMe();
    await this.bot.telegram.deleteWebhook();
    // telegraf's loop runs until stop(); it fails only on what a restart would not fix (401, 409): logged.
    this.polling = this.bot
      .launch({ allowedUpdates: [...ALLOWED_UPDATES] })
      .catch((error: unknown) => this.log.error({ err: errorSummary(error) }, 'telegram polling stopped'));
  }

  /** Stops polling, once the updates being handled are answered. Nothing to do for a webhook. */
  async stop(): Promise<void> {
    const polling = this.polling;
    if (!polling) return;
    let ended = false;
    void polling.then(() => (ended = true));
    // telegraf's loop exists only once launch() has removed the webhook; until then its stop() refuses.
    while (!ended) {
      try {
        this.bot.stop('shutdown');
        break;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
    await polling;
    this.polling = null;
  }

  /**
   * Writes a text to the Telegram account linked to a number (the outbox's notices), split within Telegram's
   * message size. Refused as a value when no account is linked or Telegram refuses for good (the person blocked
   * the bot: 403); throws when Telegram could not be reached or kept answering 429, so it is tried again later.
   */
  async sendNotice(msisdn: Msisdn, text: string): Promise<NoticeDelivery> {
    const link = await this.options.links.forMsisdn(msisdn);
    if (!link) return { ok: false, reason: 'NOT_LINKED' };
    return this.send(
      link.chatId,
      splitMessage(text).map((piece) => ({ text: piece })),
    );
  }

  private async onUpdate(update: Update): Promise<void> {
    if ('message' in update) await this.onMessage(update.update_id, update.message);
    else if ('callback_query' in update) await this.onCallback(update.update_id, update.callback_query);
  }

  private async onMessage(updateId: number, message: Message): Promise<void> {
    const from = message.from;
    // Contacts can only be requested in private chats, and a wallet is personal: groups are not served.
    if (message.chat.type !== 'private' || !from || from.is_bot) return;
    const link = await this.options.links.find(from.id);
    if (!link) {
      if ('contact' in message) await this.linkByContact(updateId, message, from);
      else await this.askForNumber(message.chat.id, 'telegram.shareNumber');
      return;
    }
    const base = { channel: 'telegram' as const, msisdn: link.msisdn, messageId: messageIdOf(from, updateId) };
    let inbound: Inbound;
    if ('text' in message) {
      inbound = { ...base, at: this.clock(), type: 'text', text: botCommand(message.text) ?? message.text };
    } else if ('contact' in message) {
      // A contact shared once linked answers the step, e.g. the recipient of a transfer.
      const contact = cameroonMobileOf(message.contact.phone_number);
      inbound = contact
        ? { ...base, at: this.clock(), type: 'contact', contactMsisdn: contact }
        : { ...base, at: this.clock(), type: 'unsupported' };
    } else {
      inbound = { ...base, at: this.clock(), type: 'unsupported' };
    }
    await this.runTurn({ chatId: message.chat.id, link, inbound, messageId: message.message_id });
  }

  private async onCallback(updateId: number, query: CallbackQuery): Promise<void> {
    // Answered first, whatever follows: until then the person's app shows the button as loading.
    await this.bot.telegram
      .answerCbQuery(query.id)
      .catch((error: unknown) => this.log.warn({ err: errorSummary(error) }, 'callback query not answered'));
    const chatId = query.message?.chat.id ?? query.from.id;
    if (query.message && query.message.chat.type !== 'private') return;
    if (!('data' in query)) return;
    const link = await this.options.links.find(query.from.id);
    if (!link) {
      await this.askForNumber(chatId, 'telegram.shareNumber');
      return;
    }
    if (query.message) this.markChosen(chatId, query.message, query.data);
    await this.runTurn({
      chatId,
      link,
      inbound: {
        channel: 'telegram',
        msisdn: link.msisdn,
        messageId: messageIdOf(query.from, updateId),
        at: this.clock(),
        type: 'choice',
        optionId: query.data,
      },
    });
  }

  /** Links the sender to the number of the contact they shared, if it is theirs and Cameroonian; then greets. */
  private async linkByContact(updateId: number, message: Message.ContactMessage, from: User): Promise<void> {
    const chatId = message.chat.id;
    // Telegram sets user_id to the account the number belongs to: the sender's own only when it is their number.
    // A forwarded contact is someone else's card even if it names the sender.
    if (message.contact.user_id !== from.id || message.forward_origin !== undefined) {
      await this.askForNumber(chatId, 'telegram.notOwnContact');
      return;
    }
    const msisdn = cameroonMobileOf(message.contact.phone_number);
    if (!msisdn) {
      this.log.info({ userId: from.id }, 'telegram account with a number outside Cameroon refused');
      await this.send(chatId, [{ text: bothLanguages('telegram.onlyCameroon'), replyMarkup: REMOVE_KEYBOARD }]);
      return;
    }
    const link = await this.options.links.link({ userId: from.id, chatId, msisdn, linkedAt: this.clock() });
    this.log.info({ userId: from.id, msisdn: link.msisdn }, 'telegram account linked');
    const number = formatMsisdnForDisplay(link.msisdn);
    await this.send(chatId, [{ text: bothLanguages('telegram.linked', { number }), replyMarkup: REMOVE_KEYBOARD }]);
    // The conversation opens (sign-up or menu) as for any first message.
    await this.runTurn({
      chatId,
      link,
      inbound: {
        channel: 'telegram',
        msisdn: link.msisdn,
        messageId: messageIdOf(from, updateId),
        at: this.clock(),
        type: 'contact',
        contactMsisdn: link.msisdn,
      },
    });
  }

  private async runTurn(turn: Turn): Promise<void> {
    const startedAt = this.clock();
    const result = await this.options.turns.handle(turn.inbound);
    // A sign-up made through this link keeps it speaking for the new owner; one made elsewhere would not.
    if (turn.link.pendingSignUp) await this.options.links.confirmSignUp(turn.link, startedAt);
    if (result.secretInput && turn.messageId !== undefined) {
      const messageId = turn.messageId;
      // Not fatal when it fails (a message older than 48 hours, say): the turn happened, the replies must go.
      await this.sender
        .run(turn.chatId, () => this.bot.telegram.deleteMessage(turn.chatId, messageId))
        .catch((error: unknown) => this.log.warn({ err: errorSummary(error) }, 'secret message not deleted'));
    }
    // A repeated update is Telegram retrying one we failed to answer: its replies may never have reached the
    // person, so they go again (a retry while the first delivery still runs has none yet and sends nothing).
    await this.send(turn.chatId, renderTelegram(result.replies, result.language).map(outgoing));
  }

  /**
   * Sends messages in order. A person who blocked the bot, or a message Telegram refuses as malformed, will not
   * change on a retry: logged, and refused. Anything else (network, Telegram down) throws, for a retry.
   */
  private async send(chatId: number, messages: readonly Outgoing[]): Promise<NoticeDelivery> {
    const messageIds: number[] = [];
    for (const message of messages) {
      try {
        const sent = await this.sender.run(chatId, () =>
          this.bot.telegram.sendMessage(chatId, message.text, {
            reply_markup: message.replyMarkup,
            link_preview_options: { is_disabled: true },
          }),
        );
        messageIds.push(sent.message_id);
      } catch (error) {
        const code = errorCodeOf(error);
        if (code === 403 || code === 400) {
          this.log.warn({ err: errorSummary(error) }, 'telegram message refused');
          return { ok: false, reason: 'REFUSED', code };
        }
        throw error;
      }
    }
    return { ok: true, messageIds };
  }

  /** The share-your-number screen, in both languages since the person's is not known yet. */
  private async askForNumber(chatId: number, key: 'telegram.shareNumber' | 'telegram.notOwnContact') {
    const button = `${telegramMessages.fr['telegram.shareButton']} / ${telegramMessages.en['telegram.shareButton']}`;
    await this.send(chatId, [
      {
        text: bothLanguages(key),
        replyMarkup: {
          keyboard: [[{ text: button, request_contact: true }]],
          resize_keyboard: true,
          one_time_keyboard: true,
        },
      },
    ]);
  }

  /**
   * Takes the buttons off a menu once one was pressed, writing the choice under it: an old menu's "1" pressed
   * later would answer whatever step the conversation is at by then. Queued before the turn's replies.
   */
  private markChosen(chatId: number, message: NonNullable<CallbackQuery['message']>, data: string): void {
    const messageId = message.message_id;
    const text = 'text' in message ? message.text : undefined;
    const markup = 'reply_markup' in message ? message.reply_markup : undefined;
    const label = markup?.inline_keyboard.flat().find((b) => 'callback_data' in b && b.callback_data === data)?.text;
    const edited = text !== undefined && label !== undefined ? `${text}\n\n→ ${label}` : undefined;
    void this.sender
      .run(chatId, () =>
        edited !== undefined && edited.length <= 4096
          ? this.bot.telegram.editMessageText(chatId, messageId, undefined, edited)
          : this.bot.telegram.editMessageReplyMarkup(chatId, messageId, undefined, undefined),
      )
      .catch((error: unknown) => this.log.debug({ err: errorSummary(error) }, 'menu not updated'));
  }

  /** A failed update: logged; by webhook, answered 500 so Telegram delivers it again (the runtime dedupes it). */
  private failed(error: unknown, update: Update): void {
    this.log.error({ err: errorSummary(error), updateId: update.update_id }, 'telegram update failed');
    const res = this.webhookResponses.get(update);
    if (res && !res.headersSent) res.statusCode = 500;
  }
}

function outgoing(message: TelegramMessage): Outgoing {
  return message.keyboard ? { text: message.text, replyMarkup: { inline_keyboard: message.keyboard } } : message;
}

/**
 * The runtime's deduplication key. Telegram's update_id alone may repeat: after a week without updates the next
 * one is chosen at random, and a collision would answer someone with another person's saved replies.
 */
function messageIdOf(from: User, updateId: number): string {
  return `${from.id}:${updateId}`;
}

/** `/start`, `/help@OurBot`… as the word the runtime knows, or null for any other text. */
function botCommand(text: string): string | null {
  const match = /^(\/[a-z]+)(@\w+)?(\s.*)?$/is.exec(text.trim());
  return match?.[1] ? (BOT_COMMANDS[match[1].toLowerCase()] ?? null) : null;
}

/** A contact's number (Telegram gives international digits, with or without '+') if it is a Cameroonian mobile. */
function cameroonMobileOf(phoneNumber: string): Msisdn | null {
  const parsed = parseCameroonMobile(phoneNumber);
  if (parsed.ok) return parsed.msisdn;
  const digits = phoneNumber.trim();
  const international = /^[1-9]\d{9,14}$/.test(digits) ? parseCameroonMobile(`+${digits}`) : parsed;
  return international.ok ? international.msisdn : null;
}

function bothLanguages(key: keyof (typeof telegramMessages)['en'], params?: Record<string, string>): string {
  return `${fill(telegramMessages.fr[key], params, 'fr')}\n\n${fill(telegramMessages.en[key], params, 'en')}`;
}

function errorCodeOf(error: unknown): number | undefined {
  const code = (error as { response?: { error_code?: unknown } } | null)?.response?.error_code;
  return typeof code === 'number' ? code : undefined;
}

/** An error without what telegraf attaches to it (the call's payload holds message texts, the URL the token). */
function errorSummary(error: unknown): { name: string; message: string; code?: number } {
  const code = errorCodeOf(error);
  const description = (error as { response?: { description?: unknown } } | null)?.response?.description;
  if (code !== undefined) return { name: 'TelegramError', message: String(description ?? ''), code };
  if (error instanceof Error) return { name: error.name, message: error.message.replace(/bot\d+:[\w-]+/g, 'bot***') };
  return { name: 'Error', message: String(error) };
}
