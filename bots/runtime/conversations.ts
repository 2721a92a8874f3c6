/**
 * The conversation runtime: one turn per inbound message (docs/architecture.md). Deduplicate the message, begin
 * the person's turn (which brings their saved flow), run the flow on the message until it is no longer busy, and end
 * the turn by saving it.
 * Flows are XState machines; what they say comes out as emitted `reply` events, collected in order.
 */
import { createActor, waitFor, type AnyStateMachine, type Snapshot } from 'xstate';
import type { Msisdn } from '../../domain/phone';
import type { Language, UserProfile } from '../../domain/users';
import type { UserDirectory } from '../../domain/userDirectory';
import {
  text,
  type FlowEvent,
  type FlowInput,
  type FlowName,
  type FlowOutput,
  type Reply,
  type LanguageChosen,
  type PinUnlocked,
  type ReplyEmitted,
  type StepMeta,
} from '../../flows/conversation';
import type { MessageKey } from '../../flows/messages';
import { globalCommand } from './commands';
import type { Channel, Inbound, TurnResult } from './inbound';
import type { InboundLog, Session, SessionStore } from './ports';
import { countMessage, minuteOf } from './messageCount';

/** A flow as the runtime runs it: its machine with real services provided, and the version of its states. */
export interface FlowDefinition {
  machine: AnyStateMachine;
  version: number;
}

export type FlowRegistry = Readonly<Record<FlowName, FlowDefinition>>;

/**
 * Something typed outside any menu (`send 5000 to 677123456`): it starts a flow directly, or, when it is almost a
 * command, gets a reply saying how to type it.
 */
export type Shortcut = { flow: FlowName; args?: Readonly<Record<string, string | number>> } | { reply: Reply };

export interface ConversationsOptions {
  flows: FlowRegistry;
  people: UserDirectory;
  sessions: SessionStore;
  inbound: InboundLog;
  /** A session idle longer than this starts again from the menu, with a message saying so. */
  idleMs: number;
  /** How long a message waits for the person's previous turn before being answered "busy". */
  lockWaitMs: number;
  /** How long a turn waits for a flow's service; past it the person is told it is still in progress. */
  turnTimeoutMs: number;
  /**
   * Messages per person per minute, counted with the session so the limit holds across processes; more are
   * answered "slow down", in the person's language, without running anything.
   */
  messagesPerMinute: number;
  /** The channels a notice can be pushed on: the last one a person wrote from is kept with their session. */
  noticeChannels?: ReadonlySet<Channel>;
  /** Recognises shortcuts typed at the main menu; none by default. */
  shortcut?: (text: string) => Shortcut | null;
  defaultLanguage?: Language;
  clock?: () => Date;
  onError?: (error: unknown, context: { msisdn: Msisdn; flow: FlowName }) => void;
}

/** A flow running during one turn. */
interface Running {
  flow: FlowName;
  actor: ReturnType<typeof createActor<AnyStateMachine>>;
}

/**
 * How many answers a session keeps for repeated deliveries. A provider repeats a message when our answer did not
 * reach it, while the person is still waiting for that answer: the last one is what a repeat needs. An older repeat
 * is answered with nothing and runs nothing. Kept small on purpose: every turn reads and rewrites the session, and
 * on FerretDB v1 a bigger document makes that cost more (BENCHMARKS.md: five answers cost a fifth of the turns/s).
 */
const RECENT_ANSWERS = 1;

// A flow that hands over to another, which hands over again…: more than this in one turn is a bug, not a path.
const MAX_HANDOVERS = 5;

export class Conversations {
  private readonly options: ConversationsOptions;
  private readonly clock: () => Date;
  /**
   * People this process told to slow down, until their minute ends: their next messages are answered without
   * taking their turn, so a flood costs the database one insert per message. Only a shortcut: the count in the
   * session decides, and it only grows within a minute, so this never refuses a message the count would allow.
   */
  private readonly slowedDown = new Map<Msisdn, SlowedDown>();

  constructor(options: ConversationsOptions) {
    this.options = options;
    this.clock = options.clock ?? (() => new Date());
  }

