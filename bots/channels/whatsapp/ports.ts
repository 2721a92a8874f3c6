/**
 * What the WhatsApp channel needs from storage, as a port: who was already told to delete their PIN messages on
 * their phone (integrations/mongo/pinAdviceStore.ts keeps it on MongoDB).
 */
import type { Msisdn } from '../../../domain/phone';

/**
 * Port: the advice to delete PIN messages on the phone is given once per person. We can delete a message holding a
 * PIN only from our side of the chat (WhatsApp lets nobody but the sender delete a message from the sender's
 * phone), so the first time someone sends a PIN they are asked to delete it themselves.
 */
export interface PinAdviceLog {
  /**
   * True the first time this is asked for a number (it records the advice), false every later time, in every
   * process and even for two PINs at the same moment.
   */
  firstTime(msisdn: Msisdn, at: Date): Promise<boolean>;
}
