/**
 * A merchant asks a customer to pay: the payer's number, the amount, an optional order reference and reason, a
 * confirmation; then the request is sent, and the receipt gives its short reference (and the pay page's link for
 * a customer paying by mobile money or card). No PIN: asking moves no money. The merchant's owner and the team
 * members whose role may ask for payments get here (a cashier's request is made at their cash point); other members
 * are told their role does not allow it, anyone else that it is for merchants. The one-line command
 * (`request 15000 677123456 order 42`) starts at the confirmation with what it gave.
 *
 * The request id is the idempotency key of the creation, made when the owner confirms, so a retry after a
 * technical problem or a restart finds the same request instead of sending a second one.
 */
import { assign, emit, enqueueActions, fromPromise } from 'xstate';
import { MAX_REASON_LENGTH } from '../domain/paymentRequests/paymentRequests';
import { parseAmount } from '../domain/money';
import { francsParam } from '../domain/notifications';
import { formatMsisdnForDisplay, parseCameroonMobile, type Msisdn } from '../domain/phone';
import { end, inputText, menu, replyEvent, text, type FlowInput, type Reply } from './conversation';
import { isNoReference, MAX_ORDER_REFERENCE, orderReferenceOf } from './merchantInput';
import {
  merchantOfActor,
  type CreateMerchantRequestInput,
  type CreateMerchantRequestRefusal,
  type CreateMerchantRequestResult,
  type MerchantSummary,
  teamRefusalOf,
} from './merchantServices';
import { refusalToStart, refusedReply } from './merchantRole';
import { notProvided } from './notProvided';
import { newRequestId } from './requestPayment/context';
import { reasonFits, reasonOf, reasonTooLong } from './requestPayment/reason';
import { amountStep, askStep, confirmStep, finalStates, flowSetup, quietOutput, say, unsureStep } from './steps';
import { isTypedMsisdn, typedAmount, typedMsisdn } from './typedInput';

/** Bumped when a saved merchant-request conversation could no longer be resumed by this machine. */
export const merchantRequestVersion = 1;

interface MerchantRequestContext {
  input: FlowInput;
  merchant: MerchantSummary | null;
  payer: Msisdn | null;
  amount: number;
  /** '' for none. */
  orderReference: string;
  /** '' for none. */
  reason: string;
  /** The idempotency key (and id) of the request, made at confirmation. */
  requestId: string;
}

function display(msisdn: Msisdn | null): string {
  return msisdn ? formatMsisdnForDisplay(msisdn) : '';
}

/** What the one-line command gave, read again with the domain's parsers (args travel as plain values). */
function fromArgs(input: FlowInput): Pick<MerchantRequestContext, 'payer' | 'amount' | 'orderReference' | 'reason'> {
  const args = input.args ?? {};
  const payer = typeof args.payer === 'string' ? parseCameroonMobile(args.payer) : null;
  const amount = typeof args.amount === 'number' ? parseAmount(String(args.amount)) : null;
  const order = typeof args.orderReference === 'string' ? orderReferenceOf(args.orderReference) : null;
  const reason = typeof args.reason === 'string' && reasonFits(args.reason) ? reasonOf(args.reason) : '';
  return {
    payer: payer?.ok ? payer.msisdn : null,
    amount: amount?.ok ? amount.amount : 0,
    orderReference: order ?? '',
    reason,
  };
}

function confirmation(context: MerchantRequestContext): Reply {
  const params = {
    payer: display(context.payer),
    amount: francsParam(context.amount),
    name: context.merchant?.name ?? '',
    order: context.orderReference,
    reason: context.reason,
  };
  const key = context.orderReference
    ? context.reason
      ? 'merchantRequest.confirmOrderReason'
      : 'merchantRequest.confirmOrder'
    : context.reason
      ? 'merchantRequest.confirmReason'
      : 'merchantRequest.confirm';
  return menu(key, ['merchantRequest.confirmYes', 'merchantRequest.confirmNo'], params);
}

