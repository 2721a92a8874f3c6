/**
 * What the Telegram channel needs from storage, as a port: which phone number a Telegram account speaks for. An
 * account is linked by sharing its own contact (integrations/mongo/telegramLinkStore.ts keeps the links).
 *
 * A link speaks for its number only while the number has not changed hands since it was made: Telegram keeps an
 * account's number after the operator gives the SIM to someone else, so a link made before the number's last
 * departure (its owner deleted the account), or before the number's current owner signed up anywhere but through
 * that link, speaks for nobody, in every process, even if removing it at the departure failed. Sharing the
 * contact again makes a new link.
 */
import type { Msisdn } from '../../../domain/phone';

/** A Telegram account and the number it was linked to. */
export interface TelegramLink {
  userId: number;
  /** Where to write to the person: their private chat with the bot. */
  chatId: number;
  msisdn: Msisdn;
  linkedAt: Date;
  /** Nobody had signed up with the number when the link was read: its turn may sign them up (confirmSignUp). */
  pendingSignUp?: boolean;
}

/** The links, as the channel uses them. */
export interface TelegramLinks {
  /** The link of a Telegram account, or null when it has not shared its number yet or its link no longer holds. */
  find(userId: number): Promise<TelegramLink | null>;
  /**
   * Links an account unless it already is; returns the link that holds (the earlier one if there was one and it
   * still holds; a link the number's departure voided is replaced).
   */
  link(link: TelegramLink): Promise<TelegramLink>;
  /** The account to write to about a number: the one linked last, if it still speaks for the number, or null. */
  forMsisdn(msisdn: Msisdn): Promise<TelegramLink | null>;
  /**
   * After a turn that a link pending a sign-up ran from `startedAt`: if the number's owner signed up during it,
   * they did so through this link, which from then on speaks for them.
   */
  confirmSignUp(link: TelegramLink, startedAt: Date): Promise<void>;
}

/** When a number's last owner left and its current owner signed up (null: never); see People.numberOwnership. */
export type NumberOwnership = (msisdn: Msisdn) => Promise<{ departedAt: Date | null; registeredAt: Date | null }>;
