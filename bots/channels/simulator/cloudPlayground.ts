/**
 * The simulator page's WhatsApp Cloud tab: the person played talks to the product through the local Graph API
 * simulator, which posts their messages to the real webhook signed as Meta signs them, receives the replies the
 * channel sends through the real Graph client, and fills in PIN forms as WhatsApp does (encrypted with the data
 * endpoint's public key, signed, posted to the real endpoint). The page shows the replies as WhatsApp would:
 * texts, reply buttons, lists, and the PIN form's button.
 *
 * The playground itself (what plays the person) is handed in by the composition root: a channel imports no other
 * channel and no integration.
 */
import express, { type Router } from 'express';
import { z } from 'zod';
import { parseCameroonMobile } from '../../../domain/phone';
import { HttpError } from '../http/errors';

/** A message the channel sent, as the Graph API simulator recorded it. */
export interface PlayedMessage {
  id: string;
  body: Record<string, unknown>;
}

/** The person's side of the WhatsApp Cloud API, played through the local Graph API simulator. */
export interface CloudPlayground {
  /** Sends a message from a person (international digits) and resolves once the channel has answered it. */
  send(
    from: string,
    content: { type: 'text'; text: string } | { type: 'choice'; id: string; title: string; list: boolean },
  ): Promise<void>;
  /** Every message sent to a person, in order. */
  messagesTo(to: string): readonly PlayedMessage[];
  /** Submits the last PIN form sent to a person with this PIN; resolves once the chat's replies are sent. */
  submitPin(to: string, pin: string): Promise<{ status: number; closed: boolean }>;
}

/** What the page shows of one message. */
export type ShownMessage =
  | { kind: 'text'; text: string }
  | { kind: 'buttons'; text: string; options: { id: string; title: string }[] }
  | { kind: 'list'; text: string; button: string; options: { id: string; title: string }[] }
  | { kind: 'form'; text: string; cta: string }
  | { kind: 'template'; text: string };

const cloudBody = z.union([
  z.object({ msisdn: z.string().max(40), text: z.string().min(1).max(4096) }),
  z.object({
    msisdn: z.string().max(40),
    choice: z.string().min(1).max(256),
    title: z.string().max(72),
    list: z.boolean(),
  }),
]);
const pinBody = z.object({ msisdn: z.string().max(40), pin: z.string().max(12) });

/** The tab's endpoints, under the simulator's path: `POST /cloud` (a message or a tap), `POST /cloud/pin`. */
export function cloudPlaygroundRouter(playground: CloudPlayground): Router {
  const router = express.Router();
  router.post('/', async (req, res) => {
    const body = cloudBody.safeParse(req.body);
    if (!body.success) throw new HttpError(400, 'bad_request');
    const from = digitsOf(body.data.msisdn);
    const before = playground.messagesTo(from).length;
    const content =
      'text' in body.data
        ? { type: 'text' as const, text: body.data.text }
        : { type: 'choice' as const, id: body.data.choice, title: body.data.title, list: body.data.list };
    await playground.send(from, content);
    res.json({ messages: playground.messagesTo(from).slice(before).map(shownMessage) });
  });
  router.post('/pin', async (req, res) => {
    const body = pinBody.safeParse(req.body);
    if (!body.success) throw new HttpError(400, 'bad_request');
    const to = digitsOf(body.data.msisdn);
    const before = playground.messagesTo(to).length;
    const answer = await playground.submitPin(to, body.data.pin);
    res.json({ ...answer, messages: playground.messagesTo(to).slice(before).map(shownMessage) });
  });
  return router;
}

function digitsOf(text: string): string {
  const parsed = parseCameroonMobile(text);
  if (!parsed.ok) throw new HttpError(400, 'not_cameroon_mobile');
  return parsed.msisdn;
}

interface Interactive {
  type?: string;
  body?: { text?: string };
  action?: {
    buttons?: { reply?: { id?: string; title?: string } }[];
    button?: string;
    sections?: { rows?: { id?: string; title?: string }[] }[];
    parameters?: { flow_cta?: string };
  };
}

/** One message as the page shows it. */
export function shownMessage(message: PlayedMessage): ShownMessage {
  const body = message.body;
  if (body.type === 'text') return { kind: 'text', text: String((body.text as { body?: unknown })?.body ?? '') };
  if (body.type === 'template') {
    const template = body.template as { name?: string; components?: { parameters?: { text?: string }[] }[] };
    const values = (template.components ?? []).flatMap((c) => c.parameters ?? []).map((p) => p.text ?? '');
    return { kind: 'template', text: `Template ${template.name ?? ''}: ${values.join(' · ')}` };
  }
  const interactive = (body.interactive ?? {}) as Interactive;
  const text = interactive.body?.text ?? '';
  const option = (o: { id?: string; title?: string } | undefined) => ({ id: o?.id ?? '', title: o?.title ?? '' });
  if (interactive.type === 'button') {
    return { kind: 'buttons', text, options: (interactive.action?.buttons ?? []).map((b) => option(b.reply)) };
  }
  if (interactive.type === 'list') {
    const rows = (interactive.action?.sections ?? []).flatMap((s) => s.rows ?? []);
    return { kind: 'list', text, button: interactive.action?.button ?? '', options: rows.map(option) };
  }
  if (interactive.type === 'flow') return { kind: 'form', text, cta: interactive.action?.parameters?.flow_cta ?? '' };
  return { kind: 'text', text };
}
