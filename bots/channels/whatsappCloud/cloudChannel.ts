/**
 * The WhatsApp channel over the official WhatsApp Business Cloud API (beside whatsapp-web.js, which drives
 * WhatsApp Web: bots/channels/whatsapp/). Meta calls one webhook, `/webhooks/whatsapp`:
 * - GET, once, when the webhook is configured: `hub.mode=subscribe`, `hub.verify_token` (ours, compared in constant
 *   time) and `hub.challenge`, answered as text/plain;
 * - POST for every message and delivery status, signed `X-Hub-Signature-256` over the raw body with the app secret:
 *   checked before the body is read (401 without a signature, 403 with a wrong one), answered 200 at once, then each
 *   message runs one turn through the runtime (which deduplicates on the wamid, since Meta repeats a delivery it
 *   thinks failed) and the replies go out through the Graph API (graphClient.ts, rendered by cloudRenderer.ts).
 *   A person's messages are handled in the order they came; statuses are recorded on the notice they concern.
 *
 * Messages for another phone number of the same Meta app are ignored. A PIN typed here stays in the person's chat:
 * the Cloud API cannot delete a message someone sent, so the first time the reply also tells them how to delete it.
 * With a PIN Flow configured (`pinFlow`), a step that asks for a PIN is sent as a WhatsApp Flow form instead
 * (pinFlowMessage.ts), whose answer reaches the data endpoint (pinFlowEndpoint.ts) and continues the conversation
 * here (answerPinForm) as if the PIN had been typed; typing it in the chat still works.
 */
import { createHash } from 'node:crypto';
import express from 'express';
import { maskMsisdn, parseCameroonMobile, type Msisdn } from '../../../domain/phone';
import type { Language } from '../../../domain/users';
import type { Reply } from '../../../flows/conversation';
import { whatsappMessages } from '../../../flows/messages/whatsapp';
import type { Logger } from '../../../integrations/logger';
import type { Inbound, TurnResult } from '../../runtime/inbound';
import type { DeliveryReceipts } from '../../runtime/outbox/ports';
import { rawBodyOf } from '../http/bodies';
import { HttpError } from '../http/errors';
import type { Metrics } from '../http/metrics';
import { requestIdOf } from '../http/requestLog';
import type { HttpChannel } from '../http/server';
import type { ChannelTurns } from '../http/turns';
import { cloudText, renderCloud, textMessages, type CloudMessage } from './cloudRenderer';
import type { GraphApiClient } from './graphClient';
import { checkHubSignature, sameSecret } from './hubSignature';
import { flowTokenHash, newFlowToken, pinFlowMessage } from './pinFlowMessage';
import type { PinAdviceLog, PinFlowToken, PinFlowTokens } from './ports';
import { cloudEvents, type CloudEvent } from './webhookPayload';

/** Where the webhook is configured in the Meta app, under PUBLIC_URL. */
export const WHATSAPP_CLOUD_WEBHOOK_PATH = '/webhooks/whatsapp';

export const CLOUD_CHANNEL = 'whatsappCloud';

export interface WhatsAppCloudChannelOptions {
  turns: Pick<ChannelTurns, 'handle'>;
  graph: Pick<GraphApiClient, 'send'>;
  /** WHATSAPP_CLOUD_APP_SECRET: signs every POST. */
  appSecret: string;
  /** WHATSAPP_CLOUD_VERIFY_TOKEN: what Meta sends back on the verification GET. */
  verifyToken: string;
  /** WHATSAPP_CLOUD_PHONE_NUMBER_ID: messages to other numbers of the app are not ours. */
  phoneNumberId: string;
  /** Where delivery statuses are recorded (the outbox); without it they are only logged. */
  receipts?: DeliveryReceipts;
  /** Who was told to delete their PIN messages (once each); without it nobody is told (benchmarks). */
  pinAdvice?: PinAdviceLog;
  logger: Logger;
  metrics?: Pick<Metrics, 'webhookRefused'>;
  /** Ask for PINs with this WhatsApp Flow (WHATSAPP_CLOUD_PIN_FLOW_ID); without it PINs are typed in the chat. */
  pinFlow?: { flowId: string; tokens: PinFlowTokens; tokenTtlMs: number };
  path?: string;
  clock?: () => Date;
}

