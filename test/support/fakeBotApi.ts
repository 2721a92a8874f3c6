/**
 * A local Telegram Bot API server for tests: the subset telegraf and our channel use (`/bot<token>/<method>`:
 * getMe, setWebhook, deleteWebhook, getWebhookInfo, getUpdates with long polling and offsets, sendMessage,
 * answerCallbackQuery, editMessageText, editMessageReplyMarkup, deleteMessage), with Telegram's checks that
 * matter to a bot (4096 characters, 64-byte callback_data, a query answered once, a message deleted once).
 * It records every call, keeps each chat's messages, queues updates for polling, delivers them to a webhook as
 * Telegram does, and answers 429 with `parameters.retry_after` when a test asks for it.
 * Point telegraf at it with `new Telegraf(token, { telegram: { apiRoot: api.apiRoot } })`.
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CallbackQuery, Message, Update, User } from 'telegraf/types';

/** One API call as the fake received and answered it. */
export interface BotApiCall {
  method: string;
  params: Record<string, unknown>;
  /** When it arrived (Date.now()). */
  at: number;
  /** The HTTP status it was answered with. */
  status: number;
}

/** A message in a chat, the bot's or a person's, as the fake keeps it. */
export interface ChatMessage {
  messageId: number;
  chatId: number;
  from: 'bot' | 'person';
  text?: string;
  replyMarkup?: ReplyMarkup;
  deleted: boolean;
}

interface InlineButton {
  text: string;
  callback_data?: string;
}

/** The reply_markup a bot sent: inline buttons, a reply keyboard (e.g. request_contact), or its removal. */
export interface ReplyMarkup {
  inline_keyboard?: InlineButton[][];
  keyboard?: { text: string; request_contact?: boolean }[][];
  remove_keyboard?: boolean;
}

/** A Telegram account in tests. */
export interface TelegramPerson {
  id: number;
  firstName: string;
  /** The number on the account, as Telegram gives it in a shared contact (international digits). */
  phone: string;
  languageCode?: string;
}

type Answer = { status: number; body: unknown };

const MAX_TEXT = 4096;
const MAX_CALLBACK_DATA_BYTES = 64;

export class FakeBotApi {
  /** Every call, in the order they arrived. */
  readonly calls: BotApiCall[] = [];
  /** The webhook set by setWebhook, or null (polling allowed). */
  webhook: { url: string; secretToken?: string; allowedUpdates?: string[] } | null = null;

  private readonly messages = new Map<string, ChatMessage>();
  private readonly pending: Update[] = [];
  private readonly pollers = new Set<() => void>();
  private readonly queries = new Map<string, { answered: boolean }>();
  private readonly failures = new Map<string, { retryAfter: number; times: number }>();
  private lastMessageId = 1000;
  private lastUpdateId = 500_000;
  private lastQueryId = 0;

  private constructor(
    private readonly server: http.Server,
    readonly token: string,
    readonly bot: User,
  ) {}

  /** Starts the fake on a free loopback port for one bot token. */
  static async start(token = '123456:TEST-token_abcdefghijklmnop', username = 'chatpay_test_bot'): Promise<FakeBotApi> {
    const bot: User = { id: Number(token.split(':')[0]), is_bot: true, first_name: 'chatpay', username };
    const server = http.createServer((req, res) => void api.serve(req, res));
    const api = new FakeBotApi(server, token, bot);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return api;
  }

