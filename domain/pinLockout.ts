/**
 * Counting wrong PINs, and locking: three wrong tries in a row lock the PIN for a while (`lockMs`); three such
 * lockouts within 24 hours block it until support resets it. The owner gets an SMS at each lockout.
 *
 * Every fact is an insert, never an update, so a check that finishes late (its turn timed out, another process
 * was faster) can add what it saw but never overwrite what others recorded:
 * - a right PIN after failures, a lockout and a support reset each end the current *round*: one insert whose `_id`
 *   names the owner and the round's number, so a round ends exactly once (two checks locking at once: one wins,
 *   one SMS);
 * - a wrong PIN inserts a `failure` with the round its check saw and the moment it started. A round counts its
 *   own failures, and those of an earlier round typed after that round ended: a right PIN that finishes late
 *   clears only the wrong ones typed before it.
 * Events belong to one owner of a number (the number and when they signed up): a recycled number starts clean.
 */
import { randomUUID } from 'node:crypto';
import { dateParam, type Notice, type Notifier } from './notifications';
import type { Msisdn } from './phone';

/** What a PIN check can say. */
export type PinCheck =
  | { ok: true }
  | { ok: false; reason: 'WRONG_PIN'; triesLeft: number }
  | { ok: false; reason: 'PIN_LOCKED'; until: Date }
  | { ok: false; reason: 'PIN_BLOCKED' };

/** A PIN check's refusals. */
export type PinRefusal = Exclude<PinCheck, { ok: true }>;

/** The ways a round ends. */
export type RoundEnd = 'success' | 'lockout' | 'supportReset';

/** One recorded fact about a person's PIN. */
export interface PinEvent {
  id: string;
  owner: string;
  kind: 'failure' | RoundEnd;
  /** The round a failure's check saw, or the round an end ended. */
  round: number;
  at: Date;
}

/** Port: where PIN events are kept. */
export interface PinEventStore {
  /** Inserts an event; false when one with its id exists (that round was ended by someone else). */
  insert(event: PinEvent): Promise<boolean>;
  /** Every event of one owner, in any order. */
  of(owner: string): Promise<PinEvent[]>;
}

/** Whose PIN: a person as signed up (a number, once per owner). */
export interface PinOwner {
  msisdn: Msisdn;
  createdAt: Date;
}

/** A person's PIN as the events say it is now. */
export interface PinState {
  /** The round being counted: the number of rounds ended so far. */
  round: number;
  /** Wrong PINs in this round. */
  failures: number;
  /** Locked by the last lockout until then, or null. */
  lockedUntil: Date | null;
  /** Three lockouts within 24 hours since the last support reset: only support can reset it. */
  blocked: boolean;
}

const DAY_MS = 86_400_000;
/** Lockouts within one day that block the PIN. */
const LOCKOUTS_TO_BLOCK = 3;

export function ownerOf(person: PinOwner): string {
  return `${person.msisdn}@${person.createdAt.getTime()}`;
}

function roundEndId(owner: string, round: number): string {
  return `${owner}#${round}`;
}

/** The failures a round counts: its own, and those of earlier rounds typed after the last round ended. */
function countedFailures(events: readonly PinEvent[], round: number, lastEnd: PinEvent | undefined): PinEvent[] {
  return events.filter(
    (e) =>
      e.kind === 'failure' && (e.round === round || (lastEnd !== undefined && e.round < round && e.at > lastEnd.at)),
  );
}

/** The state of a PIN from its events at `now` (pure: tests and the support tool read it the same way). */
export function pinState(events: readonly PinEvent[], now: Date, lockMs: number): PinState {
  const ends = events.filter((e) => e.kind !== 'failure').sort((a, b) => a.round - b.round);
  const last = ends[ends.length - 1];
  const round = last ? last.round + 1 : 0;
  const failures = countedFailures(events, round, last).length;
  const lastReset = ends.filter((e) => e.kind === 'supportReset').pop();
  const lockouts = ends
    .filter((e) => e.kind === 'lockout' && (!lastReset || e.round > lastReset.round))
    .map((e) => e.at.getTime())
    .sort((a, b) => a - b);
  const blocked = lockouts.some(
    (at, i) => i + LOCKOUTS_TO_BLOCK - 1 < lockouts.length && lockouts[i + LOCKOUTS_TO_BLOCK - 1]! - at <= DAY_MS,
  );
  const until = last?.kind === 'lockout' ? new Date(last.at.getTime() + lockMs) : null;
  return {
    round,
    failures,
    lockedUntil: until && until > now ? until : null,
    blocked,
  };
}

