/**
 * A local stand-in for the WhatsApp Cloud API (Meta's Graph API), for tests and for `npm start` without Meta
 * credentials. Its outgoing half is `POST /{version}/{phone-number-id}/messages` with `Authorization: Bearer`,
 * checked as Meta checks it: the token (190 otherwise), our number's id, the message's shape and Meta's limits
 * (text ≤4096; reply buttons 1-3, titles ≤20, ids ≤256, body ≤1024; lists: one button text ≤20, 1-10 rows in all,
 * row titles ≤24, descriptions ≤72, ids ≤200, body ≤4096), answered `{messaging_product, contacts, messages: [{id}]}`
 * or with a Graph error. It can be told to answer the next calls with a rate limit (429, code 130429), a server error
 * (500, code 1) or any Graph error code (131047 outside the 24-hour window, 131026 undeliverable…).
 *
 * Its incoming half plays Meta calling us: it verifies our webhook as Meta does when the URL is saved
 * (`subscribe`), then posts signed webhooks to it: messages people send (`sendInbound`) and the statuses of the
 * messages we sent (`sendStatus`). It also plays the person filling in a Flow form we sent (`submitFlow`): the
 * answer goes to the Flow's data endpoint encrypted with our public key and signed, exactly as WhatsApp sends it
 * (flowEndpointCaller.ts), and a form closed on its SUCCESS screen is followed by the `nfm_reply` message WhatsApp
 * posts to the webhook. Everything is kept in memory, for this process's life.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import {
  inboundMessagePayload,
  newWamid,
  postSignedWebhook,
  statusPayload,
  verifyWebhook,
  type BusinessNumber,
  type InboundContent,
  type StatusName,
} from './cloudWebhooks';
import {
  callFlowEndpoint,
  type FlowEndpoint,
  type FlowEndpointAnswer,
  type FlowRequestPayload,
  type FlowTampering,
} from './flowEndpointCaller';
import { graphError, problemOf } from './graphMessageRules';
import type { KeyLike } from 'node:crypto';

/** A message the simulator accepted from us. */
export interface SimulatedCloudMessage {
  id: string;
  /** The recipient, international digits. */
  to: string;
  type: string;
  /** The body as posted (without the token). */
  body: Record<string, unknown>;
  receivedAt: Date;
}

/** A message a person sent us through the simulator, and how our webhook answered its delivery. */
export interface SimulatedInbound {
  wamid: string;
  from: string;
  content: InboundContent;
  status: number;
}

export interface GraphApiSimulatorOptions {
  accessToken: string;
  appSecret: string;
  phoneNumberId: string;
  displayPhoneNumber?: string;
  port?: number;
  host?: string;
  /**
   * Meta's 24-hour window: free-form messages to a person whose last message through the simulator is older, or
   * who never wrote, are refused with 131047; templates always go. Off by default (tests send notices freely).
   */
  customerWindow?: boolean;
  /** Template names approved; others are refused with 132001. Unset: every well-formed template is taken. */
  approvedTemplates?: readonly string[];
  clock?: () => Date;
}

