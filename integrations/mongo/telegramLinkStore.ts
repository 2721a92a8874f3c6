/**
 * Telegram links on MongoDB: a document per Telegram account in `telegram_links`, keyed by the Telegram user id, so
 * two shares at once (or a retried update) keep one link. Links are read by `_id` on every message, never
 * remembered by a process, so a link removed or replaced by one process is seen by all. When a link speaks for its
 * number is the channel's rule (bots/channels/telegram/ports.ts), judged here on every read.
 */
import { Schema, type Connection, type Model } from 'mongoose';
import type { Msisdn } from '../../domain/phone';
import type { NumberOwnership, TelegramLink, TelegramLinks } from '../../bots/channels/telegram/ports';
import { isDuplicateKeyError } from './insertBatcher';

interface LinkDoc {
  _id: string;
  chatId: number;
  msisdn: string;
  linkedAt: Date;
}

const linkSchema = new Schema<LinkDoc>(
  {
    _id: String,
    chatId: { type: Number, required: true },
    msisdn: { type: String, required: true, index: true },
    linkedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'telegram_links' },
);

/** Links in the `telegram_links` collection. Build it with `MongoTelegramLinks.open`, which creates the index. */
export class MongoTelegramLinks implements TelegramLinks {
  private constructor(
    private readonly model: Model<LinkDoc>,
    private readonly ownership: NumberOwnership,
  ) {}

  /** The store on a connection, once its index (links by number, for notices) exists. */
  static async open(connection: Connection, ownership: NumberOwnership): Promise<MongoTelegramLinks> {
    const model =
      (connection.models.TelegramLink as Model<LinkDoc> | undefined) ??
      connection.model<LinkDoc>('TelegramLink', linkSchema);
    await model.createIndexes();
    return new MongoTelegramLinks(model, ownership);
  }

  async find(userId: number): Promise<TelegramLink | null> {
    const doc = await this.model.collection.findOne<LinkDoc>({ _id: String(userId) as never });
    return doc && this.judged(toLink(doc));
  }

  async link(link: TelegramLink): Promise<TelegramLink> {
    const doc: LinkDoc = {
      _id: String(link.userId),
      chatId: link.chatId,
      msisdn: link.msisdn,
      linkedAt: link.linkedAt,
    };
    for (let round = 0; round < 3; round += 1) {
      try {
        await this.model.collection.insertOne(doc as never);
        const made = await this.judged(link);
        if (!made) throw new Error(`telegram link ${doc._id} made before its number's owner signed up`);
        return made;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
      const first = await this.model.collection.findOne<LinkDoc>({ _id: doc._id as never });
      const holding = first && (await this.judged(toLink(first)));
      if (holding) return holding;
      // No longer speaking for its number: replaced. Only this Telegram account writes under its id, so a race
      // here is between two shares of its own contact, and either result is its own number.
      if (first) await this.model.collection.deleteOne({ _id: doc._id as never, linkedAt: first.linkedAt } as never);
    }
    throw new Error(`telegram link ${doc._id} kept changing`);
  }

  // Read once per notice, by equality on the number: rare enough for FerretDB's scan.
  async forMsisdn(msisdn: Msisdn): Promise<TelegramLink | null> {
    const docs = await this.model.collection
      .find<LinkDoc>({ msisdn })
      .sort({ linkedAt: -1, _id: 1 })
      .limit(1)
      .toArray();
    return docs[0] ? this.judged(toLink(docs[0])) : null;
  }

  async confirmSignUp(link: TelegramLink, startedAt: Date): Promise<void> {
    const { registeredAt } = await this.ownership(link.msisdn);
    // The number's turns run one at a time (its lock), so a sign-up inside this turn's time was this turn's.
    if (registeredAt === null || registeredAt < startedAt || registeredAt < link.linkedAt) return;
    await this.model.collection.updateOne({ _id: String(link.userId) as never }, { $set: { linkedAt: registeredAt } });
  }

  /** The link as it speaks now: null when its number changed hands since it was made. */
  private async judged(link: TelegramLink): Promise<TelegramLink | null> {
    const { departedAt, registeredAt } = await this.ownership(link.msisdn);
    if (departedAt !== null && link.linkedAt.getTime() <= departedAt.getTime()) return null;
    if (registeredAt !== null && link.linkedAt.getTime() < registeredAt.getTime()) return null;
    return { ...link, pendingSignUp: registeredAt === null };
  }
}

/** Removes every link to a number (its owner left). Safe to repeat; the departure voids them anyway. */
export async function removeTelegramLinks(connection: Connection, msisdn: Msisdn): Promise<void> {
  await connection.collection('telegram_links').deleteMany({ msisdn });
}

function toLink(doc: LinkDoc): TelegramLink {
  return { userId: Number(doc._id), chatId: doc.chatId, msisdn: doc.msisdn as Msisdn, linkedAt: doc.linkedAt };
}
