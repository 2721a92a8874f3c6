/**
 * Request payment: ask a number (with or without an account) for an amount with an optional reason, after a
 * confirmation saying the payer pays the fee on top; the receipt gives the request's reference. No PIN: asking
 * moves no money. The same flow lists the person's own open requests and cancels one.
 *
 * The request id is the idempotency key of the creation, made when the person confirms, so a retry after a
 * technical problem or a restart finds the same request instead of sending a second one. It is also the reference
 * people read and quote, hence short (see newRequestId).
 */
import { assign, emit, fromPromise } from 'xstate';
import { accountIds, type AccountId } from '../domain/ledger/accounts';
import type { RequestView } from '../domain/paymentRequests/paymentRequestResults';
import type { Msisdn } from '../domain/phone';
import { end, inputText, replyEvent, text } from './conversation';
import { notProvided } from './notProvided';
import { refusal } from './refusals';
import { requestListPieces, requestListStep } from './requestPages';
import {
  isOpen,
  newRequestId,
  ownRequest,
  type CancelRequestInput,
  type CancelRequestResult,
  type CreateRequestInput,
  type CreateRequestResult,
  type RequestPaymentContext,
} from './requestPayment/context';
import { reasonFits, reasonOf, reasonTooLong } from './requestPayment/reason';
import {
  amountQuestion,
  cancelOutcome,
  confirmation,
  detailsScreen,
  listScreen,
  reasonQuestion,
  reasonLengthRefusal,
  receipt,
  startMenu,
} from './requestPayment/screens';
import {
  amountStep,
  askStep,
  confirmStep,
  finalStates,
  flowSetup,
  menuStep,
  option,
  quietOutput,
  say,
  unsureStep,
} from './steps';
import { isTypedMsisdn, typedAmount, typedMsisdn } from './typedInput';

export type {
  CancelRequestInput,
  CancelRequestResult,
  CreateRequestInput,
  CreateRequestResult,
} from './requestPayment/context';
export { newRequestId } from './requestPayment/context';

/** Bumped when a saved request-payment conversation could no longer be resumed by this machine. */
export const requestPaymentVersion = 1;

/** How many of one's latest requests are read to find the open ones. */
const MINE_LIMIT = 50;

const list = requestListPieces((context: RequestPaymentContext) => context.mine);

const createRefused = (reason: string) => (args: { event: { output: CreateRequestResult } }) =>
  !args.event.output.ok && args.event.output.reason === reason;

