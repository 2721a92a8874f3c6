/**
 * Who was given the WhatsApp advice to delete PIN messages on their phone, on MongoDB. "Once" is per person, across
 * processes and restarts: the first advice is an insert of the number's `_id` into `whatsapp_pin_advice`, which a
 * second process (or a second PIN at the same moment) cannot repeat. A person who leaves is forgotten
 * (forgetPinAdvice), so the number's next owner is told too.
 */
import type { Connection, mongo } from 'mongoose';
import type { Msisdn } from '../../domain/phone';
import type { PinAdviceLog } from '../../bots/channels/whatsapp/ports';
import { isDuplicateKeyError } from './insertBatcher';

/** Who was advised, and when. */
interface AdviceDoc {
  _id: string;
  advisedAt: Date;
}

export const PIN_ADVICE_COLLECTION = 'whatsapp_pin_advice';

export class MongoPinAdvice implements PinAdviceLog {
  private readonly advised: mongo.Collection<AdviceDoc>;

  constructor(connection: Connection) {
    this.advised = connection.collection<AdviceDoc>(PIN_ADVICE_COLLECTION);
  }

  async firstTime(msisdn: Msisdn, at: Date): Promise<boolean> {
    try {
      await this.advised.insertOne({ _id: msisdn, advisedAt: at });
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
    return true;
  }
}

/** Forgets that a person was advised (they left): the number's next owner gets the advice too. Safe to repeat. */
export async function forgetPinAdvice(connection: Connection, msisdn: Msisdn): Promise<void> {
  await connection.collection<AdviceDoc>(PIN_ADVICE_COLLECTION).deleteOne({ _id: msisdn });
}
