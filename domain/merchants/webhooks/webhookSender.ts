/** Port: what sends one signed delivery over HTTP (integrations/webhooks/httpWebhookSender.ts). */

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** Why no answer came. */
export type WebhookSendError = 'timeout' | 'refused' | 'blocked_address' | 'invalid_url' | 'network';

/** What came back: an answer (any status), or no answer. Never thrown: every outcome is a value. */
export type WebhookSendResult =
  | { answered: true; status: number; body: string; durationMs: number }
  | { answered: false; error: WebhookSendError; message: string; durationMs: number };

export interface WebhookSender {
  send(request: WebhookRequest): Promise<WebhookSendResult>;
}
