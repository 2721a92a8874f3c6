/**
 * The outbox: notices waiting to reach people (ARCHITECTURE, data flow). Writing a notice is one insert keyed by
 * its dedupe key, so a retried step, a second process or a replayed callback never queues it twice. Channels
 * take pending notices, send them, and mark them sent.
 */
import type { Connection, mongo } from 'mongoose';
import type { Notice, Notifier } from '../../domain/notifications';
import type { Msisdn } from '../../domain/phone';
import { isDuplicateKeyError } from './insertBatcher';

/** A notice in the outbox. */
export interface OutboxMessage {
  _id: string;
  to: Msisdn;
  notice: Notice;
  createdAt: Date;
  sentAt: Date | null;
}

export class MongoOutbox implements Notifier {
  private readonly messages: mongo.Collection<OutboxMessage>;
  private readonly clock: () => Date;

  constructor(connection: Connection, options: { clock?: () => Date } = {}) {
    this.messages = connection.collection<OutboxMessage>('outbox');
    this.clock = options.clock ?? (() => new Date());
  }

  async notify(to: Msisdn, notice: Notice, dedupeKey: string): Promise<void> {
    try {
      await this.messages.insertOne({ _id: dedupeKey, to, notice, createdAt: this.clock(), sentAt: null });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  /** Notices not sent yet, oldest first. */
  async pending(limit = 100): Promise<OutboxMessage[]> {
    const pending = await this.messages.find({ sentAt: null }).limit(limit).toArray();
    return pending.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }

  /** Every notice for one person, oldest first (what they were told, for tests and support). */
  async for(to: Msisdn): Promise<OutboxMessage[]> {
    const messages = await this.messages.find({ to }).toArray();
    return messages.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }

  async markSent(id: string): Promise<void> {
    await this.messages.updateOne({ _id: id }, { $set: { sentAt: this.clock() } });
  }
}
