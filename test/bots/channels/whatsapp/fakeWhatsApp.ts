/**
 * A hand-written stand-in for WhatsApp Web behind the WhatsAppClient port (the real one is unreachable from our
 * machines): the clients the channel creates, what they sent, a session that survives them like LocalAuth's
 * folder, hidden-number (`@lid`) contacts, and a timer the test fires itself.
 */
import type {
  WhatsAppClient,
  WhatsAppClientEvents,
  WhatsAppMessage,
} from '../../../../bots/channels/whatsapp/whatsappClient';
import type { ReconnectTimer } from '../../../../bots/channels/whatsapp/whatsappChannel';

type Listener = (...args: never[]) => void;

/** WhatsApp as the fake clients see it: one account's session, contacts, and every message sent. */
export class FakeWhatsApp {
  readonly clients: FakeWhatsAppClient[] = [];
  readonly sent: { chatId: string; text: string }[] = [];
  /** The messages the channel deleted, as whatsapp-web.js would: "for me" (ours), or for everyone when allowed. */
  readonly deleted: { id: string; body: string; forEveryone: boolean }[] = [];
  /** How many next delete() calls fail (the page did not answer…). */
  failingDeletes = 0;
  /** Whether a login is saved (LocalAuth's folder): the next client logs in without a QR code. */
  sessionSaved = false;
  /** How many next initialize() calls fail (Chromium would not start, WhatsApp Web would not load…). */
  failingStarts = 0;
  /** The number behind each `@lid` id, as getContact() tells it ('' when WhatsApp does not). */
  readonly lidNumbers = new Map<string, string>();
  /** Numbers with a WhatsApp account, for getNumberId. */
  readonly onWhatsApp = new Set<string>();
  private messageCount = 0;

  /** The channel's client factory. */
  readonly createClient = async (): Promise<WhatsAppClient> => {
    const client = new FakeWhatsAppClient(this);
    this.clients.push(client);
    return client;
  };

  /** The client created last (the live one, unless destroyed). */
  get latest(): FakeWhatsAppClient {
    const client = this.clients[this.clients.length - 1];
    if (!client) throw new Error('no client was created');
    return client;
  }

  /** The phone scans the QR code: the session is saved and the waiting client logs in. */
  scan(): void {
    this.sessionSaved = true;
    this.latest.emit('authenticated');
    this.latest.emit('ready');
  }

  /** The texts sent to a chat, in order. */
  textsTo(chatId: string): string[] {
    return this.sent.filter((m) => m.chatId === chatId).map((m) => m.text);
  }

  /** A message as whatsapp-web.js would hand it over; a fresh id unless one is given. */
  message(from: string, body: string, fields: Partial<Omit<WhatsAppMessage, 'id' | 'delete'>> & { id?: string } = {}) {
    this.messageCount += 1;
    const { id, ...rest } = fields;
    const message: WhatsAppMessage = {
      id: { _serialized: id ?? `false_${from}_3EB0${String(this.messageCount).padStart(16, '0')}` },
      from,
      fromMe: false,
      isStatus: false,
      broadcast: false,
      type: 'chat',
      body,
      timestamp: Math.floor(Date.now() / 1000),
      getContact: async () => ({ number: this.lidNumbers.get(from) ?? from.replace(/@.*$/, '') }),
      // As Message.delete: "everyone" only for our own messages; someone else's in a private chat goes "for me".
      delete: async (everyone?: boolean) => {
        if (this.failingDeletes > 0) {
          this.failingDeletes -= 1;
          throw new Error('Evaluation failed: the page did not answer');
        }
        this.deleted.push({ id: message.id._serialized, body, forEveryone: everyone === true && message.fromMe });
      },
      ...rest,
    };
    return message;
  }
}

/** One client: what the channel registered, and whether it was initialized and destroyed. */
export class FakeWhatsAppClient implements WhatsAppClient {
  readonly listeners = new Map<string, Listener[]>();
  initialized = false;
  destroyed = false;

  constructor(private readonly whatsapp: FakeWhatsApp) {}

  on<E extends keyof WhatsAppClientEvents>(event: E, listener: WhatsAppClientEvents[E]): void {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener as Listener]);
  }

  /** Calls the listeners of an event, as whatsapp-web.js's EventEmitter does (without awaiting them). */
  emit<E extends keyof WhatsAppClientEvents>(event: E, ...args: Parameters<WhatsAppClientEvents[E]>): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (...a: unknown[]) => void)(...args);
  }

  async initialize(): Promise<void> {
    this.initialized = true;
    if (this.whatsapp.failingStarts > 0) {
      this.whatsapp.failingStarts -= 1;
      throw new Error('Failed to launch the browser process');
    }
    if (this.whatsapp.sessionSaved) {
      this.emit('authenticated');
      this.emit('ready');
    } else {
      this.emit('qr', '2@fakeQrRef,fakeNoiseKey=,fakeIdentityKey=,fakeSecret=');
    }
  }

  async sendMessage(chatId: string, text: string): Promise<void> {
    if (this.destroyed) throw new Error('Session closed');
    this.whatsapp.sent.push({ chatId, text });
  }

  async getNumberId(number: string): Promise<{ _serialized: string } | null> {
    return this.whatsapp.onWhatsApp.has(number) ? { _serialized: `${number}@c.us` } : null;
  }

  async destroy(): Promise<void> {
    this.destroyed = true;
  }

  /** A message arrives on this client. */
  receive(message: WhatsAppMessage): void {
    this.emit('message', message);
  }
}

/** A timer that only fires when the test says so, remembering each delay asked for. */
export class ManualTimer implements ReconnectTimer {
  readonly delays: number[] = [];
  private pending: { handle: number; callback: () => void }[] = [];
  private nextHandle = 1;

  set(callback: () => void, ms: number): unknown {
    this.delays.push(ms);
    const handle = this.nextHandle++;
    this.pending.push({ handle, callback });
    return handle;
  }

  clear(handle: unknown): void {
    this.pending = this.pending.filter((p) => p.handle !== handle);
  }

  /** How many callbacks wait. */
  get waiting(): number {
    return this.pending.length;
  }

  /** Fires every waiting callback (the delays have passed). */
  fire(): void {
    const due = this.pending;
    this.pending = [];
    for (const p of due) p.callback();
  }
}
