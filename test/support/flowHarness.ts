/**
 * Drives one flow machine the way the runtime does, for tests of a flow with fakes (`machine.provide(...)`): send
 * what a person types, wait until the flow is no longer busy, and read what it said. Every step goes through a
 * JSON round trip of the persisted snapshot, as between two real turns, unless `roundTrip: false`.
 */
import { createActor, waitFor, type AnyStateMachine, type AnyStateNode, type Snapshot } from 'xstate';
import type { Msisdn } from '../../domain/phone';
import type { Language, UserProfile } from '../../domain/users';
import type {
  FlowEvent,
  FlowInput,
  FlowOutput,
  LanguageChosen,
  Reply,
  ReplyEmitted,
  StepMeta,
} from '../../flows/conversation';
import { translate } from '../../flows/messages';

export interface FlowDriver {
  /** The replies of the flow's start. */
  readonly opening: Reply[];
  /** Sends a typed text and returns the replies it caused. */
  say(text: string): Promise<Reply[]>;
  /** Sends BACK (`0`). */
  back(): Promise<Reply[]>;
  /** The current state value, e.g. `'amount'` or `{ pin: 'asking' }`. */
  readonly state: unknown;
  readonly status: 'active' | 'done' | 'error' | 'stopped';
  readonly output: FlowOutput | undefined;
  readonly language: Language | null;
  /** Whether the flow said the PIN was typed for the session (PinUnlocked). */
  readonly unlocked: boolean;
  /** Whether the current step is tagged (e.g. 'busy', 'secret') or has meta `secret`. */
  readonly persistedJson: string;
}

export const alice: UserProfile = { msisdn: '237677000001' as Msisdn, name: 'Alice Mbarga', language: 'en' };

export function flowInput(overrides: Partial<FlowInput> = {}): FlowInput {
  return { msisdn: alice.msisdn, language: 'en', profile: alice, ...overrides };
}

export async function driveFlow(
  machine: AnyStateMachine,
  input: FlowInput,
  options: { roundTrip?: boolean } = {},
): Promise<FlowDriver> {
  const roundTrip = options.roundTrip ?? true;
  let language: Language | null = null;
  let unlocked = false;
  let actor = createActor(machine, { input });
  const run = async (event: FlowEvent | null): Promise<Reply[]> => {
    const replies: Reply[] = [];
    const subs = [
      actor.on('reply', (e: ReplyEmitted) => replies.push(e.reply)),
      actor.on('language', (e: LanguageChosen) => (language = e.language)),
      actor.on('pinUnlocked', () => (unlocked = true)),
    ];
    if (actor.getSnapshot().status === 'active' && !started.has(actor)) {
      started.add(actor);
      actor.start();
    }
    if (event) actor.send(event);
    await waitFor(actor, (s) => s.status !== 'active' || !s.hasTag('busy'), { timeout: 5000 });
    for (const s of subs) s.unsubscribe();
    if (roundTrip && actor.getSnapshot().status === 'active') {
      const json = JSON.stringify(actor.getPersistedSnapshot());
      actor.stop();
      actor = createActor(machine, { snapshot: JSON.parse(json) as Snapshot<unknown> });
    }
    return replies;
  };
  const started = new WeakSet<object>();
  const opening = await run(null);
  return {
    opening,
    say: (text) => run({ type: 'INPUT', text }),
    back: () => run({ type: 'BACK' }),
    get state() {
      return actor.getSnapshot().value as unknown;
    },
    get status() {
      return actor.getSnapshot().status;
    },
    get output() {
      return actor.getSnapshot().output as FlowOutput | undefined;
    },
    get language() {
      return language;
    },
    get unlocked() {
      return unlocked;
    },
    get persistedJson() {
      return JSON.stringify(actor.getPersistedSnapshot());
    },
  };
}

/** The keys of replies, for compact assertions. */
export function keys(replies: Reply[]): string[] {
  return replies.map((r) => r.key);
}

/** The meta of the step the flow waits at, read from its saved snapshot as the runtime reads it for `help`. */
export function stepMeta(machine: AnyStateMachine, flow: FlowDriver): StepMeta {
  const snapshot = createActor(machine, {
    snapshot: JSON.parse(flow.persistedJson) as Snapshot<unknown>,
  }).getSnapshot();
  return Object.assign({}, ...Object.values(snapshot.getMeta() as Record<string, StepMeta>)) as StepMeta;
}

/** Every step that waits for the person: a leaf that is neither final, busy, nor passed through at once. */
export function waitingSteps(machine: AnyStateMachine): AnyStateNode[] {
  const leaves = (node: AnyStateNode): AnyStateNode[] => {
    const children = Object.values(node.states) as AnyStateNode[];
    if (children.length > 0) return children.flatMap(leaves);
    return node.type === 'final' || node.tags.includes('busy') || node.always?.length ? [] : [node];
  };
  return leaves(machine.root);
}

/** Every reply reads in both languages with every placeholder filled (translate throws on an unknown key). */
export function expectReadable(replies: Reply[]): void {
  for (const reply of replies) {
    for (const language of ['en', 'fr'] as const) {
      const lines = [translate(language, reply.key, reply.params)];
      if (reply.kind === 'menu') lines.push(...reply.options.map((o) => translate(language, o.key, o.params)));
      for (const line of lines) expect(line).not.toMatch(/\{\w+\}/);
    }
  }
}
