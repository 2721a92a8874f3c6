/**
 * What a channel hands the runtime: one inbound message, already parsed and verified, from one person.
 */
import type { Msisdn } from '../../domain/phone';
import type { Language } from '../../domain/users';
import type { Reply } from '../../flows/conversation';

/** `whatsapp` is WhatsApp Web (whatsapp-web.js); `whatsappCloud` the official Cloud API, another number. */
export type Channel = 'console' | 'sms' | 'ussd' | 'telegram' | 'whatsapp' | 'whatsappCloud';

/** The channel-agnostic inbound message: each channel parses its provider's payload into this one shape. */
export type Inbound = {
  channel: Channel;
  /** The person, by phone number: one wallet per number whatever the channel. */
  msisdn: Msisdn;
  /** The channel's id of the message (Twilio's MessageSid, Telegram's update_id…): the deduplication key. */
  messageId: string;
  at: Date;
  /**
   * Set when the input answers one secret step only (a PIN entered in a WhatsApp Flow form, outside the chat): the
   * step the person was at when the form was sent (TurnResult.pendingSecret). If the person is no longer at that
   * step, nothing runs and the turn answers `stale`; the input is a secret either way.
   */
  secretStep?: string;
} & (
  | { type: 'text'; text: string }
  | { type: 'choice'; optionId: string }
  | { type: 'contact'; contactMsisdn: Msisdn }
  | { type: 'unsupported' }
);

/** What a turn answers: the replies in the person's language, and whether the inbound text was a secret (PIN). */
export interface TurnResult {
  language: Language;
  replies: Reply[];
  /** The message just read was a PIN: channels delete it where they can, and nobody logs it. */
  secretInput: boolean;
  /** A repeated delivery of a message already answered: these are the replies given then, nothing ran again. */
  duplicate: boolean;
  /**
   * The flow now waits for a secret (a PIN): the step's id, which a later `Inbound.secretStep` must name for its
   * input to be taken (a channel that asks for the PIN outside the chat binds its form to it).
   */
  pendingSecret?: string;
  /** The input named a secret step the person is no longer at (`Inbound.secretStep`): nothing ran. */
  stale?: boolean;
}
