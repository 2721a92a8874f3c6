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
 * A provider's delivery reports (sent, delivered, read, failed) are inserts into `outbox_receipts`, one per notice
 * and stage (`<notice id>#<stage>`): two processes recording two stages of one notice at once both keep theirs (an
 * update of the notice could lose one on FerretDB, which rewrites the whole document), and a repeated report is a
 * duplicate key, the first one standing. Reading a person's notices joins them back (`for`).
 *
 * Sent notices, claims and receipts are purged by day (integrations/mongo/retention.ts); unsent and given-up
 * notices stay.
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
  DeliveryStatus,
  OutboxClaim,
  OutboxMessage,
} from '../../bots/runtime/outbox/ports';
import { isDuplicateKeyError } from './insertBatcher';
import { DELIVERY_RECEIPTS, NOTICE_CLAIMS, RetentionDays, SENT_NOTICES } from './retention';

/** One stage of a notice's delivery as the provider reported it. */
interface ReceiptDoc {
  _id: string;
  notice: string;
  status: DeliveryStatus;
  at: Date;
  errorCode?: number;
  day: string;
}

/** The index the receipts' lookup of a notice by its provider's message id reads. */
export async function ensureOutboxIndexes(connection: Connection): Promise<void> {
  await connection.collection(SENT_NOTICES.collection).createIndex({ channel: 1, providerId: 1 });
  await connection.collection(DELIVERY_RECEIPTS.collection).createIndex({ notice: 1 });
}

export class MongoOutbox implements Notifier, DeliveryOutbox, DeliveryReceipts {
  private readonly messages: mongo.Collection<OutboxMessage>;
  private readonly claims: mongo.Collection<OutboxClaim>;
  private readonly receipts: mongo.Collection<ReceiptDoc>;
  private readonly clock: () => Date;
  private readonly days: RetentionDays;

  constructor(connection: Connection, options: { clock?: () => Date } = {}) {
    this.messages = connection.collection<OutboxMessage>(SENT_NOTICES.collection);
    this.claims = connection.collection<OutboxClaim>(NOTICE_CLAIMS.collection);
    this.receipts = connection.collection<ReceiptDoc>(DELIVERY_RECEIPTS.collection);
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

  /** Every notice for one person, oldest first, with its delivery receipts (what they were told, for support). */
  async for(to: Msisdn): Promise<OutboxMessage[]> {
    const messages = await this.messages.find({ to }).toArray();
    const sent = messages.filter((m) => m.providerId !== undefined).map((m) => m._id);
    const receipts = sent.length === 0 ? [] : await this.receipts.find({ notice: { $in: sent } }).toArray();
    for (const receipt of receipts) {
      const message = messages.find((m) => m._id === receipt.notice);
      if (!message) continue;
      message.receipts = { ...message.receipts, [receipt.status]: receipt.at };
      if (receipt.errorCode !== undefined) message.receiptError = receipt.errorCode;
    }
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
   * Records a provider's delivery report of the notice sent with that id: an insert per notice and stage, so
   * reports arriving late, out of order, twice, or in two processes at once all stay (the first of a repeat stands).
   */
  async record(channel: string, providerId: string, receipt: DeliveryReceipt): Promise<boolean> {
    const notice = await this.messages.findOne({ channel, providerId }, { projection: { _id: 1 } });
    if (!notice) return false;
    const day = await this.days.note(DELIVERY_RECEIPTS, receipt.at);
    const doc: ReceiptDoc = {
      _id: `${notice._id}#${receipt.status}`,
      notice: notice._id,
      status: receipt.status,
      at: receipt.at,
      day,
    };
    if (receipt.errorCode !== undefined) doc.errorCode = receipt.errorCode;
    try {
      await this.receipts.insertOne(doc);
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    return true;
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
