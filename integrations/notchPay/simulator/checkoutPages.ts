/**
 * The simulator's hosted checkout page, where the payer types a card as on Notch Pay's: plain server-rendered HTML
 * forms, no script at all (its Content-Security-Policy allows scripts from itself only, and it serves none).
 * Steps: choose the card and type it (`POST …/card`) → a 3-D Secure page asking a one-time code (`POST …/3ds`) →
 * a redirect to the merchant's `callback` with `reference`, `trxref`, `notchpay_trxref` and `status` in the
 * query (the parameters integrators read; unconfirmed beyond `reference`). A declined card skips 3-D Secure and
 * returns at once with `status=failed`; "Cancel" returns with `status=canceled`. The card number is checked in memory and forgotten: only its brand and last four digits
 * are kept, and nothing about it is logged.
 */
import express, { Router, type Request, type Response } from 'express';
import { checkCard, TEST_CARDS, THREE_DS_CODE } from './testCards';
import { OPEN_STATUSES, type SimulatedNotchPayment, type SimulatedPayments } from './simulatedPayments';

/** What the pages need from the simulator. */
export interface CheckoutContext {
  payments: SimulatedPayments;
  clock: () => Date;
  /** The payment as it is now, after expiring it if its time is up. */
  current(payment: SimulatedNotchPayment): Promise<SimulatedNotchPayment>;
  /** Called once when a payment reaches a final status (sends the webhook). */
  ended(payment: SimulatedNotchPayment): void;
}

const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; base-uri 'none'; frame-ancestors 'none'";

const STYLE = `body{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.3rem}.amount{font-size:1.6rem;font-weight:600}label{display:block;margin:.8rem 0 .2rem}
input[type=text]{width:100%;padding:.5rem;font-size:1rem;box-sizing:border-box}button{margin-top:1rem;padding:.6rem 1.2rem;font-size:1rem}
.error{color:#a40000;font-weight:600}.cards{font-size:.85rem;color:#444}.cards code{font-size:.9rem}
.result{font-size:1.2rem;font-weight:600}fieldset{border:1px solid #ccc}`;

