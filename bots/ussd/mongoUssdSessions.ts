/**
 * USSD session steps on MongoDB, shared by every process: one insert-once document per step, read by `_id`
 * (the only lookup FerretDB serves without a scan).
 */
import type { Connection, mongo } from 'mongoose';
import type { Msisdn } from '../../domain/phone';
import { isDuplicateKeyError } from '../../integrations/mongo/insertBatcher';
import { stepId, type UssdSessions, type UssdStep } from './ussdSessions';

interface StepDoc {
  _id: string;
  msisdn: string;
  pages: string[];
  page: number;
  close: boolean;
  at: Date;
}

/** USSD steps in the `ussd_steps` collection. */
export class MongoUssdSessions implements UssdSessions {
  private readonly steps: mongo.Collection<StepDoc>;

  constructor(connection: Connection) {
    this.steps = connection.collection<StepDoc>('ussd_steps');
  }

  async find(sessionId: string, step: number): Promise<UssdStep | null> {
    const doc = await this.steps.findOne({ _id: stepId(sessionId, step) });
    return doc && toStep(doc);
  }

  async record(sessionId: string, step: number, answer: UssdStep): Promise<UssdStep> {
    const _id = stepId(sessionId, step);
    try {
      await this.steps.insertOne({ _id, ...answer });
      return answer;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const first = await this.steps.findOne({ _id });
      if (!first) throw error;
      return toStep(first);
    }
  }

  /**
   * Deletes the steps answered before `before`. Gateway sessions last about three minutes, so anything older is
   * dead weight; FerretDB has no TTL index, so a periodic job calls this (it scans the collection: run it rarely).
   */
  async purgeBefore(before: Date): Promise<number> {
    return (await this.steps.deleteMany({ at: { $lt: before } })).deletedCount;
  }
}

function toStep(doc: StepDoc): UssdStep {
  return { msisdn: doc.msisdn as Msisdn, pages: doc.pages, page: doc.page, close: doc.close, at: doc.at };
}
