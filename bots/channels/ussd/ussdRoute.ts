/**
 * The USSD gateway's webhook as an Express router: form-encoded `sessionId`, `serviceCode`, `phoneNumber`,
 * `networkCode` and `text` in, `text/plain` `CON <screen>` or `END <screen>` out. Mount it with
 * `app.use('/webhooks/ussd', ussdRouter({ conversations, sessions }))`; it parses its own body.
 *
 * The gateway's `text` holds every input of the session, PINs included: nothing here logs or stores it.
 */
import express, { type Router } from 'express';
import { UssdChannel, UssdRequestError, type UssdChannelOptions, type UssdRequest } from './ussdChannel';

export interface UssdRouterOptions extends UssdChannelOptions {
  /** Told of faults (the database, a bug) after the person was answered with an apology; never given the text. */
  onError?: (error: unknown, context: { sessionId: string }) => void;
}

/** The router answering `POST /` with USSD screens (mounted at `/webhooks/ussd` by the HTTP server). */
export function ussdRouter(options: UssdRouterOptions): Router {
  const channel = new UssdChannel(options);
  const router = express.Router();
  router.post('/', express.urlencoded({ extended: false, limit: '8kb' }), async (req, res) => {
    const request = requestOf(req.body);
    if (!request) {
      res.status(400).type('text/plain').send('END');
      return;
    }
    try {
      const answer = await channel.answer(request);
      res.type('text/plain').send(`${answer.close ? 'END' : 'CON'} ${answer.screen}`);
    } catch (error) {
      if (error instanceof UssdRequestError) {
        res.status(400).type('text/plain').send('END');
        return;
      }
      options.onError?.(error, { sessionId: request.sessionId });
      const apology = channel.technicalProblem();
      res.type('text/plain').send(`END ${apology.screen}`);
    }
  });
  return router;
}

/** The request's fields, or null when a required one is missing or repeated; `text` may be absent on the dial. */
function requestOf(body: unknown): UssdRequest | null {
  if (typeof body !== 'object' || body === null) return null;
  const fields = body as Record<string, unknown>;
  const field = (name: string, required: boolean): string | null => {
    const value = fields[name];
    if (value === undefined) return required ? null : '';
    return typeof value === 'string' && value.length <= 1000 ? value : null;
  };
  const sessionId = field('sessionId', true);
  const phoneNumber = field('phoneNumber', true);
  const serviceCode = field('serviceCode', false);
  const networkCode = field('networkCode', false);
  const text = field('text', false);
  if (!sessionId || !phoneNumber || serviceCode === null || networkCode === null || text === null) return null;
  return { sessionId, phoneNumber, serviceCode, networkCode, text };
}