/** The checkout routes, to mount inside the simulator's router (they parse their own forms). */
export function checkoutRouter(context: CheckoutContext): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '8kb' });
  router.use('/checkout', (_req, res, next) => {
    res.set({ 'Content-Security-Policy': CSP, 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
    next();
  });

  router.get('/checkout.css', (_req, res) => void res.type('text/css').send(STYLE));

  router.get('/checkout/:id', async (req, res) => {
    const payment = await find(context, req, res);
    if (!payment) return;
    if (!isOpen(payment)) return void res.send(resultPage(req, payment));
    if (payment.status === 'processing') return void res.redirect(303, `${pathOf(req, payment)}/3ds`);
    res.send(cardPage(req, payment));
  });

  router.post('/checkout/:id/card', form, async (req, res) => {
    const payment = await find(context, req, res);
    if (!payment) return;
    if (payment.status !== 'pending') return void res.redirect(303, pathOf(req, payment));
    const fields = req.body as Record<string, unknown>;
    const text = (name: string) => (typeof fields[name] === 'string' ? (fields[name] as string) : '');
    if (text('method') !== 'card') return void res.status(400).send(cardPage(req, payment, 'Choose a card.'));
    const card = checkCard({ number: text('number'), expiry: text('expiry'), cvc: text('cvc') }, context.clock());
    if (!card.ok) {
      const problem = { number: 'Check the card number.', expiry: 'Check the expiry date.', cvc: 'Check the CVV.' };
      return void res.status(400).send(cardPage(req, payment, problem[card.problem]));
    }
    const kept = { card: { brand: card.brand, last4: card.last4 } };
    if (card.outcome !== 'approved') {
      const failed = await context.payments.transition(payment._id, ['pending'], 'failed', context.clock(), kept);
      if (failed) context.ended(failed);
      return void finish(req, res, failed ?? payment);
    }
    await context.payments.transition(payment._id, ['pending'], 'processing', context.clock(), kept);
    res.redirect(303, `${pathOf(req, payment)}/3ds`);
  });

  router.get('/checkout/:id/3ds', async (req, res) => {
    const payment = await find(context, req, res);
    if (!payment) return;
    if (payment.status !== 'processing') return void res.redirect(303, pathOf(req, payment));
    res.send(threeDsPage(req, payment));
  });

  router.post('/checkout/:id/3ds', form, async (req, res) => {
    const payment = await find(context, req, res);
    if (!payment) return;
    if (payment.status !== 'processing') return void res.redirect(303, pathOf(req, payment));
    const code = (req.body as Record<string, unknown>).code;
    const passed = typeof code === 'string' && code.trim() === THREE_DS_CODE;
    const ended = await context.payments.transition(
      payment._id,
      ['processing'],
      passed ? 'complete' : 'failed',
      context.clock(),
    );
    if (ended) context.ended(ended);
    finish(req, res, ended ?? payment);
  });

  router.post('/checkout/:id/cancel', async (req, res) => {
    const payment = await find(context, req, res);
    if (!payment) return;
    const canceled = await context.payments.transition(payment._id, OPEN_STATUSES, 'canceled', context.clock());
    if (canceled) context.ended(canceled);
    finish(req, res, canceled ?? payment);
  });

  return router;
}

async function find(context: CheckoutContext, req: Request, res: Response): Promise<SimulatedNotchPayment | null> {
  const id = String(req.params.id);
  const payment = /^[A-Za-z0-9]{16,64}$/.test(id) ? await context.payments.byCheckoutId(id) : null;
  if (!payment) {
    res.status(404).send(page(req, 'Payment not found', '<p>This payment link is not valid.</p>'));
    return null;
  }
  return context.current(payment);
}

function isOpen(payment: SimulatedNotchPayment): boolean {
  return (OPEN_STATUSES as readonly string[]).includes(payment.status);
}

function pathOf(req: Request, payment: SimulatedNotchPayment): string {
  return `${req.baseUrl}/checkout/${payment.checkoutId}`;
}

/** Back to the merchant with the outcome in the query, or to the result page when there is no callback. */
function finish(req: Request, res: Response, payment: SimulatedNotchPayment): void {
  const target = returnUrl(payment);
  res.redirect(303, target ?? pathOf(req, payment));
}

function returnUrl(payment: SimulatedNotchPayment): string | undefined {
  if (!payment.callback) return undefined;
  const url = new URL(payment.callback);
  url.searchParams.set('reference', payment.merchantReference);
  url.searchParams.set('trxref', payment.merchantReference);
  url.searchParams.set('notchpay_trxref', payment._id);
  url.searchParams.set('status', payment.status);
  return url.toString();
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function page(req: Request, title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escape(title)} · Notch Pay (simulator)</title><link rel="stylesheet" href="${req.baseUrl}/checkout.css"></head>
<body><p>Notch Pay · <strong>simulator</strong></p>${body}</body></html>`;
}

function summary(payment: SimulatedNotchPayment): string {
  const amount = `${new Intl.NumberFormat('fr-FR').format(payment.amount)} ${payment.currency === 'XAF' ? 'FCFA' : payment.currency}`;
  return `<h1>${escape(payment.description ?? 'Payment')}</h1><p class="amount">${escape(amount)}</p>
<p>Reference <code>${escape(payment.merchantReference)}</code></p>`;
}

function cardPage(req: Request, payment: SimulatedNotchPayment, error?: string): string {
  const action = pathOf(req, payment);
  const cards = TEST_CARDS.map((c) => `<li><code>${c.number}</code> ${escape(c.label)}</li>`).join('');
  return page(
    req,
    'Pay',
    `${summary(payment)}${error ? `<p class="error" role="alert">${escape(error)}</p>` : ''}
<form method="post" action="${action}/card" autocomplete="off">
<fieldset><legend>Payment method</legend>
<label><input type="radio" name="method" value="card" checked> Bank card (Visa, Mastercard)</label>
<label><input type="radio" name="method" value="mobile_money" disabled> Mobile Money (not simulated here)</label></fieldset>
<label for="number">Card number</label><input type="text" id="number" name="number" inputmode="numeric" placeholder="4242 4242 4242 4242">
<label for="expiry">Expiry (MM/YY)</label><input type="text" id="expiry" name="expiry" placeholder="12/30">
<label for="cvc">CVV</label><input type="text" id="cvc" name="cvc" inputmode="numeric" placeholder="123">
<button type="submit">Pay</button></form>
<form method="post" action="${action}/cancel"><button type="submit">Cancel</button></form>
<div class="cards"><p>Test cards (any future expiry, any 3-digit CVV; any other valid number is declined):</p><ul>${cards}</ul>
<p>3-D Secure code: <code>${THREE_DS_CODE}</code> passes, any other code fails.</p></div>`,
  );
}

function threeDsPage(req: Request, payment: SimulatedNotchPayment): string {
  const card = payment.card ? `${payment.card.brand} ending ${payment.card.last4}` : 'your card';
  return page(
    req,
    '3-D Secure',
    `${summary(payment)}<h2>3-D Secure</h2><p>Your bank sent a one-time code for ${escape(card)}.</p>
<form method="post" action="${pathOf(req, payment)}/3ds" autocomplete="off">
<label for="code">One-time code</label><input type="text" id="code" name="code" inputmode="numeric">
<button type="submit">Confirm</button></form><p class="cards">Test code: <code>${THREE_DS_CODE}</code></p>`,
  );
}

function resultPage(req: Request, payment: SimulatedNotchPayment): string {
  const back = returnUrl(payment);
  return page(
    req,
    'Payment',
    `${summary(payment)}<p class="result" role="status">Payment ${escape(payment.status)}</p>
${back ? `<p><a href="${escape(back)}">Return to the merchant</a></p>` : ''}`,
  );
}
