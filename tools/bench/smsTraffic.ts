/**
 * SMS traffic for the webhook benchmark: people who each walk the same realistic round of menu turns (menu,
 * balance, history, a send-money started then cancelled, help), and Twilio's signed webhook form for each message.
 *
 * People are spread over lanes, each person on exactly one lane, and a lane has one message in flight at a time (in
 * the closed loop a lane is a connection without pipelining; the open-loop sender keeps a lane busy until its
 * answer). So at most one message per person is in flight, and the benchmark measures turns, not waits for a
 * person's lock. A lane's people take turns, each typing a whole round in a row.
 */
import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import type { Msisdn } from '../../domain/phone';
import type { Language } from '../../domain/users';
import type { MessageKey } from '../../flows/messages';
import type { LoadRequest } from './autocannon';
import { inboundSmsForm } from '../../integrations/twilio/inboundSmsForm';

/** A signed-up person who texts the service. */
export interface BenchPerson {
  msisdn: Msisdn;
  language: Language;
  /** Whom this person starts sending money to (another person's national number, as typed). */
  recipient: string;
}

/** One message of the round: what the person types and the reply key its turn must answer with. */
export interface RoundStep {
  name: string;
  text: (person: BenchPerson) => string;
  expects: MessageKey;
}

/** The round each person repeats; 9 turns. */
export const ROUND: readonly RoundStep[] = [
  // `00` opens the main menu from anywhere, also for a person without a session (the first round).
  { name: 'menu (00)', text: () => '00', expects: 'menu.title' },
  { name: 'balance (1)', text: () => '1', expects: 'menu.balanceIs' },
  // After the balance the menu waits quietly, so the next number picks from it.
  { name: 'history (7)', text: () => '7', expects: 'history.title' },
  { name: 'menu (00)', text: () => '00', expects: 'menu.title' },
  { name: 'send (3)', text: () => '3', expects: 'sendMoney.askRecipient' },
  { name: 'send: number', text: (p) => p.recipient, expects: 'sendMoney.askAmount' },
  // 500..5 000 F: the confirmation screen reads the recipient's name, the fee and the balance.
  {
    name: 'send: amount',
    text: () => String(500 + 100 * Math.floor(Math.random() * 46)),
    expects: 'sendMoney.confirmKnown',
  },
  { name: 'send: cancel (2)', text: () => '2', expects: 'common.cancelled' },
  { name: 'help', text: (p) => (p.language === 'fr' ? 'aide' : 'help'), expects: 'menu.help' },
];

/** Cameroonian MTN numbers 6771xxxxx for person i (up to 100 000 people). */
export function benchMsisdn(i: number): Msisdn {
  return `2376771${String(i).padStart(5, '0')}` as Msisdn;
}

/** Twilio's account and the number people text, with the token that signs the webhooks (made at run time). */
export interface TwilioSide {
  authToken: string;
  accountSid: string;
  ourNumber: string;
  /** The URL Twilio signs: PUBLIC_URL plus the webhook's route. */
  signedUrl: string;
}

/** A Twilio side with a fresh random token and account, so nothing in the repository looks like a credential. */
export function benchTwilio(publicUrl: string, path: string): TwilioSide {
  return {
    authToken: randomBytes(16).toString('hex'),
    accountSid: `AC${randomBytes(16).toString('hex')}`,
    ourNumber: '+237650000000',
    signedUrl: `${publicUrl}${path}`,
  };
}

/** The form Twilio posts for one inbound SMS from `from` to this Twilio side's number. */
export function inboundSmsFrom(
  twilioSide: TwilioSide,
  from: string,
  body: string,
  sid: string,
): Record<string, string> {
  return inboundSmsForm({ from, body, to: twilioSide.ourNumber, accountSid: twilioSide.accountSid, sid });
}

/** The webhook's answer as the load generator saw it. */
export interface HttpTally {
  /** 200, text/xml, with at least one <Message>. */
  ok: number;
  /** Anything else, by what was wrong. */
  failures: Record<string, number>;
}

