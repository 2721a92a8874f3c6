/**
 * A merchant's owner refunds a payment: the payment (by its short reference or its order reference), all that is
 * left or an amount, a confirmation, the PIN (money leaves the business); then the refund, and a receipt saying
 * where the money went. The one-line command (`refund K7M-X3Q-PRT 5000`) starts with the payment and the amount.
 * Anyone but an owner is told it is for merchants.
 *
 * The refund id is the idempotency key, made when the owner confirms, before the PIN: a repeated PIN, a retry or
 * a restart pays the refund once.
 */
import { randomUUID } from 'node:crypto';
import { assign, emit, fromPromise } from 'xstate';
import { parseAmount } from '../domain/money';
import { francsParam } from '../domain/notifications';
import { formatMsisdnForDisplay } from '../domain/phone';
import { end, inputText, menu, replyEvent, text, type FlowInput, type Reply } from './conversation';
import type { MessageKey } from './messages';
import {
  merchantOfActor,
  type FindPaymentInput,
  type FoundPayment,
  type MerchantSummary,
  type RefundPaymentInput,
  type RefundPaymentRefusal,
  type RefundPaymentResult,
} from './merchantServices';
import { notProvided } from './notProvided';
import {
  amountStep,
  askStep,
  confirmStep,
  finalStates,
  flowSetup,
  menuStep,
  option,
  pinStep,
  quietOutput,
  unsureStep,
} from './steps';
import { typedAmount } from './typedInput';

/** Bumped when a saved refund conversation could no longer be resumed by this machine. */
export const merchantRefundVersion = 1;

/** A payment reference is one word (a short reference may be typed with its dashes); longer is not one. */
const MAX_REFERENCE_LENGTH = 60;

interface MerchantRefundContext {
  input: FlowInput;
  merchant: MerchantSummary | null;
  /** The reference typed ('' until then). */
  reference: string;
  payment: FoundPayment | null;
  /** The amount to refund (from the one-line command, the full choice or typed); 0 until chosen. */
  amount: number;
  /** The idempotency key of the refund, made at confirmation. */
  refundId: string;
}

/** The reference as typed, or null when it cannot be one (empty, spaces inside, too long). */
function referenceOf(typed: string): string | null {
  const reference = typed.trim().replace(/[.,;:!?]+$/, '');
  return reference !== '' && reference.length <= MAX_REFERENCE_LENGTH && !/\s/.test(reference) ? reference : null;
}

function argsOf(input: FlowInput): Pick<MerchantRefundContext, 'reference' | 'amount'> {
  const reference = typeof input.args?.reference === 'string' ? referenceOf(input.args.reference) : null;
  const amount = typeof input.args?.amount === 'number' ? parseAmount(String(input.args.amount)) : null;
  return { reference: reference ?? '', amount: amount?.ok ? amount.amount : 0 };
}

function paymentParams(payment: FoundPayment | null) {
  return {
    reference: payment?.shortReference ?? '',
    amount: francsParam(payment?.amount ?? 0),
    payer: payment ? formatMsisdnForDisplay(payment.payer) : '',
    refundable: francsParam(payment?.refundable ?? 0),
  };
}

const REFUSALS: Readonly<Record<RefundPaymentRefusal, MessageKey>> = {
  NOT_PAID: 'merchantRefund.notPaid',
  EXCEEDS_REFUNDABLE: 'merchantRefund.exceedsRefundable',
  INSUFFICIENT_FUNDS: 'merchantRefund.insufficientFunds',
  DESTINATION_UNAVAILABLE: 'merchantRefund.destinationUnavailable',
  MERCHANT_SUSPENDED: 'merchant.suspended',
  INVALID_AMOUNT: 'merchantRefund.invalidAmount',
  PAYMENT_NOT_FOUND: 'merchantRefund.paymentNotFound',
  CONFLICT: 'merchantRefund.conflict',
};