/** The receipt: its short reference, and the pay page's link when there is one. The last reply ends the task. */
function receipt(result: CreateMerchantRequestResult): Reply[] {
  if (!result.ok) return [end('merchantRequest.conflict')];
  const p = result.payment;
  const params = {
    payer: formatMsisdnForDisplay(p.payer),
    amount: francsParam(p.amount),
    order: p.orderReference ?? '',
    reference: p.shortReference,
  };
  const key = p.orderReference ? 'merchantRequest.sentOrder' : 'merchantRequest.sent';
  return p.payUrl ? [text(key, params), end('merchantRequest.payLink', { link: p.payUrl })] : [end(key, params)];
}

const sent = (args: { event: { output: CreateMerchantRequestResult } }) => args.event.output.ok;
const refused =
  (...reasons: CreateMerchantRequestRefusal[]) =>
  (args: { event: { output: CreateMerchantRequestResult } }) =>
    !args.event.output.ok && reasons.includes(args.event.output.reason);

const teamRefused = (args: { event: { output: CreateMerchantRequestResult } }) =>
  teamRefusalOf(args.event.output) !== null;

const badOrder = text('merchantRequest.badOrder', { max: MAX_ORDER_REFERENCE });

/** The merchant-request conversation (see the file comment); services are bound at wiring. */
export const merchantRequestMachine = flowSetup<MerchantRequestContext>()({
  merchantOf: merchantOfActor,
  createMerchantRequest: fromPromise<CreateMerchantRequestResult, CreateMerchantRequestInput>(
    notProvided('createMerchantRequest'),
  ),
})
  .extend({
    guards: {
      hasShortcut: ({ context }) => context.payer !== null && context.amount > 0,
      isAnotherNumber: ({ context, event }) => isTypedMsisdn(event) && typedMsisdn(event) !== context.input.msisdn,
      isMyself: ({ context, event }) => typedMsisdn(event) === context.input.msisdn,
      saysNoOrder: ({ event }) => isNoReference(inputText(event)),
      isAnOrderReference: ({ event }) => orderReferenceOf(inputText(event)) !== null,
      reasonFits: ({ event }) => reasonFits(inputText(event)),
      reasonTooLong: ({ event }) => reasonTooLong(inputText(event)),
    },
    actions: {
      askPayer: emit(({ context }) =>
        replyEvent(text('merchantRequest.askPayer', { name: context.merchant?.name ?? '' })),
      ),
      keepPayer: assign({ payer: ({ event }) => typedMsisdn(event) }),
      sayNotYourself: emit(replyEvent(text('merchantRequest.notYourself'))),
      askAmount: emit(({ context }) =>
        replyEvent(text('merchantRequest.askAmount', { payer: display(context.payer) })),
      ),
      keepAmount: assign({ amount: ({ event }) => typedAmount(event) }),
      askOrder: emit(replyEvent(text('merchantRequest.askOrder'))),
      sayBadOrder: emit(replyEvent(badOrder)),
      keepNoOrder: assign({ orderReference: '' }),
      keepOrder: assign({ orderReference: ({ event }) => orderReferenceOf(inputText(event)) ?? '' }),
      askReason: emit(replyEvent(text('merchantRequest.askReason', { max: MAX_REASON_LENGTH }))),
      keepReason: assign({ reason: ({ event }) => reasonOf(inputText(event)) }),
      sayReasonTooLong: emit(({ event }) =>
        replyEvent(
          text('merchantRequest.reasonTooLong', { length: reasonOf(inputText(event)).length, max: MAX_REASON_LENGTH }),
        ),
      ),
      showConfirmation: emit(({ context }) => replyEvent(confirmation(context))),
      makeRequestId: assign({ requestId: () => newRequestId() }),
    },
  })
  .createMachine({
    id: 'merchantRequest',
    context: ({ input }) => ({ input, merchant: null, requestId: '', ...fromArgs(input) }),
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
              guard: ({ event }) => refusalToStart(event.output, 'request') !== null,
              target: 'done',
              actions: emit(({ event }) => replyEvent(refusalToStart(event.output, 'request')!)),
            },
            { target: 'start', actions: assign({ merchant: ({ event }) => event.output }) },
          ],
          onError: { target: 'failed' },
        },
      },
      start: { always: [{ guard: 'hasShortcut', target: 'confirming' }, { target: 'payer' }] },
      payer: askStep({
        ask: 'askPayer',
        help: 'merchantRequest.help.payer',
        accept: { guard: 'isAnotherNumber', target: 'amount', actions: 'keepPayer' },
        otherwise: [{ guard: 'isMyself', actions: 'sayNotYourself' }],
        correct: 'sayBadPhone',
        back: 'cancelled',
      }),
      amount: amountStep({
        ask: 'askAmount',
        help: 'merchantRequest.help.amount',
        amount: { target: 'order', actions: 'keepAmount' },
        back: 'payer',
      }),
      // "None" is checked first: `-` and `x` would read as references.
      order: askStep({
        ask: 'askOrder',
        help: 'merchantRequest.help.order',
        accept: { guard: 'saysNoOrder', target: 'reason', actions: 'keepNoOrder' },
        otherwise: [{ guard: 'isAnOrderReference', target: 'reason', actions: 'keepOrder' }],
        correct: 'sayBadOrder',
        back: 'amount',
      }),
      reason: askStep({
        ask: 'askReason',
        help: 'merchantRequest.help.reason',
        accept: { guard: 'reasonFits', target: 'confirming', actions: 'keepReason' },
        otherwise: [{ guard: 'reasonTooLong', actions: 'sayReasonTooLong' }],
        correct: 'askReason',
        back: 'order',
      }),
      confirming: confirmStep({
        show: 'showConfirmation',
        help: 'merchantRequest.help.confirm',
        yes: { target: 'creating', actions: 'makeRequestId' },
        back: 'reason',
      }),
      creating: {
        tags: ['busy'],
        invoke: {
          src: 'createMerchantRequest',
          input: ({ context }) => ({
            merchantId: context.merchant?.id ?? '',
            by: context.input.msisdn,
            id: context.requestId,
            payer: context.payer ?? ('' as Msisdn),
            amount: context.amount,
            ...(context.orderReference ? { orderReference: context.orderReference } : {}),
            ...(context.reason ? { reason: context.reason } : {}),
          }),
          onDone: [
            {
              guard: sent,
              target: 'done',
              actions: enqueueActions(({ event, enqueue }) => {
                for (const reply of receipt(event.output)) enqueue.emit(replyEvent(reply));
              }),
            },
            {
              // The person's role, read again now, no longer allows it: nothing was sent.
              guard: teamRefused,
              target: 'done',
              actions: emit(({ context, event }) =>
                replyEvent(refusedReply(teamRefusalOf(event.output) ?? 'ROLE_NOT_ALLOWED', context.merchant)),
              ),
            },
            {
              guard: refused('SAME_ACCOUNT'),
              target: 'payer',
              actions: 'sayNotYourself',
            },
            {
              guard: refused('INVALID_AMOUNT'),
              target: 'amount',
              actions: say(text('merchantRequest.invalidAmount')),
            },
            {
              guard: refused('ABOVE_PAYMENT_LIMIT'),
              target: 'amount',
              actions: say(text('merchantRequest.abovePaymentLimit')),
            },
            {
              guard: refused('INVALID_ORDER_REFERENCE'),
              target: 'order',
              actions: say(text('merchantRequest.invalidOrderReference')),
            },
            {
              guard: refused('REASON_TOO_LONG'),
              target: 'reason',
              actions: emit(({ context }) =>
                replyEvent(
                  text('merchantRequest.reasonTooLong', { length: context.reason.length, max: MAX_REASON_LENGTH }),
                ),
              ),
            },
            {
              guard: refused('ABOVE_DAILY_LIMIT'),
              target: 'done',
              actions: say(end('merchantRequest.aboveDailyLimit')),
            },
            {
              guard: refused('MERCHANT_SUSPENDED'),
              target: 'done',
              actions: emit(({ context }) =>
                replyEvent(end('merchant.suspended', { name: context.merchant?.name ?? '' })),
              ),
            },
            { target: 'done', actions: say(end('merchantRequest.conflict')) },
          ],
          // The request may or may not exist now: trying again sends the same id, so it can only find it.
          onError: { target: 'unsure' },
        },
      },
      unsure: unsureStep({
        question: 'merchantRequest.unsure',
        tryAgain: 'merchant.tryAgain',
        stop: 'merchant.stop',
        stopped: 'merchantRequest.checkLater',
        help: 'merchantRequest.help.unsure',
        retry: 'creating',
      }),
      ...finalStates(),
    },
    output: quietOutput,
  });
