/**
 * A single transfer's record carries the minute it was created in (`createdMinute`), so that recovery can read the
 * last few minutes of single transfers by equality, one minute at a time. FerretDB v1 pushes an equality down to its
 * backend, where a range on `createdAt` makes it decode every single transfer ever recorded, on every pass
 * (BENCHMARKS.md); on MongoDB both are index reads.
 *
 * Records written by a version before the field lack it, and a read by minute would miss them. So the store reads
 * by minute only from an instant recorded in the database when this version first prepares it: the epoch on a
 * database with no transfer yet, otherwise OLDER_WRITERS_GONE_WITHIN_MS after that moment, by which time every
 * process of an older version must be stopped (docs/operations.md, "Upgrading over older data").
 */
import type { mongo } from 'mongoose';
import { isDuplicateKeyError } from './insertBatcher';

/** A ledger collection, whose documents have readable string ids. */
export type StringIdCollection = mongo.Collection<mongo.Document & { _id: string }>;

const MINUTE_MS = 60_000;

/** How long a deploy may keep processes of a version before this one writing transfers. */
export const OLDER_WRITERS_GONE_WITHIN_MS = 24 * 3_600_000;

/** Its document in the ledger's checkpoints collection. */
const CARRIED_FROM = 'transfers-carry-their-minute';

/** The start of the minute `at` falls in (UTC, as stored). */
export function minuteOf(at: Date): Date {
  return new Date(Math.floor(at.getTime() / MINUTE_MS) * MINUTE_MS);
}

/** Every minute that [from, to) overlaps, oldest first. */
export function minutesOverlapping(from: Date, to: Date): Date[] {
  const minutes: Date[] = [];
  for (let minute = minuteOf(from).getTime(); minute < to.getTime(); minute += MINUTE_MS) {
    minutes.push(new Date(minute));
  }
  return minutes;
}

/**
 * Records, once per database, from when every single transfer carries its minute. Run before traffic: transfers
 * this version records before it would count as older records, which is safe (they are then read by range).
 */
export async function recordMinutesCarriedFrom(
  checkpoints: StringIdCollection,
  transfers: StringIdCollection,
  now: Date = new Date(),
): Promise<void> {
  if (await checkpoints.findOne({ _id: CARRIED_FROM })) return;
  const anyTransfer = await transfers.findOne({}, { projection: { _id: 1 } });
  const at = anyTransfer ? new Date(now.getTime() + OLDER_WRITERS_GONE_WITHIN_MS) : new Date(0);
  try {
    await checkpoints.insertOne({ _id: CARRIED_FROM, at });
  } catch (error) {
    // Two processes starting together both get here: the first insert stands, and either instant is right.
    if (!isDuplicateKeyError(error)) throw error;
  }
}

/** From when every single transfer carries its minute; null until recorded (then none is trusted to). */
export async function minutesCarriedFrom(checkpoints: StringIdCollection): Promise<Date | null> {
  const doc = await checkpoints.findOne({ _id: CARRIED_FROM });
  return doc?.at instanceof Date ? doc.at : null;
}