/** The receipt of a refund, or the words of its refusal. */
function refundOutcome(result: RefundPaymentResult, context: MerchantRefundContext): Reply {
  if (!result.ok) return end(REFUSALS[result.reason], { name: context.merchant?.name ?? '' });
  const r = result.refund;
  const params = {
    amount: francsParam(r.amount),
    payer: context.payment ? formatMsisdnForDisplay(context.payment.payer) : '',
    reference: r.shortReference,
  };
  if (r.status === 'pending') return end('merchantRefund.pending', params);
  if (r.status === 'failed') return end('merchantRefund.failed', params);
  return end(r.destination === 'wallet' ? 'merchantRefund.doneWallet' : 'merchantRefund.doneMobileMoney', params);
}

/** The refund conversation (see the file comment); services are bound at wiring. */
export const merchantRefundMachine = flowSetup<MerchantRefundContext>()({
  merchantOf: merchantOfActor,
  findPayment: fromPromise<FoundPayment | null, FindPaymentInput>(notProvided('findPayment')),
  refundPayment: fromPromise<RefundPaymentResult, RefundPaymentInput>(notProvided('refundPayment')),
})
  .extend({
    guards: {
      hasReference: ({ context }) => context.reference !== '',
      isAReference: ({ event }) => referenceOf(inputText(event)) !== null,
      nothingLeft: ({ context }) => (context.payment?.refundable ?? 0) <= 0,
      amountGivenFits: ({ context }) => context.amount > 0 && context.amount <= (context.payment?.refundable ?? 0),
      amountGivenTooLarge: ({ context }) => context.amount > (context.payment?.refundable ?? 0),
      isWithinRefundable: ({ context, event }) => typedAmount(event) <= (context.payment?.refundable ?? 0),
    },
    actions: {
      askReference: emit(replyEvent(text('merchantRefund.askReference'))),
      sayBadReference: emit(replyEvent(text('merchantRefund.badReference'))),
      keepReference: assign({ reference: ({ event }) => referenceOf(inputText(event)) ?? '' }),
      sayNothingLeft: emit(({ context }) =>
        replyEvent(end('merchantRefund.nothingLeft', { reference: context.payment?.shortReference ?? '' })),
      ),
      showChoices: emit(({ context }) => {
        const params = paymentParams(context.payment);
        return replyEvent(
          menu(
            'merchantRefund.choose',
            [
              { id: '1', key: 'merchantRefund.full', params: { refundable: params.refundable } },
              { id: '2', key: 'merchantRefund.part' },
            ],
            params,
          ),
        );
      }),
      keepAll: assign({ amount: ({ context }) => context.payment?.refundable ?? 0 }),
      askAmount: emit(({ context }) =>
        replyEvent(text('merchantRefund.askAmount', { refundable: francsParam(context.payment?.refundable ?? 0) })),
      ),
      sayTooMuch: emit(({ context }) =>
        replyEvent(text('merchantRefund.tooMuch', { refundable: francsParam(context.payment?.refundable ?? 0) })),
      ),
      keepAmount: assign({ amount: ({ event }) => typedAmount(event) }),
      forgetAmount: assign({ amount: 0 }),
      showConfirmation: emit(({ context }) =>
        replyEvent(
          menu('merchantRefund.confirm', ['merchantRefund.confirmYes', 'merchantRefund.confirmNo'], {
            ...paymentParams(context.payment),
            amount: francsParam(context.amount),
          }),
        ),
      ),
      makeRefundId: assign({ refundId: () => randomUUID() }),
      askRefundPin: emit(replyEvent(text('merchantRefund.askPin'))),
    },
  })
  .createMachine({
    id: 'merchantRefund',
    context: ({ input }) => ({ input, merchant: null, payment: null, refundId: '', ...argsOf(input) }),
    initial: 'loading',
    states: {
      loading: {
        tags: ['busy'],
        invoke: {
          src: 'merchantOf',
          input: ({ context }) => ({ msisdn: context.input.msisdn }),
          onDone: [
            {
              guard: ({ event }) => event.output === null,
              target: 'done',
              actions: emit(replyEvent(end('merchant.notMerchant'))),
            },
            {
              guard: ({ event }) => event.output?.status === 'suspended',
              target: 'done',
              actions: emit(({ event }) => replyEvent(end('merchant.suspended', { name: event.output?.name ?? '' }))),
            },
            { target: 'start', actions: assign({ merchant: ({ event }) => event.output }) },
          ],
          onError: { target: 'failed' },
        },
      },
      start: { always: [{ guard: 'hasReference', target: 'finding' }, { target: 'reference' }] },
      reference: askStep({
        ask: 'askReference',
        help: 'merchantRefund.help.reference',
        accept: { guard: 'isAReference', target: 'finding', actions: 'keepReference' },
        correct: 'sayBadReference',
        back: 'cancelled',
      }),
      finding: {
        tags: ['busy'],
        invoke: {
          src: 'findPayment',
          input: ({ context }) => ({ merchantId: context.merchant?.id ?? '', reference: context.reference }),
          onDone: [
            {
              guard: ({ event }) => event.output === null,
              target: 'reference',
              actions: [
                emit(({ context }) => replyEvent(text('merchantRefund.notFound', { reference: context.reference }))),
                'forgetAmount',
              ],
            },
            { target: 'found', actions: assign({ payment: ({ event }) => event.output }) },
          ],
          onError: { target: 'failed' },
        },
      },
      found: {
        always: [
          { guard: 'nothingLeft', target: 'done', actions: 'sayNothingLeft' },
          { guard: 'amountGivenFits', target: 'confirming' },
          { guard: 'amountGivenTooLarge', target: 'amount', actions: 'sayTooMuch' },
          { target: 'choosing' },
        ],
      },
      choosing: menuStep({
        show: 'showChoices',
        help: 'merchantRefund.help.choose',
        choices: [option('1', { target: 'confirming', actions: 'keepAll' }), option('2', { target: 'amount' })],
        back: 'reference',
      }),
      amount: amountStep({
        ask: 'askAmount',
        help: 'merchantRefund.help.amount',
        amount: { target: 'confirming', actions: 'keepAmount' },
        within: 'isWithinRefundable',
        otherwise: [{ guard: 'isAnAmount', actions: 'sayTooMuch' }],
        back: 'choosing',
      }),
      confirming: confirmStep({
        show: 'showConfirmation',
        help: 'merchantRefund.help.confirm',
        yes: { target: 'pin', actions: 'makeRefundId' },
        back: 'choosing',
      }),
      pin: pinStep({
        accepted: '#merchantRefund.refunding',
        locked: '#merchantRefund.done',
        failed: '#merchantRefund.failed',
        back: 'confirming',
        ask: 'askRefundPin',
      }),
      refunding: {
        tags: ['busy'],
        invoke: {
          src: 'refundPayment',
          // The amount confirmed is always sent, even for "all of it": if another refund was made meanwhile, the
          // service refuses rather than refunding a sum the owner did not see.
          input: ({ context }) => ({
            merchantId: context.merchant?.id ?? '',
            requestId: context.payment?.requestId ?? '',
            id: context.refundId,
            amount: context.amount,
          }),
          onDone: {
            target: 'done',
            actions: emit(({ context, event }) => replyEvent(refundOutcome(event.output, context))),
          },
          // The refund may or may not have been made: trying again reuses the key, so it can only finish it.
          onError: { target: 'unsure' },
        },
      },
      unsure: unsureStep({
        question: 'merchantRefund.unsure',
        tryAgain: 'merchant.tryAgain',
        stop: 'merchant.stop',
        stopped: 'merchantRefund.checkLater',
        help: 'merchantRefund.help.unsure',
        retry: 'refunding',
      }),
      ...finalStates(),
    },
    output: quietOutput,
  });
