/**
 * The inbound SMS still to be deleted from Twilio's log (they held a PIN), on MongoDB, so a deletion Twilio
 * refused for now is tried again after a restart or by another process. One small document per message, keyed by
 * its MessageSid, removed once the message is gone: the collection holds only the deletions waiting, so reading it
 * whole is cheap even on FerretDB v1.
 */
import type { Connection, mongo } from 'mongoose';
import type { PendingPinSms, PinSmsDeletions } from '../../bots/channels/sms/ports';
import { isDuplicateKeyError } from './insertBatcher';

interface DeletionDoc {
  _id: string;
  accountSid: string;
  tries: number;
  nextAt: Date;
}

export const PIN_SMS_DELETIONS_COLLECTION = 'twilio_pin_sms_deletions';

export class MongoPinSmsDeletions implements PinSmsDeletions {
  private readonly deletions: mongo.Collection<DeletionDoc>;

  constructor(connection: Connection) {
    this.deletions = connection.collection<DeletionDoc>(PIN_SMS_DELETIONS_COLLECTION);
  }

  async add(pending: PendingPinSms): Promise<void> {
    try {
      await this.deletions.insertOne(toDoc(pending));
    } catch (error) {
      // Already waiting (a repeated delivery of the same message): one deletion is enough.
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  async due(now: Date, limit: number): Promise<PendingPinSms[]> {
    const docs = await this.deletions.find({}).toArray();
    return docs
      .filter((doc) => doc.nextAt.getTime() <= now.getTime())
      .sort((a, b) => a.nextAt.getTime() - b.nextAt.getTime())
      .slice(0, limit)
      .map((doc) => ({ messageSid: doc._id, accountSid: doc.accountSid, tries: doc.tries, nextAt: doc.nextAt }));
  }

  async reschedule(pending: PendingPinSms): Promise<void> {
    await this.deletions.replaceOne({ _id: pending.messageSid }, toDoc(pending));
  }

  async remove(messageSid: string): Promise<void> {
    await this.deletions.deleteOne({ _id: messageSid });
  }
}

function toDoc(pending: PendingPinSms): DeletionDoc {
  return { _id: pending.messageSid, accountSid: pending.accountSid, tries: pending.tries, nextAt: pending.nextAt };
}
