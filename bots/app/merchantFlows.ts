/**
 * Binds the merchant conversations' service placeholders (flows/merchantServices.ts) to the merchant services:
 * merchants (who owns which), the team (who acts for which, in what role), merchant requests (asking a customer to
 * pay, the paid payments), orders (the payments under one order reference) and refunds. `MerchantChatServices` says
 * exactly what the chat needs of each, so the services plug in as they are.
 *
 * Every action is checked here, on the person's role as the team has it at that moment (`team.memberOf`), never
 * on what the conversation was shown when it started: a member removed or changed meanwhile is refused at their
 * next action, and nothing is asked of the services.
 */
import { fromPromise } from 'xstate';
import type { MerchantCategory, MerchantStatus } from '../../domain/merchants/merchant';
import type { Msisdn } from '../../domain/phone';
import type { RequestStatus } from '../../domain/paymentRequests/paymentRequestResults';
import { can, type Permissions } from '../../domain/merchants/team/roles';
import { parseShortReference } from '../../domain/shortReference';
import { merchantAccountMachine, merchantAccountVersion } from '../../flows/merchantAccount';
import { merchantMenuMachine, merchantMenuVersion } from '../../flows/merchantMenu';
import { merchantOrderMachine, merchantOrderVersion } from '../../flows/merchantOrder';
import { merchantRefundMachine, merchantRefundVersion } from '../../flows/merchantRefund';
import { merchantRequestMachine, merchantRequestVersion } from '../../flows/merchantRequest';
import type {
  CreateMerchantRequestRefusal,
  CreateMerchantRequestResult,
  CreateMerchantRequestInput,
  FindPaymentInput,
  FoundPayment,
  MerchantSummary,
  OpenMerchantRefusal,
  OrderRefund,
  OrderStatus,
  OrderStatusInput,
  Refused,
  RefundPaymentInput,
  RefundPaymentRefusal,
  RefundPaymentResult,
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
  /** The cash point it was made at; null: none. */
  cashPointId: string | null;
}

/** The merchant a number acts for, as the merchants service gives it. */
interface ChatMerchant {
  _id: string;
  name: string;
  category: MerchantCategory;
  status: MerchantStatus;
}

