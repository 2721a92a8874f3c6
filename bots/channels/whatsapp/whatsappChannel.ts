/**
 * The WhatsApp channel over WhatsApp Web (whatsapp-web.js): logs in with a QR code (or a pairing code) shown in
 * the terminal, keeps the session in a local folder across restarts, reconnects with a bounded, jittered
 * exponential backoff when WhatsApp drops the session, and turns each private message into one runtime turn whose
 * replies go back as numbered text.
 *
 * A message the turn read as a PIN is deleted from our side of the chat ("delete for me": whatsapp-web.js cannot
 * delete someone else's message from their phone, and WhatsApp's servers keep a message only until it is
 * delivered), beside the reply; the first time, the reply also asks the person to delete it on their phone.
 *
 * Ban risk: WhatsApp does not allow unofficial clients and may ban a number driven by one, more so when it sends
 * a lot, sends first (notices) or gets reported. Use a number you can lose, keep notices few, and move to the
 * official WhatsApp Cloud API for production: a webhook verified by GET (`hub.mode`, `hub.verify_token`,
 * `hub.challenge`), each POST signed `X-Hub-Signature-256: sha256=hex(HMAC-SHA256(appSecret, raw body))`,
 * interactive replies (up to 3 buttons, lists up to 10 rows), and free-form messages only within 24 hours of the
 * person's last message (approved templates otherwise, which is what notices would need).
 */
import { maskMsisdn, parseCameroonMobile, type Msisdn } from '../../../domain/phone';
import type { Language } from '../../../domain/users';
import { whatsappMessages } from '../../../flows/messages/whatsapp';
import type { Logger } from '../../../integrations/logger';
import type { Metrics } from '../http/metrics';
import type { ChannelTurns } from '../http/turns';
import type { Inbound } from '../../runtime/inbound';
import type { PinAdviceLog } from './ports';
import type { WhatsAppClient, WhatsAppMessage } from './whatsappClient';
import { pinAdviceText, splitText, WHATSAPP_MAX_TEXT, whatsAppAnswer } from './whatsappText';

/** How long to wait before each new connection after a drop: doubling from `initialMs` up to `maxMs`. */
export interface ReconnectPolicy {
  initialMs: number;
  maxMs: number;
  /** Attempts in a row without reaching `ready` before giving up (Infinity: never give up). */
  maxAttempts: number;
}

export const DEFAULT_RECONNECT: ReconnectPolicy = { initialMs: 2000, maxMs: 5 * 60_000, maxAttempts: Infinity };

/** The timer the reconnection waits on; tests pass one they fire themselves. */
export interface ReconnectTimer {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimer: ReconnectTimer = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface WhatsAppChannelOptions {
  /** Makes a new client, for the first connection and after each drop (whatsapp-web.js destroys a dropped one). */
  createClient: () => Promise<WhatsAppClient>;
  /** The runtime; ChannelTurns in production so turns are counted and waited for on shutdown. */
  turns: Pick<ChannelTurns, 'handle'>;
  /** Who has been told to delete their PIN messages on their phone (once each). */
  pinAdvice: PinAdviceLog;
  logger: Logger;
  metrics?: Pick<Metrics, 'webhookRefused'>;
  /** The operator's terminal, where the login QR code or pairing code is shown. */
  output?: { write(text: string): unknown };
  /** Draws the QR code as terminal text; without one the raw QR text is shown with how to draw it. */
  renderQr?: (qr: string) => string;
  reconnect?: Partial<ReconnectPolicy>;
  timer?: ReconnectTimer;
  /** In [0, 1): the jitter of each reconnection delay. */
  random?: () => number;
  clock?: () => Date;
  /** The longest text in one WhatsApp message. */
  maxTextLength?: number;
}

/** Where the connection to WhatsApp Web stands. */
export type WhatsAppState = 'stopped' | 'connecting' | 'waiting_for_login' | 'ready' | 'reconnecting' | 'failed';

/** What became of a notice: sent, or the number has no WhatsApp (send it another way, e.g. SMS). */
export type NoticeDelivery = { ok: true } | { ok: false; reason: 'NOT_ON_WHATSAPP' };

/** The channel is not connected: a notice cannot go now (a fault to retry later, not an outcome). */
export class WhatsAppUnavailableError extends Error {
  constructor(state: WhatsAppState) {
    super(`WhatsApp is not connected (${state})`);
    this.name = 'WhatsAppUnavailableError';
  }
}

// Messages a person sends that we cannot read: answered "unsupported" by the runtime. Every other type is
// WhatsApp's own bookkeeping (notifications, reactions, revoked messages, call logs…) and is not answered.
const UNREADABLE_TYPES = new Set([
  'image',
  'album',
  'video',
  'audio',
  'ptt',
  'document',
  'sticker',
  'location',
  'multi_vcard',
  'poll_creation',
  'list_response',
  'buttons_response',
  'template_button_reply',
]);

/** The WhatsApp channel: start it when enabled, stop it on shutdown; the outbox can send notices through it. */
export class WhatsAppChannel {
  private readonly options: WhatsAppChannelOptions;
  private readonly policy: ReconnectPolicy;
  private readonly timer: ReconnectTimer;
  private readonly random: () => number;
  private readonly clock: () => Date;
  private readonly maxTextLength: number;
  private client: WhatsAppClient | null = null;
  /** Counts connections, so events of a client already dropped are ignored. */
  private generation = 0;
  private attempts = 0;
  private reconnectHandle: unknown = null;
  private currentState: WhatsAppState = 'stopped';
  /** Per chat, the tail of its messages being handled: a person's messages run in the order they came. */
  private readonly chats = new Map<string, Promise<void>>();

