/**
 * A local stand-in for Twilio's Messages REST API, for tests and for `npm start` without a Twilio account:
 * `POST /2010-04-01/Accounts/{sid}/Messages.json` with a form (To, From or MessagingServiceSid, Body), Basic auth
 * with the account sid and auth token, answered 201 with the message as Twilio returns it (status `queued`), or
 * with Twilio's error JSON. It keeps every accepted message, and can be told to fail the next calls (500 or 429)
 * so retries can be tested over real HTTP. `GET …/Messages/{sid}.json` reads a message back.
 *
 * Like Twilio, it also keeps the SMS people send us (`receive`, called by whoever plays Twilio posting the inbound
 * webhook), and `DELETE …/Messages/{sid}.json` removes a message from its log as Twilio's does (204), after which
 * the message is gone (404 to a read or another delete). Deletions are recorded, and can be refused on purpose
 * the way Twilio refuses to delete a message it has not finished processing (error 20009).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { smsSize } from '../gsm7';

/** A message the simulator accepted (sent through the API) or received (an SMS a person sent our number). */
export interface SimulatedSms {
  sid: string;
  /** Twilio's direction: `outbound-api` for what we sent, `inbound` for what a person sent us. */
  direction: 'outbound-api' | 'inbound';
  accountSid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  receivedAt: Date;
}

export interface TwilioSimulatorOptions {
  accountSid: string;
  authToken: string;
  /** 0 (the default) for any free port. */
  port?: number;
  host?: string;
  /** Delay before each answer, to look like a real network. */
  latencyMs?: number;
}

/** A message removed from the log by a DELETE call. */
export interface SimulatedDeletion {
  sid: string;
  direction: SimulatedSms['direction'];
  /** Who sent it, in E.164 (a person, for an inbound message). */
  from: string | null;
  deletedAt: Date;
}

/** A running simulator. */
export interface TwilioSimulator {
  /** Its base URL, for TWILIO_API_BASE_URL. */
  readonly url: string;
  /** Every message accepted, in order. */
  readonly messages: readonly SimulatedSms[];
  /** How many Messages.json calls arrived (accepted, refused or failed on purpose). */
  readonly calls: number;
  /** The next `count` calls to Messages.json fail with `status` (500 by default, or 429 Too Many Requests). */
  failNext(count: number, status?: 500 | 429): void;
  /** Logs an SMS a person sent our number, as Twilio does before calling the inbound webhook; returns it. */
  receive(sms: { from: string; to: string; body: string }): SimulatedSms;
  /** Every message removed by a DELETE call, in order. */
  readonly deletions: readonly SimulatedDeletion[];
  /** How many DELETE calls arrived (done, refused, or for a message that is not there). */
  readonly deleteCalls: number;
  /** The next `count` DELETE calls are refused as Twilio refuses a message it has not finished (20009). */
  failNextDeletes(count: number): void;
  /** Forgets the messages, deletions, call counts and any failures still planned (between tests). */
  reset(): void;
  close(): Promise<void>;
}

const API_VERSION = '2010-04-01';
const MAX_BODY_CHARACTERS = 1600;

