/**
 * The route MTN MoMo calls back when a payment ends: `PUT` or `POST /<reference>` (MTN's docs ask integrators to
 * allow both), where the reference is the one we put in the X-Callback-Url (mtnMomoRail.ts), because MTN's body
 * may not carry it.
 *
 * MTN does not sign its callbacks, so the body is never read for what it says: the handler is told only that
 * something may have changed for the reference (`RailPayments.onRailCallback` asks MTN's status before moving any
 * money). The answer is 200 at once, before the handler's work: MTN times a callback out after about 2 s, and a
 * slow answer would change nothing anyway. A forged or repeated callback costs one status call.
 */
import express, { type Router } from 'express';
import type { RailCallbackHandler } from '../../domain/paymentRail';

// Our references are short (`topup:<key>`); anything longer is not one of ours and is not passed on.
const MAX_REFERENCE_LENGTH = 200;

export interface MtnMomoCallbackRouteOptions {
  handler: RailCallbackHandler;
  /** Told when the handler fails (after the answer was sent): for the logs. */
  onError?: (error: unknown, reference: string) => void;
}

/** An express Router to mount where the callback base URL points, e.g. `app.use('/callbacks/mtn-momo', router)`. */
export function mtnMomoCallbackRouter(options: MtnMomoCallbackRouteOptions): Router {
  const router = express.Router();
  // The body is drained (any type, small) but never used.
  router.use(express.raw({ type: () => true, limit: '64kb' }));
  const receive: express.RequestHandler<{ reference: string }> = (req, res) => {
    res.status(200).end();
    const reference = req.params.reference;
    if (!reference || reference.length > MAX_REFERENCE_LENGTH) return;
    void Promise.resolve()
      .then(() => options.handler({ reference, rail: 'mtn_momo' }))
      .catch((error: unknown) => options.onError?.(error, reference));
  };
  router.put('/:reference', receive);
  router.post('/:reference', receive);
  return router;
}