  constructor(options: WhatsAppChannelOptions) {
    this.options = options;
    this.policy = { ...DEFAULT_RECONNECT, ...options.reconnect };
    this.timer = options.timer ?? realTimer;
    this.random = options.random ?? Math.random;
    this.clock = options.clock ?? (() => new Date());
    this.maxTextLength = options.maxTextLength ?? WHATSAPP_MAX_TEXT;
  }

  /** Where the connection stands now. */
  get state(): WhatsAppState {
    return this.currentState;
  }

  /**
   * Connects: resolves once the client is up and waiting for a login or logged in, or once a failed start has
   * been scheduled for a retry like a drop. Never rejects: the connection's state says how it went.
   */
  async start(): Promise<void> {
    if (this.currentState !== 'stopped' && this.currentState !== 'failed') return;
    this.attempts = 0;
    await this.connect();
  }

  /** Stops reconnecting, lets the messages in hand finish (their replies are sent), then closes the client. */
  async stop(): Promise<void> {
    this.currentState = 'stopped';
    this.generation += 1;
    if (this.reconnectHandle !== null) this.timer.clear(this.reconnectHandle);
    this.reconnectHandle = null;
    await this.idle();
    const client = this.client;
    this.client = null;
    await client?.destroy().catch((error: unknown) => this.options.logger.warn({ err: error }, 'whatsapp close'));
  }

  /** Resolves once every message received so far has been handled and answered. */
  async idle(): Promise<void> {
    while (this.chats.size > 0) await Promise.all([...this.chats.values()]);
  }

  /**
   * Sends a notice (already in the person's language) to a number: for the outbox worker. Throws
   * WhatsAppUnavailableError while not connected; a number without WhatsApp is an outcome, not an error.
   */
  async sendNotice(msisdn: Msisdn, text: string): Promise<NoticeDelivery> {
    const client = this.client;
    if (this.currentState !== 'ready' || client === null) throw new WhatsAppUnavailableError(this.currentState);
    const chat = await client.getNumberId(msisdn);
    if (chat === null) return { ok: false, reason: 'NOT_ON_WHATSAPP' };
    for (const piece of splitText(text, this.maxTextLength)) await client.sendMessage(chat._serialized, piece);
    return { ok: true };
  }

  private async connect(): Promise<void> {
    const generation = ++this.generation;
    const current = () => generation === this.generation;
    const { logger } = this.options;
    this.currentState = this.attempts === 0 ? 'connecting' : 'reconnecting';
    let client: WhatsAppClient;
    try {
      client = await this.options.createClient();
    } catch (error) {
      if (current()) this.dropped(null, 'create_failed', error);
      return;
    }
    if (!current()) {
      await client.destroy().catch(() => undefined);
      return;
    }
    this.client = client;
    client.on('qr', (qr) => {
      if (!current()) return;
      this.currentState = 'waiting_for_login';
      logger.info('whatsapp waiting for the QR code to be scanned');
      this.showQr(qr);
    });
    client.on('code', (code) => {
      if (!current()) return;
      this.currentState = 'waiting_for_login';
      logger.info('whatsapp waiting for the pairing code');
      this.options.output?.write(
        `WhatsApp pairing code: ${code}. On the bot's phone: WhatsApp > Linked devices > Link a device > ` +
          'Link with phone number instead, then type this code.\n',
      );
    });
    client.on('authenticated', () => {
      if (current()) logger.info('whatsapp authenticated');
    });
    client.on('auth_failure', (message) => {
      // The saved session was refused; whatsapp-web.js shows a new QR code next.
      if (current()) logger.warn({ reason: message }, 'whatsapp saved session refused');
    });
    client.on('ready', () => {
      if (!current()) return;
      this.attempts = 0;
      this.currentState = 'ready';
      logger.info('whatsapp ready');
    });
    client.on('disconnected', (reason) => {
      if (current()) this.dropped(client, reason);
    });
    client.on('message', (message) => {
      if (current()) this.received(message);
    });
    try {
      await client.initialize();
    } catch (error) {
      if (current()) this.dropped(client, 'initialize_failed', error);
    }
  }

