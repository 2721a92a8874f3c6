/**
 * Where Orange Money posts its notifications: `POST <callbackBaseUrl>/<reference>` with `{payToken, status,
 * message}`. Orange does not sign them, so anyone could post one: it is only a hint that the payment for the
 * reference may have changed, handed to the RailCallbackHandler, which asks the rail's `status` before anything
 * moves. The answer is 200 at once, whatever the body: Orange does not need to know, and a slow handler must not
 * make it wait (nor retry). The body is not even parsed: nothing in it is used.
 */
import express, { type Router } from 'express';
import type { RailCallbackHandler } from '../../domain/paymentRail';

export interface OrangeMoneyCallbackRouteOptions {
  onCallback: RailCallbackHandler;
  /** Told of a handler's failure (to log it); the reconciler finds the payment later anyway. */
  onError?: (error: unknown, reference: string) => void;
}

// Our references are ledger ids and short references: anything longer or stranger is not ours.
const REFERENCE = /^[A-Za-z0-9_.:-]{1,128}$/;

/** The router to mount at the path ORANGE_MONEY_CALLBACK_BASE_URL points to. */
export function orangeMoneyCallbackRoute(options: OrangeMoneyCallbackRouteOptions): Router {
  const router = express.Router();
  router.post('/:reference', (req, res) => {
    const reference = req.params.reference;
    res.status(200).json({ received: true });
    if (!REFERENCE.test(reference)) return;
    void Promise.resolve()
      .then(() => options.onCallback({ reference, rail: 'orange_money' }))
      .catch((error: unknown) => options.onError?.(error, reference));
  });
  return router;
}
