/**
 * The pay pages served where npm start serves them: on the product's port, beside the providers' simulators, their
 * callback routes and the card return page (useProduct's loopback server), with the pay links pointing there. A
 * card payer then goes from the pay page to the Notch Pay simulator's checkout and back on one origin, as on PORT.
 *
 * Why a PaymentRequests of its own: useProduct's services link to PUBLIC_URL or PORT (3000 in tests, where nothing
 * listens, and other tests read that link). This one shares everything else with the product: its ledger, people,
 * outbox, stores and rail payments (the real MTN MoMo, Orange Money and Notch Pay clients). Built after the
 * product's, it is also told when a pay page's payment ends (RailPayments.whenFinished tells every listener): it
 * records the end on the same request in the same database, as the product's does (the second record changes nothing).
 */
import { payPageChannel } from '../../../bots/pages/pay/payRoute';
import type { PayByLink } from '../../../domain/paymentRequests/payByLink';
import { PaymentRequests } from '../../../domain/paymentRequests/paymentRequests';
import { MongoPayLinkStore } from '../../../integrations/mongo/payLinkStore';
import { MongoPaymentRequestStore } from '../../../integrations/mongo/paymentRequestStore';
import type { useProduct } from '../../support/chat';

export interface PayPagesOnPort {
  /** Where the product's port is served: `http://127.0.0.1:<port>`; the pay links are `<url>/pay/<token>`. */
  readonly url: string;
  readonly requests: PaymentRequests;
  readonly pages: PayByLink;
}

/** Serves the pay pages on the product's loopback server in a beforeAll (call after useProduct). */
export function usePayPagesOnPort(
  product: ReturnType<typeof useProduct>,
  options: { refreshSeconds: number },
): PayPagesOnPort {
  let requests: PaymentRequests | undefined;
  beforeAll(() => {
    const { connection } = product.db;
    const { ledger, people, outbox, railPayments } = product.services;
    requests = new PaymentRequests({
      ledger,
      store: new MongoPaymentRequestStore(connection),
      users: people,
      notifier: outbox,
      shortReferences: product.services.shortReferences,
      payLinks: { store: new MongoPayLinkStore(connection), railPayments, publicUrl: product.simulators.url },
    });
    const pages = requests.byLink;
    if (!pages) throw new Error('the pay pages need the rails');
    product.simulators.mount([payPageChannel({ pages, refreshSeconds: options.refreshSeconds })]);
  });
  return {
    get url() {
      return product.simulators.url;
    },
    get requests() {
      if (!requests) throw new Error('use the pay pages inside a test');
      return requests;
    },
    get pages() {
      return this.requests.byLink!;
    },
  };
}
