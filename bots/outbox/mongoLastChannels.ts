/**
 * The channel each person last wrote from, among those that can push a notice (SMS, Telegram, WhatsApp): one
 * document per number, read by `_id`, so the worker's lookup stays one cheap read. USSD and the console cannot
 * push, so writing from them leaves the previous channel in place.
 */
import type { Connection, mongo } from 'mongoose';
import type { Msisdn } from '../../domain/phone';
import { isDuplicateKeyError } from '../../integrations/mongo/insertBatcher';
import type { ChannelDirectory } from './ports';

interface LastChannel {
  _id: Msisdn;
  channel: string;
  at: Date;
}

/** The channels a notice can be pushed on. */
export const PUSHABLE_CHANNELS = ['sms', 'telegram', 'whatsapp'] as const;

/** A ChannelDirectory kept up to date by `record` on every inbound message. */
export class MongoLastChannels implements ChannelDirectory {
  private readonly documents: mongo.Collection<LastChannel>;
  private readonly pushable: ReadonlySet<string>;

  constructor(connection: Connection, options: { pushable?: readonly string[] } = {}) {
    this.documents = connection.collection<LastChannel>('last_channels');
    this.pushable = new Set(options.pushable ?? PUSHABLE_CHANNELS);
  }

  /**
   * Notes that a person just wrote from a channel. Last writer wins, which is what "last used" means; two writes
   * at once may race on the upsert's insert, and the loser writes again as an update.
   */
  async record(msisdn: Msisdn, channel: string, at: Date): Promise<void> {
    if (!this.pushable.has(channel)) return;
    const write = () => this.documents.updateOne({ _id: msisdn }, { $set: { channel, at } }, { upsert: true });
    try {
      await write();
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      await write();
    }
  }

  async channelFor(msisdn: Msisdn): Promise<string | null> {
    return (await this.documents.findOne({ _id: msisdn }))?.channel ?? null;
  }
}
