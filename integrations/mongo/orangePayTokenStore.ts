/**
 * Which payToken Orange Money gave each of our references (integrations/orangeMoney/ports.ts), one document per
 * reference in `orange_money_pay_tokens`, `_id` = reference: the insert into that unique key decides a race
 * between two requests for one reference (E11000: another got there first).
 */
import type { Connection, mongo } from 'mongoose';
import type { RailDirection } from '../../domain/paymentRail';
import type { OrangePayTokenRecord, OrangePayTokenStore, PayTokenClaim } from '../orangeMoney/ports';
import { isDuplicateKeyError } from './insertBatcher';

interface PayTokenDoc {
  _id: string;
  payToken: string;
  direction: RailDirection;
  createdAt: Date;
}

export const ORANGE_PAY_TOKENS_COLLECTION = 'orange_money_pay_tokens';

export class MongoOrangePayTokenStore implements OrangePayTokenStore {
  private readonly tokens: mongo.Collection<PayTokenDoc>;

  constructor(connection: Connection) {
    this.tokens = connection.collection<PayTokenDoc>(ORANGE_PAY_TOKENS_COLLECTION);
  }

  async claim(record: OrangePayTokenRecord): Promise<PayTokenClaim> {
    try {
      await this.tokens.insertOne({
        _id: record.reference,
        payToken: record.payToken,
        direction: record.direction,
        createdAt: record.createdAt,
      });
      return { claimed: true };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    const existing = await this.find(record.reference);
    // The winner's document is written before its insert answers, so a loser always finds it.
    if (!existing) throw new Error('orange_money_pay_tokens: duplicate key but no document');
    return { claimed: false, existing };
  }

  async find(reference: string): Promise<OrangePayTokenRecord | null> {
    const doc = await this.tokens.findOne({ _id: reference });
    return doc && { reference: doc._id, payToken: doc.payToken, direction: doc.direction, createdAt: doc.createdAt };
  }
}
