/**
 * The part of WhatsApp Web the channel uses, as a small port: whatsapp-web.js (which drives WhatsApp Web in
 * Chromium) behind it in production, a hand-written fake in tests, since WhatsApp Web is unreachable from our
 * machines. Names and shapes follow whatsapp-web.js 1.34 (index.d.ts) so the real adapter is a thin pass-through.
 */
import type WAWebJS from 'whatsapp-web.js';

/** A message as whatsapp-web.js hands it over; only what the channel reads. */
export interface WhatsAppMessage {
  /** `_serialized` is unique per message (`false_2376…@c.us_3EB0…`): the deduplication key. */
  id: { _serialized: string };
  /** The chat: `2376…@c.us` (a phone number), `…@lid` (a hidden number), `…@g.us` (group), `status@broadcast`. */
  from: string;
  /** Set only in groups: who in the group wrote. */
  author?: string;
  /** Sent by the account this server is logged in as (from another of its devices). */
  fromMe: boolean;
  /** A status update (story). */
  isStatus: boolean;
  /** Sent to a broadcast list. */
  broadcast: boolean;
  /** whatsapp-web.js's MessageTypes: `chat` for text, `vcard` for a shared contact, `image`, `ptt`… */
  type: string;
  /** The text; a vCard's text for `vcard`. */
  body: string;
  /** Unix time in seconds. */
  timestamp: number;
  /**
   * The sender as a contact. For an `@lid` chat this is how to learn the phone number behind it: `number` holds
   * the international digits without '+' (`237677123456`), or is empty when WhatsApp does not tell.
   */
  getContact(): Promise<{ number?: string | null }>;
  /**
   * whatsapp-web.js's Message.delete. With `everyone` it revokes the message for the whole chat, but only when
   * WhatsApp allows it: our own messages, or a group's admin. A message someone sent us in a private chat can only
   * be deleted "for me", from our account's copy of the chat; whatsapp-web.js quietly does that instead.
   */
  delete(everyone?: boolean): Promise<void>;
}

/** The events the channel listens to, with whatsapp-web.js's arguments. */
export interface WhatsAppClientEvents {
  /** A login QR code to scan from the phone (WhatsApp > Linked devices); a new one about every 20 seconds. */
  qr: (qr: string) => void;
  /** A pairing code to type on the phone instead of scanning, when pairing by phone number was asked. */
  code: (code: string) => void;
  authenticated: () => void;
  /** The saved session could not be restored: a new QR code follows. */
  auth_failure: (message: string) => void;
  ready: () => void;
  /** The session is gone (`LOGOUT`, `CONFLICT`, `UNPAIRED`…); whatsapp-web.js destroys its browser after this. */
  disconnected: (reason: string) => void;
  message: (message: WhatsAppMessage) => void;
}

/** What the channel needs from a WhatsApp Web client. */
export interface WhatsAppClient {
  on<E extends keyof WhatsAppClientEvents>(event: E, listener: WhatsAppClientEvents[E]): void;
  /** Starts the browser and logs in (QR code, pairing code or the saved session); resolves once the page is up. */
  initialize(): Promise<void>;
  /** Sends a text to a chat id (`2376…@c.us` or an `@lid` id). */
  sendMessage(chatId: string, text: string): Promise<void>;
  /** The chat id of a phone number (international digits), or null when the number is not on WhatsApp. */
  getNumberId(number: string): Promise<{ _serialized: string } | null>;
  /** Closes the browser; the saved session stays for the next start. */
  destroy(): Promise<void>;
}

/** How the real client is created. */
export interface WebJsClientOptions {
  /** The folder LocalAuth keeps the session in, so a restart needs no new QR code (WHATSAPP_SESSION_DIR). */
  dataPath: string;
  /** Debian's chromium: puppeteer's own Chrome is never downloaded here (see .puppeteerrc.cjs). */
  executablePath?: string;
  /**
   * When set (international digits), WhatsApp gives an 8-character pairing code (the `code` event) to type on
   * that phone instead of a QR code: handier on a server's terminal.
   */
  pairingNumber?: string;
}

export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * The real client: whatsapp-web.js with its session in a local folder and Debian's Chromium. The library (and
 * puppeteer) is loaded only here, so nothing pays for it while the channel is off.
 */
export async function createWebJsClient(options: WebJsClientOptions): Promise<WhatsAppClient> {
  const { Client, LocalAuth } = await import('whatsapp-web.js');
  const client = new Client({
    authStrategy: new LocalAuth({ dataPath: options.dataPath }),
    puppeteer: {
      executablePath: options.executablePath ?? DEFAULT_CHROMIUM_PATH,
      // Containers: no user namespaces for Chromium's sandbox, and a small /dev/shm.
      args: ['--no-sandbox', '--disable-dev-shm-usage'],
    },
    ...(options.pairingNumber ? { pairWithPhoneNumber: { phoneNumber: options.pairingNumber } } : {}),
  });
  return new WebJsClient(client);
}

/** whatsapp-web.js's Client seen through the port; its Message already has the shape of WhatsAppMessage. */
class WebJsClient implements WhatsAppClient {
  constructor(private readonly client: WAWebJS.Client) {}

  on<E extends keyof WhatsAppClientEvents>(event: E, listener: WhatsAppClientEvents[E]): void {
    if (event === 'message') {
      // Passing whatsapp-web.js's Message where a WhatsAppMessage is expected checks that the shapes agree.
      const onMessage = listener as WhatsAppClientEvents['message'];
      this.client.on('message', (message: WAWebJS.Message) => onMessage(message));
    } else {
      this.client.on(event, listener as (...args: unknown[]) => void);
    }
  }

  initialize(): Promise<void> {
    return this.client.initialize();
  }

  async sendMessage(chatId: string, text: string): Promise<void> {
    await this.client.sendMessage(chatId, text);
  }

  getNumberId(number: string): Promise<{ _serialized: string } | null> {
    return this.client.getNumberId(number);
  }

  destroy(): Promise<void> {
    return this.client.destroy();
  }
}
