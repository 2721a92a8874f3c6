/**
 * Payment links and invoices as the product runs them: on their MongoDB stores, their customers told through the
 * outbox, their events recorded with the merchant's other events, and the requests their pages make bound to the
 * merchant request service (the merchant's checks, limits and events apply to them as to any merchant request).
 */
import type { Connection } from 'mongoose';
import { Invoices } from '../../domain/merchants/invoices/invoices';
import type { MerchantEventRecorder } from '../../domain/merchants/merchantEvent';
import { merchantRequestId } from '../../domain/merchants/merchantPaymentView';
import type {
  CancelMerchantRequest,
  CreateMerchantRequest,
  MerchantRequestStatus,
} from '../../domain/merchants/merchantRequestPort';
import type { MerchantRequests } from '../../domain/merchants/merchantRequests';
import type { Merchants } from '../../domain/merchants/merchants';
import { PaymentLinks } from '../../domain/merchants/paymentLinks/paymentLinks';
import type { Notifier } from '../../domain/notifier';
import type { PaymentRequests } from '../../domain/paymentRequests/paymentRequests';
import type { PaymentRequest, RequestStep } from '../../domain/paymentRequests/paymentRequestStore';
import { ensureInvoiceIndexes, MongoInvoiceStore } from '../../integrations/mongo/invoiceStore';
import { ensurePaymentLinkIndexes, MongoPaymentLinkStore } from '../../integrations/mongo/paymentLinkStore';

/** The two services, as Services carries them. */
export interface LinkInvoiceServices {
  paymentLinks: PaymentLinks;
  invoices: Invoices;
}

/** What links and invoices are built on: the merchant services, the outbox and the merchant events. */
export interface LinkInvoiceDependencies {
  merchants: Merchants;
  merchantRequests: MerchantRequests;
  paymentRequests: PaymentRequests;
  notifier: Notifier;
  events: MerchantEventRecorder;
  /** Where the pages are served (PUBLIC_URL, else this machine's PORT). */
  publicUrl: string;
  clock?: (() => Date) | undefined;
}

/** The ports links and invoices make and read requests through, bound to the merchant request service. */
export function merchantRequestPorts(
  deps: Pick<LinkInvoiceDependencies, 'merchants' | 'merchantRequests'> & {
    paymentRequests: Pick<PaymentRequests, 'cancel'>;
  },
): {
  createRequest: CreateMerchantRequest;
  requestStatus: MerchantRequestStatus;
  cancelRequest: CancelMerchantRequest;
} {
  const { merchants, merchantRequests, paymentRequests } = deps;
  return {
    createRequest: async (input) => {
      const made = await merchantRequests.create({
        merchantId: input.merchantId,
        id: input.id,
        payer: input.payer,
        amount: input.amount,
        reason: input.reason,
        ...(input.orderReference === null ? {} : { orderReference: input.orderReference }),
        source: input.source,
        sourceId: input.sourceId,
      });
      if (!made.ok) return made;
      // Pay pages are always on in the product (services.ts gives PaymentRequests its pay links).
      if (made.payment.payUrl === null) return { ok: false, reason: 'NO_PAY_PAGE' };
      return { ok: true, requestId: made.payment.requestId, payUrl: made.payment.payUrl };
    },
    requestStatus: async (requestId, merchantId) => (await merchantRequests.get(merchantId, requestId))?.status ?? null,
    cancelRequest: async ({ merchantId, requestId }) => {
      const merchant = await merchants.get(merchantId);
      if (!merchant) return;
      // A request that already ended stays as it ended: cancel refuses it, and that is fine here.
      await paymentRequests.cancel({
        requestId: merchantRequestId(merchantId, requestId),
        requester: merchant.account,
      });
    },
  };
}

/** Builds payment links and invoices (indexes created first). */
export async function createLinkInvoiceServices(
  connection: Connection,
  deps: LinkInvoiceDependencies,
): Promise<LinkInvoiceServices> {
  await Promise.all([ensurePaymentLinkIndexes(connection), ensureInvoiceIndexes(connection)]);
  const ports = merchantRequestPorts(deps);
  const merchants = { getMerchant: (id: string) => deps.merchants.get(id) };
  const clock = deps.clock === undefined ? {} : { clock: deps.clock };
  const paymentLinks = new PaymentLinks({
    store: new MongoPaymentLinkStore(connection),
    merchants,
    createRequest: ports.createRequest,
    requestStatus: ports.requestStatus,
    publicUrl: deps.publicUrl,
    ...clock,
  });
  const invoices = new Invoices({
    store: new MongoInvoiceStore(connection),
    merchants,
    ...ports,
    notifier: deps.notifier,
    events: deps.events,
    publicUrl: deps.publicUrl,
    ...clock,
  });
  return { paymentLinks, invoices };
}

/**
 * What a merchant request's end means for an invoice: a paid request made from an invoice's page records the
 * invoice's events now (paid, or partially paid), whoever reads the invoice later. Safe to repeat, as onEnded is.
 */
export async function invoiceRequestEnded(
  invoices: Pick<Invoices, 'requestPaid'>,
  request: PaymentRequest,
  step: RequestStep,
): Promise<void> {
  const facts = request.merchant;
  if (step.kind !== 'paid' || facts?.source !== 'invoice' || !facts.sourceId) return;
  await invoices.requestPaid(facts.sourceId);
}
