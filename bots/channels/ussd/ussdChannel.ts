/**
 * The USSD channel (Africa's Talking conventions), without HTTP: turns a gateway request into at most a couple of
 * conversation turns and answers one screen.
 *
 * The gateway sends, at every step of a session, every input so far joined by `*` (`3*677123456*5000`). Step `n`
 * is the request whose `text` holds `n` inputs (0 for the dial); its runtime message id is `<sessionId>:<n>`, so a
 * repeated request is deduplicated by the runtime, and its answer is recorded once per step (UssdSessions), so a
 * repeated request gets the same screen, page included. The newest input is what follows the inputs of the last
 * answered step.
 *
 * Assumption: `*` only separates inputs. A keypad can type `*`, but no flow asks for one (amounts are digits,
 * numbers are digits, names are letters). If one arrives inside an input anyway (`5*000` after a step that held
 * 2 inputs), everything after the last answered step is passed to the flow as one input, joined again by `*`,
 * so the flow sees what was typed and refuses it, rather than reading two answers.
 */
import type { Msisdn } from '../../../domain/phone';
import { parseCameroonMobile } from '../../../domain/phone';
import type { Language } from '../../../domain/users';
import { translate } from '../../../flows/messages';
import type { Conversations } from '../../runtime/conversations';
import type { Inbound, TurnResult } from '../../runtime/inbound';
import { toHandsetText } from './gsmText';
import { ussdText } from './messages';
import { MORE_INPUT, renderUssd } from './ussdRenderer';
import { InMemoryUssdSessions, type UssdSessions, type UssdStep } from './ports';

/** A gateway request, as its form fields. */
export interface UssdRequest {
  sessionId: string;
  serviceCode: string;
  phoneNumber: string;
  networkCode: string;
  /** Every input of the session so far, joined by `*`; empty on the dial. */
  text: string;
}

/** One screen: `close` answers `END` (the session ends), otherwise `CON` (wait for input). */
export interface UssdAnswer {
  close: boolean;
  screen: string;
}

/** A request the gateway would never send (malformed, or a session id replayed from another number). */
export class UssdRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UssdRequestError';
  }
}

export interface UssdChannelOptions {
  conversations: Pick<Conversations, 'handle'>;
  /** Where the steps of sessions are kept; in this process by default (one process only: see InMemoryUssdSessions). */
  sessions?: UssdSessions;
  /** The most characters a screen may hold; 181 by default (the gateways' limit is 182). */
  maxChars?: number;
  /** How long a repeated request waits for the answer of its original, still running. */
  retryWaitMs?: number;
  /** More inputs than this in one session is not a person at a keypad (a session lasts about three minutes). */
  maxInputs?: number;
  /** The language of the rare screens said before the person is known. */
  defaultLanguage?: Language;
  clock?: () => Date;
}

// What the runtime answers an input-less message while a flow waits for an answer. Opening a USSD session sends
// such a message (so a flow interrupted mid-operation resumes and says how it ended); this nudge says nothing
// useful on a fresh screen, so the channel drops it and shows the main menu instead.
const WAITING_FLOW_NUDGE = 'common.unsupported';
// The runtime's main-menu command: from any step, back to the person's home screen.
const MAIN_MENU = '00';

/** Answers the gateway's requests: one screen each. */
export class UssdChannel {
  private readonly conversations: Pick<Conversations, 'handle'>;
  private readonly sessions: UssdSessions;
  private readonly maxChars: number | undefined;
  private readonly retryWaitMs: number;
  private readonly maxInputs: number;
  private readonly defaultLanguage: Language;
  private readonly clock: () => Date;

  constructor(options: UssdChannelOptions) {
    this.conversations = options.conversations;
    this.sessions = options.sessions ?? new InMemoryUssdSessions();
    this.maxChars = options.maxChars;
    this.retryWaitMs = options.retryWaitMs ?? 4000;
    this.maxInputs = options.maxInputs ?? 40;
    this.defaultLanguage = options.defaultLanguage ?? 'fr';
    this.clock = options.clock ?? (() => new Date());
  }

