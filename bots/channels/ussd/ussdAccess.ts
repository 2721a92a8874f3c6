/**
 * Who may call the USSD route. Africa's Talking does not sign its callbacks, and a caller of this route speaks for
 * any phone number it names, so the gateway is configured with a callback URL carrying a secret key
 * (`…/webhooks/ussd?key=<USSD_CALLBACK_SECRET>`), compared in constant time. Anything else gets 403 and nothing
 * runs. (An IP allow-list in front of the server is a good second lock.)
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type Router } from 'express';

function digest(text: string): Buffer {
  // Hashing first makes the comparison constant-time whatever the lengths.
  return createHash('sha256').update(text).digest();
}

/** The USSD router behind the key check. */
export function ussdWithKey(secret: string, ussd: Router): Router {
  const expected = digest(secret);
  const router = express.Router();
  router.use((req, res, next) => {
    const key = typeof req.query.key === 'string' ? req.query.key : '';
    if (!timingSafeEqual(digest(key), expected)) {
      res.status(403).type('text/plain').send('END');
      return;
    }
    next();
  });
  router.use(ussd);
  return router;
}
