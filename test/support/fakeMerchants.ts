/**
 * A hand-written stand-in for the merchant services the merchant conversations call (and the PIN check): one
 * merchant owned by Alice unless told otherwise, answers set per test, every call recorded. `actors()` gives the
 * actors to `provide` to any merchant flow (each takes the ones it names).
 */
import { fromPromise } from 'xstate';
import type { PinCheck } from '../../domain/people';
import type { Msisdn } from '../../domain/phone';
import type {
  CreateMerchantRequestInput,
  CreateMerchantRequestRefusal,
  CreateMerchantRequestResult,
  FindPaymentInput,
  FoundPayment,
  MerchantOfInput,
  MerchantSummary,
  OpenMerchantInput,
  OpenMerchantRefusal,
  OpenMerchantResult,
  OrderStatus,
  OrderStatusInput,
  RefundPaymentInput,
  RefundPaymentRefusal,
  RefundPaymentResult,
  Refused,
} from '../../flows/merchantServices';
import { alice } from './flowHarness';

export const PIN = '2468';
export const WRONG_PIN = '1357';
export const LOCKED_UNTIL = new Date('2030-05-01T10:15:00Z');
export const CUSTOMER = '237699112233' as Msisdn;
export const CUSTOMER_SHOWN = '+237 6 99 11 22 33';

export const SHOP: MerchantSummary = {
  id: 'm_abcdefghjkmnpqrs',
  name: 'Boutique Alice',
  category: 'retail',
  status: 'active',
  role: 'owner',
  cashPointId: null,
  refundLimit: null,
  cashPointName: null,
};

export const PAID_PAYMENT: FoundPayment = {
  requestId: 'mr_m_abcdefghjkmnpqrs_R123',
  shortReference: 'K7MX3QPRT',
  amount: 15_000,
  refundable: 15_000,
  payer: CUSTOMER,
  cashPointId: null,
};

/** An answer set by a test: a refusal reason, an Error thrown, or 'ok'. The last one of a list repeats. */
type Answer<R extends string> = R | Error | 'ok';

function next<T>(answers: T[]): T {
  return answers.length > 1 ? answers.shift()! : answers[0]!;
}

export class FakeMerchants {
  readonly lookups: MerchantOfInput[] = [];
  readonly opened: OpenMerchantInput[] = [];
  readonly created: CreateMerchantRequestInput[] = [];
  readonly orderReads: OrderStatusInput[] = [];
  readonly finds: FindPaymentInput[] = [];
  readonly refunded: RefundPaymentInput[] = [];
  readonly pinChecks: { msisdn: Msisdn; pin: string }[] = [];

  /** Alice's merchant (null: she has none). */
  merchant: MerchantSummary | null = SHOP;
  merchantOfFails = false;
  openAnswers: Answer<OpenMerchantRefusal | 'existing'>[] = ['ok'];
  createAnswers: Answer<CreateMerchantRequestRefusal>[] = ['ok'];
  payUrl: string | null = 'https://pay.example/p/tok123';
  order: OrderStatus | null = null;
  payment: FoundPayment | null = PAID_PAYMENT;
  refundAnswers: Answer<RefundPaymentRefusal>[] = ['ok'];
  refundStatus: 'pending' | 'processed' | 'failed' = 'processed';
  refundDestination: 'wallet' | 'mobile_money' = 'wallet';
  pinLocked = false;

  actors() {
    return {
      merchantOf: fromPromise<MerchantSummary | null, MerchantOfInput>(async ({ input }) => {
        this.lookups.push(input);
        if (this.merchantOfFails) throw new Error('merchants unavailable');
        return input.msisdn === alice.msisdn ? this.merchant : null;
      }),
      openMerchant: fromPromise<OpenMerchantResult, OpenMerchantInput>(async ({ input }) => {
        this.opened.push(input);
        const answer = next(this.openAnswers);
        if (answer instanceof Error) throw answer;
        if (answer === 'existing') return { ok: true, merchant: { id: SHOP.id, name: SHOP.name }, created: false };
        if (answer !== 'ok') return { ok: false, reason: answer };
        return { ok: true, merchant: { id: 'm_new0000000000000', name: input.name }, created: true };
      }),
      createMerchantRequest: fromPromise<CreateMerchantRequestResult, CreateMerchantRequestInput>(async ({ input }) => {
        this.created.push(input);
        const answer = next(this.createAnswers);
        if (answer instanceof Error) throw answer;
        if (answer !== 'ok') return { ok: false, reason: answer };
        return {
          ok: true,
          payment: {
            shortReference: 'P4Q5R6S7T',
            amount: input.amount,
            payer: input.payer,
            orderReference: input.orderReference ?? null,
            payUrl: this.payUrl,
          },
        };
      }),
      orderStatus: fromPromise<OrderStatus | Refused | null, OrderStatusInput>(async ({ input }) => {
        this.orderReads.push(input);
        return this.order;
      }),
      findPayment: fromPromise<FoundPayment | Refused | null, FindPaymentInput>(async ({ input }) => {
        this.finds.push(input);
        return this.payment;
      }),
      refundPayment: fromPromise<RefundPaymentResult, RefundPaymentInput>(async ({ input }) => {
        this.refunded.push(input);
        const answer = next(this.refundAnswers);
        if (answer instanceof Error) throw answer;
        if (answer !== 'ok') return { ok: false, reason: answer };
        return {
          ok: true,
          refund: {
            shortReference: 'RF2345678',
            amount: input.amount ?? this.payment?.refundable ?? 0,
            status: this.refundStatus,
            destination: this.refundDestination,
          },
        };
      }),
      checkPin: fromPromise<PinCheck, { msisdn: Msisdn; pin: string }>(async ({ input }) => {
        this.pinChecks.push(input);
        if (this.pinLocked) return { ok: false, reason: 'PIN_LOCKED', until: LOCKED_UNTIL };
        return input.pin === PIN ? { ok: true } : { ok: false, reason: 'WRONG_PIN', triesLeft: 2 };
      }),
    };
  }
}