  /** Runs one turn for an inbound message; never throws for a person's input, always answers something. */
  async handle(message: Inbound): Promise<TurnResult> {
    const key = `${message.channel}:${message.messageId}`;
    const fallbackLanguage = this.options.defaultLanguage ?? 'fr';
    const slowedDown = this.slowedDown.get(message.msisdn);
    if (slowedDown?.window === minuteOf(this.clock())) {
      const first = await this.options.inbound.record(key, message.msisdn, message.at);
      if (!first) return this.repeated(key, message.msisdn);
      return this.answered(key, slowDown(slowedDown, inputOf(message)));
    }
    // The message is recorded while the person's turn begins: one round trip instead of two in a row. A repeated
    // delivery then ends the turn it began without changing anything, and is answered from the session the first
    // delivery saved (after waiting for that turn, if it was still running).
    const [recorded, begun] = await Promise.allSettled([
      this.options.inbound.record(key, message.msisdn, message.at),
      this.options.sessions.begin(message.msisdn, this.options.lockWaitMs),
    ]);
    const turn = begun.status === 'fulfilled' ? begun.value : null;
    if (recorded.status === 'rejected' || !recorded.value) {
      await turn?.end(null);
      if (recorded.status === 'rejected') throw recorded.reason;
      return this.repeated(key, message.msisdn, turn?.session);
    }
    if (begun.status === 'rejected') throw begun.reason;
    if (!turn) {
      return this.answered(key, {
        language: fallbackLanguage,
        replies: [text('common.busy')],
        secretInput: false,
        duplicate: false,
      });
    }
    // Whatever happens, the turn ends: with the session it leaves, or, if it saved none, the one it began with.
    let leaves: Session | null = null;
    try {
      const { result, session } = await this.turn(message, key, turn.session);
      leaves = session;
      return session ? result : await this.answered(key, result);
    } finally {
      await turn.end(leaves);
    }
  }

  /**
   * The first answer to a message delivered again, from the person's latest session (`session`, when the turn
   * brought it) or from the answers kept without one; an answer too old to be kept is nothing. Runs nothing.
   */
  private async repeated(key: string, msisdn: Msisdn, session?: Session | null): Promise<TurnResult> {
    const latest = session === undefined ? await this.options.sessions.load(msisdn) : session;
    const answer = latest?.answers?.find((a) => a.key === key) ?? (await this.options.inbound.answer(key));
    return {
      language: answer?.language ?? this.options.defaultLanguage ?? 'fr',
      replies: answer?.replies ?? [],
      secretInput: false,
      duplicate: true,
    };
  }

  private async answered(key: string, result: TurnResult): Promise<TurnResult> {
    await this.options.inbound.saveAnswer(key, { language: result.language, replies: result.replies });
    return result;
  }