/** A fresh tally. */
export function httpTally(): HttpTally {
  return { ok: 0, failures: {} };
}

function fail(tally: HttpTally, what: string): void {
  tally.failures[what] = (tally.failures[what] ?? 0) + 1;
}

/** One webhook request's headers and form body, signed as Twilio signs it. */
export interface SignedMessage {
  headers: Record<string, string>;
  body: string;
}

/** What the server must answer to each message sent (by MessageSid): the step of the round it is. */
export type Expectations = Map<string, RoundStep>;

/**
 * One connection's people, and where the lane is: each person types a whole round, one message after the other
 * (each waiting for the answer to the previous one, as a person reading their phone does), then the next person of
 * the lane takes over. Every phase continues where the previous one stopped, so each message answers the screen
 * the person is really on, and the mix of turns is the round's from the first second, however few turns a phase
 * gets through. Each call of `next` builds the next message, signed, and remembers what its answer must be; the
 * sender (autocannon's connection, or the open-loop sender) sends it and waits for its answer before the next.
 */
export class Lane {
  /** Where checked answers are counted; set for each phase. */
  tally: HttpTally = httpTally();
  private person = 0;
  private position = 0;

  constructor(
    private readonly people: readonly BenchPerson[],
    private readonly twilioSide: TwilioSide,
    private readonly expectations: Expectations,
  ) {
    if (people.length === 0) throw new Error('a lane needs at least one person');
  }

  /** The autocannon request sequence of this lane's connection. */
  requests(path: string): LoadRequest[] {
    return [
      {
        method: 'POST',
        path,
        setupRequest: (request) => {
          const message = this.next();
          return { ...request, headers: { ...request.headers, ...message.headers }, body: message.body };
        },
        onResponse: (status, body, _context, headers) => this.check(status, body, headers),
      },
    ];
  }

  /** The lane's next message, signed, with what its answer must be remembered (any sender may send it). */
  next(): SignedMessage {
    const person = this.people[this.person] as BenchPerson;
    const step = ROUND[this.position] as RoundStep;
    this.position += 1;
    if (this.position === ROUND.length) {
      this.position = 0;
      this.person = (this.person + 1) % this.people.length;
    }
    const sid = `SM${randomBytes(16).toString('hex')}`;
    const form = inboundSmsFrom(this.twilioSide, `+${person.msisdn}`, step.text(person), sid);
    this.expectations.set(sid, step);
    return {
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-Twilio-Signature': twilio.getExpectedTwilioSignature(
          this.twilioSide.authToken,
          this.twilioSide.signedUrl,
          form,
        ),
      },
      body: new URLSearchParams(form).toString(),
    };
  }

  /** Checks the answer to the lane's last message, into this phase's tally. */
  check(status: number, body: string, headers: Record<string, unknown>): void {
    checkTwiml(this.tally, status, body, headers);
  }
}

/** Counts an answer as ok when it is 200, text/xml, and TwiML with at least one non-empty <Message>. */
export function checkTwiml(tally: HttpTally, status: number, body: string, headers: Record<string, unknown>): void {
  if (status !== 200) return fail(tally, `status ${status}`);
  const type = headers['content-type'] ?? headers['Content-Type'];
  if (typeof type !== 'string' || !type.startsWith('text/xml')) return fail(tally, 'not text/xml');
  if (!/<Response>[\s\S]*<Message>[^<]+<\/Message>[\s\S]*<\/Response>/.test(body)) {
    return fail(tally, 'TwiML without a <Message>');
  }
  tally.ok += 1;
}

/** Splits people over `count` lanes: person i goes to lane i mod count. */
export function lanesOf<T>(people: readonly T[], count: number): T[][] {
  const lanes: T[][] = Array.from({ length: count }, () => []);
  people.forEach((person, i) => lanes[i % count]?.push(person));
  return lanes;
}