/** The request-payment conversation (see the file comment); services are bound at wiring. */
export const requestPaymentMachine = flowSetup<RequestPaymentContext>()({
  requestFee: fromPromise<number, { amount: number }>(notProvided('requestFee')),
  createRequest: fromPromise<CreateRequestResult, CreateRequestInput>(notProvided('createRequest')),
  myRequests: fromPromise<RequestView[], { requester: AccountId; limit: number }>(notProvided('myRequests')),
  cancelRequest: fromPromise<CancelRequestResult, CancelRequestInput>(notProvided('cancelRequest')),
})
  .extend({
    guards: {
      ...list.guards,
      isAnotherNumber: ({ context, event }) => isTypedMsisdn(event) && typedMsisdn(event) !== context.input.msisdn,
      isMyself: ({ context, event }) => typedMsisdn(event) === context.input.msisdn,
      reasonFits: ({ event }) => reasonFits(inputText(event)),
      reasonTooLong: ({ event }) => reasonTooLong(inputText(event)),
    },
    actions: {
      ...list.actions,
      showStart: emit(replyEvent(startMenu)),
      askPayer: emit(replyEvent(text('requestPayment.askPayer'))),
      keepPayer: assign({ payer: ({ event }) => typedMsisdn(event) }),
      sayNotYourself: emit(replyEvent(text('requestPayment.notYourself'))),
      askAmount: emit(({ context }) => replyEvent(amountQuestion(context))),
      keepAmount: assign({ amount: ({ event }) => typedAmount(event) }),
      askReason: emit(replyEvent(reasonQuestion)),
      keepReason: assign({ reason: ({ event }) => reasonOf(inputText(event)) }),
      sayReasonTooLong: emit(({ event }) => replyEvent(reasonLengthRefusal(reasonOf(inputText(event)).length))),
      showConfirmation: emit(({ context }) => replyEvent(confirmation(context))),
      makeRequestId: assign({ requestId: () => newRequestId() }),
      showList: emit(({ context }) => replyEvent(listScreen(context))),
      showDetails: emit(({ context }) =>
        context.chosen ? replyEvent(detailsScreen(context.chosen)) : replyEvent(text('common.invalidChoice')),
      ),
    },
  })
  .createMachine({
    id: 'requestPayment',
    context: ({ input }) => ({
      input,
      payer: null,
      amount: 0,
      reason: '',
      fee: 0,
      requestId: '',
      mine: [],
      page: 0,
      chosen: null,
    }),
    initial: 'choosing',
    states: {
      choosing: menuStep({
        show: 'showStart',
        help: 'requestPayment.help.start',
        choices: [option('1', { target: 'payer' }), option('2', { target: 'loadingMine' })],
        back: 'cancelled',
      }),
      payer: askStep({
        ask: 'askPayer',
        help: 'requestPayment.help.payer',
        accept: { guard: 'isAnotherNumber', target: 'amount', actions: 'keepPayer' },
        otherwise: [{ guard: 'isMyself', actions: 'sayNotYourself' }],
        correct: 'sayBadPhone',
        back: 'choosing',
      }),
      amount: amountStep({
        ask: 'askAmount',
        help: 'requestPayment.help.amount',
        amount: { target: 'reason', actions: 'keepAmount' },
        back: 'payer',
      }),
      // An empty reason gets the question again: it says how to give none.
      reason: askStep({
        ask: 'askReason',
        help: 'requestPayment.help.reason',
        accept: { guard: 'reasonFits', target: 'pricing', actions: 'keepReason' },
        otherwise: [{ guard: 'reasonTooLong', actions: 'sayReasonTooLong' }],
        correct: 'askReason',
        back: 'amount',
      }),
      pricing: {
        tags: ['busy'],
        invoke: {
          src: 'requestFee',
          input: ({ context }) => ({ amount: context.amount }),
          onDone: { target: 'confirming', actions: assign({ fee: ({ event }) => event.output }) },
          onError: { target: 'failed' },
        },
      },
      confirming: confirmStep({
        show: 'showConfirmation',
        help: 'requestPayment.help.confirm',
        yes: { target: 'creating', actions: 'makeRequestId' },
        back: 'reason',
      }),
      creating: {
        tags: ['busy'],
        invoke: {
          src: 'createRequest',
          input: ({ context }) => ({
            id: context.requestId,
            requester: { kind: 'wallet' as const, msisdn: context.input.msisdn },
            payer: context.payer ?? ('' as Msisdn),
            amount: context.amount,
            reason: context.reason,
          }),
          onDone: [
            {
              guard: ({ event }) => event.output.ok,
              target: 'done',
              actions: emit(({ event }) => replyEvent(receipt(event.output))),
            },
            { guard: createRefused('SAME_ACCOUNT'), target: 'payer', actions: 'sayNotYourself' },
            { guard: createRefused('INVALID_AMOUNT'), target: 'amount', actions: say(refusal('INVALID_AMOUNT')) },
            {
              guard: createRefused('REASON_TOO_LONG'),
              target: 'reason',
              actions: emit(({ context }) => replyEvent(reasonLengthRefusal(context.reason.length))),
            },
            { target: 'done', actions: emit(({ event }) => replyEvent(receipt(event.output))) },
          ],
          // The request may or may not exist now: trying again sends the same id, so it can only find it.
          onError: { target: 'unsure' },
        },
      },
      unsure: unsureStep({
        question: 'requestPayment.unsure',
        tryAgain: 'requests.tryAgain',
        stop: 'requests.stop',
        stopped: 'requestPayment.checkLater',
        help: 'requestPayment.help.unsure',
        retry: 'creating',
      }),
      loadingMine: {
        tags: ['busy'],
        invoke: {
          src: 'myRequests',
          input: ({ context }) => ({ requester: accountIds.wallet(context.input.msisdn), limit: MINE_LIMIT }),
          onDone: [
            {
              guard: ({ event }) => !event.output.some(isOpen),
              target: 'done',
              actions: say(end('requestPayment.none')),
            },
            {
              target: 'listing',
              actions: assign({ mine: ({ event }) => event.output.filter(isOpen).map(ownRequest), page: 0 }),
            },
          ],
          onError: { target: 'failed' },
        },
      },
      listing: requestListStep({
        show: 'showList',
        help: 'requestPayment.help.list',
        picked: { target: 'details' },
        back: 'choosing',
      }),
      details: menuStep({
        show: 'showDetails',
        help: 'requestPayment.help.details',
        choices: [option('1', { target: 'cancelling' })],
        back: 'listing',
      }),
      cancelling: {
        tags: ['busy'],
        invoke: {
          src: 'cancelRequest',
          input: ({ context }) => ({
            requestId: context.chosen?.id ?? '',
            requester: accountIds.wallet(context.input.msisdn),
          }),
          onDone: {
            target: 'done',
            actions: emit(({ context, event }) => replyEvent(cancelOutcome(event.output, context.chosen))),
          },
          onError: { target: 'failed' },
        },
      },
      ...finalStates(),
    },
    output: quietOutput,
  });
