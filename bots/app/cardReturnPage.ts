/**
 * The page a payer's browser comes back to from the card provider's checkout (Notch Pay's `callback`,
 * `/payments/card/return?reference=…&status=…`). It promises nothing: the query is typed by whoever opens the URL,
 * so the page says the payment is being confirmed and that the chat will tell them how it ended, in French and in
 * English (we do not know who is reading). Static HTML, no script, no inline style.
 *
 * The reference in the query is passed on as a hint (the wallet moves only on the provider's status).
 */
import express, { type Router } from 'express';

// What we pass on: the references we send to Notch Pay (railPayments' short ones, transfer ids), nothing stranger.
const REFERENCE = /^[A-Za-z0-9_.:-]{1,128}$/;

const PAGE = `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Paiement en cours de confirmation / Payment being confirmed</title>
</head>
<body>
<main>
<section lang="fr">
<h1>Paiement en cours de confirmation</h1>
<p>Merci. Nous confirmons votre paiement par carte auprès de notre prestataire.</p>
<p>Vous pouvez fermer cette page : nous vous dirons dans la conversation si la recharge a réussi.</p>
</section>
<hr>
<section lang="en">
<h1>Payment being confirmed</h1>
<p>Thank you. We are confirming your card payment with our provider.</p>
<p>You can close this page: we will tell you in the chat whether the top-up succeeded.</p>
</section>
</main>
</body>
</html>
`;

export interface CardReturnOptions {
  /** Called with the reference the provider put in the return URL, if it looks like one of ours. */
  onReturn?: (reference: string) => void;
}

/** The return page's router, to mount at CARD_RETURN_PATH. */
export function cardReturnPage(options: CardReturnOptions = {}): Router {
  const router = express.Router();
  router.get('/', (req, res) => {
    const reference = [req.query.reference, req.query.trxref].find(
      (value): value is string => typeof value === 'string' && REFERENCE.test(value),
    );
    if (reference !== undefined) options.onReturn?.(reference);
    res.status(200).type('html').send(PAGE);
  });
  return router;
}
