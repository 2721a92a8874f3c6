/**
 * The SMS channel: Twilio's inbound-SMS webhook. Each call is verified by its X-Twilio-Signature over PUBLIC_URL
 * plus the route (never the Host header) before anything else happens; the sender must be a Cameroonian mobile;
 * the message runs one turn, deduplicated on MessageSid by the runtime; the replies go back as TwiML. A message
 * the turn read as a PIN is then deleted from Twilio's message log (pinSmsEraser.ts), beside the reply.
 */
import express from 'express';
import twilio from 'twilio';
import { maskMsisdn, parseCameroonMobile } from '../../../domain/phone';
import { smsMessages } from '../../../flows/messages/sms';
import type { Config } from '../../../integrations/config';
import type { Logger } from '../../../integrations/logger';
import { HttpError } from '../http/errors';
import type { Metrics } from '../http/metrics';
import { requestIdOf } from '../http/requestLog';
import type { HttpChannel } from '../http/server';
import type { ChannelTurns } from '../http/turns';
import type { Inbound } from '../../runtime/inbound';
import { smsSize, toGsm7 } from '../../../integrations/gsm7';
import type { PinSmsEraser } from './pinSmsEraser';
import { DEFAULT_MAX_SEGMENTS, packSms, renderSms } from './smsRenderer';

/** Where Twilio's "A message comes in" webhook is configured, under PUBLIC_URL. */
export const SMS_WEBHOOK_PATH = '/webhooks/sms';

export interface SmsChannelOptions {
  turns: ChannelTurns;
  /** Signs every webhook (TWILIO_AUTH_TOKEN). */
  authToken: string;
  /** The public base URL Twilio calls (PUBLIC_URL); the signed URL is this plus the route. */
  publicUrl: string;
  /** When set, webhooks of another Twilio account are refused even if signed (TWILIO_ACCOUNT_SID). */
  accountSid?: string;
  logger: Logger;
  metrics?: Metrics;
  path?: string;
  /** The most segments one reply message may take. */
  maxSegments?: number;
  /** Deletes the messages that held a PIN from Twilio's log; without one they stay there (benchmarks). */
  pinSmsEraser?: Pick<PinSmsEraser, 'erase'>;
  clock?: () => Date;
}

type FormParams = Record<string, string | string[]>;

/** The SMS webhook router, to mount with createHttpApp's channels. */
export function createSmsChannel(options: SmsChannelOptions): HttpChannel {
  const path = options.path ?? SMS_WEBHOOK_PATH;
  const signedBase = `${options.publicUrl.replace(/\/+$/, '')}${path}`;
  const clock = options.clock ?? (() => new Date());
  const { logger, metrics } = options;
  const router = express.Router();

  router.post('/', async (req, res) => {
    const log = logger.child({ channel: 'sms', requestId: requestIdOf(res) });
    const params = formParams(req.body);
    const signature = req.get('X-Twilio-Signature');
    // Only the query comes from the request: the scheme, host and path Twilio signed are ours, from PUBLIC_URL.
    const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
    if (signature === undefined || !twilio.validateRequest(options.authToken, signature, signedBase + query, params)) {
      const reason = signature === undefined ? 'missing_signature' : 'bad_signature';
      metrics?.webhookRefused('sms', reason);
      log.warn({ reason }, 'sms webhook refused');
      throw new HttpError(403, reason);
    }
    if (options.accountSid !== undefined && params.AccountSid !== options.accountSid) {
      metrics?.webhookRefused('sms', 'other_account');
      log.warn({ reason: 'other_account' }, 'sms webhook refused');
      throw new HttpError(403, 'other_account');
    }
    const messageSid = single(params.MessageSid);
    const from = single(params.From);
    if (messageSid === undefined || from === undefined) {
      metrics?.webhookRefused('sms', 'bad_payload');
      throw new HttpError(400, 'bad_payload');
    }

    const sender = parseCameroonMobile(from);
    if (!sender.ok) {
      // The person's language is unknown and nothing is stored for them: both languages, once.
      log.info({ messageSid, from: maskMsisdn(from), reason: sender.reason }, 'sms from outside Cameroon answered');
      const both = `${smsMessages.fr['sms.onlyCameroon']} / ${smsMessages.en['sms.onlyCameroon']}`;
      sendTwiml(res, packSms([toGsm7(both)], options.maxSegments ?? DEFAULT_MAX_SEGMENTS));
      return;
    }
    const text = single(params.Body) ?? '';
    const inbound: Inbound = {
      channel: 'sms',
      msisdn: sender.msisdn,
      messageId: messageSid,
      at: clock(),
      // An MMS with only a picture has no text to answer.
      ...(text.trim() === '' ? { type: 'unsupported' as const } : { type: 'text' as const, text }),
    };
    const result = await options.turns.handle(inbound);
    const bodies = renderSms(result.replies, result.language, {
      maxSegments: options.maxSegments ?? DEFAULT_MAX_SEGMENTS,
    });
    log.info(
      {
        messageSid,
        from: sender.msisdn,
        duplicate: result.duplicate,
        messages: bodies.length,
        segments: bodies.reduce((sum, body) => sum + smsSize(body).segments, 0),
      },
      'sms answered',
    );
    sendTwiml(res, bodies);
    // The message is in Twilio's log, PIN and all: it goes now that the turn has read it. The AccountSid is the
    // one the signature vouched for (and TWILIO_ACCOUNT_SID's, when set).
    const accountSid = single(params.AccountSid);
    if (result.secretInput && accountSid !== undefined) options.pinSmsEraser?.erase(accountSid, messageSid);
  });

  return { path, router };
}

/**
 * The SMS channel as the configuration asks: off (null) without TWILIO_AUTH_TOKEN. PUBLIC_URL is required in
 * production (loadConfig checks it); elsewhere it falls back to this machine's port, for a local tunnel's tests.
 */
export function smsChannelFromConfig(
  config: Pick<Config, 'TWILIO_AUTH_TOKEN' | 'TWILIO_ACCOUNT_SID' | 'PUBLIC_URL' | 'PORT'>,
  dependencies: Pick<SmsChannelOptions, 'turns' | 'logger' | 'metrics' | 'clock' | 'pinSmsEraser'>,
): HttpChannel | null {
  if (config.TWILIO_AUTH_TOKEN === undefined) return null;
  return createSmsChannel({
    ...dependencies,
    authToken: config.TWILIO_AUTH_TOKEN,
    accountSid: config.TWILIO_ACCOUNT_SID,
    publicUrl: config.PUBLIC_URL ?? `http://localhost:${config.PORT}`,
  });
}

/** TwiML answering with one <Message> per body (none: an empty <Response/>, Twilio sends nothing). */
function sendTwiml(res: express.Response, bodies: readonly string[]): void {
  const response = new twilio.twiml.MessagingResponse();
  for (const body of bodies) response.message(body);
  res.type('text/xml').send(response.toString());
}

// The form parser gives strings, or arrays for repeated names; anything else (no form body) is no parameters.
function formParams(body: unknown): FormParams {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return {};
  return Object.fromEntries(
    Object.entries(body as Record<string, unknown>).filter(
      (entry): entry is [string, string | string[]] =>
        typeof entry[1] === 'string' || (Array.isArray(entry[1]) && entry[1].every((v) => typeof v === 'string')),
    ),
  );
}

function single(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