  /** The base URL to give telegraf as `apiRoot`. */
  get apiRoot(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Ends pending long polls and stops the server. */
  async close(): Promise<void> {
    for (const wake of [...this.pollers]) wake();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  /** The calls to one method. */
  callsTo(method: string): BotApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** The bot's messages in a chat that are still there, oldest first. */
  botMessages(chatId: number): ChatMessage[] {
    return [...this.messages.values()].filter((m) => m.chatId === chatId && m.from === 'bot' && !m.deleted);
  }

  /** A message of any chat by id. */
  message(chatId: number, messageId: number): ChatMessage | undefined {
    return this.messages.get(`${chatId}:${messageId}`);
  }

  /** The next `times` calls to `method` are answered 429 with `retry_after` seconds. */
  rateLimit(method: string, retryAfter: number, times = 1): void {
    this.failures.set(method, { retryAfter, times });
  }

  /** Whether every callback query handed out so far was answered. */
  allQueriesAnswered(): boolean {
    return [...this.queries.values()].every((q) => q.answered);
  }

  // Updates, built as Telegram sends them; each person's message is kept so that the bot may delete it.

  /** An update for a text message of a person in their private chat with the bot. */
  textUpdate(person: TelegramPerson, text: string): Update.MessageUpdate {
    return this.messageUpdate(person, { text });
  }

  /**
   * An update for a shared contact: the person's own (as the request_contact button sends it) unless `contact`
   * says otherwise; `userId` is the Telegram account the number belongs to, if any.
   */
  contactUpdate(
    person: TelegramPerson,
    contact: { phone: string; userId?: number; firstName?: string } = { phone: person.phone, userId: person.id },
    extra: Record<string, unknown> = {},
  ): Update.MessageUpdate {
    return this.messageUpdate(person, {
      contact: {
        phone_number: contact.phone,
        first_name: contact.firstName ?? person.firstName,
        ...(contact.userId === undefined ? {} : { user_id: contact.userId }),
      },
      ...extra,
    });
  }

  /** An update for a press on an inline button of one of the bot's messages. */
  callbackUpdate(person: TelegramPerson, message: ChatMessage, data: string): Update.CallbackQueryUpdate {
    this.lastQueryId += 1;
    const id = `q${this.lastQueryId}`;
    this.queries.set(id, { answered: false });
    const query = {
      id,
      from: userOf(person),
      chat_instance: `ci${person.id}`,
      data,
      message: {
        message_id: message.messageId,
        date: nowSeconds(),
        chat: privateChat(person),
        from: this.bot,
        text: message.text ?? '',
        ...(message.replyMarkup?.inline_keyboard ? { reply_markup: message.replyMarkup } : {}),
      },
    } as unknown as CallbackQuery;
    return { update_id: this.nextUpdateId(), callback_query: query } as Update.CallbackQueryUpdate;
  }

  /** Queues an update for getUpdates, waking a waiting long poll. */
  queueUpdate(update: Update): void {
    this.pending.push(update);
    for (const wake of [...this.pollers]) wake();
  }

  /**
   * Delivers an update to the webhook as Telegram does (a JSON POST with the secret header); `secret` null sends
   * no header, a string sends that one instead of the webhook's.
   */
  async deliver(update: Update, options: { secret?: string | null; url?: string } = {}): Promise<number> {
    const url = options.url ?? this.webhook?.url;
    if (!url) throw new Error('no webhook is set');
    const secret = options.secret === undefined ? this.webhook?.secretToken : options.secret;
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(secret === null || secret === undefined ? {} : { 'X-Telegram-Bot-Api-Secret-Token': secret }),
      },
      body: JSON.stringify(update),
    });
    await response.arrayBuffer();
    return response.status;
  }

  private messageUpdate(person: TelegramPerson, content: Record<string, unknown>): Update.MessageUpdate {
    const messageId = this.nextMessageId();
    const message = {
      message_id: messageId,
      date: nowSeconds(),
      chat: privateChat(person),
      from: userOf(person),
      ...content,
    } as unknown as Message;
    this.messages.set(`${person.id}:${messageId}`, {
      messageId,
      chatId: person.id,
      from: 'person',
      text: typeof content.text === 'string' ? content.text : undefined,
      deleted: false,
    });
    return { update_id: this.nextUpdateId(), message } as Update.MessageUpdate;
  }

  private nextMessageId(): number {
    this.lastMessageId += 1;
    return this.lastMessageId;
  }

  private nextUpdateId(): number {
    this.lastUpdateId += 1;
    return this.lastUpdateId;
  }

  private async serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(url.pathname);
    const params: Record<string, unknown> = Object.fromEntries(url.searchParams);
    const body = await readBody(req);
    if (body) Object.assign(params, parseBody(body, req.headers['content-type']));
    const method = match?.[2] ?? url.pathname;
    const call: BotApiCall = { method, params, at: Date.now(), status: 0 };
    this.calls.push(call);
    let answer: Answer;
    if (!match) answer = failure(404, 'Not Found');
    else if (match[1] !== this.token) answer = failure(401, 'Unauthorized');
    else answer = this.rateLimited(method) ?? (await this.answer(method, params, res));
    call.status = answer.status;
    if (res.destroyed) return;
    res.writeHead(answer.status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(answer.body));
  }

  private rateLimited(method: string): Answer | null {
    const failure = this.failures.get(method);
    if (!failure || failure.times <= 0) return null;
    failure.times -= 1;
    return {
      status: 429,
      body: {
        ok: false,
        error_code: 429,
        description: `Too Many Requests: retry after ${failure.retryAfter}`,
        parameters: { retry_after: failure.retryAfter },
      },
    };
  }

  private async answer(method: string, p: Record<string, unknown>, res: http.ServerResponse): Promise<Answer> {
    switch (method) {
      case 'getMe':
        return ok(this.bot);
      case 'setWebhook': {
        if (typeof p.url !== 'string' || p.url === '') return this.webhookDeleted(p);
        this.webhook = {
          url: p.url,
          secretToken: typeof p.secret_token === 'string' ? p.secret_token : undefined,
          allowedUpdates: Array.isArray(p.allowed_updates) ? (p.allowed_updates as string[]) : undefined,
        };
        return ok(true);
      }
      case 'deleteWebhook':
        return this.webhookDeleted(p);
      case 'getWebhookInfo':
        return ok({ url: this.webhook?.url ?? '', pending_update_count: this.pending.length });
      case 'getUpdates':
        return this.getUpdates(p, res);
      case 'sendMessage':
        return this.sendMessage(p);
      case 'answerCallbackQuery': {
        const query = this.queries.get(String(p.callback_query_id));
        if (!query || query.answered) {
          return failure(400, 'Bad Request: query is too old and response timeout expired or query ID is invalid');
        }
        query.answered = true;
        return ok(true);
      }
      case 'editMessageText':
      case 'editMessageReplyMarkup':
        return this.edit(method, p);
      case 'deleteMessage': {
        const message = this.messages.get(`${Number(p.chat_id)}:${Number(p.message_id)}`);
        if (!message || message.deleted) return failure(400, 'Bad Request: message to delete not found');
        message.deleted = true;
        return ok(true);
      }
      default:
        return failure(404, 'Not Found');
    }
  }

  private webhookDeleted(p: Record<string, unknown>): Answer {
    this.webhook = null;
    if (p.drop_pending_updates === true) this.pending.splice(0);
    return ok(true);
  }

  private async getUpdates(p: Record<string, unknown>, res: http.ServerResponse): Promise<Answer> {
    if (this.webhook) {
      return failure(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook first");
    }
    const offset = Number(p.offset ?? 0);
    // An offset confirms every update before it: they are never sent again.
    if (offset > 0) {
      while (this.pending[0] && this.pending[0].update_id < offset) this.pending.shift();
    }
    const limit = Math.min(100, Math.max(1, Number(p.limit ?? 100)));
    const timeoutMs = Math.min(50, Number(p.timeout ?? 0)) * 1000;
    if (this.pending.length === 0 && timeoutMs > 0) {
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.pollers.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, timeoutMs);
        this.pollers.add(wake);
        // telegraf aborts its long poll when the bot stops: the response closes before it is sent.
        res.once('close', wake);
      });
    }
    return ok(this.pending.slice(0, limit));
  }

  private sendMessage(p: Record<string, unknown>): Answer {
    const chatId = Number(p.chat_id);
    const text = typeof p.text === 'string' ? p.text : '';
    if (!Number.isSafeInteger(chatId)) return failure(400, 'Bad Request: chat not found');
    const invalid = textProblem(text) ?? markupProblem(p.reply_markup);
    if (invalid) return failure(400, invalid);
    const messageId = this.nextMessageId();
    const replyMarkup = p.reply_markup as ReplyMarkup | undefined;
    this.messages.set(`${chatId}:${messageId}`, {
      messageId,
      chatId,
      from: 'bot',
      text,
      replyMarkup,
      deleted: false,
    });
    return ok({
      message_id: messageId,
      from: this.bot,
      chat: { id: chatId, type: 'private' },
      date: nowSeconds(),
      text,
      ...(replyMarkup?.inline_keyboard ? { reply_markup: replyMarkup } : {}),
    });
  }

  private edit(method: string, p: Record<string, unknown>): Answer {
    const chatId = Number(p.chat_id);
    const message = this.messages.get(`${chatId}:${Number(p.message_id)}`);
    if (!message || message.deleted || message.from !== 'bot')
      return failure(400, 'Bad Request: message to edit not found');
    const text = method === 'editMessageText' ? (typeof p.text === 'string' ? p.text : '') : message.text;
    const invalid = (text === undefined ? null : textProblem(text)) ?? markupProblem(p.reply_markup);
    if (invalid) return failure(400, invalid);
    const replyMarkup = p.reply_markup as ReplyMarkup | undefined;
    if (text === message.text && JSON.stringify(replyMarkup) === JSON.stringify(message.replyMarkup)) {
      return failure(400, 'Bad Request: message is not modified');
    }
    message.text = text;
    message.replyMarkup = replyMarkup;
    return ok({ message_id: message.messageId, chat: { id: chatId, type: 'private' }, date: nowSeconds(), text });
  }
}

