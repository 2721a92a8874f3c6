/**
 * What the SMS channel needs from storage, as ports: the deletions of PIN messages from Twilio's log still to be
 * done, kept across restarts and processes (integrations/mongo/pinSmsDeletionStore.ts keeps them on MongoDB).
 */

/** A message to delete: whose it is, how many tries it has had, and when to try next. */
export interface PendingPinSms {
  messageSid: string;
  accountSid: string;
  tries: number;
  nextAt: Date;
}

/** Where the deletions waiting are kept, across restarts and processes. */
export interface PinSmsDeletions {
  /** Writes a deletion down; one already written for the message stays as it is. */
  add(pending: PendingPinSms): Promise<void>;
  /** The deletions whose next try is due, the oldest first. */
  due(now: Date, limit: number): Promise<PendingPinSms[]>;
  reschedule(pending: PendingPinSms): Promise<void>;
  remove(messageSid: string): Promise<void>;
}
