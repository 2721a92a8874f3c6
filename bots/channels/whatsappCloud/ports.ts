/**
 * What the WhatsApp Cloud API channel needs from storage, as a port: who was already told to delete their PIN
 * messages. The Cloud API cannot delete a message a person sent, so a PIN typed in the chat stays in their history
 * and backups; the first time, they are told how to delete it. The store is the one the whatsapp-web.js channel
 * uses (integrations/mongo/pinAdviceStore.ts): a person is told once, whichever WhatsApp channel they use.
 */
import type { Msisdn } from '../../../domain/phone';

export interface PinAdviceLog {
  /** True the first time this is asked for a number (it records the advice), false every later time, everywhere. */
  firstTime(msisdn: Msisdn, at: Date): Promise<boolean>;
}
