/**
 * What the outbox worker needs, as ports: the outbox itself (notices queued by the services, each attempt claimed
 * once across processes), a sender per channel that can push a notice to a person outside any conversation, and a
 * directory telling which channel a person last used.
 */
import type { Notice } from '../../../domain/notifications';
import type { Msisdn } from '../../../domain/phone';
import type { Language } from '../../../domain/users';

/** A notice in the outbox. */
export interface OutboxMessage {
  _id: string;
  to: Msisdn;
  notice: Notice;
  createdAt: Date;
  sentAt: Date | null;
  /** Delivery attempts decided so far (absent: none yet). */
  attempts?: number | null;
  /** Not to be tried again before this moment (absent: at once). */
  nextAttemptAt?: Date | null;
  /** Set when delivery was given up: the notice stays, visible, and is never tried again. */
  failedAt?: Date | null;
  /** Why the last attempt failed, for support (no phone numbers or secrets). */
  lastError?: string;
  /** The channel it went out on, and the provider's message id. */
  channel?: string;
  providerId?: string;
  /** The UTC day it was sent, by which it is purged (integrations/mongo/retention.ts); absent while unsent. */
  sentDay?: string;
  /**
   * When the provider reported each stage of the delivery (WhatsApp Cloud API status webhooks), joined from their
   * own records when notices are read for a person; absent: none.
   */
  receipts?: Partial<Record<DeliveryStatus, Date>>;
  /** The provider's error code when it reported the delivery failed after accepting it. */
  receiptError?: number;
}

/** The stages a provider reports after accepting a message. */
export type DeliveryStatus = 'sent' | 'delivered' | 'read' | 'failed';

/** One stage of a delivery as the provider reported it. */
export interface DeliveryReceipt {
  status: DeliveryStatus;
  at: Date;
  /** For `failed`: the provider's error code. */
  errorCode?: number;
}

/**
 * Port: records a provider's delivery reports on the notice it sent (found by channel and provider message id).
 * Each stage is kept under its own name, so reports arriving out of order or twice leave the same record.
 */
export interface DeliveryReceipts {
  /** False when no notice went out with this id (a reply in a conversation, or a notice already purged). */
  record(channel: string, providerId: string, receipt: DeliveryReceipt): Promise<boolean>;
}

/** The claim of one delivery attempt: who took it and when (an attempt claimed long ago was abandoned). */
export interface OutboxClaim {
  _id: string;
  notice: string;
  attempt: number;
  owner: string;
  claimedAt: Date;
  /** The UTC day of claimedAt, by which the claim is purged. */
  day: string;
}

/** How one attempt ended, as recorded on the notice. */
export type AttemptOutcome =
  | { sent: true; channel: string; providerId?: string; at: Date }
  | { sent: false; error: string; at: Date; retryAt: Date | null };

/** Port: the outbox as the worker delivers it (integrations/mongo/outbox.ts keeps it on MongoDB). */
export interface DeliveryOutbox {
  /** Notices to try now: not sent, not given up, past their retry time; oldest first. */
  due(now: Date, limit?: number): Promise<OutboxMessage[]>;
  /** Claims one attempt at a notice: true for exactly one caller, whichever process it runs in. */
  claimAttempt(id: string, attempt: number, owner: string, at: Date): Promise<boolean>;
  /** The claim of one attempt, or null when nobody claimed it. */
  claimOf(id: string, attempt: number): Promise<OutboxClaim | null>;
  /** Records how an attempt ended; a late or repeated failure never moves the count backwards. */
  recordAttempt(id: string, attempt: number, outcome: AttemptOutcome): Promise<void>;
  /** Notices not yet sent nor given up. */
  backlog(): Promise<number>;
  /** Notices given up. */
  failures(): Promise<number>;
}

/** One send's slot. */
export interface SendSlot {
  _id: string;
  channel: string;
  second: number;
}

/** Port: where slots are taken (integrations/mongo/sendSlots.ts). */
export interface SendSlotStore {
  /** Takes a slot; false when another send took it first. */
  take(slot: SendSlot): Promise<boolean>;
  /** Forgets the slots of seconds before `second`. */
  forgetBefore(second: number): Promise<void>;
}

/** What a provider said when it accepted a notice: its message id, for support and delivery receipts. */
export interface SendReceipt {
  providerId?: string;
}

/**
 * Port: pushes a notice to a person on one channel (`sms`, `telegram`, `whatsapp`, `whatsappCloud`), rendered the way that channel
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
export const PUSHABLE_CHANNELS = ['sms', 'telegram', 'whatsapp', 'whatsappCloud'] as const;

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