  /** The connection is gone: close what is left of it and try again after the backoff delay. */
  private dropped(client: WhatsAppClient | null, reason: string, error?: unknown): void {
    const { logger } = this.options;
    this.generation += 1; // the dropped client's late events are now ignored
    if (client) {
      if (this.client === client) this.client = null;
      void client.destroy().catch(() => undefined);
    }
    this.attempts += 1;
    if (this.attempts > this.policy.maxAttempts) {
      this.currentState = 'failed';
      logger.error({ reason, err: error, attempts: this.attempts - 1 }, 'whatsapp gave up reconnecting');
      return;
    }
    const delayMs = this.delayBefore(this.attempts);
    this.currentState = 'reconnecting';
    logger.warn({ reason, err: error, attempt: this.attempts, delayMs }, 'whatsapp disconnected');
    if (reason === 'LOGOUT') logger.warn('whatsapp logged out from the phone: a new QR code must be scanned');
    this.reconnectHandle = this.timer.set(() => {
      this.reconnectHandle = null;
      if (this.currentState === 'reconnecting') void this.connect();
    }, delayMs);
  }

  /**
   * "Equal jitter": half the doubled delay for sure, the other half at random, so a fleet of servers dropped
   * together does not come back together, and no wait is much shorter than the backoff meant.
   */
  private delayBefore(attempt: number): number {
    const ceiling = Math.min(this.policy.maxMs, this.policy.initialMs * 2 ** (attempt - 1));
    return Math.round(ceiling / 2 + (ceiling / 2) * this.random());
  }

  private showQr(qr: string): void {
    const { output, renderQr } = this.options;
    if (!output) return;
    const intro = "WhatsApp login: on the bot's phone open WhatsApp > Linked devices > Link a device, and scan";
    if (renderQr) {
      output.write(`${intro} this QR code:\n${renderQr(qr)}\n`);
    } else {
      output.write(
        `${intro} the QR code of the text below (no QR renderer is installed: draw it on this machine with ` +
          "`qrencode -t ansiutf8 '<text>'`, or set a pairing number to link with a code instead):\n" +
          `${qr}\n`,
      );
    }
  }

  /** Queues a message behind the same chat's earlier ones; messages that are not for us are dropped here. */
  private received(message: WhatsAppMessage): void {
    if (!isFromAPerson(message)) return;
    const chatId = message.from;
    const previous = this.chats.get(chatId) ?? Promise.resolve();
    const next = previous
      .then(() => this.answer(message))
      .catch((error: unknown) =>
        this.options.logger.error(
          { err: error, messageId: loggableId(message.id._serialized) },
          'whatsapp message failed',
        ),
      )
      .finally(() => {
        if (this.chats.get(chatId) === next) this.chats.delete(chatId);
      });
    this.chats.set(chatId, next);
  }

  private async answer(message: WhatsAppMessage): Promise<void> {
    const { logger, metrics } = this.options;
    const messageId = message.id._serialized;
    const log = logger.child({ channel: 'whatsapp', messageId: loggableId(messageId) });
    const inbound = inboundContent(message);
    if (inbound === null) return;

    const number = await senderNumber(message);
    if (number === null) {
      metrics?.webhookRefused('whatsapp', 'number_hidden');
      log.info({ from: message.from }, 'whatsapp sender without a known number answered');
      await this.sendBoth(message.from, 'whatsapp.numberHidden');
      return;
    }
    const sender = parseCameroonMobile(`+${number}`);
    if (!sender.ok) {
      metrics?.webhookRefused('whatsapp', 'not_cameroon');
      log.info({ from: maskMsisdn(number), reason: sender.reason }, 'whatsapp from outside Cameroon answered');
      await this.sendBoth(message.from, 'whatsapp.onlyCameroon');
      return;
    }

    const turn: Inbound = { channel: 'whatsapp', msisdn: sender.msisdn, messageId, at: this.clock(), ...inbound };
    const result = await this.options.turns.handle(turn);
    // A message delivered twice was answered the first time; answering again would only repeat it.
    if (result.duplicate) {
      log.info({ from: sender.msisdn }, 'whatsapp duplicate ignored');
      return;
    }
    // A PIN: our copy is deleted while the reply goes, and the first time the reply asks for theirs to go too.
    const deleting = result.secretInput ? this.deleteOurCopy(message, log) : Promise.resolve();
    const advice = result.secretInput ? await this.pinAdviceFor(sender.msisdn, result.language, log) : null;
    const texts = whatsAppAnswer(result.replies, result.language, advice, this.maxTextLength);
    try {
      // Replies go to the chat the message came from: for an `@lid` sender that id, not the number.
      for (const piece of texts) await this.send(message.from, piece);
    } finally {
      await deleting;
    }
    log.info({ from: sender.msisdn, messages: texts.length }, 'whatsapp answered');
  }