/** The webhook router, and what the rest of the product needs from the channel. */
export interface WhatsAppCloudChannel extends HttpChannel {
  /** Resolves once every event received so far has been handled (replies sent, statuses recorded). */
  idle(): Promise<void>;
  /**
   * A PIN entered in a Flow form, for the person and step its token stands for: one turn, in the person's order,
   * taken only if they are still at that step (`stale` otherwise: nothing ran); the replies go to the chat.
   */
  answerPinForm(token: PinFlowToken, pin: string): Promise<PinFormOutcome>;
}

/** What became of a PIN entered in a form. */
export type PinFormOutcome = 'answered' | 'stale' | 'duplicate';

// Meta's challenge is a number; anything else is not echoed.
const CHALLENGE = /^[A-Za-z0-9._-]{1,128}$/;

export function createWhatsAppCloudChannel(options: WhatsAppCloudChannelOptions): WhatsAppCloudChannel {
  const path = options.path ?? WHATSAPP_CLOUD_WEBHOOK_PATH;
  const clock = options.clock ?? (() => new Date());
  const { logger, metrics } = options;
  const router = express.Router();
  const work = new Set<Promise<void>>();
  /** Per person (and per message for statuses), the tail of the work queued, so it runs in the order it came. */
  const queues = new Map<string, Promise<void>>();

  const refuse = (status: number, reason: string, log: Logger): never => {
    metrics?.webhookRefused(CLOUD_CHANNEL, reason);
    log.warn({ reason }, 'whatsapp cloud webhook refused');
    throw new HttpError(status, reason);
  };

  router.get('/', (req, res) => {
    const log = logger.child({ channel: CLOUD_CHANNEL, requestId: requestIdOf(res) });
    const mode = req.query['hub.mode'];
    const token = req.query['hub.verify_token'];
    const challenge = req.query['hub.challenge'];
    if (mode !== 'subscribe') refuse(403, 'bad_mode', log);
    if (typeof token !== 'string' || !sameSecret(token, options.verifyToken)) refuse(403, 'bad_verify_token', log);
    if (typeof challenge !== 'string' || !CHALLENGE.test(challenge)) refuse(400, 'bad_challenge', log);
    log.info('whatsapp cloud webhook verified');
    res.type('text/plain').send(challenge);
  });

  router.post('/', (req, res) => {
    const log = logger.child({ channel: CLOUD_CHANNEL, requestId: requestIdOf(res) });
    // The bytes as received: the signature covers them exactly, and only what it covers is then read.
    const raw = rawBodyOf(req) ?? Buffer.alloc(0);
    const check = checkHubSignature(options.appSecret, raw, req.get('X-Hub-Signature-256'));
    if (check === 'missing') refuse(401, 'missing_signature', log);
    if (check === 'invalid') refuse(403, 'bad_signature', log);
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      refuse(400, 'bad_payload', log);
    }
    const events = cloudEvents(body, clock);
    if (events === null) refuse(400, 'bad_payload', log);
    // Answered before any work: Meta waits a few seconds only, then delivers again.
    res.status(200).end();
    for (const event of events ?? []) {
      if (event.phoneNumberId !== undefined && event.phoneNumberId !== options.phoneNumberId) {
        log.warn({ kind: event.kind }, 'whatsapp cloud event for another phone number ignored');
        continue;
      }
      if (event.kind === 'status') enqueue(`status:${event.wamid}`, () => recordStatus(event, log), log);
      else enqueue(`from:${event.from}`, () => answer(event, log.child({ message: refOf(event.wamid) })), log);
    }
  });

  function track(promise: Promise<void>): void {
    const done = promise.finally(() => work.delete(done));
    work.add(done);
  }

  /**
   * Runs `task` after the earlier tasks of the same queue: a person's messages in the order they came, and the
   * statuses of one message one after another (FerretDB v1 applies an update by rewriting the document, so two
   * updates of one notice at once could lose one; across processes that stays possible, rarely: see outbox.ts).
   */
  function enqueue(queue: string, task: () => Promise<void>, log: Logger): void {
    void queued(queue, task).catch((error: unknown) =>
      log.error({ err: errorName(error) }, 'whatsapp cloud event failed'),
    );
  }

  /** Runs `task` in its queue's order and gives its result (or its failure) to the caller. */
  function queued<T>(queue: string, task: () => Promise<T>): Promise<T> {
    const previous = queues.get(queue) ?? Promise.resolve();
    const result = previous.then(task);
    const next = result
      .then(() => undefined)
      .catch(() => undefined)
      .finally(() => {
        if (queues.get(queue) === next) queues.delete(queue);
      });
    queues.set(queue, next);
    track(next);
    return result;
  }

  async function answer(event: Extract<CloudEvent, { kind: 'message' }>, log: Logger): Promise<void> {
    const sender = parseCameroonMobile(`+${event.from}`);
    if (!sender.ok) {
      metrics?.webhookRefused(CLOUD_CHANNEL, 'not_cameroon');
      log.info(
        { from: maskMsisdn(event.from), reason: sender.reason },
        'whatsapp cloud from outside Cameroon answered',
      );
      const both = `${whatsappMessages.fr['whatsapp.onlyCameroon']}\n\n${whatsappMessages.en['whatsapp.onlyCameroon']}`;
      await sendAll(event.from, textMessages(both), log);
      return;
    }
    const inbound: Inbound = {
      channel: CLOUD_CHANNEL,
      msisdn: sender.msisdn,
      messageId: event.wamid,
      at: event.at,
      ...event.content,
    };
    const result = await options.turns.handle(inbound);
    // A repeated delivery was answered the first time: answering again would send the replies twice.
    if (result.duplicate) {
      log.info({ from: sender.msisdn }, 'whatsapp cloud duplicate ignored');
      return;
    }
    const messages = answerMessages(event.content.type === 'unsupported', result.replies, result.language);
    // The next question (a PIN again, after a wrong one) goes as a form before any advice is added below it.
    await askPinInForm(messages, sender.msisdn, result, log);
    if (result.secretInput && (await firstPinAdvice(sender.msisdn, log))) {
      messages.push(...textMessages(cloudText('whatsappCloud.deletePinOnPhone', result.language)));
    }
    const sent = await sendAll(event.from, messages, log);
    log.info({ from: sender.msisdn, messages: messages.length, sent }, 'whatsapp cloud answered');
  }

  /**
   * When the flow now waits for a PIN, its question goes as a Flow form instead of text: a token is issued for the
   * person and the step, and the last text (the question) becomes the form message's body. If the token cannot be
   * recorded, the question stays text: the person can still type the PIN.
   */
  async function askPinInForm(messages: CloudMessage[], msisdn: Msisdn, result: TurnResult, log: Logger) {
    const pinFlow = options.pinFlow;
    if (!pinFlow || result.pendingSecret === undefined) return;
    const last = messages.at(-1);
    if (last?.type !== 'text') return;
    const token = newFlowToken();
    const issuedAt = clock();
    try {
      await pinFlow.tokens.issue({
        hash: flowTokenHash(token),
        msisdn,
        step: result.pendingSecret,
        language: result.language,
        issuedAt,
        expiresAt: new Date(issuedAt.getTime() + pinFlow.tokenTtlMs),
      });
    } catch (error) {
      log.warn({ err: errorName(error) }, 'whatsapp cloud pin form not issued: the pin is asked as text');
      return;
    }
    messages[messages.length - 1] = pinFlowMessage({
      body: last.text.body,
      flowId: pinFlow.flowId,
      token,
      language: result.language,
    });
  }

  /**
   * Resolves as soon as the turn is decided (Meta waits for the form's answer a few seconds only); the replies then
   * go to the chat within the person's queue, before their next message is handled.
   */
  function answerPinForm(token: PinFlowToken, pin: string): Promise<PinFormOutcome> {
    const to = token.msisdn;
    const log = logger.child({ channel: CLOUD_CHANNEL, form: token.hash.slice(0, 12) });
    return new Promise<PinFormOutcome>((resolve, reject) => {
      const task = async () => {
        const result = await options.turns.handle({
          channel: CLOUD_CHANNEL,
          msisdn: token.msisdn,
          // The token's hash: a form answered twice is one message to the runtime, which runs it once.
          messageId: `flow:${token.hash}`,
          at: clock(),
          secretStep: token.step,
          type: 'text',
          text: pin,
        });
        if (result.duplicate) return resolve('duplicate');
        if (result.stale) {
          log.info({ from: to }, 'whatsapp cloud pin form for a step no longer pending');
          return resolve('stale');
        }
        resolve('answered');
        const messages = renderCloud(result.replies, result.language);
        await askPinInForm(messages, token.msisdn, result, log);
        const sent = await sendAll(to, messages, log);
        log.info({ from: to, messages: messages.length, sent }, 'whatsapp cloud pin form answered');
      };
      queued(`from:${to}`, task).catch((error: unknown) => {
        log.error({ err: errorName(error) }, 'whatsapp cloud pin form failed');
        reject(error instanceof Error ? error : new Error('pin form failed'));
      });
    });
  }

  /** Whether the person is to be told now how to delete their PIN message; never fails the reply. */
  async function firstPinAdvice(msisdn: Msisdn, log: Logger): Promise<boolean> {
    try {
      return (await options.pinAdvice?.firstTime(msisdn, clock())) ?? false;
    } catch (error) {
      // The reply matters more: the advice waits for the next PIN.
      log.warn({ err: errorName(error) }, 'whatsapp cloud pin advice not recorded');
      return false;
    }
  }

  /** Sends in order; stops at the first failure (the next would fail alike, or arrive without what came before). */
  async function sendAll(to: string, messages: readonly CloudMessage[], log: Logger): Promise<number> {
    let sent = 0;
    for (const message of messages) {
      const result = await options.graph.send(to, message);
      if (!result.ok) {
        const { reason, code, status, attempts } = result;
        log.warn({ reason, code, status, attempts, unsent: messages.length - sent }, 'whatsapp cloud reply not sent');
        return sent;
      }
      sent += 1;
    }
    return sent;
  }

  async function recordStatus(event: Extract<CloudEvent, { kind: 'status' }>, log: Logger): Promise<void> {
    const { status, at, errorCode } = event;
    const fields = { message: refOf(event.wamid), status, ...(errorCode === undefined ? {} : { errorCode }) };
    try {
      const found = await options.receipts?.record(CLOUD_CHANNEL, event.wamid, { status, at, errorCode });
      // Replies within a conversation have no delivery record: only their failures are worth a line.
      if (found) log.info(fields, 'whatsapp cloud delivery recorded');
      else if (status === 'failed') log.warn(fields, 'whatsapp cloud reply failed after it was accepted');
      else log.debug(fields, 'whatsapp cloud status without a delivery record');
    } catch (error) {
      log.warn({ ...fields, err: errorName(error) }, 'whatsapp cloud status not recorded');
    }
  }

  return {
    path,
    router,
    async idle() {
      while (work.size > 0) await Promise.all([...work]);
    },
    answerPinForm,
  };
}

/**
 * A turn's answer as messages: the replies rendered, and for a message we cannot read (a photo, a voice note…) a
 * polite word first, in the person's language, instead of the runtime's generic "answer with text".
 */
export function answerMessages(unsupported: boolean, replies: readonly Reply[], language: Language): CloudMessage[] {
  if (!unsupported) return renderCloud(replies, language);
  const rest = replies.filter((reply) => reply.key !== 'common.unsupported');
  return [...textMessages(cloudText('whatsappCloud.unsupported', language)), ...renderCloud(rest, language)];
}

/**
 * A wamid for the logs: Meta's ids encode the person's phone number (base64), so only a short hash is logged,
 * enough to follow one message across lines.
 */
function refOf(wamid: string): string {
  return createHash('sha256').update(wamid).digest('hex').slice(0, 12);
}

/** An error's name only: a message could quote a request. */
function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
