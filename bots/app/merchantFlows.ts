/**
 * Binds the merchant conversations' service placeholders (flows/merchantServices.ts) to the merchant services:
 * merchants (who owns which), merchant requests (asking a customer to pay, the paid payments), orders (the
 * payments under one order reference) and refunds. `MerchantChatServices` says exactly what the chat needs of
 * each, so the services plug in as they are.
 */
import { fromPromise } from 'xstate';
import type { MerchantCategory, MerchantStatus } from '../../domain/merchants/merchant';
import type { Msisdn } from '../../domain/phone';
import type { RequestStatus } from '../../domain/paymentRequests/paymentRequestResults';
import { parseShortReference } from '../../domain/shortReference';
import { merchantAccountMachine, merchantAccountVersion } from '../../flows/merchantAccount';
import { merchantMenuMachine, merchantMenuVersion } from '../../flows/merchantMenu';
import { merchantOrderMachine, merchantOrderVersion } from '../../flows/merchantOrder';
import { merchantRefundMachine, merchantRefundVersion } from '../../flows/merchantRefund';
import { merchantRequestMachine, merchantRequestVersion } from '../../flows/merchantRequest';
import type {
  CreateMerchantRequestRefusal,
  CreateMerchantRequestResult,
  FoundPayment,
  MerchantSummary,
  OpenMerchantRefusal,
  OrderRefund,
  OrderStatus,
  RefundPaymentRefusal,
  RefundStatus,
} from '../../flows/merchantServices';
import type { checkPinActor } from '../../flows/steps';
import type { FlowDefinition } from '../runtime/conversations';

/** A merchant's payment request as the chat reads it. */
export interface ChatPaymentView {
  requestId: string;
  shortReference: string;
  payer: Msisdn;
  /** Who paid it: the payer's wallet, or the mobile-money number a rail collected from. */
  paidFrom: Msisdn | null;
  amount: number;
  orderReference: string | null;
  status: RequestStatus;
  createdAt: Date;
  payUrl: string | null;
}

/** What the merchant conversations need of the merchant services. */
export interface MerchantChatServices {
  merchants: {
    ofOwner(owner: Msisdn): Promise<{
      _id: string;
      name: string;
      category: MerchantCategory;
      status: MerchantStatus;
    } | null>;
    open(input: {
      owner: Msisdn;
      name: string;
      category: MerchantCategory;
    }): Promise<
      | { ok: true; merchant: { _id: string; name: string }; created: boolean }
      | { ok: false; reason: OpenMerchantRefusal }
    >;
  };
  merchantRequests: {
    create(input: {
      merchantId: string;
      id: string;
      payer: Msisdn;
      amount: number;
      orderReference?: string;
      reason?: string;
      source: 'chat';
    }): Promise<{ ok: true; payment: ChatPaymentView } | { ok: false; reason: string }>;
    /** A merchant request by its full id (any merchant's: the caller checks whose). */
    byRequestId(requestId: string): Promise<(ChatPaymentView & { merchantId: string }) | null>;
  };
  /** What a typed short reference names (a request's is `preq:<request id>`). */
  shortReferences: { resolve(typed: string): Promise<string | null> };
  orders: {
    status(
      merchantId: string,
      orderReference: string,
    ): Promise<{ orderReference: string; paidAmount: number; payments: ChatPaymentView[] } | null>;
  };
  refunds: {
    refund(input: { merchantId: string; requestId: string; id: string; amount?: number }): Promise<
      | {
          ok: true;
          refund: {
            shortReference: string;
            amount: number;
            status: RefundStatus;
            destination: 'wallet' | 'mobile_money';
          };
        }
      | { ok: false; reason: RefundPaymentRefusal }
    >;
    refundsOf(requestId: string): Promise<{ shortReference: string; amount: number; status: RefundStatus }[]>;
    /** What is left to refund of a paid request. */
    refundable(requestId: string): Promise<number>;
  };
}

/** What a payment request's short reference is reserved under (paymentRequests.ts): `preq:<request id>`. */
const REQUEST_REFERENCE_PREFIX = 'preq:';

const CREATE_REFUSALS: ReadonlySet<string> = new Set<CreateMerchantRequestRefusal>([
  'INVALID_AMOUNT',
  'REASON_TOO_LONG',
  'SAME_ACCOUNT',
  'CONFLICT',
  'MERCHANT_SUSPENDED',
  'ABOVE_PAYMENT_LIMIT',
  'ABOVE_DAILY_LIMIT',
  'INVALID_ORDER_REFERENCE',
]);

function isCreateRefusal(reason: string): reason is CreateMerchantRequestRefusal {
  return CREATE_REFUSALS.has(reason);
}

