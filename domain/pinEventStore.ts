/**
 * Port to where PIN events are kept: each wrong PIN, lockout, success after failures and support reset is one
 * inserted fact, never an update, so a late check can add what it saw but never overwrite what others recorded.
 */

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
