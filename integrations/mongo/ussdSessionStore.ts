/**
 * USSD session steps on MongoDB, shared by every process: one insert-once document per step, read by `_id`
 * (the only lookup FerretDB serves without a scan), purged by day (integrations/mongo/retention.ts).
 */
import type { Connection, mongo } from 'mongoose';
import type { Msisdn } from '../../domain/phone';
import { isDuplicateKeyError } from './insertBatcher';
import { RetentionDays, USSD_STEPS } from './retention';
import { stepId, type UssdSessions, type UssdStep } from '../../bots/channels/ussd/ports';

interface StepDoc {
  _id: string;
  msisdn: string;
  pages: string[];
  page: number;
  close: boolean;
  at: Date;
  /** The UTC day of `at`, by which the step is purged (integrations/mongo/retention.ts). */
  day: string;
}

/** USSD steps in the `ussd_steps` collection. */
export class MongoUssdSessions implements UssdSessions {
  private readonly steps: mongo.Collection<StepDoc>;

  private readonly days: RetentionDays;

  constructor(connection: Connection) {
    this.steps = connection.collection<StepDoc>(USSD_STEPS.collection);
    this.days = new RetentionDays(connection);
  }

  async find(sessionId: string, step: number): Promise<UssdStep | null> {
    const doc = await this.steps.findOne({ _id: stepId(sessionId, step) });
    return doc && toStep(doc);
  }

  async record(sessionId: string, step: number, answer: UssdStep): Promise<UssdStep> {
    const _id = stepId(sessionId, step);
    const day = await this.days.note(USSD_STEPS, answer.at);
    try {
      await this.steps.insertOne({ _id, ...answer, day });
      return answer;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const first = await this.steps.findOne({ _id });
      if (!first) throw error;
      return toStep(first);
    }
  }
}

function toStep(doc: StepDoc): UssdStep {
  return { msisdn: doc.msisdn as Msisdn, pages: doc.pages, page: doc.page, close: doc.close, at: doc.at };
}
