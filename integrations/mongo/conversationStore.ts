/**
 * Conversation sessions and the inbound-message log on MongoDB. A session is one document per person, written
 * only by the turn holding that person's lock; a message's first delivery is decided by the insert of its `_id`.
 */
import type { Connection, mongo } from 'mongoose';
import type { Msisdn } from '../../domain/phone';
import type { Language, UserProfile } from '../../domain/users';
import type { ChannelDirectory } from '../../bots/runtime/outbox/ports';
import type {
  Channel,
  FlowName,
  InboundLog,
  MessageCount,
  Reply,
  SavedAnswer,
  Session,
  SessionStore,
} from '../../bots/runtime/ports';
import { InsertBatcher, isDuplicateKeyError } from './insertBatcher';
import { ReplaceBatcher } from './replaceBatcher';
import { INBOUND_ANSWERS, INBOUND_MESSAGES, RetentionDays } from './retention';

interface SessionDoc {
  _id: string;
  flow: FlowName;
  version: number;
  snapshot: string;
  language: Language;
  profile?: UserProfile | null;
  answers?: SavedAnswer[];
  lastChannel?: Channel;
  messages?: MessageCount;
  pinUnlocked?: boolean;
  updatedAt: Date;
}

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

/** Sessions, and the outbox's directory of each person's last channel, which the session keeps. */
export class MongoSessionStore implements SessionStore, ChannelDirectory {
  private readonly sessions: mongo.Collection<SessionDoc>;
  /**
   * Sessions saved at the same moment travel in one command. (Reads stay single: a batched `$in` read made the
   * benchmark slower on FerretDB v1, which decodes the whole collection for it.)
   */
  private readonly writes: ReplaceBatcher;

  constructor(connection: Connection) {
    this.sessions = connection.collection<SessionDoc>('conversation_sessions');
    this.writes = new ReplaceBatcher(connection.collection('conversation_sessions'));
  }

  async load(msisdn: Msisdn): Promise<Session | null> {
    const doc = await this.sessions.findOne({ _id: msisdn });
    if (!doc) return null;
    return {
      msisdn,
      flow: doc.flow,
      version: doc.version,
      snapshot: doc.snapshot,
      language: doc.language,
      ...(doc.profile === undefined ? {} : { profile: doc.profile }),
      ...(doc.answers === undefined ? {} : { answers: doc.answers }),
      ...(doc.lastChannel === undefined ? {} : { lastChannel: doc.lastChannel }),
      ...(doc.messages === undefined ? {} : { messages: doc.messages }),
      ...(doc.pinUnlocked === true ? { pinUnlocked: true } : {}),
      updatedAt: doc.updatedAt,
    };
  }

  async save(session: Session): Promise<void> {
    const { msisdn, ...rest } = session;
    await this.writes.replace({ _id: msisdn, ...rest });
  }

  async channelFor(msisdn: Msisdn): Promise<string | null> {
    return (await this.sessions.findOne({ _id: msisdn }, { projection: { lastChannel: 1 } }))?.lastChannel ?? null;
  }
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
