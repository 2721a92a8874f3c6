/**
 * The routes the payment providers call, on the product's HTTP app (PORT, PUBLIC_URL): MTN MoMo's callbacks, Orange
 * Money's notifications, Notch Pay's signed webhook, and the page the payer's browser returns to from the card page.
 * Each is only a hint handed to `RailPayments.onRailCallback`, which asks the rail's status before any money moves:
 * a forged, late or repeated call costs one status call and changes nothing.
 *
 * Notch Pay signs the exact bytes of its body, and the product's app parses bodies before any route
 * (bots/channels/http/bodies.ts): the webhook router is given the raw bytes that parser kept.
 */
import express, { type Router } from 'express';
import type { RailPayments } from '../../domain/railPayments/railPayments';
import { mtnMomoCallbackRouter } from '../../integrations/mtnMomo/callbackRoute';
import type { NotchPayReferences } from '../../integrations/notchPay/referenceStore';
import { notchPayWebhookRouter } from '../../integrations/notchPay/webhookRoute';
import { orangeMoneyCallbackRoute } from '../../integrations/orangeMoney/callbackRoute';
import { rawBodyOf } from '../channels/http/bodies';
import type { HttpChannel } from '../channels/http/server';
import { cardReturnPage } from './cardReturnPage';
import { notchPayCredentials, type NotchPayCredentialSettings } from './railCredentials';
import {
  CARD_RETURN_PATH,
  MTN_MOMO_CALLBACK_PATH,
  NOTCH_PAY_WEBHOOK_PATH,
  ORANGE_MONEY_CALLBACK_PATH,
} from './paymentRailsSetup';

export interface RailCallbackOptions {
  railPayments: Pick<RailPayments, 'onRailCallback'>;
  notchPayReferences: Pick<NotchPayReferences, 'transferOf'>;
  /** The key Notch Pay's webhooks are signed with (a secret). */
  notchPayWebhookHashKey: string;
  /** Told of a callback that could not be handled or was refused: for the logs (never a body or a signature). */
  onProblem?: (route: string, problem: string, error?: unknown) => void;
}

/** The routes for the product's services, with the webhook's key from the settings (or the development one). */
export function productRailCallbackRoutes(
  services: {
    railPayments: RailCallbackOptions['railPayments'];
    notchPayReferences: RailCallbackOptions['notchPayReferences'];
  },
  settings: NotchPayCredentialSettings,
  onProblem?: RailCallbackOptions['onProblem'],
): HttpChannel[] {
  return railCallbackRoutes({
    railPayments: services.railPayments,
    notchPayReferences: services.notchPayReferences,
    notchPayWebhookHashKey: notchPayCredentials(settings).webhookHashKey,
    ...(onProblem === undefined ? {} : { onProblem }),
  });
}

/** Every route, with the path it is mounted at. */
export function railCallbackRoutes(options: RailCallbackOptions): HttpChannel[] {
  const { railPayments, notchPayReferences, onProblem } = options;
  // The card's hint names the reference Notch Pay got (maybe the short one): ours is the transfer it maps to.
  const cardHint = async (reference: string) => {
    const transfer = await notchPayReferences.transferOf(reference);
    if (transfer !== undefined) await railPayments.onRailCallback({ reference: transfer, rail: 'card' });
  };
  return [
    {
      path: MTN_MOMO_CALLBACK_PATH,
      router: mtnMomoCallbackRouter({
        handler: (callback) => railPayments.onRailCallback(callback),
        onError: (error) => onProblem?.(MTN_MOMO_CALLBACK_PATH, 'handler_failed', error),
      }),
    },
    {
      path: ORANGE_MONEY_CALLBACK_PATH,
      router: orangeMoneyCallbackRoute({
        onCallback: (callback) => railPayments.onRailCallback(callback),
        onError: (error) => onProblem?.(ORANGE_MONEY_CALLBACK_PATH, 'handler_failed', error),
      }),
    },
    {
      path: NOTCH_PAY_WEBHOOK_PATH,
      router: withRawBody(
        notchPayWebhookRouter({
          hashKey: options.notchPayWebhookHashKey,
          onCallback: ({ reference }) => cardHint(reference),
          onProblem: ({ reason, error }) => onProblem?.(NOTCH_PAY_WEBHOOK_PATH, reason, error),
        }),
      ),
    },
    {
      path: CARD_RETURN_PATH,
      router: cardReturnPage({
        // The browser's return names the payment too: one more hint, in case the webhook is late or lost.
        onReturn: (reference) =>
          void cardHint(reference).catch((error: unknown) => onProblem?.(CARD_RETURN_PATH, 'handler_failed', error)),
      }),
    },
  ];
}

/**
 * The router, seeing the body as the raw bytes received when the app's parsers already read it (their copy is
 * kept for signatures); where no parser ran, the router reads the body itself.
 */
function withRawBody(router: Router): Router {
  const outer = express.Router();
  outer.use((req, _res, next) => {
    const raw = rawBodyOf(req);
    if (raw !== undefined) req.body = raw;
    next();
  });
  outer.use(router);
  return outer;
}
