/**
 * Conversation sessions and the inbound-message log on MongoDB. A session is one document per person, written
 * only by the turn holding that person's lock; a message's first delivery is decided by the insert of its `_id`.
 */
import type { Connection, mongo } from 'mongoose';
import type { Msisdn } from '../../domain/phone';
import type { Language } from '../../domain/users';
import type { InboundLog, Session, SessionStore } from '../../bots/runtime/ports';
import type { FlowName, Reply } from '../../flows/conversation';
import { isDuplicateKeyError } from './insertBatcher';

interface SessionDoc {
  _id: string;
  flow: FlowName;
  version: number;
  snapshot: string;
  language: Language;
  updatedAt: Date;
}

interface InboundDoc {
  _id: string;
  msisdn: string;
  at: Date;
  answer: { language: Language; replies: Reply[] } | null;
}

export class MongoSessionStore implements SessionStore {
  private readonly sessions: mongo.Collection<SessionDoc>;

  constructor(connection: Connection) {
    this.sessions = connection.collection<SessionDoc>('conversation_sessions');
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
      updatedAt: doc.updatedAt,
    };
  }

  async save(session: Session): Promise<void> {
    const { msisdn, ...rest } = session;
    await this.sessions.replaceOne({ _id: msisdn }, rest, { upsert: true });
  }
}

export class MongoInboundLog implements InboundLog {
  private readonly messages: mongo.Collection<InboundDoc>;

  constructor(connection: Connection) {
    this.messages = connection.collection<InboundDoc>('inbound_messages');
  }

  async record(key: string, msisdn: Msisdn, at: Date): Promise<boolean> {
    try {
      await this.messages.insertOne({ _id: key, msisdn, at, answer: null });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  async saveAnswer(key: string, answer: { language: Language; replies: Reply[] }): Promise<void> {
    await this.messages.updateOne({ _id: key }, { $set: { answer } });
  }

  async answer(key: string): Promise<{ language: Language; replies: Reply[] } | null> {
    return (await this.messages.findOne({ _id: key }))?.answer ?? null;
  }
}
