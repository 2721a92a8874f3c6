/**
 * Notices by SMS through Twilio's REST API (`POST /2010-04-01/Accounts/{sid}/Messages.json`, via the twilio
 * package's client). The notice is rendered like every SMS reply (numbered text, transliterated to GSM-7), as one
 * message: Twilio splits a long body into concatenated segments itself, so a notice is one API call and one
 * outcome. With `apiBaseUrl` the same client talks to a simulator instead of api.twilio.com.
 */
import twilio from 'twilio';
import { renderSms } from './smsRenderer';
import { NoticeSendError, type NoticeSender, type SendReceipt } from '../../runtime/outbox/ports';
import type { Notice } from '../../../domain/notifications';
import type { Msisdn } from '../../../domain/phone';
import type { Language } from '../../../domain/users';
import { RedirectingRequestClient } from '../../../integrations/twilio/redirectingRequestClient';

export interface TwilioSmsOptions {
  /** TWILIO_ACCOUNT_SID (starts with AC). */
  accountSid: string;
  /** TWILIO_AUTH_TOKEN (secret). */
  authToken: string;
  /** The sending number in E.164 (TWILIO_FROM_NUMBER), or a messaging service instead. */
  from?: string;
  messagingServiceSid?: string;
  /** TWILIO_API_BASE_URL: where the REST API is (a simulator's URL); Twilio's own hosts when unset. */
  apiBaseUrl?: string;
  /** Per request: must stay well under the outbox worker's claim lease. */
  timeoutMs?: number;
  /** The segment budget of one notice: Twilio accepts up to 1600 characters, about 10 GSM-7 segments. */
  maxSegments?: number;
}

export const DEFAULT_TWILIO_TIMEOUT_MS = 10_000;
const DEFAULT_NOTICE_SEGMENTS = 10;

/** Sends notices as SMS through Twilio (or its simulator). */
export class TwilioSmsSender implements NoticeSender {
  readonly channel = 'sms';
  private readonly client: twilio.Twilio;
  private readonly sender: { from: string } | { messagingServiceSid: string };
  private readonly maxSegments: number;

  constructor(options: TwilioSmsOptions) {
    if (options.messagingServiceSid) this.sender = { messagingServiceSid: options.messagingServiceSid };
    else if (options.from) this.sender = { from: options.from };
    else throw new Error('a Twilio SMS sender needs a from number or a messaging service sid');
    const timeout = options.timeoutMs ?? DEFAULT_TWILIO_TIMEOUT_MS;
    // No SDK auto-retry: the outbox worker owns retries, with backoff recorded on the notice.
    this.client = twilio(options.accountSid, options.authToken, {
      timeout,
      autoRetry: false,
      ...(options.apiBaseUrl ? { httpClient: new RedirectingRequestClient(options.apiBaseUrl, { timeout }) } : {}),
    });
    this.maxSegments = options.maxSegments ?? DEFAULT_NOTICE_SEGMENTS;
  }

  async send(to: Msisdn, notice: Notice, language: Language): Promise<SendReceipt> {
    const body = smsBodyOf(notice, language, this.maxSegments);
    try {
      const message = await this.client.messages.create({ to: `+${to}`, body, ...this.sender });
      return { providerId: message.sid };
    } catch (error) {
      throw sendErrorOf(error);
    }
  }
}

/** The SMS text of a notice: rendered as a reply, in GSM-7, in one body. */
export function smsBodyOf(notice: Notice, language: Language, maxSegments = DEFAULT_NOTICE_SEGMENTS): string {
  return renderSms([{ kind: 'text', key: notice.key, params: notice.params }], language, { maxSegments }).join('\n');
}

/**
 * Twilio's answer as a NoticeSendError. Only a 400 is permanent (Twilio refuses the message itself: an invalid or
 * unsubscribed number, an empty body); 401/403/404 are our configuration and 429/5xx or no answer are passing, so
 * those are retried.
 */
function sendErrorOf(error: unknown): NoticeSendError {
  if (error instanceof twilio.RestException) {
    return new NoticeSendError(`twilio answered ${error.status}${error.code ? ` (code ${error.code})` : ''}`, {
      permanent: error.status === 400,
      code: error.code ?? error.status,
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new NoticeSendError(`twilio unreachable: ${message}`, { permanent: false, cause: error });
}
