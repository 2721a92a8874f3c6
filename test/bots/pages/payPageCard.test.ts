/**
 * A card payment on the pay page over real HTTP: the form sends the payer to the card rail's hosted checkout page
 * (a 303 to the page the rail answered), the rail is told to bring the payer back to the pay page, and the page
 * waits for the rail's outcome and then shows it paid. The card rail is the simulated one with a checkout page, as
 * a hosted checkout answers (Notch Pay's own client and simulator are tested in test/integrations/notchPay/).
 */
import { Metrics } from '../../../bots/channels/http/metrics';
import { createHttpApp } from '../../../bots/channels/http/server';
import { ChannelTurns } from '../../../bots/channels/http/turns';
import { payPageChannel } from '../../../bots/pages/pay/payRoute';
import type { PaymentRail, RailAcceptance, RailRequest } from '../../../domain/paymentRail';
import { PaymentRequests } from '../../../domain/paymentRequests/paymentRequests';
import type { Msisdn } from '../../../domain/phone';
import { RailPayments } from '../../../domain/railPayments/railPayments';
import { ensurePayLinkIndexes, MongoPayLinkStore } from '../../../integrations/mongo/payLinkStore';
import { MongoPaymentRequestStore } from '../../../integrations/mongo/paymentRequestStore';
import { MongoRailPaymentStore } from '../../../integrations/mongo/railPaymentStore';
import { SimulatedRail } from '../../../integrations/rails/simulatedRail';
import { eventually, useProduct } from '../../support/chat';
import { expectConsistent } from '../../support/ledger';
import { capturedLogs, serve } from '../channels/http/support';
import { balanceOf, noticesFor } from '../e2e.support';

const CHECKOUT = 'https://checkout.example.test/pay';

/** The simulated card rail answering a hosted checkout page per payment, as a card provider does. */
class HostedCheckoutRail implements PaymentRail {
  readonly asked: RailRequest[] = [];
  constructor(readonly inner: SimulatedRail) {}
  async requestPayment(request: RailRequest): Promise<RailAcceptance> {
    this.asked.push(request);
    const accepted = await this.inner.requestPayment(request);
    return accepted.ok ? { ok: true, checkoutUrl: `${CHECKOUT}/${encodeURIComponent(request.reference)}` } : accepted;
  }
  payout(request: RailRequest) {
    return this.inner.payout(request);
  }
  status(direction: 'collect' | 'payout', reference: string) {
    return this.inner.status(direction, reference);
  }
}

const product = useProduct();
const logs = capturedLogs();
let server: Awaited<ReturnType<typeof serve>>;
let requests: PaymentRequests;
let card: HostedCheckoutRail;

beforeAll(async () => {
  const { connection } = product.db;
  const { ledger, people, outbox } = product.services;
  await ensurePayLinkIndexes(connection);
  card = new HostedCheckoutRail(new SimulatedRail({ rail: 'card', delayMs: 40 }));
  const railPayments = new RailPayments({
    ledger,
    store: new MongoRailPaymentStore(connection),
    rails: { card },
    notifier: outbox,
    shortReferences: product.services.shortReferences,
  });
  const metrics = new Metrics({ processMetrics: false });
  const app = createHttpApp({
    turns: new ChannelTurns(product.conversations, metrics),
    readiness: async () => ({ ok: true, details: {} }),
    metrics,
    logger: logs.logger,
    channels: [
      payPageChannel({
        pages: {
          open: (token) => requests.byLink!.open(token),
          payByRail: (input) => requests.byLink!.payByRail(input),
        },
        refreshSeconds: 2,
      }),
    ],
  });
  server = await serve(app);
  requests = new PaymentRequests({
    ledger,
    store: new MongoPaymentRequestStore(connection),
    users: people,
    notifier: outbox,
    shortReferences: product.services.shortReferences,
    payLinks: { store: new MongoPayLinkStore(connection), railPayments, publicUrl: server.url },
  });
  card.inner.connect((callback) => railPayments.onRailCallback(callback));
});
afterAll(async () => {
  await server.close();
});
afterEach(() => expectConsistent(product.services.ledger.store));

it('sends a card payer to the checkout page, brings them back to the pay page, and shows it paid', async () => {
  const ama = await product.signedUp('237677540001', 'Ama Owusu');
  // A sandbox number ending in 4: the payer takes a while on the checkout page (ten times the rail's delay).
  const payer = '237677123454' as Msisdn;
  const created = await requests.create({
    id: 'card-on-the-pay-page',
    requester: { kind: 'wallet', msisdn: ama.msisdn },
    payer,
    amount: 15_000,
    reason: 'Couture',
  });
  expect(created.ok).toBe(true);
  const [sms] = await noticesFor(product, payer, 'en');
  const page = new URL(/http:\/\/\S+\/pay\/[A-Za-z0-9_-]{43}/.exec(sms ?? '')?.[0] ?? 'http://missing');
  expect(page.origin).toBe(server.url);

  const form = await (await fetch(`${page.href}?lang=en`)).text();
  expect(form).toContain('Fee: 450 FCFA. You pay 15 450 FCFA.');
  const posted = await fetch(`${page.href}?lang=en`, {
    method: 'POST',
    body: new URLSearchParams({ rail: 'card', number: '' }),
    redirect: 'manual',
  });
  expect(posted.status).toBe(303);
  const checkout = `${CHECKOUT}/${encodeURIComponent('preq:card-on-the-pay-page:1')}`;
  expect(posted.headers.get('location')).toBe(checkout);
  // The card page brings the payer back to the pay page; the rail collects amount and fee from the request's number.
  expect(card.asked).toEqual([expect.objectContaining({ returnUrl: page.href, amount: 15_450, msisdn: payer })]);
  // The page's policy lets its form lead to the checkout page (a redirect after a form obeys form-action).
  expect(posted.headers.get('content-security-policy')).toContain("form-action 'self' https:");

  // Back from the checkout before the rail's answer: the page offers the checkout again and waits.
  const back = await (await fetch(`${page.href}?lang=en`)).text();
  expect(back).toContain('Finish paying 15 450 FCFA on the card page.');
  expect(back).toContain(`href="${checkout.replace(/&/g, '&#38;')}"`);
  expect(back).toContain('<meta http-equiv="refresh" content="2" />');

  await eventually(async () => {
    expect(await (await fetch(`${page.href}?lang=en`)).text()).toContain('Paid. Ama Owusu has been told.');
  });
  expect((await balanceOf(product, ama.msisdn)).available).toBe(15_000);
  const told = await noticesFor(product, ama.msisdn, 'en');
  expect(told.filter((text) => text.includes('paid your request: 15 000 FCFA'))).toHaveLength(1);
});
