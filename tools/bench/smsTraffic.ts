/**
 * SMS traffic for the webhook benchmark: people who each walk the same realistic round of menu turns (menu,
 * balance, history, a send-money started then cancelled, help), and Twilio's signed webhook form for each message.
 *
 * People are spread over lanes, one lane per connection, each person on exactly one lane; a connection sends one
 * request at a time (no pipelining) and goes round its lane's people. So at most one message per person is in
 * flight, and the benchmark measures turns, not waits for a person's lock. Each person's messages still arrive in
 * the order of the round, as a person's texts do.
 */
import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import type { Msisdn } from '../../domain/phone';
import type { Language } from '../../domain/users';
import type { LoadRequest } from './autocannon';

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
  expects: string;
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

/** The form Twilio posts for one inbound SMS (the fields of a recorded webhook, with our values). */
export function inboundSmsForm(
  twilioSide: TwilioSide,
  from: string,
  body: string,
  sid: string,
): Record<string, string> {
  return {
    ToCountry: 'CM',
    ToState: '',
    SmsMessageSid: sid,
    NumMedia: '0',
    ToCity: '',
    FromZip: '',
    SmsSid: sid,
    FromState: '',
    SmsStatus: 'received',
    FromCity: '',
    Body: body,
    FromCountry: 'CM',
    To: twilioSide.ourNumber,
    MessagingServiceSid: '',
    ToZip: '',
    NumSegments: '1',
    MessageSid: sid,
    AccountSid: twilioSide.accountSid,
    From: from,
    ApiVersion: '2010-04-01',
  };
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

/** What the server must answer to each message sent (by MessageSid): the step of the round it is. */
export type Expectations = Map<string, RoundStep>;

/**
 * One connection's people and where each is in the round. `request()` is the connection's request sequence: each
 * call builds the next person's next message, signed, and remembers what its answer must be.
 */
export class Lane {
  private turn = 0;
  private readonly positions: number[];

  constructor(
    private readonly people: readonly BenchPerson[],
    private readonly twilioSide: TwilioSide,
    private readonly expectations: Expectations,
    private readonly tally: HttpTally,
  ) {
    if (people.length === 0) throw new Error('a lane needs at least one person');
    // Every phase starts each person at `00`, whatever a previous phase left unanswered.
    this.positions = people.map(() => 0);
  }

  /** The autocannon request sequence of this lane's connection. */
  requests(path: string): LoadRequest[] {
    return [
      {
        method: 'POST',
        path,
        setupRequest: (request) => this.build(request),
        onResponse: (status, body, _context, headers) => this.check(status, body, headers),
      },
    ];
  }

  private build(request: LoadRequest): LoadRequest {
    const who = this.turn % this.people.length;
    this.turn += 1;
    const person = this.people[who] as BenchPerson;
    const position = this.positions[who] as number;
    this.positions[who] = (position + 1) % ROUND.length;
    const step = ROUND[position] as RoundStep;
    const sid = `SM${randomBytes(16).toString('hex')}`;
    const form = inboundSmsForm(this.twilioSide, `+${person.msisdn}`, step.text(person), sid);
    this.expectations.set(sid, step);
    return {
      ...request,
      headers: {
        ...request.headers,
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

  private check(status: number, body: string, headers: Record<string, unknown>): void {
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

/** Splits people over `connections` lanes: person i goes to lane i mod connections. */
export function lanesOf<T>(people: readonly T[], connections: number): T[][] {
  const lanes: T[][] = Array.from({ length: connections }, () => []);
  people.forEach((person, i) => lanes[i % connections]?.push(person));
  return lanes;
}
