/**
 * The route Notch Pay posts its webhooks to. It reads the raw body (the signature covers the exact bytes, so no
 * JSON parser may run before it), checks `x-notch-signature`, and hands the payment's reference to the rail
 * callback handler, which asks Notch Pay for the status before anything is credited: a webhook is only a hint.
 *
 * A forged, missing or altered signature gets 401 and nothing else happens. A valid webhook without a reference
 * we can read (an event about something else) gets 200, so Notch Pay does not retry it. A handler that fails gets
 * 500, so Notch Pay sends it again; a repeated webhook calls the handler again, which is harmless (settling a
 * payment twice does nothing the second time).
 *
 * Mount it before any JSON body parser: `app.use('/webhooks/notch-pay', notchPayWebhookRouter({…}))`.
 */
import express, { Router } from 'express';
import type { RailCallbackHandler } from '../../domain/paymentRail';
import { isValidNotchPaySignature, NOTCH_SIGNATURE_HEADER } from './webhookSignature';

export interface NotchPayWebhookOptions {
  /** The webhook's hash key (a secret). */
  hashKey: string;
  /** Called with the reference we sent (`merchant_reference`), maybe the short one: map it before settling. */
  onCallback: RailCallbackHandler;
  /** Told of refused or failed webhooks, without the body or the signature. */
  onProblem?: (problem: { reason: 'bad_signature' | 'unreadable' | 'handler_failed'; error?: unknown }) => void;
}

/** The largest webhook body read; Notch Pay's are a few kilobytes. */
const MAX_BODY = '64kb';

/**
 * The reference we gave Notch Pay, from a webhook body. Events carry the payment in `data`; Notch Pay's own
 * reference (`trx.…`) is `data.reference` in one version of its documentation, where ours is
 * `data.merchant_reference` (or `trxref`); another version shows ours as `data.reference`. So ours is
 * `merchant_reference`, then `trxref`, then `reference` unless it looks like Notch Pay's own.
 */
export function referenceOf(payload: unknown): string | undefined {
  if (payload === null || typeof payload !== 'object') return undefined;
  const data = (payload as { data?: unknown }).data;
  if (data === null || typeof data !== 'object') return undefined;
  const fields = data as Record<string, unknown>;
  for (const name of ['merchant_reference', 'trxref']) {
    const value = fields[name];
    if (typeof value === 'string' && value !== '') return value;
  }
  const reference = fields.reference;
  return typeof reference === 'string' && reference !== '' && !reference.startsWith('trx.') ? reference : undefined;
}

/** The webhook route, with its own raw body parser. */
export function notchPayWebhookRouter(options: NotchPayWebhookOptions): Router {
  const router = Router();
  router.post('/', express.raw({ type: '*/*', limit: MAX_BODY }), async (req, res) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (!isValidNotchPaySignature(raw, req.get(NOTCH_SIGNATURE_HEADER), options.hashKey)) {
      options.onProblem?.({ reason: 'bad_signature' });
      res.status(401).json({ error: 'invalid signature' });
      return;
    }
    let payload: unknown;
    try {
      payload = JSON.parse(raw.toString('utf8'));
    } catch {
      options.onProblem?.({ reason: 'unreadable' });
      res.status(400).json({ error: 'unreadable body' });
      return;
    }
    const reference = referenceOf(payload);
    if (reference === undefined) {
      res.status(200).json({ ok: true, ignored: true });
      return;
    }
    try {
      await options.onCallback({ reference, rail: 'card' });
    } catch (error) {
      options.onProblem?.({ reason: 'handler_failed', error });
      res.status(500).json({ error: 'not processed' });
      return;
    }
    res.status(200).json({ ok: true });
  });
  return router;
}
