/**
 * The data endpoint of the PIN Flow, where WhatsApp posts what the person entered in the form (Meta's
 * "Implementing your Flow endpoint" guide and its endpoint examples, whose status codes, health check, error
 * acknowledgement and SUCCESS answer this follows; configured as the Flow's endpoint URI, `PUBLIC_URL/whatsapp/flows`).
 *
 * Each POST is signed like the webhook (`X-Hub-Signature-256`, HMAC-SHA256 of the raw body with the app secret):
 * checked first, refused 432 otherwise (Meta's code for a failed request signature). The body is then decrypted
 * (flowCrypto.ts); one we cannot decrypt is answered 421, which makes WhatsApp fetch our public key again and retry.
 * Every other answer is encrypted with the request's key, as base64 text:
 * - `{action: "ping"}` (Meta's health check) → `{data: {status: "active"}}`;
 * - an error notification from the client (`data.error`) → `{data: {acknowledged: true}}`;
 * - `INIT` or `BACK` (the form opened by `data_exchange`, or going back) → the PIN screen;
 * - `data_exchange` from the PIN screen with `data.pin` → the PIN, if well formed, continues the conversation
 *   of the person and step the flow token stands for (cloudChannel.ts answerPinForm), then the form closes on the
 *   SUCCESS screen. A badly formed PIN shows the screen again with a message and does not use the token.
 * The token must be one we issued, unexpired, and never answered before (an insert decides, across processes), and
 * the person must still be at the step it was issued for; otherwise the answer is 427, Meta's code for a flow token
 * no longer valid (WhatsApp shows an error and the form cannot be sent again). The PIN is never logged, nor is the
 * token (only the start of its hash).
 */
import type { KeyObject } from 'node:crypto';
import express from 'express';
import { z } from 'zod';
import type { Language } from '../../../domain/users';
import type { Logger } from '../../../integrations/logger';
import { rawBodyOf } from '../http/bodies';
import type { Metrics } from '../http/metrics';
import { requestIdOf } from '../http/requestLog';
import type { HttpChannel } from '../http/server';
import { cloudText } from './cloudRenderer';
import type { PinFormOutcome } from './cloudChannel';
import { openFlowRequest } from './flowCrypto';
import { checkHubSignature } from './hubSignature';
import { flowTokenHash, PIN_SCREEN } from './pinFlowMessage';
import type { PinFlowToken, PinFlowTokens } from './ports';

/** Where the PIN Flow's endpoint URI points, under PUBLIC_URL. */
export const PIN_FLOW_ENDPOINT_PATH = '/whatsapp/flows';

/** Meta's status codes for an endpoint's refusals (its endpoint guide's error table). */
export const FLOW_STATUS = { undecryptable: 421, tokenInvalid: 427, badSignature: 432 } as const;

const flowRequest = z.object({
  version: z.string().optional(),
  action: z.string(),
  screen: z.string().optional(),
  data: z.record(z.string(), z.unknown()).optional(),
  flow_token: z.string().optional(),
});

const PIN = /^\d{4,5}$/;

export interface PinFlowEndpointOptions {
  /** Our RSA private key (WHATSAPP_CLOUD_FLOW_PRIVATE_KEY), whose public half is registered with Meta. */
  privateKey: KeyObject;
  /** WHATSAPP_CLOUD_APP_SECRET: signs the endpoint's requests as it signs webhooks. */
  appSecret: string;
  tokens: PinFlowTokens;
  channel: { answerPinForm(token: PinFlowToken, pin: string): Promise<PinFormOutcome> };
  logger: Logger;
  metrics?: Pick<Metrics, 'webhookRefused'>;
  path?: string;
  clock?: () => Date;
  defaultLanguage?: Language;
}

