/**
 * What a WhatsApp Cloud API webhook says, read from Meta's payload: `{object, entry: [{id, changes: [{field,
 * value: {messaging_product, metadata: {phone_number_id, display_phone_number}, contacts, messages, statuses}}]}]}`.
 * A delivery may hold several messages and statuses, for our number or (one app, several numbers) for another.
 * Only the fields this channel uses are validated; Meta adds fields at any time and those are ignored. A message or
 * status whose shape is not understood is skipped (the rest of the delivery still counts): refusing the whole
 * delivery would only make Meta repeat it for days.
 */
import { z } from 'zod';
import type { DeliveryStatus } from '../../runtime/outbox/ports';

const message = z.object({
  from: z.string().min(1),
  id: z.string().min(1),
  timestamp: z.string().optional(),
  type: z.string(),
  text: z.object({ body: z.string() }).optional(),
  interactive: z
    .object({
      type: z.string(),
      button_reply: z.object({ id: z.string() }).optional(),
      list_reply: z.object({ id: z.string() }).optional(),
    })
    .optional(),
  // A quick-reply button of a template message: its payload, like an interactive reply's id.
  button: z.object({ payload: z.string().optional(), text: z.string().optional() }).optional(),
  contacts: z
    .array(z.object({ phones: z.array(z.object({ phone: z.string().optional(), wa_id: z.string().optional() })) }))
    .optional(),
});

const status = z.object({
  id: z.string().min(1),
  status: z.string(),
  timestamp: z.string().optional(),
  errors: z.array(z.object({ code: z.number() })).optional(),
});

const webhookBody = z.object({
  object: z.string(),
  entry: z.array(
    z.object({
      changes: z.array(
        z.object({
          field: z.string().optional(),
          value: z.object({
            metadata: z.object({ phone_number_id: z.string() }).optional(),
            // Each item on its own: one Meta changes the shape of is skipped, never the whole delivery with it.
            messages: z.array(z.unknown()).optional(),
            statuses: z.array(z.unknown()).optional(),
          }),
        }),
      ),
    }),
  ),
});

/** What a person's message holds, as the runtime takes it (a contact: its number, typed as text). */
export type CloudContent =
  { type: 'text'; text: string } | { type: 'choice'; optionId: string } | { type: 'unsupported' };

export type CloudEvent =
  | { kind: 'message'; phoneNumberId: string | undefined; wamid: string; from: string; at: Date; content: CloudContent }
  | {
      kind: 'status';
      phoneNumberId: string | undefined;
      wamid: string;
      status: DeliveryStatus;
      at: Date;
      errorCode?: number;
    };

const DELIVERY_STATUSES: ReadonlySet<string> = new Set<DeliveryStatus>(['sent', 'delivered', 'read', 'failed']);

// Messages nobody needs an answer to: a reaction to one of ours, WhatsApp's notice that the person changed number,
// a message the person deleted.
const IGNORED_TYPES = new Set(['reaction', 'system', 'ephemeral', 'revoke', 'request_welcome']);

/** The events of one webhook body, in order; null when it is not a WhatsApp Business Account payload. */
export function cloudEvents(body: unknown, clock: () => Date): CloudEvent[] | null {
  const parsed = webhookBody.safeParse(body);
  if (!parsed.success || parsed.data.object !== 'whatsapp_business_account') return null;
  const events: CloudEvent[] = [];
  for (const entry of parsed.data.entry) {
    for (const change of entry.changes) {
      const phoneNumberId = change.value.metadata?.phone_number_id;
      for (const item of change.value.messages ?? []) {
        const read = message.safeParse(item);
        if (!read.success) continue;
        const m = read.data;
        if (IGNORED_TYPES.has(m.type)) continue;
        // A Flow form closed (`nfm_reply`): its answer already reached the data endpoint and ran there.
        if (m.type === 'interactive' && m.interactive?.type === 'nfm_reply') continue;
        events.push({
          kind: 'message',
          phoneNumberId,
          wamid: m.id,
          from: m.from,
          at: timeOf(m.timestamp, clock),
          content: contentOf(m),
        });
      }
      for (const item of change.value.statuses ?? []) {
        const read = status.safeParse(item);
        // Other statuses (e.g. `deleted`, `warning`) say nothing about a delivery we track.
        if (!read.success || !DELIVERY_STATUSES.has(read.data.status)) continue;
        const s = read.data;
        const errorCode = s.errors?.[0]?.code;
        events.push({
          kind: 'status',
          phoneNumberId,
          wamid: s.id,
          status: s.status as DeliveryStatus,
          at: timeOf(s.timestamp, clock),
          ...(errorCode === undefined ? {} : { errorCode }),
        });
      }
    }
  }
  return events;
}

function contentOf(m: z.infer<typeof message>): CloudContent {
  if (m.type === 'text') {
    const text = m.text?.body ?? '';
    return text.trim() === '' ? { type: 'unsupported' } : { type: 'text', text };
  }
  if (m.type === 'interactive') {
    const id = m.interactive?.button_reply?.id ?? m.interactive?.list_reply?.id;
    return id === undefined ? { type: 'unsupported' } : { type: 'choice', optionId: id };
  }
  if (m.type === 'button') {
    const id = m.button?.payload ?? m.button?.text;
    return id === undefined ? { type: 'unsupported' } : { type: 'choice', optionId: id };
  }
  if (m.type === 'contacts') {
    // The number WhatsApp knows the contact by (wa_id, international digits), else the number as the phone shows it:
    // typed on as text, the flow reads it as any typed number and says what is wrong with a foreign one.
    const phone = m.contacts?.flatMap((c) => c.phones)[0];
    const number = phone?.wa_id ? `+${phone.wa_id}` : phone?.phone;
    return number ? { type: 'text', text: number } : { type: 'unsupported' };
  }
  // Images, voice notes, videos, documents, stickers, locations, orders, Meta's own `unsupported`…
  return { type: 'unsupported' };
}

/** Meta's timestamps are Unix seconds as a string; the time we received it when there is none. */
function timeOf(timestamp: string | undefined, clock: () => Date): Date {
  const seconds = timestamp === undefined ? Number.NaN : Number(timestamp);
  return Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : clock();
}