  /**
   * Runs the turn from the session it began with; gives back the session to save, with the answer in it, or null
   * when nothing is saved (the person was told to slow down, or a PIN check timed out).
   */
  private async turn(
    message: Inbound,
    key: string,
    session: Session | null,
  ): Promise<{ result: TurnResult; session: Session | null }> {
    const { msisdn } = message;
    const idle = session !== null && this.clock().getTime() - session.updatedAt.getTime() > this.options.idleMs;
    // The profile kept with the session, or read again for a new or idle one (a safe point to refresh it).
    let profile =
      session && !idle && session.profile !== undefined ? session.profile : await this.options.people.find(msisdn);
    let language: Language = profile?.language ?? session?.language ?? this.options.defaultLanguage ?? 'fr';
    const messages = countMessage(session?.messages, this.clock());
    if (messages.count > this.options.messagesPerMinute) {
      // Nothing runs, so the session stays as it was (its count only matters up to the limit), and so does its
      // step: if it asks for a PIN, what the person typed is treated as one (channels delete it, nobody logs it).
      const waiting = session && !idle ? this.restore(session, profile) : null;
      const atSecretStep = waiting !== null && isSecretStep(waiting.actor.getSnapshot());
      const refused: SlowedDown = { window: messages.window, language, atSecretStep };
      this.rememberSlowedDown(msisdn, refused);
      return { result: slowDown(refused, inputOf(message)), session: null };
    }
    // The PIN typed for the balance or history lasts as long as the session: an idle one starts locked again.
    let pinUnlocked = profile !== null && !idle && session?.pinUnlocked === true;
    const startFlow = (flow: FlowName, input: FlowInput) =>
      this.start(flow, pinUnlocked ? { ...input, pinUnlocked: true } : input);
    const replies: Reply[] = [];
    const home = (): FlowName => (profile ? 'mainMenu' : 'onboarding');
    const input = inputOf(message);
    const command = input === null ? null : globalCommand(input);
    const shortcutOf = (text: string | null) =>
      profile && text !== null ? (this.options.shortcut?.(text) ?? null) : null;

    // Where this turn starts, and what the flow is sent.
    let running: Running;
    let event: FlowEvent | null = null;
    const restored = session && this.restore(session, profile);
    // An answer to one secret step (a PIN from a form outside the chat) is taken only at that very step: the last
    // turn saved is the one that asked for it, the session is not idle, and the flow still waits for a secret.
    if (message.secretStep !== undefined) {
      const askedBy = session?.answers?.at(-1)?.key;
      if (!restored || idle || askedBy !== message.secretStep || !isSecretStep(restored.actor.getSnapshot())) {
        const stale: TurnResult = { language, replies: [], secretInput: true, duplicate: false, stale: true };
        return { result: stale, session: null };
      }
    }
    // A late answer to an expired PIN step is not used, but it may well be the PIN: channels delete it all the same.
    const latePin = !!restored && idle && input !== null && isSecretStep(restored.actor.getSnapshot());
    if (!restored || idle) {
      if (restored && restored.flow !== 'mainMenu') replies.push(text('common.sessionExpired'));
      if (session && !restored && this.options.flows[session.flow]?.version !== session.version) {
        replies.push(text('common.flowUpdated'));
      }
      // A first message only opens the conversation ("hi"), and an expired session's input answered a screen the
      // person no longer sees (it may be a PIN): neither is used as an answer, except a shortcut on a fresh start.
      const shortcut = command === null && !idle ? shortcutOf(input) : null;
      if (shortcut && 'reply' in shortcut) {
        replies.push(shortcut.reply);
        running = startFlow(home(), { msisdn, language, profile, quiet: true });
      } else {
        running = startFlow(shortcut?.flow ?? home(), { msisdn, language, profile, args: shortcut?.args });
      }
    } else if (command === 'cancel' || command === 'mainMenu') {
      if (command === 'cancel' && restored.flow !== home()) replies.push(text('common.cancelled'));
      running = startFlow(home(), { msisdn, language, profile });
    } else if (command === 'help') {
      running = restored;
      replies.push(text(helpKey(restored.actor.getSnapshot())));
    } else if (command === 'back') {
      running = restored;
      event = { type: 'BACK' };
    } else if (input === null) {
      running = restored;
      replies.push(text('common.unsupported'));
    } else {
      const shortcut = restored.flow === 'mainMenu' ? shortcutOf(input) : null;
      if (shortcut && 'reply' in shortcut) {
        running = restored;
        replies.push(shortcut.reply);
      } else if (shortcut) {
        running = startFlow(shortcut.flow, { msisdn, language, profile, args: shortcut.args });
      } else {
        running = restored;
        event = { type: 'INPUT', text: input };
      }
    }
    const secretInput =
      latePin ||
      message.secretStep !== undefined ||
      (event?.type === 'INPUT' && isSecretStep(running.actor.getSnapshot()));

    // Run: the flow takes the event; a flow that ends hands over to the next, which shows its first screen.
    let timedOutOnSecret = false;
    for (let handovers = 0; ; handovers += 1) {
      const listening = [
        running.actor.on('reply', (e: ReplyEmitted) => replies.push(e.reply)),
        running.actor.on('language', (e: LanguageChosen) => {
          language = e.language;
          if (profile) profile = { ...profile, language };
        }),
        running.actor.on('pinUnlocked', (_: PinUnlocked) => {
          pinUnlocked = true;
        }),
      ];
      running.actor.start();
      if (event) running.actor.send(event);
      event = null;
      const settled = await this.settle(running, msisdn);
      for (const listener of listening) listener.unsubscribe();
      const snapshot = running.actor.getSnapshot();
      if (settled === 'timeout') {
        replies.push(text('common.stillWorking'));
        // States tagged `secret` hold a PIN as an invoked check's input.
        timedOutOnSecret = snapshot.hasTag('secret');
        break;
      }
      if (snapshot.status === 'error') {
        this.options.onError?.(snapshot.error, { msisdn, flow: running.flow });
        replies.push(text('common.technicalProblem'));
        running = startFlow(home(), { msisdn, language, profile, quiet: true });
        continue;
      }
      if (snapshot.status !== 'done' || handovers >= MAX_HANDOVERS) break;
      const output = (snapshot.output ?? {}) as FlowOutput;
      if (output.profile !== undefined) profile = output.profile;
      // Onboarding that ended without a profile may have met a sign-up made meanwhile on another channel: ask.
      else if (running.flow === 'onboarding') profile = await this.options.people.find(msisdn);
      const nextProfile = profile;
      running = startFlow(nextProfile ? (output.next ?? 'mainMenu') : 'onboarding', {
        msisdn,
        language,
        profile: nextProfile,
        args: output.args,
        quiet: output.quiet,
      });
    }

    // A busy snapshot is saved so the next turn re-runs the service with the same idempotency key (restoring a
    // snapshot re-runs an in-flight invoke, and the ledger makes that a no-op), except while a PIN is being
    // checked: that snapshot holds the PIN as the check's input. The person then simply enters it again.
    const result: TurnResult = { language, replies, secretInput, duplicate: false };
    let leaves: Session | null = null;
    if (!timedOutOnSecret) {
      // This turn's key is saved as the last answer's: it names the secret step the flow now waits at.
      if (running.actor.getSnapshot().status === 'active' && isSecretStep(running.actor.getSnapshot())) {
        result.pendingSecret = key;
      }
      const answers = [...(session?.answers ?? []), { key, language, replies }].slice(-RECENT_ANSWERS);
      const lastChannel = this.options.noticeChannels?.has(message.channel) ? message.channel : session?.lastChannel;
      leaves = {
        msisdn,
        flow: running.flow,
        version: this.options.flows[running.flow].version,
        snapshot: JSON.stringify(running.actor.getPersistedSnapshot()),
        language,
        profile,
        answers,
        messages,
        ...(lastChannel === undefined ? {} : { lastChannel }),
        ...(pinUnlocked && profile ? { pinUnlocked: true } : {}),
        updatedAt: this.clock(),
      };
    }
    running.actor.stop();
    return { result, session: leaves };
  }

