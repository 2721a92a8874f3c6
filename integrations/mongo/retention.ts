/**
 * How long the records that grow with traffic are kept, and their purge. FerretDB v1 has no TTL index, and a
 * range filter (`at < …`) makes it read the whole collection; an equality on an indexed field does not (PostgreSQL
 * answers it). So each such record carries the UTC day it counts from in a field of its own, and a purge deletes
 * whole days by equality: `{day: '2026-11-02'}`. The days a collection holds are listed in the small
 * `retention_days` collection, written once per process and day before the first record of that day, so a purge
 * visits only days that have records, however long the service was down.
 *
 * The "Retention" table of docs/operations.md says the same as RETAINED below.
 */
import type { Connection, mongo } from 'mongoose';
import { isDuplicateKeyError } from './insertBatcher';

/** One kind of record that is purged: where it is, which field holds its day, and how many whole days it stays. */
export interface RetainedRecords {
  readonly collection: string;
  readonly dayField: string;
  /** The moment the day is taken from (records written before days existed are purged by it: purgeUndated). */
  readonly timeField: string;
  /** Records stay at least this many whole days after their day ends (so between keepDays and keepDays + 1). */
  readonly keepDays: number;
  /** What the records are and why they stay that long (for the table in docs/operations.md). */
  readonly why: string;
}

export const INBOUND_MESSAGES: RetainedRecords = {
  collection: 'inbound_messages',
  dayField: 'day',
  timeField: 'at',
  keepDays: 31,
  why: "Each inbound message's id (Twilio's MessageSid, Telegram's update_id, …): a delivery repeated within this time is answered again and runs nothing.",
};
export const INBOUND_ANSWERS: RetainedRecords = {
  collection: 'inbound_answers',
  dayField: 'day',
  timeField: 'at',
  keepDays: 2,
  why: 'The answers given without a session (bulky): providers repeat a delivery for minutes or hours, so an older repeat is answered with nothing (and still runs nothing).',
};
export const TURN_CLAIMS: RetainedRecords = {
  collection: 'conversation_turn_claims',
  dayField: 'day',
  timeField: 'at',
  keepDays: 1,
  why: "The claims that begin each person's turns (sessionStore.ts): a session copy a process keeps is trusted minutes only, and the claims made past it must outlive it.",
};
export const USSD_STEPS: RetainedRecords = {
  collection: 'ussd_steps',
  dayField: 'day',
  timeField: 'at',
  keepDays: 1,
  why: 'The screens of each USSD session step: a gateway session lasts about three minutes.',
};
export const SENT_NOTICES: RetainedRecords = {
  collection: 'outbox',
  dayField: 'sentDay',
  timeField: 'sentAt',
  keepDays: 30,
  why: 'Notices delivered (from their delivery): what a person was told, for support. Unsent and given-up notices stay.',
};
export const NOTICE_CLAIMS: RetainedRecords = {
  collection: 'outbox_claims',
  dayField: 'day',
  timeField: 'claimedAt',
  keepDays: 30,
  why: "The claims of notices' delivery attempts: an attempt is decided within hours (OUTBOX_MAX_ATTEMPTS).",
};

export const OTHER_PAYER_SLOTS: RetainedRecords = {
  collection: 'topup_other_payers',
  // Their own `day` is the limit's day on the Douala calendar; the purge goes by UTC days like every other record.
  dayField: 'utcDay',
  timeField: 'at',
  keepDays: 2,
  why: 'The other numbers a person topped up from, per day (domain/otherPayers.ts): the limit counts them on their own day only (Douala calendar).',
};
export const FLOW_TOKENS: RetainedRecords = {
  collection: 'whatsapp_flow_tokens',
  dayField: 'day',
  timeField: 'issuedAt',
  keepDays: 1,
  why: 'The WhatsApp Flow tokens of PIN forms (their hashes, whose person and step): a token lasts minutes (WHATSAPP_CLOUD_FLOW_TOKEN_TTL_MS).',
};
export const FLOW_TOKEN_USES: RetainedRecords = {
  collection: 'whatsapp_flow_token_uses',
  dayField: 'day',
  timeField: 'usedAt',
  keepDays: 1,
  why: 'The Flow tokens already answered: a replayed answer is refused while its token could still be valid.',
};
export const DELIVERY_RECEIPTS: RetainedRecords = {
  collection: 'outbox_receipts',
  dayField: 'day',
  timeField: 'at',
  keepDays: 30,
  why: 'The delivery stages a provider reported for each notice (sent, delivered, read, failed), for support, as long as the notices.',
};

