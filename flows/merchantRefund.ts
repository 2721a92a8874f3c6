/**
 * A merchant's owner, or a team member whose role may refund, refunds a payment: the payment (by its short reference
 * or its order reference), all that is left or an amount, a confirmation, the PIN (money leaves the business); then
 * the refund, and a receipt saying where the money went. The one-line command (`refund K7M-X3Q-PRT 5000`) starts
 * with the payment and the amount. A cashier refunds only their cash point's payments, up to their refund limit
 * (told before the PIN, and checked again by the service with their role as it is then); other members are told
 * their role does not allow it, anyone in no merchant's team that it is for merchants.
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
  isRefused,
  merchantOfActor,
  refusalIn,
  teamRefusalOf,
  type FindPaymentInput,
  type FoundPayment,
  type MerchantSummary,
  type RefundPaymentInput,
  type RefundPaymentRefusal,
  type RefundPaymentResult,
  type Refused,
  type TeamRefusal,
} from './merchantServices';
import { refusalToStart, refusedReply } from './merchantRole';
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
export const merchantRefundVersion = 2;

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

const REFUSALS: Readonly<Record<Exclude<RefundPaymentRefusal, TeamRefusal>, MessageKey>> = {
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
  if (!result.ok) {
    const team = teamRefusalOf(result);
    if (team) return refusedReply(team, context.merchant, { amount: context.amount, limit: result.refundLimit });
    return end(REFUSALS[result.reason as Exclude<RefundPaymentRefusal, TeamRefusal>], {
      name: context.merchant?.name ?? '',
    });
  }
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
  findPayment: fromPromise<FoundPayment | Refused | null, FindPaymentInput>(notProvided('findPayment')),
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
      // A cashier's own limit (null for the other roles).
      isAboveMyLimit: ({ context }) => context.amount > (context.merchant?.refundLimit ?? Infinity),
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
      sayAboveMyLimit: emit(({ context }) =>
        replyEvent(refusedReply('ABOVE_REFUND_LIMIT', context.merchant, { amount: context.amount })),
      ),
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
            {
              guard: ({ event }) => refusalToStart(event.output, 'refund') !== null,
              target: 'done',
              actions: emit(({ event }) => replyEvent(refusalToStart(event.output, 'refund')!)),
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
          input: ({ context }) => ({
            merchantId: context.merchant?.id ?? '',
            by: context.input.msisdn,
            reference: context.reference,
          }),
          onDone: [
            {
              // Another cash point's payment, for a cashier; or the person's role changed meanwhile.
              guard: ({ event }) => refusalIn(event.output) !== null,
              target: 'done',
              actions: emit(({ context, event }) =>
                replyEvent(refusedReply(refusalIn(event.output)!, context.merchant)),
              ),
            },
            {
              guard: ({ event }) => event.output === null,
              target: 'reference',
              actions: [
                emit(({ context }) => replyEvent(text('merchantRefund.notFound', { reference: context.reference }))),
                'forgetAmount',
              ],
            },
            {
              target: 'found',
              actions: assign({ payment: ({ event }) => (isRefused(event.output) ? null : event.output) }),
            },
          ],
          onError: { target: 'failed' },
        },
      },
      found: {
        always: [
          { guard: 'nothingLeft', target: 'done', actions: 'sayNothingLeft' },
          { guard: 'amountGivenFits', target: 'withinLimit' },
          { guard: 'amountGivenTooLarge', target: 'amount', actions: 'sayTooMuch' },
          { target: 'choosing' },
        ],
      },
      choosing: menuStep({
        show: 'showChoices',
        help: 'merchantRefund.help.choose',
        choices: [option('1', { target: 'withinLimit', actions: 'keepAll' }), option('2', { target: 'amount' })],
        back: 'reference',
      }),
      amount: amountStep({
        ask: 'askAmount',
        help: 'merchantRefund.help.amount',
        amount: { target: 'withinLimit', actions: 'keepAmount' },
        within: 'isWithinRefundable',
        otherwise: [{ guard: 'isAnAmount', actions: 'sayTooMuch' }],
        back: 'choosing',
      }),
      // Said before the PIN: a refund above a cashier's limit would be refused by the service anyway.
      withinLimit: {
        always: [{ guard: 'isAboveMyLimit', target: 'done', actions: 'sayAboveMyLimit' }, { target: 'confirming' }],
      },
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
            by: context.input.msisdn,
            cashPointId: context.payment?.cashPointId ?? null,
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
