/**
 * Which phone number a Telegram account speaks for. A Telegram account is linked once, by sharing its own
 * contact; the link is an insert-once document keyed by the Telegram user id, so two shares at once (or a
 * retried update) keep the first link and nothing overwrites it.
 */
import { Schema, type Connection, type Model } from 'mongoose';
import type { Msisdn } from '../../domain/phone';
import { isDuplicateKeyError } from '../../integrations/mongo/insertBatcher';

/** A Telegram account and the number it was linked to. */
export interface TelegramLink {
  userId: number;
  /** Where to write to the person: their private chat with the bot. */
  chatId: number;
  msisdn: Msisdn;
  linkedAt: Date;
}

/** The links, as the channel uses them. */
export interface TelegramLinks {
  /** The link of a Telegram account, or null when it has not shared its number yet. */
  find(userId: number): Promise<TelegramLink | null>;
  /** Links an account unless it already is; returns the link that holds (the earlier one if there was one). */
  link(link: TelegramLink): Promise<TelegramLink>;
  /** The account to write to about a number: the one linked last (a number may have changed hands), or null. */
  forMsisdn(msisdn: Msisdn): Promise<TelegramLink | null>;
}

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

// Links never change once made, so a process may remember them; bounded so a crowd of one-time visitors cannot
// grow memory without end.
const MAX_REMEMBERED = 10_000;

/** Links in the `telegram_links` collection. Build it with `MongoTelegramLinks.open`, which creates the index. */
export class MongoTelegramLinks implements TelegramLinks {
  private readonly remembered = new Map<number, TelegramLink>();

  private constructor(private readonly model: Model<LinkDoc>) {}

  /** The store on a connection, once its index (links by number, for notices) exists. */
  static async open(connection: Connection): Promise<MongoTelegramLinks> {
    const model =
      (connection.models.TelegramLink as Model<LinkDoc> | undefined) ??
      connection.model<LinkDoc>('TelegramLink', linkSchema);
    await model.createIndexes();
    return new MongoTelegramLinks(model);
  }

  async find(userId: number): Promise<TelegramLink | null> {
    const known = this.remembered.get(userId);
    if (known) return known;
    const doc = await this.model.collection.findOne<LinkDoc>({ _id: String(userId) as never });
    return doc && this.remember(toLink(doc));
  }

  async link(link: TelegramLink): Promise<TelegramLink> {
    try {
      await this.model.collection.insertOne({
        _id: String(link.userId),
        chatId: link.chatId,
        msisdn: link.msisdn,
        linkedAt: link.linkedAt,
      } as never);
      return this.remember(link);
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const first = await this.model.collection.findOne<LinkDoc>({ _id: String(link.userId) as never });
      if (!first) throw error;
      return this.remember(toLink(first));
    }
  }

  // Read once per notice, by equality on the number: rare enough for FerretDB's scan.
  async forMsisdn(msisdn: Msisdn): Promise<TelegramLink | null> {
    const docs = await this.model.collection
      .find<LinkDoc>({ msisdn })
      .sort({ linkedAt: -1, _id: 1 })
      .limit(1)
      .toArray();
    return docs[0] ? toLink(docs[0]) : null;
  }

  private remember(link: TelegramLink): TelegramLink {
    if (this.remembered.size >= MAX_REMEMBERED) this.remembered.clear();
    this.remembered.set(link.userId, link);
    return link;
  }
}

function toLink(doc: LinkDoc): TelegramLink {
  return { userId: Number(doc._id), chatId: doc.chatId, msisdn: doc.msisdn as Msisdn, linkedAt: doc.linkedAt };
}