/*
 * Not listed here because they stay small by themselves:
 * - `outbox_send_slots` (sendSlots.ts): each process that takes a send slot first deletes the slots of past
 *   seconds, every process's alike, so the collection holds the last seconds of sends (a few per channel).
 * - `twilio_pin_sms_deletions` (pinSmsDeletionStore.ts): a deletion is removed once done or given up after its
 *   last retry (DEFAULT_ERASE_RETRY_DELAYS_MS, about a day), so it holds only the deletions still being tried.
 */
export const RETAINED: readonly RetainedRecords[] = [
  INBOUND_MESSAGES,
  INBOUND_ANSWERS,
  TURN_CLAIMS,
  USSD_STEPS,
  SENT_NOTICES,
  NOTICE_CLAIMS,
  OTHER_PAYER_SLOTS,
  FLOW_TOKENS,
  FLOW_TOKEN_USES,
  DELIVERY_RECEIPTS,
];

const REGISTRY = 'retention_days';

interface DayDoc {
  _id: string;
  collection: string;
  dayField: string;
  day: string;
}

/** The UTC day of a moment, '2026-12-04': the bucket a record is purged with. */
export function dayOf(at: Date): string {
  return at.toISOString().slice(0, 10);
}

function dayKey(records: RetainedRecords, day: string): string {
  return `${records.collection}.${records.dayField}/${day}`;
}

/** Writes the list of days each collection holds; one per store, remembering in this process what it wrote. */
export class RetentionDays {
  private readonly registry: mongo.Collection<DayDoc>;
  /** The last day noted for each kind of record, and its insert (only the current day matters: one per kind). */
  private readonly noted = new Map<RetainedRecords, { day: string; insert: Promise<void> }>();

  constructor(connection: Connection) {
    this.registry = connection.collection<DayDoc>(REGISTRY);
  }

  /**
   * Notes that `records` get one on `at`'s day, before it is written (so a purge never misses it); returns that
   * day for the record's field. An insert the first time per process and day; after that, nothing.
   */
  async note(records: RetainedRecords, at: Date): Promise<string> {
    const day = dayOf(at);
    let last = this.noted.get(records);
    if (last?.day !== day) {
      const insert = this.registry
        .insertOne({ _id: dayKey(records, day), collection: records.collection, dayField: records.dayField, day })
        .then(
          () => undefined,
          (error: unknown) => {
            if (isDuplicateKeyError(error)) return;
            if (this.noted.get(records) === last) this.noted.delete(records);
            throw error;
          },
        );
      last = { day, insert };
      this.noted.set(records, last);
    }
    await last.insert;
    return day;
  }
}

/** Creates the indexes the purges delete by, and waits for them: run before serving traffic. */
export async function ensureRetentionIndexes(connection: Connection): Promise<void> {
  await Promise.all(
    RETAINED.map((records) => connection.collection(records.collection).createIndex({ [records.dayField]: 1 })),
  );
}

/**
 * Deletes every day of records past its retention: one equality delete per listed day (an index read), then that
 * day's entry. Safe in several processes at once, and after a crash (a day is unlisted only once it is empty).
 * Returns how many records of each collection were deleted.
 */
export async function purgeExpired(connection: Connection, now: Date): Promise<Record<string, number>> {
  const registry = connection.collection<DayDoc>(REGISTRY);
  // The list is small (a few kinds of records times the days they are kept): reading it whole is cheap.
  const listed = await registry.find({}).toArray();
  const deleted: Record<string, number> = {};
  for (const records of RETAINED) {
    const firstKept = dayOf(new Date(now.getTime() - records.keepDays * 86_400_000));
    const expired = listed.filter(
      (d) => d.collection === records.collection && d.dayField === records.dayField && d.day < firstKept,
    );
    let count = 0;
    for (const { _id, day } of expired) {
      count += (await connection.collection(records.collection).deleteMany({ [records.dayField]: day })).deletedCount;
      await registry.deleteOne({ _id });
    }
    deleted[records.collection] = (deleted[records.collection] ?? 0) + count;
  }
  return deleted;
}

/**
 * Deletes the records written before they carried a day (by an older version) once past their retention. It reads
 * whole collections, so it runs once per start, never on a timer; a record too young at one start goes at a later
 * one. Returns how many records of each collection were deleted.
 */
export async function purgeUndated(connection: Connection, now: Date): Promise<Record<string, number>> {
  const deleted: Record<string, number> = {};
  for (const records of RETAINED) {
    // The start of the first day kept, as purgeExpired counts it (an unsent notice's null sentAt never matches).
    const firstKept = new Date(`${dayOf(new Date(now.getTime() - records.keepDays * 86_400_000))}T00:00:00.000Z`);
    const result = await connection
      .collection(records.collection)
      .deleteMany({ [records.dayField]: { $exists: false }, [records.timeField]: { $lt: firstKept } });
    deleted[records.collection] = (deleted[records.collection] ?? 0) + result.deletedCount;
  }
  return deleted;
}