  private rememberSlowedDown(msisdn: Msisdn, refused: SlowedDown): void {
    this.slowedDown.set(msisdn, refused);
    // Forget the minutes that ended, so the map does not grow with every number ever slowed down.
    if (this.slowedDown.size > 10_000) {
      for (const [who, entry] of this.slowedDown) if (entry.window < refused.window) this.slowedDown.delete(who);
    }
  }

  /** The saved flow as an actor, or null when it was made by another version of the flow (or is unreadable). */
  private restore(session: Session, profile: UserProfile | null): Running | null {
    const definition = this.options.flows[session.flow] as FlowDefinition | undefined;
    if (!definition || definition.version !== session.version) return null;
    // Signed up elsewhere meanwhile, or deleted: the saved flow was for another situation.
    if ((session.flow === 'onboarding') !== (profile === null)) return null;
    try {
      const snapshot = JSON.parse(session.snapshot) as Snapshot<unknown>;
      const actor = createActor(definition.machine, { snapshot });
      return { flow: session.flow, actor };
    } catch {
      return null;
    }
  }

  private start(flow: FlowName, input: FlowInput): Running {
    return { flow, actor: createActor(this.options.flows[flow].machine, { input }) };
  }

  /** Waits until the flow is done, failed, or waiting for the person (no `busy` state); or the turn's time is up. */
  private async settle(running: Running, msisdn: Msisdn): Promise<'settled' | 'timeout'> {
    const isIdle = (s: ReturnType<Running['actor']['getSnapshot']>) => s.status !== 'active' || !s.hasTag('busy');
    if (isIdle(running.actor.getSnapshot())) return 'settled';
    try {
      await waitFor(running.actor, isIdle, { timeout: this.options.turnTimeoutMs });
      return 'settled';
    } catch (error) {
      if (running.actor.getSnapshot().status === 'error') return 'settled';
      this.options.onError?.(error, { msisdn, flow: running.flow });
      return 'timeout';
    }
  }
}

/** A person told to slow down until their minute (`window`) ends, in their language, at the step they were at. */
interface SlowedDown {
  window: number;
  language: Language;
  atSecretStep: boolean;
}

function slowDown(refused: SlowedDown, input: string | null): TurnResult {
  const secretInput = refused.atSecretStep && input !== null && globalCommand(input) === null;
  return { language: refused.language, replies: [text('common.slowDown')], secretInput, duplicate: false };
}

function inputOf(message: Inbound): string | null {
  if (message.type === 'text') return message.text;
  if (message.type === 'choice') return message.optionId;
  if (message.type === 'contact') return message.contactMsisdn;
  return null;
}

function stepMetas(snapshot: { getMeta(): Record<string, unknown> }): StepMeta[] {
  return Object.values(snapshot.getMeta()).filter((m): m is StepMeta => typeof m === 'object' && m !== null);
}

function helpKey(snapshot: { getMeta(): Record<string, unknown> }): MessageKey {
  return stepMetas(snapshot).find((m) => m.help)?.help ?? 'common.help';
}

function isSecretStep(snapshot: { getMeta(): Record<string, unknown> }): boolean {
  return stepMetas(snapshot).some((m) => m.secret === true);
}
