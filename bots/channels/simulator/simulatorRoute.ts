/**
 * `GET /simulator`: a web page where a developer plays any Cameroonian phone number and talks to the bot as a
 * WhatsApp-style chat, by SMS and on a USSD dialer, and watches the notices sent to that number arrive.
 *
 * SMS and USSD go through the product's real webhook routes over HTTP, as the providers call them: the page posts
 * here, and this router signs Twilio's form with the auth token (which the browser never sees) or adds the
 * gateway's callback key, then forwards it. WhatsApp has no webhook (whatsapp-web.js is a client), so the chat runs
 * its turns through the runtime as the WhatsApp channel does, rendered as it renders them. Notices are the SMS the
 * local Twilio simulator received.
 *
 * PIN messages, as the channels treat them: the WhatsApp channel can delete one only from the bot's side of the
 * chat, so the page leaves it on the person's screen, marked, and shows the one-time advice to delete it; an SMS is
 * logged in the local Twilio simulator before the SMS route is called (as Twilio logs an inbound SMS), and the
 * page marks it once the route has deleted it from that log. It stays on the phone that sent it.
 *
 * Anyone who reaches this router speaks for any number, and it signs whatever SMS it is given: never mount it in
 * production.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { formatMsisdnForDisplay, parseCameroonMobile, type Msisdn } from '../../../domain/phone';
import type { TwilioSimulator } from '../../../integrations/twilio/twilioSimulator';
import { HttpError } from '../http/errors';
import type { HttpChannel } from '../http/server';
import type { ChannelTurns } from '../http/turns';
import type { TurnResult } from '../../runtime/inbound';
import { cloudPlaygroundRouter, type CloudPlayground } from './cloudPlayground';
import { GatewaySessions, parseDial, type GatewaySession } from './gatewaySessions';
import { postInboundSms, postUssdRequest, ProviderCallError } from './providerCalls';

/** Where the simulator is mounted. */
export const SIMULATOR_PATH = '/simulator';

export interface SimulatorOptions {
  /** The runtime as the HTTP channels use it (the chat's turns are counted and waited for on shutdown). */
  turns: Pick<ChannelTurns, 'handle'>;
  /** PUBLIC_URL: the SMS route checks signatures over it plus its path, so the simulator signs for it too. */
  publicUrl: string;
  /** TWILIO_AUTH_TOKEN, to sign the SMS; null when the SMS channel is off (the SMS tab says so). */
  twilioAuthToken: string | null;
  /** TWILIO_ACCOUNT_SID, sent as the form's AccountSid (the SMS route refuses another account when it is set). */
  twilioAccountSid?: string;
  /** USSD_CALLBACK_SECRET, the key on the gateway's callback URL; null when the USSD channel is off. */
  ussdKey: string | null;
  /**
   * The local Twilio simulator: the outbox worker's SMS arrive there, and the SMS played here are logged there
   * first, so the SMS route deletes the ones holding a PIN from it. Null when SMS go to a real Twilio account.
   */
  smsSimulator: Pick<TwilioSimulator, 'messages' | 'deletions' | 'receive'> | null;
  /**
   * The WhatsApp channel's answer to a turn, as the messages it would send (its text, and its one-time advice to
   * delete PIN messages on the phone). Handed in by the composition root: a channel imports no other channel.
   */
  chatAnswer: (msisdn: Msisdn, turn: TurnResult) => Promise<string[]>;
  /**
   * This server's base URL as seen from itself, where the SMS and USSD routes are called. By default the address
   * and port the simulator's own request came in on (never the Host header).
   */
  forwardUrl?: string;
  /** Where the SMS channel is mounted (its SMS_WEBHOOK_PATH), and the USSD channel. */
  smsPath: string;
  ussdPath?: string;
  /** The code people dial; any other code gets the handset's error. */
  ussdServiceCode?: string;
  /** Our number, as the SMS's `To` (TWILIO_SMS_FROM). */
  smsNumber?: string;
  /** The WhatsApp Cloud tab's person, played through the local Graph API simulator; absent: the tab says it is off. */
  cloud?: CloudPlayground | null;
}

const DEFAULT_SERVICE_CODE = '*126#';
const DEFAULT_SMS_NUMBER = '+237650000000';
// MTN Cameroon (MCC 624, MNC 01): the gateway names the network of each session.
const NETWORK_CODE = '62401';
// A placeholder AccountSid when the SMS route does not check it (TWILIO_ACCOUNT_SID unset).
const ANY_ACCOUNT_SID = `AC${'0'.repeat(32)}`;
// The most notices the page is given at once: the latest.
const MAX_NOTICES = 50;
// What Android shows for a code the network does not know.
const UNKNOWN_CODE_SCREEN = 'Connection problem or invalid MMI code.';

