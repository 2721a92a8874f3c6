/**
 * The inbound-message log on MongoDB: a message's first delivery is decided by the insert of its `_id`.
 */
import type { Connection, mongo } from 'mongoose';
import type { Msisdn } from '../../domain/phone';
import type { Language } from '../../domain/users';
import type { InboundLog, Reply } from '../../bots/runtime/ports';
import { InsertBatcher, isDuplicateKeyError } from './insertBatcher';
import { INBOUND_ANSWERS, INBOUND_MESSAGES, RetentionDays } from './retention';

interface InboundDoc {
  _id: string;
  msisdn: string;
  at: Date;
  /** The UTC day of `at`, by which the record is purged (integrations/mongo/retention.ts). */
  day: string;
}

interface AnswerDoc {
  _id: string;
  language: Language;
  replies: Reply[];
  at: Date;
  day: string;
}

/**
 * The inbound log: a message's first delivery is the insert of its key. A turn's answer is saved with the session;
 * the few answers given without one are a second insert under the same key in another collection (an insert, not
 * an update: on FerretDB v1 an update scans its collection), read only when a delivery repeats. Both are purged
 * by day (integrations/mongo/retention.ts): the keys after INBOUND_MESSAGES.keepDays, the answers sooner.
 */
export class MongoInboundLog implements InboundLog {
  private readonly messages: mongo.Collection<InboundDoc>;
  private readonly answers: mongo.Collection<AnswerDoc>;
  /** Messages arriving together are recorded in one command, each still decided by its own unique `_id`. */
  private readonly recordings: InsertBatcher;
  private readonly days: RetentionDays;
  private readonly clock: () => Date;

  constructor(connection: Connection, options: { clock?: () => Date } = {}) {
    this.messages = connection.collection<InboundDoc>(INBOUND_MESSAGES.collection);
    this.answers = connection.collection<AnswerDoc>(INBOUND_ANSWERS.collection);
    this.recordings = new InsertBatcher(connection.collection(INBOUND_MESSAGES.collection));
    this.days = new RetentionDays(connection);
    this.clock = options.clock ?? (() => new Date());
  }

  async record(key: string, msisdn: Msisdn, at: Date): Promise<boolean> {
    const day = await this.days.note(INBOUND_MESSAGES, at);
    return (await this.recordings.insert({ _id: key, msisdn, at, day })) === 'inserted';
  }

  async saveAnswer(key: string, answer: { language: Language; replies: Reply[] }): Promise<void> {
    const at = this.clock();
    const day = await this.days.note(INBOUND_ANSWERS, at);
    try {
      await this.answers.insertOne({ _id: key, ...answer, at, day });
    } catch (error) {
      // Only one turn runs per message key, so a second answer can only be this one written again.
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  async answer(key: string): Promise<{ language: Language; replies: Reply[] } | null> {
    const saved = await this.answers.findOne({ _id: key });
    return saved ? { language: saved.language, replies: saved.replies } : null;
  }
}
