/**
 * Twilio's side of the SMS webhook for tests: the form it posts for an inbound SMS (the fields of a recorded
 * webhook, with our values), signed with the twilio package's own signing, and the TwiML answer read back.
 */
import { randomBytes } from 'node:crypto';
import twilio from 'twilio';

// Built at run time so that nothing in the repository looks like a real Twilio credential.
export const TEST_AUTH_TOKEN = randomBytes(16).toString('hex');
export const TEST_ACCOUNT_SID = `AC${randomBytes(16).toString('hex')}`;
export const OUR_NUMBER = '+237650000000';
export const PUBLIC_URL = 'https://pay.example.cm';

/** A fresh MessageSid, as Twilio makes them (SM and 32 hexadecimal digits). */
export function messageSid(): string {
  return `SM${randomBytes(16).toString('hex')}`;
}

/** The form Twilio posts for one inbound SMS. */
export function inboundSms(
  from: string,
  body: string,
  sid = messageSid(),
): Record<string, string> & { MessageSid: string } {
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
    FromCountry: from.startsWith('+237') ? 'CM' : 'FR',
    To: OUR_NUMBER,
    MessagingServiceSid: '',
    ToZip: '',
    NumSegments: '1',
    MessageSid: sid,
    AccountSid: TEST_ACCOUNT_SID,
    From: from,
    ApiVersion: '2010-04-01',
  };
}

/** The X-Twilio-Signature Twilio sends for this form posted to this URL. */
export function signatureFor(url: string, form: Record<string, string>, authToken = TEST_AUTH_TOKEN): string {
  return twilio.getExpectedTwilioSignature(authToken, url, form);
}

/** The texts of the <Message> elements of a TwiML answer, unescaped. */
export function messagesOf(twiml: string): string[] {
  return [...twiml.matchAll(/<Message>([\s\S]*?)<\/Message>/g)].map((m) =>
    (m[1] ?? '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&#xD;/g, '\r')
      .replace(/&amp;/g, '&'),
  );
}