/** The actors the merchant flows call, over the merchant services. */
export function merchantActors(services: MerchantChatServices) {
  const { merchants, merchantRequests, orders, refunds, shortReferences } = services;

  const merchantOf = async (msisdn: Msisdn): Promise<MerchantSummary | null> => {
    const merchant = await merchants.ofOwner(msisdn);
    return merchant && { id: merchant._id, name: merchant.name, category: merchant.category, status: merchant.status };
  };

  const found = async (payment: ChatPaymentView): Promise<FoundPayment> => ({
    requestId: payment.requestId,
    shortReference: payment.shortReference,
    amount: payment.amount,
    refundable: await refunds.refundable(payment.requestId),
    // A refund goes back to who paid: for a payment by mobile money, the number the rail collected from.
    payer: payment.paidFrom ?? payment.payer,
  });

  return {
    merchantOf: fromPromise<MerchantSummary | null, { msisdn: Msisdn }>(({ input }) => merchantOf(input.msisdn)),
    openMerchant: fromPromise(
      async ({ input }: { input: { owner: Msisdn; name: string; category: MerchantCategory } }) => {
        const result = await merchants.open(input);
        return result.ok
          ? {
              ok: true as const,
              merchant: { id: result.merchant._id, name: result.merchant.name },
              created: result.created,
            }
          : result;
      },
    ),
    createMerchantRequest: fromPromise(
      async ({
        input,
      }: {
        input: {
          merchantId: string;
          id: string;
          payer: Msisdn;
          amount: number;
          orderReference?: string;
          reason?: string;
        };
      }): Promise<CreateMerchantRequestResult> => {
        const result = await merchantRequests.create({ ...input, source: 'chat' });
        if (result.ok) {
          const p = result.payment;
          return {
            ok: true,
            payment: {
              shortReference: p.shortReference,
              amount: p.amount,
              payer: p.payer,
              orderReference: p.orderReference,
              payUrl: p.payUrl,
            },
          };
        }
        // The other reasons (a malformed id, an unknown merchant) are faults of ours, not the owner's input.
        if (!isCreateRefusal(result.reason)) throw new Error(`merchant request refused: ${result.reason}`);
        return { ok: false, reason: result.reason };
      },
    ),
    orderStatus: fromPromise(
      async ({ input }: { input: { merchantId: string; orderReference: string } }): Promise<OrderStatus | null> => {
        const order = await orders.status(input.merchantId, input.orderReference);
        if (!order) return null;
        const refundLists = await Promise.all(order.payments.map((p) => refunds.refundsOf(p.requestId)));
        const refundLines: OrderRefund[] = refundLists.flat().map((r) => ({
          shortReference: r.shortReference,
          amount: r.amount,
          status: r.status,
        }));
        return {
          orderReference: order.orderReference,
          paidAmount: order.paidAmount,
          payments: order.payments.map((p) => ({
            shortReference: p.shortReference,
            requestId: p.requestId,
            amount: p.amount,
            status: p.status,
            payer: p.payer,
            at: p.createdAt,
          })),
          refunds: refundLines,
        };
      },
    ),
    // A short reference is looked for among the recent paid payments; anything else is an order reference, whose
    // newest paid payment is the one refunded.
    findPayment: fromPromise(
      async ({ input }: { input: { merchantId: string; reference: string } }): Promise<FoundPayment | null> => {
        if (parseShortReference(input.reference)) {
          const named = await shortReferences.resolve(input.reference);
          const payment = named?.startsWith(REQUEST_REFERENCE_PREFIX)
            ? await merchantRequests.byRequestId(named.slice(REQUEST_REFERENCE_PREFIX.length))
            : null;
          if (payment?.merchantId === input.merchantId && payment.status === 'paid') return found(payment);
        }
        const order = await orders.status(input.merchantId, input.reference);
        const paid = order?.payments.find((p) => p.status === 'paid');
        return paid ? found(paid) : null;
      },
    ),
    refundPayment: fromPromise(
      ({ input }: { input: { merchantId: string; requestId: string; id: string; amount?: number } }) =>
        refunds.refund(input),
    ),
  };
}

/** The five merchant flows, bound to the merchant services and the PIN check. */
export function provideMerchantFlows(
  services: MerchantChatServices,
  checkPin: typeof checkPinActor,
): Record<'merchantMenu' | 'merchantAccount' | 'merchantRequest' | 'merchantOrder' | 'merchantRefund', FlowDefinition> {
  const a = merchantActors(services);
  return {
    merchantMenu: {
      version: merchantMenuVersion,
      machine: merchantMenuMachine.provide({ actors: { merchantOf: a.merchantOf } }),
    },
    merchantAccount: {
      version: merchantAccountVersion,
      machine: merchantAccountMachine.provide({ actors: { merchantOf: a.merchantOf, openMerchant: a.openMerchant } }),
    },
    merchantRequest: {
      version: merchantRequestVersion,
      machine: merchantRequestMachine.provide({
        actors: { merchantOf: a.merchantOf, createMerchantRequest: a.createMerchantRequest },
      }),
    },
    merchantOrder: {
      version: merchantOrderVersion,
      machine: merchantOrderMachine.provide({ actors: { merchantOf: a.merchantOf, orderStatus: a.orderStatus } }),
    },
    merchantRefund: {
      version: merchantRefundVersion,
      machine: merchantRefundMachine.provide({
        actors: {
          merchantOf: a.merchantOf,
          findPayment: a.findPayment,
          refundPayment: a.refundPayment,
          checkPin,
        },
      }),
    },
  };
}
