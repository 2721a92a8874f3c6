/**
 * The WhatsApp Flow tokens of PIN forms, on MongoDB. Issuing one is an insert of its hash as `_id` into
 * `whatsapp_flow_tokens`; using one is an insert of the same `_id` into `whatsapp_flow_token_uses`, which only one
 * caller can make, whichever process Meta's request reaches: a form answered twice (or replayed) runs once. Both
 * carry their UTC day and are purged with it (retention.ts): a token lives minutes.
 */
import type { Connection, mongo } from 'mongoose';
import type { Msisdn } from '../../domain/phone';
import type { Language } from '../../domain/users';
import type { PinFlowToken, PinFlowTokens } from '../../bots/channels/whatsappCloud/ports';
import { isDuplicateKeyError } from './insertBatcher';
import { FLOW_TOKENS, FLOW_TOKEN_USES, RetentionDays } from './retention';

interface TokenDoc {
  _id: string;
  msisdn: string;
  step: string;
  language: string;
  issuedAt: Date;
  expiresAt: Date;
  day: string;
}

interface UseDoc {
  _id: string;
  usedAt: Date;
  day: string;
}

export class MongoPinFlowTokens implements PinFlowTokens {
  private readonly tokens: mongo.Collection<TokenDoc>;
  private readonly uses: mongo.Collection<UseDoc>;
  private readonly days: RetentionDays;

  constructor(connection: Connection, days?: RetentionDays) {
    this.tokens = connection.collection<TokenDoc>(FLOW_TOKENS.collection);
    this.uses = connection.collection<UseDoc>(FLOW_TOKEN_USES.collection);
    this.days = days ?? new RetentionDays(connection);
  }

  async issue(token: PinFlowToken): Promise<void> {
    const day = await this.days.note(FLOW_TOKENS, token.issuedAt);
    const { hash, ...rest } = token;
    await this.tokens.insertOne({ _id: hash, ...rest, day });
  }

  async find(hash: string): Promise<PinFlowToken | null> {
    const doc = await this.tokens.findOne({ _id: hash });
    if (!doc) return null;
    return {
      hash: doc._id,
      msisdn: doc.msisdn as Msisdn,
      step: doc.step,
      language: doc.language as Language,
      issuedAt: doc.issuedAt,
      expiresAt: doc.expiresAt,
    };
  }

  async use(hash: string, at: Date): Promise<boolean> {
    const day = await this.days.note(FLOW_TOKEN_USES, at);
    try {
      await this.uses.insertOne({ _id: hash, usedAt: at, day });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }
}