export interface GraphApiSimulator {
  /** Its base URL, for WHATSAPP_CLOUD_GRAPH_URL. */
  readonly url: string;
  /** Every message accepted, in order. */
  readonly messages: readonly SimulatedCloudMessage[];
  /** The messages accepted for one recipient (international digits), in order. */
  messagesTo(to: string): SimulatedCloudMessage[];
  /** How many calls to the messages endpoint arrived (accepted, refused or failed on purpose). */
  readonly calls: number;
  /** Every message delivered to our webhook, in order. */
  readonly inbound: readonly SimulatedInbound[];
  /** The next `count` calls fail: 429 (rate limit, 130429), 500 (code 1), or a Graph error code with HTTP 400. */
  failNext(count: number, failure?: 429 | 500 | { code: number }): void;
  /** Verifies our webhook as Meta does, then posts to it; false when it did not echo the challenge. */
  subscribe(webhookUrl: string, verifyToken: string): Promise<boolean>;
  /** Posts a message from a person (international digits) to the webhook, signed; a wamid can be given to repeat one. */
  sendInbound(
    from: string,
    content: InboundContent,
    options?: { wamid?: string; name?: string },
  ): Promise<SimulatedInbound>;
  /** Posts the status of a message we sent, signed. */
  sendStatus(wamid: string, status: StatusName, options?: { errorCode?: number }): Promise<{ status: number }>;
  /** Where the Flow with this id sends its data (its endpoint URI) and the public key it encrypts for. */
  useFlowEndpoint(flowId: string, endpoint: FlowEndpoint): void;
  /** The last Flow form sent to a recipient: its flow id and token; null when none was sent. */
  lastFlowTo(to: string): { flowId: string; token: string; message: SimulatedCloudMessage } | null;
  /**
   * The recipient fills in the last form sent to them and submits it (`data_exchange` from `screen`, PIN by
   * default); a SUCCESS answer closes it, and WhatsApp's `nfm_reply` follows on the webhook.
   */
  submitFlow(
    to: string,
    data: Record<string, unknown>,
    options?: { screen?: string; token?: string; tamper?: FlowTampering; otherPublicKey?: KeyLike },
  ): Promise<FlowEndpointAnswer>;
  /** Any request to a Flow's endpoint (the health check is `{action: 'ping'}`). */
  callFlow(
    flowId: string,
    payload: FlowRequestPayload,
    options?: { tamper?: FlowTampering; otherPublicKey?: KeyLike },
  ): Promise<FlowEndpointAnswer>;
  /** Sets when a person last wrote (for the 24-hour window), as if their last message had come then. */
  wroteAt(from: string, at: Date): void;
  /** Forgets messages, inbound, calls and planned failures (between tests). */
  reset(): void;
  close(): Promise<void>;
}

type Failure = { status: number; code: number; message: string };

