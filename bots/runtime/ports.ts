/**
 * What the conversation runtime needs from storage, as ports: sessions with one turn at a time per person across
 * processes, and the log of inbound messages that makes a repeated delivery harmless.
 */
import type { Msisdn } from '../../domain/phone';
import type { Language, UserProfile } from '../../domain/users';
import type { FlowName, Reply } from '../../flows/conversation';
import type { Channel } from './inbound';
import type { MessageCount } from './messageCount';

// The message model's types the ports speak in, re-exported so an adapter reaches them through the ports alone
// (integrations/ implements ports and imports no flow).
export type { Channel, FlowName, MessageCount, Reply };

/** A person's conversation as saved between turns: plain JSON with the version of the flow that made it. */
export interface Session {
  msisdn: Msisdn;
  flow: FlowName;
  version: number;
  /** `JSON.stringify(actor.getPersistedSnapshot())`: a string, so the store never sees XState's own keys. */
  snapshot: string;
  language: Language;
  /**
   * The person as this runtime last knew them (null: not signed up), so a turn does not read the people
   * collection every time. Only conversations change a profile (sign-up, language, deletion), and they run under
   * the person's turn (one at a time), so it stays true; absent in sessions saved before it existed, which read it again.
   */
  profile?: UserProfile | null;
  /**
   * The answers to the person's last messages (RECENT_ANSWERS), newest last: a repeated delivery of one of them
   * gets its first answer from here, so a turn writes its answer with the session instead of on its own.
   */
  answers?: SavedAnswer[];
  /**
   * The channel the person last wrote from among those a notice can be pushed on (`noticeChannels`), kept here
   * because the session is written on every turn anyway; the outbox reads it to choose where a notice goes.
   */
  lastChannel?: Channel;
  /** The person's messages in the current minute, for MESSAGES_PER_MINUTE (messageCount.ts); absent before any. */
  messages?: MessageCount;
  /**
   * The person typed their PIN in this session to see their balance or history (PinUnlocked): not asked again
   * until the session goes idle, which drops it. Absent: locked.
   */
  pinUnlocked?: boolean;
  updatedAt: Date;
}

/** An answer given, under the message's key (channel and message id). */
export interface SavedAnswer {
  key: string;
  language: Language;
  replies: Reply[];
}

/**
 * A person's turn, taken: nobody else's turn for them runs until this one ends. `session` is the latest saved when
 * it began (null: none yet).
 */
export interface OpenTurn {
  readonly session: Session | null;
  /**
   * Ends the turn, saving `session`, or keeping the one the turn began with when null (it then changed nothing).
   * Call it exactly once, also when the turn failed: the next turn for the person begins only after it.
   */
  end(session: Session | null): Promise<void>;
}

/**
 * Sessions, and the one turn at a time per person that writes them, across processes: a turn begins with the
 * latest session and ends by saving the next, so no other writer can come in between.
 */
export interface SessionStore {
  /**
   * Takes the person's turn, waiting up to `waitMs` for the one running to end; null if it does not. A turn that
   * outlives its lease (a process that died mid-turn) is taken over, and its late end changes nothing.
   */
  begin(msisdn: Msisdn, waitMs: number): Promise<OpenTurn | null>;
  /** The latest session saved, without taking the turn (a repeated delivery's answer, the channels' windows). */
  load(msisdn: Msisdn): Promise<Session | null>;
}

/** The inbound messages already taken, by channel and message id. */
export interface InboundLog {
  /** Records a message; false when it was recorded before (a repeated delivery). */
  record(key: string, msisdn: Msisdn, at: Date): Promise<boolean>;
  /**
   * Keeps the answer given, for repeated deliveries of the same message, when no session is saved with it (the
   * person was told to slow down or to wait, or a PIN check timed out).
   */
  saveAnswer(key: string, answer: { language: Language; replies: Reply[] }): Promise<void>;
  /** The answer kept by `saveAnswer`, or null (not kept there, or its turn still running). */
  answer(key: string): Promise<{ language: Language; replies: Reply[] } | null>;
}
