/**
 * The outbox: notices waiting to reach people, for events outside their own conversation. Writing a notice is
 * one insert keyed by its dedupe key, so a retried step, a second process or a replayed callback never queues it twice. Channels
 * take pending notices, send them, and mark them sent.
 *
 * Delivery by several processes (bots/runtime/outbox/outboxWorker.ts): each attempt at a notice is claimed by an insert
 * into `outbox_claims` keyed `<notice id>#<attempt>`, because conditional updates are not atomic on FerretDB;
 * only the winner of attempt n sends, then records the outcome on the notice (attempts, next attempt time, sent
 * or failed). A notice's attempt count only moves forward after its attempt was decided, so a process that read
 * an older state loses the claim instead of sending twice.
 *
 * Sent notices and claims are purged by day (integrations/mongo/retention.ts); unsent and given-up notices stay.
 */
import type { Connection, mongo } from 'mongoose';
import type { Notice } from '../../domain/notifications';
import type { Notifier } from '../../domain/notifier';
import type { Msisdn } from '../../domain/phone';
import type {
  AttemptOutcome,
  DeliveryOutbox,
  DeliveryReceipt,
  DeliveryReceipts,
  OutboxClaim,
  OutboxMessage,
} from '../../bots/runtime/outbox/ports';
import { isDuplicateKeyError } from './insertBatcher';
import { NOTICE_CLAIMS, RetentionDays, SENT_NOTICES } from './retention';

export class MongoOutbox implements Notifier, DeliveryOutbox, DeliveryReceipts {
  private readonly messages: mongo.Collection<OutboxMessage>;
  private readonly claims: mongo.Collection<OutboxClaim>;
  private readonly clock: () => Date;
  private readonly days: RetentionDays;

  constructor(connection: Connection, options: { clock?: () => Date } = {}) {
    this.messages = connection.collection<OutboxMessage>(SENT_NOTICES.collection);
    this.claims = connection.collection<OutboxClaim>(NOTICE_CLAIMS.collection);
    this.clock = options.clock ?? (() => new Date());
    this.days = new RetentionDays(connection);
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
    const sentAt = this.clock();
    const sentDay = await this.days.note(SENT_NOTICES, sentAt);
    await this.messages.updateOne({ _id: id }, { $set: { sentAt, sentDay } });
  }

  /** Notices to try now: not sent, not given up, past their retry time; oldest first. */
  async due(now: Date, limit = 100): Promise<OutboxMessage[]> {
    return this.messages
      .find({ sentAt: null, failedAt: null, $or: [{ nextAttemptAt: null }, { nextAttemptAt: { $lte: now } }] })
      .sort({ createdAt: 1, _id: 1 })
      .limit(limit)
      .toArray();
  }

  /**
   * Claims attempt `attempt` of a notice (1 for the first): true for exactly one caller, whichever process it runs
   * in; the winner sends, then records the outcome with recordAttempt.
   */
  async claimAttempt(id: string, attempt: number, owner: string, at: Date): Promise<boolean> {
    const day = await this.days.note(NOTICE_CLAIMS, at);
    try {
      await this.claims.insertOne({ _id: claimId(id, attempt), notice: id, attempt, owner, claimedAt: at, day });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  /** The claim of one attempt, or null when nobody claimed it. */
  async claimOf(id: string, attempt: number): Promise<OutboxClaim | null> {
    return this.claims.findOne({ _id: claimId(id, attempt) });
  }

  /**
   * Records how attempt `attempt` ended. A success is recorded whatever happened meanwhile (the text did go out);
   * a failure only while the notice is unsent and still at attempt - 1, so a late or repeated record never moves
   * the count backwards over a newer attempt. `retryAt` null gives the notice up (failed).
   */
  async recordAttempt(id: string, attempt: number, outcome: AttemptOutcome): Promise<void> {
    if (outcome.sent) {
      const sentDay = await this.days.note(SENT_NOTICES, outcome.at);
      const set: Partial<OutboxMessage> = {
        sentAt: outcome.at,
        sentDay,
        attempts: attempt,
        channel: outcome.channel,
      };
      if (outcome.providerId !== undefined) set.providerId = outcome.providerId;
      await this.messages.updateOne({ _id: id }, { $set: set });
      return;
    }
    const decided = attempt - 1;
    const atPrevious = decided === 0 ? { $or: [{ attempts: null }, { attempts: 0 }] } : { attempts: decided };
    const set: Partial<OutboxMessage> = { attempts: attempt, lastError: outcome.error };
    if (outcome.retryAt === null) set.failedAt = outcome.at;
    else set.nextAttemptAt = outcome.retryAt;
    await this.messages.updateOne({ _id: id, sentAt: null, ...atPrevious }, { $set: set });
  }

  /**
   * Records a provider's delivery report on the notice sent with that id. Each stage is its own field, set to the
   * time reported, so reports that arrive late, out of order or twice need no comparison (FerretDB's conditional
   * updates are not atomic) and always leave the same record. FerretDB v1 applies an update by rewriting the
   * document, so two reports of one notice recorded at the same moment could lose one: the channel records one
   * notice's reports one after another; two processes receiving them at once can still lose one, which costs a
   * support detail, never a notice (they are receipts, read by people).
   */
  async record(channel: string, providerId: string, receipt: DeliveryReceipt): Promise<boolean> {
    const set: Record<string, unknown> = { [`receipts.${receipt.status}`]: receipt.at };
    if (receipt.errorCode !== undefined) set.receiptError = receipt.errorCode;
    const result = await this.messages.updateOne({ channel, providerId }, { $set: set });
    return result.matchedCount > 0;
  }

  /** How many notices wait to be sent (neither sent nor given up). */
  async backlog(): Promise<number> {
    return this.messages.countDocuments({ sentAt: null, failedAt: null });
  }

  /** How many notices were given up. */
  async failures(): Promise<number> {
    return this.messages.countDocuments({ sentAt: null, failedAt: { $ne: null } });
  }

  /** Notices given up, most recent first (for support). */
  async failed(limit = 100): Promise<OutboxMessage[]> {
    const failed = await this.messages.find({ sentAt: null, failedAt: { $ne: null } }).toArray();
    return failed.sort((a, b) => (b.failedAt?.getTime() ?? 0) - (a.failedAt?.getTime() ?? 0)).slice(0, limit);
  }
}

function claimId(id: string, attempt: number): string {
  return `${id}#${attempt}`;
}
