/**
 * The message that asks for a PIN through a WhatsApp Flow (Meta's "interactive flow message"): a form inside
 * WhatsApp whose answer is not a chat message, so the PIN never enters the person's chat history or backups. It
 * carries a `flow_token` of our own, single use and short-lived, standing for the person and the step that asks
 * (pinFlowTokens in ports.ts); the form's answer reaches our data endpoint (pinFlowEndpoint.ts) with it.
 *
 * Shape (Meta's "Sending a Flow" reference): `{type: "interactive", interactive: {type: "flow", body: {text},
 * action: {name: "flow", parameters: {flow_message_version: "3", flow_token, flow_id, flow_cta, flow_action:
 * "navigate", flow_action_payload: {screen}}}}}`. `navigate` opens the PIN screen at once, with no request to the
 * endpoint first (`data_exchange` would make WhatsApp ask the endpoint for the first screen: it is answered too).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Language } from '../../../domain/users';
import { CLOUD_LIMITS, cloudText, shorten, type CloudMessage } from './cloudRenderer';

/** The screen of the PIN form (its Flow JSON is in docs/channels.md); its one field is `pin`. */
export const PIN_SCREEN = 'PIN';

/** A new flow token: 24 random bytes, URL-safe. */
export function newFlowToken(): string {
  return randomBytes(24).toString('base64url');
}

/** What is stored and compared: the token's sha256, so the database never holds a usable token. */
export function flowTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The flow message whose body is the step's question (the text that would have gone alone). */
export function pinFlowMessage(options: {
  body: string;
  flowId: string;
  token: string;
  language: Language;
}): CloudMessage {
  return {
    type: 'interactive',
    interactive: {
      type: 'flow',
      body: { text: shorten(options.body, CLOUD_LIMITS.interactiveBody) },
      action: {
        name: 'flow',
        parameters: {
          flow_message_version: '3',
          flow_token: options.token,
          flow_id: options.flowId,
          flow_cta: shorten(cloudText('whatsappCloud.pinFlowButton', options.language), CLOUD_LIMITS.flowCta),
          flow_action: 'navigate',
          flow_action_payload: { screen: PIN_SCREEN },
        },
      },
    },
  };
}
