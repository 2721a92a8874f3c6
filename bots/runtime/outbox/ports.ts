/**
 * What the outbox worker needs from the channels, as ports: a sender per channel that can push a notice to a
 * person outside any conversation, and a directory telling which channel a person last used.
 */
import type { Notice } from '../../../domain/notifications';
import type { Msisdn } from '../../../domain/phone';
import type { Language } from '../../../domain/users';

/** What a provider said when it accepted a notice: its message id, for support and delivery receipts. */
export interface SendReceipt {
  providerId?: string;
}

/**
 * Port: pushes a notice to a person on one channel (`sms`, `telegram`, `whatsapp`), rendered the way that channel
 * renders text, in the person's language. Resolves once the provider accepted it; throws on any failure (a
 * NoticeSendError when the sender can tell whether trying again may help). Must give up within its own timeout,
 * well under the worker's claim lease, so a slow provider is never mistaken for a dead process.
 */
export interface NoticeSender {
  readonly channel: string;
  send(to: Msisdn, notice: Notice, language: Language): Promise<SendReceipt>;
}

/**
 * A failed send, saying whether retrying can help: `permanent` for what the provider will refuse again (an
 * invalid number, a blocked recipient), so the notice gives up at once instead of after every retry.
 */
export class NoticeSendError extends Error {
  readonly permanent: boolean;
  /** The provider's status or error code, for logs. */
  readonly code?: string | number;

  constructor(message: string, options: { permanent: boolean; code?: string | number; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = 'NoticeSendError';
    this.permanent = options.permanent;
    this.code = options.code;
  }
}

/** The channels a notice can be pushed on; USSD and the console cannot push. */
export const PUSHABLE_CHANNELS = ['sms', 'telegram', 'whatsapp'] as const;

/**
 * Port: the channel a person last wrote from among PUSHABLE_CHANNELS, or null when unknown (the worker then sends
 * by SMS). The conversation runtime keeps it with the session (MongoSessionStore).
 */
export interface ChannelDirectory {
  channelFor(msisdn: Msisdn): Promise<string | null>;
}

/** A directory that knows no channel: every notice goes by SMS. */
export const smsOnlyDirectory: ChannelDirectory = {
  channelFor: async () => null,
};
