/**
 * The advice a WhatsApp user gets once, the first time they send a PIN: we can delete a message holding a PIN only
 * from our side of the chat (WhatsApp lets nobody but the sender delete a message from the sender's phone), so
 * they should delete it on their phone. "Once" is per person, across processes and restarts: the first advice is
 * an insert of the number's `_id` into `whatsapp_pin_advice`, which a second process (or a second PIN at the same
 * moment) cannot repeat. A person who leaves is forgotten (forgetPinAdvice), so the number's next owner is told too.
 */
import type { Connection, mongo } from 'mongoose';
import type { Msisdn } from '../../../domain/phone';
import type { Language } from '../../../domain/users';
import { fill } from '../../../flows/messages/catalog';
import { whatsappMessages } from '../../../flows/messages/whatsapp';
import { isDuplicateKeyError } from '../../../integrations/mongo/insertBatcher';

/** Who was advised, and when. */
interface AdviceDoc {
  _id: string;
  advisedAt: Date;
}

export const PIN_ADVICE_COLLECTION = 'whatsapp_pin_advice';

/** Decides, once per person, whether to add the advice to the reply to a PIN. */
export interface PinAdvice {
  /** The advice in the person's language the first time this is asked for their number; null every later time. */
  firstTime(msisdn: Msisdn, language: Language, at: Date): Promise<string | null>;
}

export class MongoPinAdvice implements PinAdvice {
  private readonly advised: mongo.Collection<AdviceDoc>;

  constructor(connection: Connection) {
    this.advised = connection.collection<AdviceDoc>(PIN_ADVICE_COLLECTION);
  }

  async firstTime(msisdn: Msisdn, language: Language, at: Date): Promise<string | null> {
    try {
      await this.advised.insertOne({ _id: msisdn, advisedAt: at });
    } catch (error) {
      if (isDuplicateKeyError(error)) return null;
      throw error;
    }
    return fill(whatsappMessages[language]['whatsapp.deletePinOnPhone'], undefined, language);
  }
}

/** Forgets that a person was advised (they left): the number's next owner gets the advice too. Safe to repeat. */
export async function forgetPinAdvice(connection: Connection, msisdn: Msisdn): Promise<void> {
  await connection.collection<AdviceDoc>(PIN_ADVICE_COLLECTION).deleteOne({ _id: msisdn });
}