const PAGE_DIRECTORY = path.join(__dirname, 'page');

// The page's own policy instead of the server's: no upgrade-insecure-requests (the simulator runs over plain
// HTTP on a developer's machine), and nothing loaded from anywhere else.
const PAGE_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const number = z.string().max(40);
const chatBody = z.object({ msisdn: number, text: z.string().max(4096) });
const smsBody = z.object({ msisdn: number, text: z.string().max(1600) });
const ussdBody = z.union([
  z.object({ msisdn: number, dial: z.string().max(40) }),
  z.object({ sessionId: z.string().max(100), input: z.string().max(182) }),
]);
const cancelBody = z.object({ sessionId: z.string().max(100) });

/** The simulator as an HTTP channel, to mount with createHttpApp's channels (never in production). */
export function simulatorChannel(options: SimulatorOptions): HttpChannel {
  return { path: SIMULATOR_PATH, router: simulatorRouter(options) };
}

/** The simulator's page and the endpoints it calls. */
export function simulatorRouter(options: SimulatorOptions): Router {
  const smsPath = options.smsPath;
  const ussdPath = options.ussdPath ?? '/webhooks/ussd';
  const serviceCode = options.ussdServiceCode ?? DEFAULT_SERVICE_CODE;
  const gateway = new GatewaySessions();
  const page = readFileSync(path.join(PAGE_DIRECTORY, 'index.html'), 'utf8');
  const script = readFileSync(path.join(PAGE_DIRECTORY, 'simulator.js'), 'utf8');
  const style = readFileSync(path.join(PAGE_DIRECTORY, 'simulator.css'), 'utf8');
  const cloudScript = readFileSync(path.join(PAGE_DIRECTORY, 'cloud.js'), 'utf8');
  const router = express.Router();
  router.use(express.json({ limit: '16kb' }));

  router.get('/', (req, res) => {
    const settings: Record<string, string> = {
      base: req.baseUrl,
      sms: String(options.twilioAuthToken !== null),
      ussd: String(options.ussdKey !== null),
      notices: String(options.smsSimulator !== null),
      cloud: String(options.cloud != null),
      code: serviceCode,
    };
    const html = page.replace(/\{\{(\w+)\}\}/g, (whole, name: string) =>
      name in settings ? escapeHtml(settings[name] ?? '') : whole,
    );
    res.setHeader('Content-Security-Policy', PAGE_POLICY);
    res.type('html').send(html);
  });
  router.get('/simulator.js', (_req, res) => {
    res.type('text/javascript').send(script);
  });
  router.get('/simulator.css', (_req, res) => {
    res.type('text/css').send(style);
  });
  router.get('/cloud.js', (_req, res) => {
    res.type('text/javascript').send(cloudScript);
  });
  if (options.cloud) router.use('/cloud', cloudPlaygroundRouter(options.cloud));

  // The chat: one WhatsApp turn through the runtime, as the WhatsApp channel runs it.
  router.post('/chat', async (req, res) => {
    const body = parsed(chatBody, req.body);
    const msisdn = cameroonian(body.msisdn);
    const text = body.text.trim();
    if (text === '') throw new HttpError(400, 'empty_message');
    const result = await options.turns.handle({
      channel: 'whatsapp',
      msisdn,
      messageId: `simulator:${randomUUID()}`,
      at: new Date(),
      type: 'text',
      text,
    });
    res.json({
      msisdn: formatMsisdnForDisplay(msisdn),
      messages: await options.chatAnswer(msisdn, result),
      // A PIN message: the WhatsApp channel deletes it from the bot's side only, so the page marks it, no more.
      secretInput: result.secretInput,
    });
  });

  // An SMS: Twilio's signed webhook to the real SMS route, its TwiML read back.
  router.post('/sms', async (req, res) => {
    const body = parsed(smsBody, req.body);
    const msisdn = cameroonian(body.msisdn);
    if (options.twilioAuthToken === null) throw new HttpError(503, 'sms_channel_off');
    const base = forwardBase(options, req);
    const to = options.smsNumber ?? DEFAULT_SMS_NUMBER;
    // Twilio logs an SMS before it calls the webhook: the route may then delete it from that log (a PIN).
    const logged = options.smsSimulator?.receive({ from: `+${msisdn}`, to, body: body.text }) ?? null;
    const messages = await provider(res, () =>
      postInboundSms(
        {
          url: `${base}${smsPath}`,
          signedUrl: `${options.publicUrl.replace(/\/+$/, '')}${smsPath}`,
          authToken: options.twilioAuthToken ?? '',
          accountSid: options.twilioAccountSid ?? ANY_ACCOUNT_SID,
          to,
        },
        msisdn,
        body.text,
        logged?.sid,
      ),
    );
    if (messages) res.json({ msisdn: formatMsisdnForDisplay(msisdn), messages, sid: logged?.sid ?? null });
  });

  // The USSD gateway: a dial opens a session, each input is sent with every input before it.
  router.post('/ussd', async (req, res) => {
    const body = parsed(ussdBody, req.body);
    if (options.ussdKey === null) throw new HttpError(503, 'ussd_channel_off');
    let session: GatewaySession;
    if ('dial' in body) {
      const msisdn = cameroonian(body.msisdn);
      const dial = parseDial(body.dial);
      if (!dial || dial.serviceCode !== serviceCode) {
        res.json({ sessionId: null, close: true, screen: UNKNOWN_CODE_SCREEN });
        return;
      }
      session = gateway.open(msisdn, dial.serviceCode, dial.inputs);
    } else {
      const open = gateway.find(body.sessionId);
      if (!open) throw new HttpError(404, 'ussd_session_ended');
      open.inputs.push(body.input);
      session = open;
    }
    const url = `${forwardBase(options, req)}${ussdPath}?key=${encodeURIComponent(options.ussdKey)}`;
    const { id, msisdn, serviceCode: dialled } = session;
    const text = session.inputs.join('*');
    const answer = await provider(res, () =>
      postUssdRequest(
        { url, networkCode: NETWORK_CODE },
        { sessionId: id, serviceCode: dialled, phoneNumber: msisdn, text },
      ),
    );
    if (!answer) {
      gateway.end(id);
      return;
    }
    if (answer.close) gateway.end(id);
    res.json({ sessionId: answer.close ? null : id, close: answer.close, screen: answer.screen });
  });

  // Cancel on the handset: the gateway drops the session (the route is not told, as with the real gateways).
  router.post('/ussd/cancel', (req, res) => {
    gateway.end(parsed(cancelBody, req.body).sessionId);
    res.json({ ok: true });
  });

  // The SMS sent to this number, as the local Twilio simulator received them.
  router.get('/notices', (req, res) => {
    const msisdn = cameroonian(typeof req.query.msisdn === 'string' ? req.query.msisdn : '');
    const simulator = options.smsSimulator;
    const to = `+${msisdn}`;
    const notices = (simulator?.messages ?? [])
      .filter((sms) => sms.direction === 'outbound-api' && sms.to === to)
      .slice(-MAX_NOTICES)
      .map((sms) => ({ id: sms.sid, text: sms.body, at: sms.receivedAt.toISOString() }));
    // The SMS this number sent that the SMS route deleted from the simulator's log (they held a PIN).
    const erased = (simulator?.deletions ?? [])
      .filter((deletion) => deletion.direction === 'inbound' && deletion.from === to)
      .slice(-MAX_NOTICES)
      .map((deletion) => deletion.sid);
    res.json({ enabled: simulator !== null, notices, erased });
  });

  return router;
}

function parsed<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (!result.success) throw new HttpError(400, 'bad_request');
  return result.data;
}

function cameroonian(text: string): Msisdn {
  const parsedNumber = parseCameroonMobile(text);
  if (!parsedNumber.ok) throw new HttpError(400, 'not_cameroon_mobile');
  return parsedNumber.msisdn;
}

/** Runs a provider call; a refusal by the route is answered 502 with its status (undefined is then returned). */
async function provider<T>(res: Response, call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof ProviderCallError)) throw error;
    res.status(502).json({ error: `${error.route}_route_answered_${error.status}` });
    return undefined;
  }
}

/** Where this server is reached from itself: the option, or the local address and port this request came in on. */
function forwardBase(options: Pick<SimulatorOptions, 'forwardUrl'>, req: Request): string {
  if (options.forwardUrl) return options.forwardUrl.replace(/\/+$/, '');
  const socket = (req as IncomingMessage).socket;
  let address = socket.localAddress ?? '127.0.0.1';
  if (address.startsWith('::ffff:')) address = address.slice('::ffff:'.length);
  const host = address.includes(':') ? `[${address}]` : address;
  return `http://${host}:${socket.localPort}`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
