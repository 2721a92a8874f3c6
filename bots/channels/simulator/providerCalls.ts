/**
 * The simulator playing the providers: it calls the product's real webhook routes over HTTP exactly as Twilio and
 * the USSD gateway do (Twilio's inbound-SMS form signed with X-Twilio-Signature over PUBLIC_URL plus the route, the
 * gateway's form with the callback key in the query), and reads their answers back (TwiML, `CON`/`END`).
 */
import twilio from 'twilio';
import type { Msisdn } from '../../../domain/phone';
import { inboundSmsForm } from '../../../integrations/twilio/inboundSmsForm';

// Long enough for a turn (TURN_TIMEOUT_MS, 15 s by default) and its save: the real providers wait about as long.
const PROVIDER_TIMEOUT_MS = 20_000;

/** A provider route answered something no provider would accept (refused, or not what the route promises). */
export class ProviderCallError extends Error {
  constructor(
    readonly route: string,
    readonly status: number,
  ) {
    super(`${route} answered ${status}`);
    this.name = 'ProviderCallError';
  }
}

/** What the simulator needs to sign and post an inbound SMS as Twilio. */
export interface SmsWebhookTarget {
  /** Where the route is reached (this server, usually over loopback). */
  url: string;
  /** The URL Twilio signs: PUBLIC_URL plus the route, as the route checks it. */
  signedUrl: string;
  authToken: string;
  accountSid: string;
  /** Our number, the SMS's `To`. */
  to: string;
}

/**
 * Posts one inbound SMS to the real SMS route, signed as Twilio signs it; returns the texts of the TwiML answer.
 * `sid` is the MessageSid the SMS was logged under (a fresh one when absent).
 */
export async function postInboundSms(
  target: SmsWebhookTarget,
  from: Msisdn,
  body: string,
  sid?: string,
): Promise<string[]> {
  const form = inboundSmsForm({ from: `+${from}`, body, to: target.to, accountSid: target.accountSid, sid });
  const response = await fetch(target.url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-Twilio-Signature': twilio.getExpectedTwilioSignature(target.authToken, target.signedUrl, form),
    },
    body: new URLSearchParams(form).toString(),
    signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS),
  });
  const text = await response.text();
  if (response.status !== 200) throw new ProviderCallError('sms', response.status);
  return twimlMessages(text);
}

/** The texts of the <Message> elements of a TwiML answer, unescaped. */
export function twimlMessages(twiml: string): string[] {
  return [...twiml.matchAll(/<Message(?:\s[^>]*)?>([\s\S]*?)<\/Message>/g)].map((match) =>
    (match[1] ?? '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
      .replace(/&#(\d+);/g, (_, decimal: string) => String.fromCodePoint(parseInt(decimal, 10)))
      .replace(/&amp;/g, '&'),
  );
}

/** What the simulator needs to post as the USSD gateway. */
export interface UssdWebhookTarget {
  /** The route's URL with its `?key=` (USSD_CALLBACK_SECRET). */
  url: string;
  /** The mobile network's code (MCC and MNC: 62401 is MTN Cameroon). */
  networkCode: string;
}

/** One screen answered by the USSD route. */
export interface UssdScreen {
  /** `END`: the session is over; `CON`: the handset waits for an input. */
  close: boolean;
  screen: string;
}

/** Posts one gateway request (every input of the session so far joined by `*`) to the real USSD route. */
export async function postUssdRequest(
  target: UssdWebhookTarget,
  request: { sessionId: string; serviceCode: string; phoneNumber: Msisdn; text: string },
): Promise<UssdScreen> {
  const response = await fetch(target.url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      sessionId: request.sessionId,
      serviceCode: request.serviceCode,
      phoneNumber: `+${request.phoneNumber}`,
      networkCode: target.networkCode,
      text: request.text,
    }).toString(),
    signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS),
  });
  const text = await response.text();
  const match = /^(CON|END) ?([\s\S]*)$/.exec(text);
  if (response.status !== 200 || !match) throw new ProviderCallError('ussd', response.status);
  return { close: match[1] === 'END', screen: match[2] ?? '' };
}