/** What the merchant conversations need of the merchant services. */
export interface MerchantChatServices {
  merchants: {
    ofOwner(owner: Msisdn): Promise<ChatMerchant | null>;
    get(id: string): Promise<ChatMerchant | null>;
    open(input: {
      owner: Msisdn;
      name: string;
      category: MerchantCategory;
    }): Promise<
      | { ok: true; merchant: { _id: string; name: string }; created: boolean }
      | { ok: false; reason: OpenMerchantRefusal }
    >;
  };
  /** Who acts for a merchant now (the owner or an active member, with their role), and for which merchants. */
  team: {
    memberOf(merchantId: string, msisdn: Msisdn): Promise<(Permissions & { merchantId: string }) | null>;
    merchantsOf(msisdn: Msisdn): Promise<(Permissions & { merchantId: string })[]>;
  };
  cashPoints: { list(merchantId: string): Promise<{ _id: string; name: string }[]> };
  merchantRequests: {
    create(input: {
      merchantId: string;
      id: string;
      payer: Msisdn;
      amount: number;
      orderReference?: string;
      reason?: string;
      source: 'chat';
      cashPointId?: string;
      cashier?: Msisdn;
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
    refund(input: {
      merchantId: string;
      requestId: string;
      id: string;
      amount?: number;
      requestedBy?: Msisdn;
    }): Promise<
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

/** The role the owner acts in: everything, on no cash point, with no limit of its own. */
const OWNER: Permissions = { role: 'owner', cashPointId: null, refundLimit: null };

/** The actors the merchant flows call, over the merchant services. */
export function merchantActors(services: MerchantChatServices) {
  const { merchants, team, cashPoints, merchantRequests, orders, refunds, shortReferences } = services;

  const summary = async (merchant: ChatMerchant, acting: Permissions): Promise<MerchantSummary> => {
    const { role, cashPointId, refundLimit } = acting;
    const cashPoint = cashPointId ? (await cashPoints.list(merchant._id)).find((c) => c._id === cashPointId) : null;
    const { name, category, status } = merchant;
    return {
      id: merchant._id,
      name,
      category,
      status,
      role,
      cashPointId,
      refundLimit,
      cashPointName: cashPoint?.name ?? null,
    };
  };

  // The business a number acts for: its own first. A number in several teams (and owning none) acts for the first
  // team the store lists; kept simple on purpose: choosing among them is not offered in chat.
  const merchantOf = async (msisdn: Msisdn): Promise<MerchantSummary | null> => {
    const owned = await merchants.ofOwner(msisdn);
    if (owned) return summary(owned, OWNER);
    const [membership] = (await team.merchantsOf(msisdn)).filter((m) => m.role !== 'owner');
    const merchant = membership ? await merchants.get(membership.merchantId) : null;
    return merchant && membership ? summary(merchant, membership) : null;
  };

  // Opening a business is its owner's: the business a person acts for as a team member does not count.
  const ownMerchant = async (msisdn: Msisdn): Promise<MerchantSummary | null> => {
    const owned = await merchants.ofOwner(msisdn);
    return owned && summary(owned, OWNER);
  };

  const found = async (payment: ChatPaymentView): Promise<FoundPayment> => ({
    requestId: payment.requestId,
    shortReference: payment.shortReference,
    amount: payment.amount,
    refundable: await refunds.refundable(payment.requestId),
    // A refund goes back to who paid: for a payment by mobile money, the number the rail collected from.
    payer: payment.paidFrom ?? payment.payer,
    cashPointId: payment.cashPointId,
  });

  /** Whether a payment is one the member may see: a cashier, only their cash point's. */
  const visibleTo = (member: Permissions) => (payment: { cashPointId: string | null }) =>
    can(member, 'payments', 'read', { cashPointId: payment.cashPointId }).ok;

  /** Reads the member as the team has them now, and whether their role allows the action at all. */
  const acting = async (
    merchantId: string,
    by: Msisdn,
    needs: ['payments', 'read' | 'manage'] | ['refunds', 'manage'],
  ): Promise<{ ok: true; member: Permissions } | { ok: false; reason: Refused['refused'] }> => {
    const member = await team.memberOf(merchantId, by);
    if (!member) return { ok: false, reason: 'NOT_A_MEMBER' };
    // On their own cash point and for nothing: only the role decides here; the payment and amount come later.
    const allowed = can(member, needs[0], needs[1], { cashPointId: member.cashPointId, amount: 0 });
    return allowed.ok ? { ok: true, member } : allowed;
  };

  return {
    merchantOf: fromPromise<MerchantSummary | null, { msisdn: Msisdn }>(({ input }) => merchantOf(input.msisdn)),
    ownMerchant: fromPromise<MerchantSummary | null, { msisdn: Msisdn }>(({ input }) => ownMerchant(input.msisdn)),
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
    createMerchantRequest: fromPromise<CreateMerchantRequestResult, CreateMerchantRequestInput>(async ({ input }) => {
      const { by, ...request } = input;
      const allowed = await acting(input.merchantId, by, ['payments', 'manage']);
      if (!allowed.ok) return allowed;
      const { member } = allowed;
      // A cashier collects at their cash point: the request says where, and who made it.
      const atCashPoint =
        member.role === 'cashier' && member.cashPointId ? { cashPointId: member.cashPointId, cashier: by } : {};
      const result = await merchantRequests.create({ ...request, ...atCashPoint, source: 'chat' });
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
      // The other reasons (a malformed id, an unknown merchant) are faults of ours, not the person's input.
      if (!isCreateRefusal(result.reason)) throw new Error(`merchant request refused: ${result.reason}`);
      return { ok: false, reason: result.reason };
    }),
    // A cashier is shown their cash point's payments only, and what was paid and refunded of those.
    orderStatus: fromPromise<OrderStatus | Refused | null, OrderStatusInput>(async ({ input }) => {
      const allowed = await acting(input.merchantId, input.by, ['payments', 'read']);
      if (!allowed.ok) return { refused: allowed.reason };
      const order = await orders.status(input.merchantId, input.orderReference);
      if (!order) return null;
      const payments = order.payments.filter(visibleTo(allowed.member));
      if (payments.length === 0) return null;
      const refundLists = await Promise.all(payments.map((p) => refunds.refundsOf(p.requestId)));
      const refundLines: OrderRefund[] = refundLists.flat().map((r) => ({
        shortReference: r.shortReference,
        amount: r.amount,
        status: r.status,
      }));
      return {
        orderReference: order.orderReference,
        paidAmount: payments.filter((p) => p.status === 'paid').reduce((sum, p) => sum + p.amount, 0),
        payments: payments.map((p) => ({
          shortReference: p.shortReference,
          requestId: p.requestId,
          amount: p.amount,
          status: p.status,
          payer: p.payer,
          at: p.createdAt,
        })),
        refunds: refundLines,
      };
    }),
    // A short reference is looked for among the recent paid payments; anything else is an order reference, whose
    // newest paid payment the person may see is the one refunded. A cashier naming another cash point's payment is
    // told so rather than that it does not exist.
    findPayment: fromPromise<FoundPayment | Refused | null, FindPaymentInput>(async ({ input }) => {
      const allowed = await acting(input.merchantId, input.by, ['refunds', 'manage']);
      if (!allowed.ok) return { refused: allowed.reason };
      const mine = visibleTo(allowed.member);
      let payment: ChatPaymentView | null = null;
      if (parseShortReference(input.reference)) {
        const named = await shortReferences.resolve(input.reference);
        const byReference = named?.startsWith(REQUEST_REFERENCE_PREFIX)
          ? await merchantRequests.byRequestId(named.slice(REQUEST_REFERENCE_PREFIX.length))
          : null;
        if (byReference?.merchantId === input.merchantId && byReference.status === 'paid') payment = byReference;
      }
      if (!payment) {
        const order = await orders.status(input.merchantId, input.reference);
        const paid = order?.payments.filter((p) => p.status === 'paid') ?? [];
        payment = paid.find(mine) ?? paid[0] ?? null;
      }
      if (!payment) return null;
      return mine(payment) ? found(payment) : { refused: 'OTHER_CASH_POINT' };
    }),
    // The last check before money moves: the member as they are now, on this payment's cash point, for this amount.
    refundPayment: fromPromise<RefundPaymentResult, RefundPaymentInput>(async ({ input }) => {
      const { by, cashPointId, ...refund } = input;
      const member = await team.memberOf(input.merchantId, by);
      if (!member) return { ok: false, reason: 'NOT_A_MEMBER' };
      const allowed = can(member, 'refunds', 'manage', { cashPointId, amount: input.amount });
      if (!allowed.ok) {
        return allowed.reason === 'ABOVE_REFUND_LIMIT'
          ? { ok: false, reason: allowed.reason, refundLimit: member.refundLimit ?? 0 }
          : allowed;
      }
      return refunds.refund({ ...refund, requestedBy: by });
    }),
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
      machine: merchantAccountMachine.provide({
        actors: { merchantOf: a.ownMerchant, openMerchant: a.openMerchant },
      }),
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
