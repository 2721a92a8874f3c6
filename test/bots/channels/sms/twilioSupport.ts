/**
 * Twilio's side of the SMS webhook for tests: the form it posts for an inbound SMS to our test number
 * (integrations/twilio/inboundSmsForm.ts), signed with the twilio package's own signing, and the TwiML answer read back.
 */
import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import { SMS_WEBHOOK_PATH } from '../../../../bots/channels/sms/smsChannel';
import { inboundSmsForm, newMessageSid } from '../../../../integrations/twilio/inboundSmsForm';

// Built at run time so that nothing in the repository looks like a real Twilio credential.
export const TEST_AUTH_TOKEN = randomBytes(16).toString('hex');
export const TEST_ACCOUNT_SID = `AC${randomBytes(16).toString('hex')}`;
export const OUR_NUMBER = '+237650000000';
export const PUBLIC_URL = 'https://pay.example.cm';

/** A fresh MessageSid, as Twilio makes them. */
export const messageSid = newMessageSid;

/** The form Twilio posts for one inbound SMS to our test number. */
export function inboundSms(
  from: string,
  body: string,
  sid = messageSid(),
): Record<string, string> & { MessageSid: string } {
  return inboundSmsForm({ from, body, to: OUR_NUMBER, accountSid: TEST_ACCOUNT_SID, sid });
}

/** The X-Twilio-Signature Twilio sends for this form posted to this URL. */
export function signatureFor(url: string, form: Record<string, string>, authToken = TEST_AUTH_TOKEN): string {
  return twilio.getExpectedTwilioSignature(authToken, url, form);
}

/** Posts Twilio's webhook for this form to the SMS route of the server at `serverUrl`, signed for our public URL. */
export function postSmsWebhook(serverUrl: string, form: Record<string, string>): Promise<Response> {
  return fetch(`${serverUrl}${SMS_WEBHOOK_PATH}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-Twilio-Signature': signatureFor(`${PUBLIC_URL}${SMS_WEBHOOK_PATH}`, form),
    },
    body: new URLSearchParams(form).toString(),
  });
}

/** Posts Twilio's webhook for this form to the server at `serverUrl`, expects a 200; returns the SMS answered. */
export async function smsAnswer(serverUrl: string, form: Record<string, string>): Promise<string[]> {
  const response = await postSmsWebhook(serverUrl, form);
  expect(response.status).toBe(200);
  return messagesOf(await response.text());
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
