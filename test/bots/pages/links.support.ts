/**
 * The merchant pages (payment links, invoices) served where the pay pages are, on the product's loopback server
 * (usePayPagesOnPort), with a merchant whose account is open in the ledger. Merchant requests are made through the
 * port bound to PaymentRequests directly (the merchants' own request service is another part's).
 */
import { mountMerchantPages } from '../../../bots/pages/links/merchantPages';
import { Invoices } from '../../../domain/merchants/invoices/invoices';
import type { Merchant } from '../../../domain/merchants/merchant';
import type { CreateMerchantRequest, MerchantRequestStatus } from '../../../domain/merchants/merchantRequestPort';
import { PaymentLinks } from '../../../domain/merchants/paymentLinks/paymentLinks';
import type { PaymentRequests } from '../../../domain/paymentRequests/paymentRequests';
import { ensureInvoiceIndexes, MongoInvoiceStore } from '../../../integrations/mongo/invoiceStore';
import { ensurePaymentLinkIndexes, MongoPaymentLinkStore } from '../../../integrations/mongo/paymentLinkStore';
import type { useProduct } from '../../support/chat';
import { aMerchant, RecordedEvents } from '../../domain/merchants/paymentLinks.support';
import { usePayPagesOnPort } from './payPagesOnPort';

/** The request port bound to PaymentRequests: a merchant request and its pay page. */
export function requestPortsOf(
  requests: () => PaymentRequests,
  merchants: Map<string, Merchant>,
): { createRequest: CreateMerchantRequest; requestStatus: MerchantRequestStatus } {
  return {
    createRequest: async (input) => {
      const merchant = merchants.get(input.merchantId)!;
      const made = await requests().create({
        id: input.id,
        requester: { kind: 'merchant', merchantId: merchant._id, name: merchant.name, contact: merchant.owner },
        payer: input.payer,
        amount: input.amount,
        reason: input.reason,
        merchant: { orderReference: input.orderReference, source: input.source, sourceId: input.sourceId },
      });
      if (!made.ok) return { ok: false, reason: made.reason };
      return { ok: true, requestId: made.request._id, payUrl: await requests().byLink!.linkFor(made.request) };
    },
    requestStatus: async (id) => (await requests().get(id))?.status ?? null,
  };
}

/** Serves the link and invoice pages beside the pay pages; call after useProduct. */
export function useMerchantPages(product: ReturnType<typeof useProduct>) {
  const events = new RecordedEvents();
  const payPages = usePayPagesOnPort(product, { refreshSeconds: 1 });
  const merchants = new Map<string, Merchant>();
  const merchant = aMerchant();
  merchants.set(merchant._id, merchant);
  let links: PaymentLinks | undefined;
  let invoices: Invoices | undefined;
  beforeAll(async () => {
    const { connection } = product.db;
    await ensurePaymentLinkIndexes(connection);
    await ensureInvoiceIndexes(connection);
    await product.services.ledger.openAccount(merchant.account, 'merchant');
    const ports = requestPortsOf(() => payPages.requests, merchants);
    const shared = {
      merchants: { getMerchant: async (id: string) => merchants.get(id) ?? null },
      ...ports,
      publicUrl: payPages.url,
    };
    links = new PaymentLinks({ store: new MongoPaymentLinkStore(connection), ...shared });
    invoices = new Invoices({
      store: new MongoInvoiceStore(connection),
      notifier: product.services.outbox,
      events,
      ...shared,
    });
    product.simulators.mount(mountMerchantPages({ paymentLinks: links, invoices }));
  });
  return {
    merchant,
    events,
    payPages,
    get links() {
      return links!;
    },
    get invoices() {
      return invoices!;
    },
  };
}

/** GET over real HTTP, redirects not followed. */
export async function get(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers, redirect: 'manual' });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

/** POST a form over real HTTP, redirects not followed. */
export async function post(url: string, form: Record<string, string>) {
  const response = await fetch(url, { method: 'POST', body: new URLSearchParams(form), redirect: 'manual' });
  return { status: response.status, location: response.headers.get('location'), body: await response.text() };
}

/** Pays a pay page (`/pay/<token>`) by MTN MoMo from the sandbox number that approves. */
export async function payByMomo(payUrl: string): Promise<void> {
  const posted = await post(`${payUrl}?lang=en`, { rail: 'mtn_momo', number: '677 12 34 54' });
  if (posted.status !== 303) throw new Error(`the pay page refused: ${posted.status} ${posted.body}`);
}
