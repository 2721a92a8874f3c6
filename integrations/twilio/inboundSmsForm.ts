/**
 * The form Twilio posts to an inbound SMS webhook: the fields of a recorded webhook, with our values. The simulator
 * page, the SMS benchmark and the tests post it to the real route, signed as Twilio signs it.
 */
import { randomBytes } from 'node:crypto';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

export interface InboundSms {
  /** The sender in E.164 (`+237…`). */
  from: string;
  body: string;
  /** Our Twilio number. */
  to: string;
  accountSid: string;
  /** The message's id; a fresh one when absent. */
  sid?: string;
}

/** A fresh MessageSid, as Twilio makes them (SM and 32 hexadecimal digits). */
export function newMessageSid(): string {
  return `SM${randomBytes(16).toString('hex')}`;
}

export function inboundSmsForm(sms: InboundSms): Record<string, string> & { MessageSid: string } {
  const sid = sms.sid ?? newMessageSid();
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
    Body: sms.body,
    FromCountry: parsePhoneNumberFromString(sms.from)?.country ?? '',
    To: sms.to,
    MessagingServiceSid: '',
    ToZip: '',
    NumSegments: '1',
    MessageSid: sid,
    AccountSid: sms.accountSid,
    From: sms.from,
    ApiVersion: '2010-04-01',
  };
}
