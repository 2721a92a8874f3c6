/**
 * Request payment: ask a number (with or without an account) for an amount with an optional reason, after a
 * confirmation saying the payer pays the fee on top; the receipt gives the request's reference. No PIN: asking
 * moves no money. The same flow lists the person's own open requests and cancels one.
 *
 * The request id is the idempotency key of the creation, made when the person confirms, so a retry after a
 * technical problem or a restart finds the same request instead of sending a second one. It is also the reference
 * people read and quote, hence short (see newRequestId).
 */
import { randomBytes } from 'node:crypto';
import { assign, emit, fromPromise, setup } from 'xstate';
import { accountIds, type AccountId } from '../domain/ledger/accounts';
import { dateParam, francsParam } from '../domain/notifications';
import {
  MAX_REASON_LENGTH,
  type ActionRefusal,
  type PaymentRequests,
  type RequestStatus,
  type RequestView,
} from '../domain/paymentRequests';
import { formatMsisdnForDisplay, type Msisdn } from '../domain/phone';
import {
  end,
  inputText,
  menu,
  replyEvent,
  text,
  type FlowEmitted,
  type FlowEvent,
  type FlowInput,
  type FlowOutput,
  type Reply,
  type StepMeta,
} from './conversation';
import type { MessageKey } from './messages';
import { hasNextPage, MORE, pageMenu, pickedOnPage } from './requestPages';
import {
  amountCorrection,
  isTypedAmount,
  isTypedMsisdn,
  phoneCorrection,
  typedAmount,
  typedMsisdn,
} from './typedInput';
import { notProvided } from './pin';
import { refusal } from './refusals';

export const requestPaymentVersion = 1;

/** What PaymentRequests.create takes and answers. */
export type CreateRequestInput = Parameters<PaymentRequests['create']>[0];
export type CreateRequestResult = Awaited<ReturnType<PaymentRequests['create']>>;
/** What PaymentRequests.cancel takes and answers. */
export type CancelRequestInput = Parameters<PaymentRequests['cancel']>[0];
export type CancelRequestResult = Awaited<ReturnType<PaymentRequests['cancel']>>;

/** How many of one's latest requests are read to find the open ones. */
const MINE_LIMIT = 50;
/** What people type for "no reason" (accents and case ignored). `0` is not one: it means back everywhere. */
const NO_REASON = new Set([
  '-',
  '--',
  '.',
  'x',
  'no',
  'non',
  'none',
  'nothing',
  'skip',
  'aucun',
  'aucune',
  'rien',
  'sans',
  'passer',
]);

/** A request as kept in the flow's context: plain JSON (dates as ISO strings), as snapshots are. */
interface OwnRequest {
  id: string;
  payer: Msisdn;
  amount: number;
  reason: string;
  expiresAt: string;
  status: RequestStatus;
}

interface RequestPaymentContext {
  input: FlowInput;
  payer: Msisdn | null;
  amount: number;
  reason: string;
  fee: number;
  /** The idempotency key (and reference) of the request, made at confirmation. */
  requestId: string;
  mine: OwnRequest[];
  page: number;
  chosen: OwnRequest | null;
}

/**
 * A new request id: `R` and 12 characters of Crockford's base32 (60 random bits). A UUID would do as a key, but
 * people read this id in SMS and quote it to support, and the payment's transfer id embeds it.
 */
export function newRequestId(): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  // 256 is a multiple of 32, so the low five bits of a random byte are uniform.
  return 'R' + Array.from(randomBytes(12), (byte) => alphabet[byte & 31]).join('');
}

/** The reason as the domain will keep it (spaces collapsed), or '' when the person typed a "no reason" word. */
function reasonOf(typed: string): string {
  const reason = typed.replace(/\s+/g, ' ').trim();
  const word = reason.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  return NO_REASON.has(word) ? '' : reason;
}

function display(msisdn: Msisdn | null): string {
  return msisdn ? formatMsisdnForDisplay(msisdn) : '';
}

function ownRequest(view: RequestView): OwnRequest {
  return {
    id: view.id,
    payer: view.payer,
    amount: view.amount,
    reason: view.reason,
    expiresAt: new Date(view.expiresAt).toISOString(),
    status: view.status,
  };
}

function listScreen(context: RequestPaymentContext): Reply {
  return pageMenu('requestPayment.list', context.mine, context.page, (r) => ({
    key: r.reason ? 'requestPayment.item' : 'requestPayment.itemNoReason',
    params: { payer: display(r.payer), amount: francsParam(r.amount), reason: r.reason },
  }));
}

function detailsScreen(r: OwnRequest): Reply {
  return menu(r.reason ? 'requestPayment.details' : 'requestPayment.detailsNoReason', ['requestPayment.cancelIt'], {
    payer: display(r.payer),
    amount: francsParam(r.amount),
    reason: r.reason,
    date: { date: r.expiresAt },
    reference: r.id,
  });
}

function confirmation(context: RequestPaymentContext): Reply {
  const params = {
    payer: display(context.payer),
    amount: francsParam(context.amount),
    reason: context.reason,
    fee: francsParam(context.fee),
  };
  const key = context.reason ? 'requestPayment.confirm' : 'requestPayment.confirmNoReason';
  return menu(key, ['requestPayment.confirmYes', 'requestPayment.confirmNo'], params);
}

