/**
 * What the WhatsApp Cloud API channel needs from storage, as a port: who was already told to delete their PIN
 * messages. The Cloud API cannot delete a message a person sent, so a PIN typed in the chat stays in their history
 * and backups; the first time, they are told how to delete it. The store is the one the whatsapp-web.js channel
 * uses (integrations/mongo/pinAdviceStore.ts): a person is told once, whichever WhatsApp channel they use.
 */
import type { Msisdn } from '../../../domain/phone';
import type { Language } from '../../../domain/users';

export interface PinAdviceLog {
  /** True the first time this is asked for a number (it records the advice), false every later time, everywhere. */
  firstTime(msisdn: Msisdn, at: Date): Promise<boolean>;
}

/**
 * A Flow token: what the PIN form sent to a person carries, standing for them and the step that asked for their
 * PIN. Only its hash is stored: whoever reads the database cannot answer a form with it.
 */
export interface PinFlowToken {
  /** sha256 of the token, hex. */
  hash: string;
  msisdn: Msisdn;
  /** The conversation step that asked for the PIN (TurnResult.pendingSecret). */
  step: string;
  /** The person's language when the form was sent, for the form's own messages. */
  language: Language;
  issuedAt: Date;
  expiresAt: Date;
}

/**
 * Port: the Flow tokens issued and used (integrations/mongo/pinFlowTokenStore.ts). Both are inserts into a unique
 * index, so a token is recorded once and used once, whichever process the answers reach.
 */
export interface PinFlowTokens {
  /** Records a new token (its hash is new: a repeat is an error). */
  issue(token: PinFlowToken): Promise<void>;
  /** The token with this hash, or null when none was issued (or it was purged). */
  find(hash: string): Promise<PinFlowToken | null>;
  /** Marks a token used: true for the first caller only, across processes. */
  use(hash: string, at: Date): Promise<boolean>;
}