/** Starts the simulator; close it when done. */
export async function startTwilioSimulator(options: TwilioSimulatorOptions): Promise<TwilioSimulator> {
  const messages: SimulatedSms[] = [];
  const failures: (500 | 429)[] = [];
  const deletions: SimulatedDeletion[] = [];
  let calls = 0;
  let deleteCalls = 0;
  let deleteFailures = 0;
  const expectedAuth = Buffer.from(
    `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`,
  );

  const app = express();
  app.disable('x-powered-by');
  app.use(express.urlencoded({ extended: false, limit: '64kb' }));

  const authorized = (header: string | undefined, accountSid: string | undefined): boolean => {
    const given = Buffer.from(header ?? '');
    return (
      given.length === expectedAuth.length && timingSafeEqual(given, expectedAuth) && accountSid === options.accountSid
    );
  };
  const delay = () => new Promise((resolve) => setTimeout(resolve, options.latencyMs ?? 0));

  app.post(`/${API_VERSION}/Accounts/:accountSid/Messages.json`, async (req, res) => {
    calls += 1;
    await delay();
    if (!authorized(req.get('Authorization'), req.params.accountSid)) {
      res.status(401).json(twilioError(401, 20003, 'Authenticate'));
      return;
    }
    const failure = failures.shift();
    if (failure === 429) {
      res.status(429).json(twilioError(429, 20429, 'Too Many Requests'));
      return;
    }
    if (failure === 500) {
      res.status(500).json(twilioError(500, 20500, 'Internal Server Error'));
      return;
    }
    const form = req.body as Record<string, unknown>;
    const to = text(form.To);
    const from = text(form.From);
    const messagingServiceSid = text(form.MessagingServiceSid);
    const body = text(form.Body);
    if (!to) return void res.status(400).json(twilioError(400, 21604, "A 'To' phone number is required."));
    if (!/^\+\d{8,15}$/.test(to)) {
      return void res.status(400).json(twilioError(400, 21211, "The 'To' number is not a valid phone number."));
    }
    if (!from && !messagingServiceSid) {
      return void res.status(400).json(twilioError(400, 21603, "A 'From' phone number is required."));
    }
    if (!body) return void res.status(400).json(twilioError(400, 21602, 'Message body is required.'));
    if (body.length > MAX_BODY_CHARACTERS) {
      return void res.status(400).json(twilioError(400, 21617, 'The concatenated message body exceeds the limit.'));
    }
    const message: SimulatedSms = {
      sid: newSid(),
      direction: 'outbound-api',
      accountSid: options.accountSid,
      to,
      from: from ?? null,
      messagingServiceSid: messagingServiceSid ?? null,
      body,
      receivedAt: new Date(),
    };
    messages.push(message);
    res.status(201).json(messageJson(message));
  });

  app.get(`/${API_VERSION}/Accounts/:accountSid/Messages/:sid.json`, (req, res) => {
    if (!authorized(req.get('Authorization'), req.params.accountSid)) {
      res.status(401).json(twilioError(401, 20003, 'Authenticate'));
      return;
    }
    const message = messages.find((m) => m.sid === req.params.sid);
    if (!message) {
      res.status(404).json(twilioError(404, 20404, 'The requested resource was not found'));
      return;
    }
    res.json(messageJson(message));
  });

  app.delete(`/${API_VERSION}/Accounts/:accountSid/Messages/:sid.json`, async (req, res) => {
    deleteCalls += 1;
    await delay();
    if (!authorized(req.get('Authorization'), req.params.accountSid)) {
      res.status(401).json(twilioError(401, 20003, 'Authenticate'));
      return;
    }
    const index = messages.findIndex((m) => m.sid === req.params.sid);
    if (index === -1) {
      res.status(404).json(twilioError(404, 20404, 'The requested resource was not found'));
      return;
    }
    if (deleteFailures > 0) {
      deleteFailures -= 1;
      res.status(409).json(twilioError(409, 20009, 'Cannot delete this resource before it is complete'));
      return;
    }
    const [message] = messages.splice(index, 1) as [SimulatedSms];
    deletions.push({ sid: message.sid, direction: message.direction, from: message.from, deletedAt: new Date() });
    res.status(204).end();
  });

  const server = http.createServer(app);
  server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  await once(server, 'listening');
  const address = server.address() as AddressInfo;

  return {
    url: `http://${address.address}:${address.port}`,
    get messages() {
      return messages;
    },
    get calls() {
      return calls;
    },
    failNext(count, status = 500) {
      for (let i = 0; i < count; i += 1) failures.push(status);
    },
    receive(sms) {
      const message: SimulatedSms = {
        sid: newSid(),
        direction: 'inbound',
        accountSid: options.accountSid,
        to: sms.to,
        from: sms.from,
        messagingServiceSid: null,
        body: sms.body,
        receivedAt: new Date(),
      };
      messages.push(message);
      return message;
    },
    get deletions() {
      return deletions;
    },
    get deleteCalls() {
      return deleteCalls;
    },
    failNextDeletes(count) {
      deleteFailures += count;
    },
    reset() {
      messages.length = 0;
      failures.length = 0;
      deletions.length = 0;
      calls = 0;
      deleteCalls = 0;
      deleteFailures = 0;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

/** A message sid as Twilio makes them: SM and 32 hexadecimal digits. */
function newSid(): string {
  return `SM${randomBytes(16).toString('hex')}`;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Twilio's error body. */
function twilioError(status: number, code: number, message: string) {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

/** A message resource as Twilio's API returns it (snake_case, RFC 2822 dates, counts as strings). */
function messageJson(message: SimulatedSms) {
  const date = message.receivedAt.toUTCString().replace('GMT', '+0000');
  const uri = `/${API_VERSION}/Accounts/${message.accountSid}/Messages/${message.sid}.json`;
  return {
    account_sid: message.accountSid,
    api_version: API_VERSION,
    body: message.body,
    date_created: date,
    date_sent: null,
    date_updated: date,
    direction: message.direction,
    error_code: null,
    error_message: null,
    from: message.from,
    messaging_service_sid: message.messagingServiceSid,
    num_media: '0',
    num_segments: String(smsSize(message.body).segments),
    price: null,
    price_unit: 'USD',
    sid: message.sid,
    status: message.direction === 'inbound' ? 'received' : 'queued',
    subresource_uris: { media: uri.replace('.json', '/Media.json') },
    to: message.to,
    uri,
  };
}