function receipt(result: CreateRequestResult): Reply {
  if (!result.ok) return end(refusal('OTHER').key);
  const r = result.request;
  return end('requestPayment.sent', {
    payer: formatMsisdnForDisplay(r.payer),
    amount: francsParam(r.amount),
    date: dateParam(new Date(r.expiresAt)),
    reference: r._id,
  });
}

const CANCEL_REFUSALS: Readonly<Partial<Record<ActionRefusal, MessageKey>>> = {
  ALREADY_PAID: 'requestPayment.alreadyPaid',
  DECLINED: 'requestPayment.alreadyDeclined',
  EXPIRED: 'requestPayment.alreadyExpired',
  NOT_FOUND: 'requestPayment.notFound',
};

function cancelOutcome(result: CancelRequestResult, chosen: OwnRequest | null): Reply {
  const params = { payer: display(chosen?.payer ?? null), amount: francsParam(chosen?.amount ?? 0) };
  if (result.ok) return end('requestPayment.requestCancelled', params);
  return end(CANCEL_REFUSALS[result.reason] ?? refusal(result.reason).key, params);
}

const createRefused = (reason: string) => (args: { event: { output: CreateRequestResult } }) =>
  !args.event.output.ok && args.event.output.reason === reason;

export const requestPaymentMachine = setup({
  types: {
    context: {} as RequestPaymentContext,
    events: {} as FlowEvent,
    input: {} as FlowInput,
    output: {} as FlowOutput,
    emitted: {} as FlowEmitted,
    meta: {} as StepMeta,
  },
  actors: {
    requestFee: fromPromise<number, { amount: number }>(notProvided('requestFee')),
    createRequest: fromPromise<CreateRequestResult, CreateRequestInput>(notProvided('createRequest')),
    myRequests: fromPromise<RequestView[], { requester: AccountId; limit: number }>(notProvided('myRequests')),
    cancelRequest: fromPromise<CancelRequestResult, CancelRequestInput>(notProvided('cancelRequest')),
  },
  guards: {
    picked: ({ event }, id: string) => inputText(event) === id,
    isMyself: ({ context, event }) => typedMsisdn(event) === context.input.msisdn,
    isANumber: ({ event }) => isTypedMsisdn(event),
    isAnAmount: ({ event }) => isTypedAmount(event),
    reasonFits: ({ event }) => inputText(event) !== '' && reasonOf(inputText(event)).length <= MAX_REASON_LENGTH,
    reasonTooLong: ({ event }) => reasonOf(inputText(event)).length > MAX_REASON_LENGTH,
    pickedARequest: ({ context, event }) => pickedOnPage(context.mine, context.page, inputText(event)) !== undefined,
    pickedMore: ({ context, event }) => inputText(event) === MORE && hasNextPage(context.mine, context.page),
    onALaterPage: ({ context }) => context.page > 0,
  },
  actions: {
    showStart: emit(replyEvent(menu('requestPayment.title', ['requestPayment.new', 'requestPayment.mine']))),
    sayInvalidChoice: emit(replyEvent(text('common.invalidChoice'))),
    askPayer: emit(replyEvent(text('requestPayment.askPayer'))),
    sayNotYourself: emit(replyEvent(text('requestPayment.notYourself'))),
    sayBadNumber: emit(({ event }) => replyEvent(phoneCorrection(event))),
    askAmount: emit(({ context }) => replyEvent(text('requestPayment.askAmount', { payer: display(context.payer) }))),
    sayBadAmount: emit(({ event }) => replyEvent(amountCorrection(event))),
    askReason: emit(replyEvent(text('requestPayment.askReason', { max: MAX_REASON_LENGTH }))),
    sayReasonTooLong: emit(({ event }) =>
      replyEvent(
        text('requestPayment.reasonTooLong', { length: reasonOf(inputText(event)).length, max: MAX_REASON_LENGTH }),
      ),
    ),
    showConfirmation: emit(({ context }) => replyEvent(confirmation(context))),
    showList: emit(({ context }) => replyEvent(listScreen(context))),
    showDetails: emit(({ context }) =>
      context.chosen ? replyEvent(detailsScreen(context.chosen)) : replyEvent(text('common.invalidChoice')),
    ),
  },
}).createMachine({
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
    choosing: {
      entry: 'showStart',
      meta: { help: 'requestPayment.help.start' },
      on: {
        INPUT: [
          { guard: { type: 'picked', params: '1' }, target: 'payer' },
          { guard: { type: 'picked', params: '2' }, target: 'loadingMine' },
          { actions: ['sayInvalidChoice', 'showStart'] },
        ],
        BACK: 'cancelled',
      },
    },
    payer: {
      entry: 'askPayer',
      meta: { help: 'requestPayment.help.payer' },
      on: {
        INPUT: [
          { guard: 'isMyself', actions: 'sayNotYourself' },
          {
            guard: 'isANumber',
            target: 'amount',
            actions: assign({ payer: ({ event }) => typedMsisdn(event) }),
          },
          { actions: 'sayBadNumber' },
        ],
        BACK: 'choosing',
      },
    },
    amount: {
      entry: 'askAmount',
      meta: { help: 'requestPayment.help.amount' },
      on: {
        INPUT: [
          {
            guard: 'isAnAmount',
            target: 'reason',
            actions: assign({ amount: ({ event }) => typedAmount(event) }),
          },
          { actions: 'sayBadAmount' },
        ],
        BACK: 'payer',
      },
    },
    reason: {
      entry: 'askReason',
      meta: { help: 'requestPayment.help.reason' },
      on: {
        INPUT: [
          {
            guard: 'reasonFits',
            target: 'pricing',
            actions: assign({ reason: ({ event }) => reasonOf(inputText(event)) }),
          },
          { guard: 'reasonTooLong', actions: 'sayReasonTooLong' },
          { actions: 'askReason' },
        ],
        BACK: 'amount',
      },
    },
    pricing: {
      tags: ['busy'],
      invoke: {
        src: 'requestFee',
        input: ({ context }) => ({ amount: context.amount }),
        onDone: { target: 'confirming', actions: assign({ fee: ({ event }) => event.output }) },
        onError: { target: 'failed' },
      },
    },
    confirming: {
      entry: 'showConfirmation',
      meta: { help: 'requestPayment.help.confirm' },
      on: {
        INPUT: [
          {
            guard: { type: 'picked', params: '1' },
            target: 'creating',
            actions: assign({ requestId: () => newRequestId() }),
          },
          { guard: { type: 'picked', params: '2' }, target: 'cancelled' },
          { actions: ['sayInvalidChoice', 'showConfirmation'] },
        ],
        BACK: 'reason',
      },
    },
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
          {
            guard: createRefused('INVALID_AMOUNT'),
            target: 'amount',
            actions: emit(replyEvent(refusal('INVALID_AMOUNT'))),
          },
          {
            guard: createRefused('REASON_TOO_LONG'),
            target: 'reason',
            actions: emit(({ context }) =>
              replyEvent(
                text('requestPayment.reasonTooLong', { length: context.reason.length, max: MAX_REASON_LENGTH }),
              ),
            ),
          },
          { target: 'done', actions: emit(({ event }) => replyEvent(receipt(event.output))) },
        ],
        // The request may or may not exist now: trying again sends the same id, so it can only find it.
        onError: { target: 'unsure' },
      },
    },
    unsure: {
      entry: emit(replyEvent(menu('requestPayment.unsure', ['requests.tryAgain', 'requests.stop']))),
      meta: { help: 'requestPayment.help.unsure' },
      on: {
        INPUT: [
          { guard: { type: 'picked', params: '1' }, target: 'creating' },
          { target: 'done', actions: emit(replyEvent(end('requestPayment.checkLater'))) },
        ],
        // Nothing before this step can be changed now: the operation may have happened. Ask again.
        BACK: { target: 'unsure', reenter: true },
      },
    },
    loadingMine: {
      tags: ['busy'],
      invoke: {
        src: 'myRequests',
        input: ({ context }) => ({ requester: accountIds.wallet(context.input.msisdn), limit: MINE_LIMIT }),
        onDone: [
          {
            guard: ({ event }) => !event.output.some((r) => r.status === 'open' || r.status === 'paying'),
            target: 'done',
            actions: emit(replyEvent(end('requestPayment.none'))),
          },
          {
            target: 'listing',
            actions: assign({
              mine: ({ event }) =>
                event.output.filter((r) => r.status === 'open' || r.status === 'paying').map(ownRequest),
              page: 0,
            }),
          },
        ],
        onError: { target: 'failed' },
      },
    },
    listing: {
      entry: 'showList',
      meta: { help: 'requestPayment.help.list' },
      on: {
        INPUT: [
          {
            guard: 'pickedARequest',
            target: 'details',
            actions: assign({
              chosen: ({ context, event }) => pickedOnPage(context.mine, context.page, inputText(event)) ?? null,
            }),
          },
          {
            guard: 'pickedMore',
            target: 'listing',
            reenter: true,
            actions: assign({ page: ({ context }) => context.page + 1 }),
          },
          { actions: ['sayInvalidChoice', 'showList'] },
        ],
        BACK: [
          {
            guard: 'onALaterPage',
            target: 'listing',
            reenter: true,
            actions: assign({ page: ({ context }) => context.page - 1 }),
          },
          { target: 'choosing' },
        ],
      },
    },
    details: {
      entry: 'showDetails',
      meta: { help: 'requestPayment.help.details' },
      on: {
        INPUT: [
          { guard: { type: 'picked', params: '1' }, target: 'cancelling' },
          { actions: ['sayInvalidChoice', 'showDetails'] },
        ],
        BACK: 'listing',
      },
    },
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
    failed: { type: 'final', entry: emit(replyEvent(end('common.technicalProblem'))) },
    cancelled: { type: 'final', entry: emit(replyEvent(end('common.cancelled'))) },
    done: { type: 'final' },
  },
  output: (): FlowOutput => ({ quiet: true }),
});