function textProblem(text: string): string | null {
  if (text.trim() === '') return 'Bad Request: message text is empty';
  if (text.length > MAX_TEXT) return 'Bad Request: message is too long';
  return null;
}

function markupProblem(markup: unknown): string | null {
  const inline = (markup as ReplyMarkup | undefined)?.inline_keyboard;
  if (!inline) return null;
  for (const button of inline.flat()) {
    if (typeof button.text !== 'string' || button.text === '') return 'Bad Request: text buttons are unallowed';
    const data = button.callback_data;
    if (data !== undefined && (data === '' || Buffer.byteLength(data, 'utf8') > MAX_CALLBACK_DATA_BYTES)) {
      return 'Bad Request: BUTTON_DATA_INVALID';
    }
  }
  return null;
}

function ok(result: unknown): Answer {
  return { status: 200, body: { ok: true, result } };
}

function failure(code: number, description: string): Answer {
  return { status: code, body: { ok: false, error_code: code, description } };
}

function userOf(person: TelegramPerson): User {
  return {
    id: person.id,
    is_bot: false,
    first_name: person.firstName,
    ...(person.languageCode ? { language_code: person.languageCode } : {}),
  };
}

function privateChat(person: TelegramPerson) {
  return { id: person.id, type: 'private' as const, first_name: person.firstName };
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody(body: string, contentType: string | undefined): Record<string, unknown> {
  if (contentType?.includes('application/json')) return JSON.parse(body) as Record<string, unknown>;
  const form = Object.fromEntries(new URLSearchParams(body)) as Record<string, unknown>;
  // Form-encoded calls carry objects as JSON strings, as Telegram accepts them.
  for (const [key, value] of Object.entries(form)) {
    if (typeof value === 'string' && /^[[{]/.test(value)) form[key] = JSON.parse(value) as unknown;
  }
  return form;
}