export function createPinFlowEndpoint(options: PinFlowEndpointOptions): HttpChannel {
  const clock = options.clock ?? (() => new Date());
  const router = express.Router();

  router.post('/', (req, res, next) => {
    const log = options.logger.child({ channel: 'whatsappCloudFlow', requestId: requestIdOf(res) });
    const refuse = (status: number, reason: string, body?: string) => {
      options.metrics?.webhookRefused('whatsappCloudFlow', reason);
      log.warn({ reason }, 'whatsapp flow request refused');
      res
        .status(status)
        .type('text/plain')
        .send(body ?? '');
    };
    const raw = rawBodyOf(req) ?? Buffer.alloc(0);
    if (checkHubSignature(options.appSecret, raw, req.get('X-Hub-Signature-256')) !== 'valid') {
      return refuse(FLOW_STATUS.badSignature, 'bad_signature');
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return refuse(400, 'bad_payload');
    }
    const opened = openFlowRequest(body, options.privateKey);
    if (opened === 'malformed') return refuse(400, 'bad_payload');
    if (opened === 'undecryptable') return refuse(FLOW_STATUS.undecryptable, 'undecryptable');
    const request = flowRequest.safeParse(opened.payload);
    if (!request.success) return refuse(400, 'bad_request');
    answer(request.data, log).then(
      ({ status, reply, reason }) => {
        if (reason) {
          options.metrics?.webhookRefused('whatsappCloudFlow', reason);
          log.warn({ reason }, 'whatsapp flow request refused');
        }
        res.status(status).type('text/plain').send(opened.seal(reply));
      },
      (error: unknown) => next(error),
    );
  });

  async function answer(
    request: z.infer<typeof flowRequest>,
    log: Logger,
  ): Promise<{ status: number; reply: unknown; reason?: string }> {
    const version = request.version ?? '3.0';
    if (request.action === 'ping') return { status: 200, reply: { version, data: { status: 'active' } } };
    if (request.data?.error !== undefined) {
      log.info({ error: String(request.data.error).slice(0, 60) }, 'whatsapp flow client error reported');
      return { status: 200, reply: { version, data: { acknowledged: true } } };
    }
    const token = await validToken(request.flow_token);
    const language = token?.language ?? options.defaultLanguage ?? 'fr';
    const expired = (reason: string) => ({
      status: FLOW_STATUS.tokenInvalid,
      reply: { error_msg: cloudText('whatsappCloud.pinFlowExpired', language) },
      reason,
    });
    if (!token) return expired('token_invalid');
    if (request.action === 'INIT' || request.action === 'BACK') {
      return { status: 200, reply: { version, screen: PIN_SCREEN, data: {} } };
    }
    if (request.action !== 'data_exchange') return { status: 400, reply: {}, reason: 'bad_action' };
    const pin = request.data?.pin;
    if (typeof pin !== 'string' || !PIN.test(pin.trim())) {
      const error_message = cloudText('whatsappCloud.pinFlowFormat', language);
      return { status: 200, reply: { version, screen: PIN_SCREEN, data: { error_message } } };
    }
    // Used once: the first answer takes it, whichever process it reaches; a replay is refused.
    if (!(await options.tokens.use(token.hash, clock()))) return expired('token_used');
    const outcome = await options.channel.answerPinForm(token, pin.trim());
    if (outcome === 'stale') return expired('step_not_pending');
    if (outcome === 'duplicate') return expired('token_used');
    return {
      status: 200,
      reply: {
        version,
        screen: 'SUCCESS',
        data: { extension_message_response: { params: { flow_token: request.flow_token } } },
      },
    };
  }

  /** The token's record when it is ours and unexpired (not yet whether it was used: that is decided by an insert). */
  async function validToken(token: string | undefined): Promise<PinFlowToken | null> {
    if (token === undefined || token === '') return null;
    const record = await options.tokens.find(flowTokenHash(token));
    if (!record || record.expiresAt.getTime() <= clock().getTime()) return null;
    return record;
  }

  return { path: options.path ?? PIN_FLOW_ENDPOINT_PATH, router };
}
