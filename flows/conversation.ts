/**
 * The conversation model every flow speaks, whatever the channel: what a person sends (events) and what the bot
 * answers (replies as data: message keys, options and parameters, never rendered strings). Channels render a
 * `menu` as buttons or numbered lines, and an `end` as the last screen of a USSD session.
 */
import type { Params } from '../domain/notifications';
import type { Msisdn } from '../domain/phone';
import type { Language, UserProfile } from '../domain/users';
import type { MessageKey } from './messages';

/** One numbered choice of a menu. `id` is what the person types (or what a button sends back). */
export interface MenuOption {
  id: string;
  key: MessageKey;
  params?: Params;
}

/** What the bot says. A conversation's last reply of a completed task is an `end`. */
export type Reply =
  | { kind: 'text'; key: MessageKey; params?: Params }
  | { kind: 'menu'; key: MessageKey; params?: Params; options: MenuOption[] }
  | { kind: 'end'; key: MessageKey; params?: Params };

/** What a person does: types or picks something (`INPUT`), or asks to go one step back (`0`). */
export type FlowEvent = { type: 'INPUT'; text: string } | { type: 'BACK' };

/** The one kind of event a flow emits: a reply, collected by the runtime in order. */
export interface ReplyEmitted {
  type: 'reply';
  reply: Reply;
}

/** Emitted when the person picks a language: the runtime answers in it from this reply on, and remembers it. */
export interface LanguageChosen {
  type: 'language';
  language: Language;
}

/**
 * Emitted when the person typed their PIN to see their balance or history: the runtime keeps the unlock with the
 * session until it goes idle, so they are not asked again meanwhile (money steps ask every time regardless).
 */
export interface PinUnlocked {
  type: 'pinUnlocked';
}

/** What flows emit. */
export type FlowEmitted = ReplyEmitted | LanguageChosen | PinUnlocked;

/** Every flow is started with the person it talks to (null profile: not signed up yet) and optional arguments. */
export interface FlowInput {
  msisdn: Msisdn;
  language: Language;
  profile: UserProfile | null;
  /** Flow-specific start values, e.g. a shortcut's amount and recipient. */
  args?: Readonly<Record<string, string | number>>;
  /** Start without showing the first screen: the previous flow's last reply already says what to do next. */
  quiet?: boolean;
  /** The PIN was typed earlier in this session (PinUnlocked): the balance and history are shown without it. */
  pinUnlocked?: boolean;
}

/** The names of the flows, the keys of the registry in flows/index.ts. */
export type FlowName =
  | 'onboarding'
  | 'mainMenu'
  | 'topUp'
  | 'sendMoney'
  | 'requestPayment'
  | 'pendingRequests'
  | 'payBill'
  | 'withdraw'
  | 'history'
  | 'settings'
  | 'merchantMenu'
  | 'merchantAccount'
  | 'merchantRequest'
  | 'merchantOrder'
  | 'merchantRefund'
  | 'merchantInvite';

/** How a flow ends: which flow comes next (the main menu by default) and with what. */
export interface FlowOutput {
  next?: FlowName;
  args?: Readonly<Record<string, string | number>>;
  /** The next flow starts without showing its first screen (after a receipt, the menu is one `00` away). */
  quiet?: boolean;
  /** The person is now known (onboarding) or gone (account deleted). */
  profile?: UserProfile | null;
}

/**
 * State meta a flow may set: `help`, the key explaining the current step (answered to `help`/`aide`); `secret`,
 * the step reads a PIN, so channels delete the message where they can and nothing logs it.
 */
export interface StepMeta {
  help?: MessageKey;
  secret?: boolean;
}

/** Builds a text reply. */
export function text(key: MessageKey, params?: Params): Reply {
  return params ? { kind: 'text', key, params } : { kind: 'text', key };
}

/** Builds a menu reply. Options are numbered from 1 in the order given unless they carry their own id. */
export function menu(key: MessageKey, options: (MessageKey | MenuOption)[], params?: Params): Reply {
  const numbered = options.map((o, i) => (typeof o === 'string' ? { id: String(i + 1), key: o } : o));
  return params ? { kind: 'menu', key, params, options: numbered } : { kind: 'menu', key, options: numbered };
}

/** Builds the last reply of a finished task. */
export function end(key: MessageKey, params?: Params): Reply {
  return params ? { kind: 'end', key, params } : { kind: 'end', key };
}

/** The event a flow emits for a reply: `emit(replyEvent(text('x')))` or `emit(({ context }) => replyEvent(…))`. */
export function replyEvent(reply: Reply): ReplyEmitted {
  return { type: 'reply', reply };
}

/** The text of an INPUT event, trimmed; '' for other events. */
export function inputText(event: FlowEvent): string {
  return event.type === 'INPUT' ? event.text.trim() : '';
}

/** Whether the text picks option `id` of a menu. */
export function picked(event: FlowEvent, id: string): boolean {
  return inputText(event) === id;
}