  /** The screen for one gateway request. Throws UssdRequestError for a request no gateway sends. */
  async answer(request: UssdRequest): Promise<UssdAnswer> {
    const parsed = parseCameroonMobile(request.phoneNumber);
    if (!parsed.ok) {
      const both = `${ussdText('fr', 'ussd.notCameroonMobile')}\n${ussdText('en', 'ussd.notCameroonMobile')}`;
      return { close: true, screen: toHandsetText(both) };
    }
    const msisdn = parsed.msisdn;
    const { sessionId } = request;
    const inputs = request.text === '' ? [] : request.text.split('*');
    const step = inputs.length;
    if (step > this.maxInputs) throw new UssdRequestError('too many inputs for one USSD session');

    const answered = await this.sessions.find(sessionId, step);
    if (answered) return this.shown(answered, msisdn);
    const last = await this.lastAnswered(sessionId, step);
    if (last && last.answer.msisdn !== msisdn) throw new UssdRequestError('a USSD session of another number');

    const at = this.clock();
    let result: TurnResult;
    if (!last) {
      // A new session. Inputs typed with the service code (`*123*1#`) are answered one after the other.
      result = await this.open(msisdn, sessionId, at);
      for (let i = 1; i <= step && !this.closes(result); i += 1) {
        result = await this.turn(msisdn, `${sessionId}:${i}`, inputs[i - 1] ?? '', at);
      }
    } else {
      const input = inputs.slice(last.step).join('*');
      const { answer } = last;
      if (input === MORE_INPUT && answer.page < answer.pages.length - 1) {
        // The next page of what the flow already said: nothing reaches the flow.
        return this.shown(
          await this.sessions.record(sessionId, step, { ...answer, page: answer.page + 1, at }),
          msisdn,
        );
      }
      result = await this.turn(msisdn, `${sessionId}:${step}`, input, at);
    }

    if (result.duplicate && result.replies.length === 0) {
      // A repeated request whose original is still running: its answer is recorded when it ends.
      const original = await this.waitForStep(sessionId, step);
      if (original) return this.shown(original, msisdn);
      return { close: true, screen: toHandsetText(translate(result.language, 'common.busy')) };
    }
    const screens = renderUssd(result.replies, result.language, { maxChars: this.maxChars });
    const answer: UssdStep = { msisdn, pages: screens.pages, page: 0, close: screens.close, at };
    return this.shown(await this.sessions.record(sessionId, step, answer), msisdn);
  }

  /** The screen to answer when a request cannot be served (a fault): the session ends with an apology. */
  technicalProblem(): UssdAnswer {
    return { close: true, screen: toHandsetText(translate(this.defaultLanguage, 'common.technicalProblem')) };
  }

  /**
   * Opens the conversation for a new USSD session. A first message with nothing in it lets a flow left busy by
   * an interrupted session finish (its idempotency key makes that safe) and say how it ended; a flow waiting for
   * an answer instead gets the main-menu command, because the person dialled again to start from the menu.
   */
  private async open(msisdn: Msisdn, sessionId: string, at: Date): Promise<TurnResult> {
    const first = await this.conversations.handle(inbound(msisdn, `${sessionId}:0`, at, null));
    const said = first.replies.filter((r) => r.key !== WAITING_FLOW_NUDGE);
    if (said.length > 0 || first.replies.length === 0) return { ...first, replies: said };
    return this.conversations.handle(inbound(msisdn, `${sessionId}:0:menu`, at, MAIN_MENU));
  }

  private turn(msisdn: Msisdn, messageId: string, input: string, at: Date): Promise<TurnResult> {
    return this.conversations.handle(inbound(msisdn, messageId, at, input));
  }

  private closes(result: TurnResult): boolean {
    return result.replies.some((r) => r.kind === 'end');
  }

  /** The latest step before `step` that was answered, walking back; null for a session never answered. */
  private async lastAnswered(sessionId: string, step: number): Promise<{ step: number; answer: UssdStep } | null> {
    for (let s = step - 1; s >= 0; s -= 1) {
      const answer = await this.sessions.find(sessionId, s);
      if (answer) return { step: s, answer };
    }
    return null;
  }

  private async waitForStep(sessionId: string, step: number): Promise<UssdStep | null> {
    const deadline = Date.now() + this.retryWaitMs;
    for (;;) {
      const answer = await this.sessions.find(sessionId, step);
      if (answer || Date.now() >= deadline) return answer;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  private shown(step: UssdStep, msisdn: Msisdn): UssdAnswer {
    if (step.msisdn !== msisdn) throw new UssdRequestError('a USSD session of another number');
    const lastPage = step.page >= step.pages.length - 1;
    return { close: step.close && lastPage, screen: step.pages[step.page] ?? '' };
  }
}

function inbound(msisdn: Msisdn, messageId: string, at: Date, text: string | null): Inbound {
  const base = { channel: 'ussd' as const, msisdn, messageId, at };
  return text === null ? { ...base, type: 'unsupported' } : { ...base, type: 'text', text };
}