export async function startGraphApiSimulator(options: GraphApiSimulatorOptions): Promise<GraphApiSimulator> {
  const messages: SimulatedCloudMessage[] = [];
  const inbound: SimulatedInbound[] = [];
  const failures: Failure[] = [];
  let calls = 0;
  let webhookUrl: string | null = null;
  const flowEndpoints = new Map<string, FlowEndpoint>();
  const lastWrote = new Map<string, Date>();
  const now = options.clock ?? (() => new Date());
  const WINDOW_MS = 24 * 3_600_000;
  const business: BusinessNumber = {
    phoneNumberId: options.phoneNumberId,
    displayPhoneNumber: options.displayPhoneNumber ?? '237650000001',
    accountId: '100000000000001',
  };
  const digest = (text: string) => createHash('sha256').update(text).digest();
  const expectedAuth = digest(`Bearer ${options.accessToken}`);

  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '256kb' }));

  app.post('/:version/:phoneNumberId/messages', (req, res) => {
    calls += 1;
    if (!timingSafeEqual(digest(req.get('Authorization') ?? ''), expectedAuth)) {
      res.status(401).json(graphError(190, 'Invalid OAuth access token - Cannot parse access token', 'OAuthException'));
      return;
    }
    if (!/^v\d+\.\d+$/.test(req.params.version) || req.params.phoneNumberId !== options.phoneNumberId) {
      res.status(400).json(graphError(100, 'Unsupported post request. Object does not exist or cannot be loaded.'));
      return;
    }
    const failure = failures.shift();
    if (failure) {
      res.status(failure.status).json(graphError(failure.code, failure.message));
      return;
    }
    const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<string, unknown>;
    const problem = problemOf(body);
    if (problem) {
      res.status(400).json(graphError(problem.code, problem.message));
      return;
    }
    const to = String(body.to).replace(/^\+/, '');
    if (options.customerWindow && body.type !== 'template') {
      const last = lastWrote.get(to);
      if (!last || now().getTime() - last.getTime() > WINDOW_MS) {
        res
          .status(400)
          .json(
            graphError(
              131047,
              'Re-engagement message: more than 24 hours have passed since the recipient last replied',
            ),
          );
        return;
      }
    }
    const template = body.type === 'template' ? (body.template as { name?: unknown }).name : undefined;
    if (options.approvedTemplates && template !== undefined && !options.approvedTemplates.includes(String(template))) {
      res.status(404).json(graphError(132001, 'Template name does not exist in the translation'));
      return;
    }
    const message: SimulatedCloudMessage = {
      id: newWamid(),
      to,
      type: String(body.type),
      body,
      receivedAt: new Date(),
    };
    messages.push(message);
    res.json({
      messaging_product: 'whatsapp',
      contacts: [{ input: String(body.to), wa_id: to }],
      messages: [{ id: message.id }],
    });
  });

  const server = http.createServer(app);
  server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  await once(server, 'listening');
  const address = server.address() as AddressInfo;

  const flowEndpoint = (flowId: string): FlowEndpoint => {
    const endpoint = flowEndpoints.get(flowId);
    if (!endpoint) throw new Error(`no endpoint for flow ${flowId}: call useFlowEndpoint first`);
    return endpoint;
  };
  const lastFlowTo = (to: string) => {
    const message = messages.filter((m) => m.to === to && flowParameters(m) !== null).at(-1);
    const parameters = message ? flowParameters(message) : null;
    return message && parameters ? { flowId: parameters.flow_id, token: parameters.flow_token, message } : null;
  };

  const webhook = (): string => {
    if (webhookUrl === null) throw new Error('no webhook subscribed: call subscribe(url, verifyToken) first');
    return webhookUrl;
  };

  const simulator: GraphApiSimulator = {
    url: `http://${address.address}:${address.port}`,
    get messages() {
      return messages;
    },
    messagesTo: (to) => messages.filter((m) => m.to === to),
    get calls() {
      return calls;
    },
    get inbound() {
      return inbound;
    },
    failNext(count, failure = 500) {
      const planned: Failure =
        failure === 429
          ? { status: 429, code: 130429, message: '(#130429) Rate limit hit' }
          : failure === 500
            ? { status: 500, code: 1, message: 'An unknown error occurred' }
            : { status: 400, code: failure.code, message: `(#${failure.code}) simulated` };
      for (let i = 0; i < count; i += 1) failures.push(planned);
    },
    async subscribe(url, verifyToken) {
      const verified = await verifyWebhook(url, verifyToken);
      if (verified) webhookUrl = url;
      return verified;
    },
    async sendInbound(from, content, extra = {}) {
      const wamid = extra.wamid ?? newWamid();
      const at = now();
      lastWrote.set(from, at);
      const payload = inboundMessagePayload(business, { from, wamid, at, name: extra.name, content });
      const { status } = await postSignedWebhook(webhook(), options.appSecret, payload);
      const delivered: SimulatedInbound = { wamid, from, content, status };
      inbound.push(delivered);
      return delivered;
    },
    async sendStatus(wamid, status, extra = {}) {
      const recipient = messages.find((m) => m.id === wamid)?.to ?? '';
      const payload = statusPayload(business, { wamid, status, recipient, at: new Date(), errorCode: extra.errorCode });
      return postSignedWebhook(webhook(), options.appSecret, payload);
    },
    useFlowEndpoint(flowId, endpoint) {
      flowEndpoints.set(flowId, endpoint);
    },
    lastFlowTo,
    async submitFlow(to, data, extra = {}) {
      const form = lastFlowTo(to);
      if (!form) throw new Error('no flow form was sent to this recipient');
      const token = extra.token ?? form.token;
      const payload: FlowRequestPayload = {
        action: 'data_exchange',
        screen: extra.screen ?? 'PIN',
        data,
        flow_token: token,
      };
      const answer = await callFlowEndpoint(flowEndpoint(form.flowId), options.appSecret, payload, extra);
      const closed = (answer.body as { screen?: unknown } | null)?.screen === 'SUCCESS';
      if (answer.status === 200 && closed && webhookUrl !== null) {
        // What WhatsApp posts to the chat once a form closes: the completion message, with the token.
        const response_json = JSON.stringify({ flow_token: token });
        const content: InboundContent = {
          type: 'interactive',
          interactive: { type: 'nfm_reply', nfm_reply: { name: 'flow', body: 'Sent', response_json } },
        };
        await simulator.sendInbound(to, content);
      }
      return answer;
    },
    async callFlow(flowId, payload, extra = {}) {
      return callFlowEndpoint(flowEndpoint(flowId), options.appSecret, payload, extra);
    },
    wroteAt(from, at) {
      lastWrote.set(from, at);
    },
    reset() {
      lastWrote.clear();
      messages.length = 0;
      inbound.length = 0;
      failures.length = 0;
      calls = 0;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
  return simulator;
}

function flowParameters(message: SimulatedCloudMessage): { flow_id: string; flow_token: string } | null {
  const interactive = message.body.interactive as
    { type?: string; action?: { parameters?: { flow_id?: string; flow_token?: string } } } | undefined;
  const parameters = interactive?.type === 'flow' ? interactive.action?.parameters : undefined;
  return parameters?.flow_id && parameters.flow_token
    ? { flow_id: parameters.flow_id, flow_token: parameters.flow_token }
    : null;
}
