/**
 * Meta's side of the WhatsApp Cloud API webhook, for the Graph API simulator and tests: the payloads it posts
 * (`{object: "whatsapp_business_account", entry: [{id, changes: [{field: "messages", value: {messaging_product,
 * metadata, contacts, messages | statuses}}]}]}`), signed as Meta signs them (`X-Hub-Signature-256: sha256=` and
 * the hex HMAC-SHA256 of the exact body with the app secret), and the verification GET it makes when a webhook is
 * configured.
 */
import { createHmac, randomBytes } from 'node:crypto';

/** Our business number as Meta names it in every payload. */
export interface BusinessNumber {
  phoneNumberId: string;
  displayPhoneNumber: string;
  /** The WhatsApp Business Account id (the entry's id). */
  accountId: string;
}

/** What a person sends, as in `value.messages[]` without `from`, `id` and `timestamp`. */
export type InboundContent =
  | { type: 'text'; text: { body: string } }
  | { type: 'interactive'; interactive: { type: 'button_reply'; button_reply: { id: string; title: string } } }
  | {
      type: 'interactive';
      interactive: { type: 'list_reply'; list_reply: { id: string; title: string; description?: string } };
    }
  | {
      type: 'contacts';
      contacts: { name: { formatted_name: string }; phones: { phone: string; wa_id?: string; type?: string }[] }[];
    }
  | { type: 'image'; image: { id: string; mime_type: string; sha256: string; caption?: string } }
  | { type: string; [field: string]: unknown };

export type StatusName = 'sent' | 'delivered' | 'read' | 'failed';

/** A new message id in Meta's form (its real ids encode a phone number; these are random). */
export function newWamid(): string {
  return `wamid.${randomBytes(24).toString('base64')}`;
}

function envelope(business: BusinessNumber, value: Record<string, unknown>) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: business.accountId,
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: business.displayPhoneNumber, phone_number_id: business.phoneNumberId },
              ...value,
            },
          },
        ],
      },
    ],
  };
}

/** The payload for a message a person (international digits) sent our number. */
export function inboundMessagePayload(
  business: BusinessNumber,
  message: { from: string; wamid: string; at: Date; name?: string; content: InboundContent },
) {
  return envelope(business, {
    contacts: [{ profile: { name: message.name ?? 'WhatsApp user' }, wa_id: message.from }],
    messages: [{ from: message.from, id: message.wamid, timestamp: unixSeconds(message.at), ...message.content }],
  });
}

/** The payload for a status of a message we sent. */
export function statusPayload(
  business: BusinessNumber,
  status: { wamid: string; status: StatusName; recipient: string; at: Date; errorCode?: number },
) {
  const errors =
    status.errorCode === undefined
      ? {}
      : { errors: [{ code: status.errorCode, title: `error ${status.errorCode}`, error_data: { details: '' } }] };
  return envelope(business, {
    statuses: [
      {
        id: status.wamid,
        status: status.status,
        timestamp: unixSeconds(status.at),
        recipient_id: status.recipient,
        ...errors,
      },
    ],
  });
}

/** The X-Hub-Signature-256 header Meta sends with this exact body. */
export function hubSignatureOf(appSecret: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;
}

/** Posts a payload to a webhook as Meta does: JSON, signed with the app secret. */
export async function postSignedWebhook(
  url: string,
  appSecret: string,
  payload: unknown,
  options: { timeoutMs?: number } = {},
): Promise<{ status: number }> {
  const body = JSON.stringify(payload);
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Hub-Signature-256': hubSignatureOf(appSecret, body) },
    body,
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
  });
  await response.arrayBuffer();
  return { status: response.status };
}

/**
 * The verification GET Meta makes when a webhook URL is saved: true when the URL answers 200 with the challenge
 * (the verify token matched).
 */
export async function verifyWebhook(url: string, verifyToken: string): Promise<boolean> {
  const challenge = String(randomBytes(4).readUInt32BE());
  const query = new URLSearchParams({
    'hub.mode': 'subscribe',
    'hub.verify_token': verifyToken,
    'hub.challenge': challenge,
  });
  const response = await fetch(`${url}?${query.toString()}`, { signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  return response.status === 200 && text === challenge;
}

function unixSeconds(at: Date): string {
  return String(Math.floor(at.getTime() / 1000));
}