  /**
   * Deletes a message that held a PIN from our account's side of the chat: "delete for me", the most WhatsApp
   * allows for a message someone sent us (asking for "everyone" would get the same from whatsapp-web.js). Never
   * fails the turn: a failure is logged (the message's id, never its body).
   */
  private async deleteOurCopy(message: WhatsAppMessage, log: Logger): Promise<void> {
    try {
      await message.delete(false);
    } catch (error) {
      log.warn({ err: errorName(error) }, 'whatsapp pin message not deleted');
    }
  }

  /** The one-time advice to delete PIN messages on the phone, or null (given before, or not decidable now). */
  private async pinAdviceFor(msisdn: Msisdn, language: Language, log: Logger): Promise<string | null> {
    try {
      return (await this.options.pinAdvice.firstTime(msisdn, this.clock())) ? pinAdviceText(language) : null;
    } catch (error) {
      // The reply matters more: the advice waits for the next PIN.
      log.warn({ err: errorName(error) }, 'whatsapp pin advice not recorded');
      return null;
    }
  }

  /** A text in both languages at once, for someone whose language we cannot know. */
  private async sendBoth(chatId: string, key: keyof (typeof whatsappMessages)['en']): Promise<void> {
    await this.send(chatId, `${whatsappMessages.fr[key]}\n\n${whatsappMessages.en[key]}`);
  }

  private async send(chatId: string, text: string): Promise<void> {
    const client = this.client;
    if (client === null) throw new WhatsAppUnavailableError(this.currentState);
    await client.sendMessage(chatId, text);
  }
}

/** An error's name for the logs: a message of whatsapp-web.js's page errors could quote the page's state. */
function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

/**
 * A message id for the logs: whatsapp-web.js's `false_2376…@c.us_3EB0…` holds the sender's full number, so only
 * the message's own part (after the last '_') is logged.
 */
function loggableId(serialized: string): string {
  return serialized.slice(serialized.lastIndexOf('_') + 1);
}

/** A private message from someone else: not a group, status, broadcast list, channel, or our own message. */
function isFromAPerson(message: WhatsAppMessage): boolean {
  if (message.fromMe || message.isStatus || message.broadcast || message.author) return false;
  return message.from.endsWith('@c.us') || message.from.endsWith('@lid');
}

/** What the message says, as the runtime's inbound content; null for WhatsApp's bookkeeping (not answered). */
function inboundContent(
  message: WhatsAppMessage,
): { type: 'text'; text: string } | { type: 'contact'; contactMsisdn: Msisdn } | { type: 'unsupported' } | null {
  if (message.type === 'chat') {
    return message.body.trim() === '' ? { type: 'unsupported' } : { type: 'text', text: message.body };
  }
  if (message.type === 'vcard') {
    // A shared contact answers "which number?"; a number that is not Cameroonian goes on as text, so the flow
    // says what is wrong with it.
    const number = vcardNumber(message.body);
    if (number === null) return { type: 'unsupported' };
    const parsed = parseCameroonMobile(number);
    return parsed.ok ? { type: 'contact', contactMsisdn: parsed.msisdn } : { type: 'text', text: number };
  }
  return UNREADABLE_TYPES.has(message.type) ? { type: 'unsupported' } : null;
}

/**
 * The sender's phone number in international digits. A `@c.us` id is the number itself; an `@lid` id hides it,
 * and WhatsApp tells it through the contact when it can. Null when it does not.
 */
async function senderNumber(message: WhatsAppMessage): Promise<string | null> {
  if (message.from.endsWith('@c.us')) return digitsOnly(message.from.slice(0, message.from.indexOf('@')));
  try {
    const contact = await message.getContact();
    return digitsOnly(contact.number ?? '');
  } catch {
    return null;
  }
}

function digitsOnly(text: string): string | null {
  return /^\d{6,15}$/.test(text) ? text : null;
}

/** The first phone number of a vCard: WhatsApp's `waid=` digits, else the TEL value as written. */
function vcardNumber(vcard: string): string | null {
  const waid = /waid=(\d{6,15})/i.exec(vcard);
  if (waid) return `+${waid[1]}`;
  const tel = /^TEL[^:\n]*:(.+)$/im.exec(vcard);
  return tel ? tel[1]!.trim() : null;
}