export interface PinLockoutOptions {
  events: PinEventStore;
  /** How long a lockout lasts. */
  lockMs: number;
  /** Wrong PINs in a row that lock the PIN. */
  maxTries?: number;
  /** Tells the owner of each lockout and support reset (by SMS, whoever holds their chat accounts). */
  notifier?: Notifier;
  clock?: () => Date;
}

/** Decides what wrong and right PINs do to a person's lock (the PIN itself is compared by People). */
export class PinLockout {
  private readonly events: PinEventStore;
  private readonly lockMs: number;
  private readonly maxTries: number;
  private readonly notifier: Notifier | undefined;
  private readonly clock: () => Date;

  constructor(options: PinLockoutOptions) {
    this.events = options.events;
    this.lockMs = options.lockMs;
    this.maxTries = options.maxTries ?? 3;
    this.notifier = options.notifier;
    this.clock = options.clock ?? (() => new Date());
  }

  async state(person: PinOwner): Promise<PinState> {
    return pinState(await this.events.of(ownerOf(person)), this.clock(), this.lockMs);
  }

  /** A refusal when the PIN may not be tried now (locked or blocked), else null. */
  refusal(state: PinState): PinRefusal | null {
    if (state.blocked) return { ok: false, reason: 'PIN_BLOCKED' };
    if (state.lockedUntil) return { ok: false, reason: 'PIN_LOCKED', until: state.lockedUntil };
    return null;
  }

  /** A right PIN typed at `startedAt`: it clears the failures typed before it (seen in `observed`). */
  async recordSuccess(person: PinOwner, observed: PinState, startedAt: Date): Promise<void> {
    if (observed.failures === 0) return;
    const owner = ownerOf(person);
    // Lost to a lockout or another right PIN ending the same round: theirs stands.
    await this.events.insert({
      id: roundEndId(owner, observed.round),
      owner,
      kind: 'success',
      round: observed.round,
      at: startedAt,
    });
  }

  /** A wrong PIN typed at `startedAt` (seeing `observed`): counted, and the one completing `maxTries` locks the PIN. */
  async recordFailure(person: PinOwner, observed: PinState, startedAt: Date): Promise<PinRefusal> {
    const owner = ownerOf(person);
    const failure = { id: `${owner}!${randomUUID()}`, owner, kind: 'failure' as const, round: observed.round };
    await this.events.insert({ ...failure, at: startedAt });
    // Read again: the count includes every check recorded meanwhile, by this process or another.
    const events = await this.events.of(owner);
    const state = pinState(events, this.clock(), this.lockMs);
    const refused = this.refusal(state);
    if (refused) return refused;
    if (state.failures < this.maxTries) return this.wrong(state);
    // The lockout ends the round at the latest failure it counts, so none of them counts again after it.
    const lastEnd = events.filter((e) => e.kind !== 'failure' && e.round === state.round - 1)[0];
    const counted = countedFailures(events, state.round, lastEnd);
    const at = new Date(Math.max(...counted.map((e) => e.at.getTime())));
    const id = roundEndId(owner, state.round);
    await this.events.insert({ id, owner, kind: 'lockout', round: state.round, at });
    const after = await this.state(person);
    // The winner and the loser of a lockout race both ask for the SMS; its key makes it one.
    if (after.blocked || after.lockedUntil) await this.tellOwner(person.msisdn, id, after);
    // A right PIN typed before this one may have ended the round first: then this is one wrong PIN of the next.
    return this.refusal(after) ?? this.wrong(after);
  }

  private wrong(state: PinState): PinRefusal {
    return { ok: false, reason: 'WRONG_PIN', triesLeft: Math.max(0, this.maxTries - state.failures) };
  }

  /**
   * Support's reset (after checking the caller's identity): lifts a lock or a block and clears the count. Ends
   * the current round; if a check ends it first, the next one.
   */
  async supportReset(person: PinOwner): Promise<void> {
    const owner = ownerOf(person);
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const { round } = await this.state(person);
      const at = this.clock();
      const id = roundEndId(owner, round);
      if (await this.events.insert({ id, owner, kind: 'supportReset', round, at })) {
        // A reset asked for by someone pretending to be the owner must not go unnoticed by the owner.
        await this.notifier?.notify(person.msisdn, { key: 'pin.resetNotice', bySms: true }, `pin-reset:${id}`);
        return;
      }
    }
    throw new Error('the PIN kept changing during the reset; try again');
  }

  private async tellOwner(msisdn: Msisdn, lockoutId: string, state: PinState): Promise<void> {
    if (!this.notifier) return;
    const notice: Notice = state.blocked
      ? { key: 'pin.blockedNotice', bySms: true }
      : { key: 'pin.lockedNotice', params: { until: dateParam(state.lockedUntil as Date) }, bySms: true };
    await this.notifier.notify(msisdn, notice, `pin-lockout:${lockoutId}`);
  }
}
