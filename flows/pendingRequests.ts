/**
 * Requests to pay: what others ask of this person, newest first; picking one shows it with the fee and the total,
 * then Pay (PIN, then a receipt with the reference and the balance after) or Decline (after a confirmation).
 *
 * The pay id is made when the person picks Pay, before the PIN, so a repeated PIN, a retry after a technical
 * problem or a restart asks the service for the same attempt: the request is paid at most once.
 */
import { randomUUID } from 'node:crypto';
import { assign, emit, fromPromise, setup } from 'xstate';
import { francsParam } from '../domain/notifications';
import type { ActionRefusal, PaymentRequests, RequestStatus, RequestView } from '../domain/paymentRequests';
import type { Msisdn } from '../domain/phone';
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
import { checkPinActor, notProvided, pinActions, pinGuards, pinStep } from './pin';
import { refusal } from './refusals';

export const pendingRequestsVersion = 1;

/** What PaymentRequests.pay takes and answers. */
export type PayRequestInput = Parameters<PaymentRequests['pay']>[0];
export type PayRequestResult = Awaited<ReturnType<PaymentRequests['pay']>>;
/** What PaymentRequests.decline takes and answers. */
export type DeclineRequestInput = Parameters<PaymentRequests['decline']>[0];
export type DeclineRequestResult = Awaited<ReturnType<PaymentRequests['decline']>>;

/** A request as kept in the flow's context: plain JSON (dates as ISO strings), as snapshots are. */
interface RequestToPay {
  id: string;
  name: string;
  amount: number;
  reason: string;
  expiresAt: string;
  status: RequestStatus;
}

interface PendingRequestsContext {
  input: FlowInput;
  requests: RequestToPay[];
  page: number;
  chosen: RequestToPay | null;
  fee: number;
  /** The idempotency key of this payment attempt, made when the person picks Pay. */
  payId: string;
}

function requestToPay(view: RequestView): RequestToPay {
  return {
    id: view.id,
    name: view.requesterName,
    amount: view.amount,
    reason: view.reason,
    expiresAt: new Date(view.expiresAt).toISOString(),
    status: view.status,
  };
}

function listScreen(context: PendingRequestsContext): Reply {
  return pageMenu('pendingRequests.list', context.requests, context.page, (r) => ({
    key: r.reason ? 'pendingRequests.item' : 'pendingRequests.itemNoReason',
    params: { name: r.name, amount: francsParam(r.amount), reason: r.reason, date: { date: r.expiresAt } },
  }));
}

function chosenParams(context: PendingRequestsContext) {
  const r = context.chosen;
  return {
    name: r?.name ?? '',
    amount: francsParam(r?.amount ?? 0),
    reason: r?.reason ?? '',
    fee: francsParam(context.fee),
    total: francsParam((r?.amount ?? 0) + context.fee),
    date: { date: r?.expiresAt ?? new Date(0).toISOString() },
  };
}

function detailsScreen(context: PendingRequestsContext): Reply {
  const key = context.chosen?.reason ? 'pendingRequests.details' : 'pendingRequests.detailsNoReason';
  return menu(key, ['pendingRequests.pay', 'pendingRequests.decline'], chosenParams(context));
}

/** What each refusal of a pay or a decline tells the payer; others (limits, a frozen wallet) have shared texts. */
const REFUSALS: Readonly<Partial<Record<ActionRefusal, MessageKey>>> = {
  INSUFFICIENT_FUNDS: 'pendingRequests.insufficientFunds',
  ALREADY_PAID: 'pendingRequests.alreadyPaid',
  CANCELLED: 'pendingRequests.wasCancelled',
  DECLINED: 'pendingRequests.wasDeclined',
  EXPIRED: 'pendingRequests.wasExpired',
  NOT_FOUND: 'pendingRequests.notFound',
};

function refused(reason: ActionRefusal, context: PendingRequestsContext): Reply {
  const { name, total } = chosenParams(context);
  return end(REFUSALS[reason] ?? refusal(reason).key, { name, total });
}

function payOutcome(result: PayRequestResult, context: PendingRequestsContext): Reply {
  if (!result.ok) return refused(result.reason, context);
  const r = result.receipt;
  return end('pendingRequests.paid', {
    name: context.chosen?.name ?? '',
    amount: francsParam(r.amount),
    fee: francsParam(r.fee),
    balanceAfter: francsParam(r.balanceAfter),
    reference: r.reference,
  });
}

function declineOutcome(result: DeclineRequestResult, context: PendingRequestsContext): Reply {
  if (!result.ok) return refused(result.reason, context);
  return end('pendingRequests.declined', { name: context.chosen?.name ?? '' });
}

export const pendingRequestsMachine = setup({
  types: {
    context: {} as PendingRequestsContext,
    events: {} as FlowEvent,
    input: {} as FlowInput,
    output: {} as FlowOutput,
    emitted: {} as FlowEmitted,
    meta: {} as StepMeta,
  },
  actors: {
    requestsToPay: fromPromise<RequestView[], { payer: Msisdn }>(notProvided('requestsToPay')),
    requestFee: fromPromise<number, { amount: number }>(notProvided('requestFee')),
    checkPin: checkPinActor,
    payRequest: fromPromise<PayRequestResult, PayRequestInput>(notProvided('payRequest')),
    declineRequest: fromPromise<DeclineRequestResult, DeclineRequestInput>(notProvided('declineRequest')),
  },
  guards: {
    ...pinGuards,
    picked: ({ event }, id: string) => inputText(event) === id,
    pickedARequest: ({ context, event }) =>
      pickedOnPage(context.requests, context.page, inputText(event)) !== undefined,
    pickedMore: ({ context, event }) => inputText(event) === MORE && hasNextPage(context.requests, context.page),
    onALaterPage: ({ context }) => context.page > 0,
  },
  actions: {
    sayInvalidChoice: emit(replyEvent(text('common.invalidChoice'))),
    showList: emit(({ context }) => replyEvent(listScreen(context))),
    showDetails: emit(({ context }) => replyEvent(detailsScreen(context))),
    ...pinActions<PendingRequestsContext>(),
    askDeclineConfirmation: emit(({ context }) => {
      const { name, amount } = chosenParams(context);
      return replyEvent(
        menu('pendingRequests.confirmDecline', ['pendingRequests.declineYes', 'pendingRequests.declineNo'], {
          name,
          amount,
        }),
      );
    }),
  },
}).createMachine({
  id: 'pendingRequests',
  context: ({ input }) => ({ input, requests: [], page: 0, chosen: null, fee: 0, payId: '' }),
  initial: 'loading',
  states: {
    loading: {
      tags: ['busy'],
      invoke: {
        src: 'requestsToPay',
        input: ({ context }) => ({ payer: context.input.msisdn }),
        onDone: [
          {
            guard: ({ event }) => event.output.length === 0,
            target: 'done',
            actions: emit(replyEvent(end('pendingRequests.none'))),
          },
          { target: 'listing', actions: assign({ requests: ({ event }) => event.output.map(requestToPay), page: 0 }) },
        ],
        onError: { target: 'failed' },
      },
    },
    listing: {
      entry: 'showList',
      meta: { help: 'pendingRequests.help.list' },
      on: {
        INPUT: [
          {
            guard: 'pickedARequest',
            target: 'pricing',
            actions: assign({
              chosen: ({ context, event }) => pickedOnPage(context.requests, context.page, inputText(event)) ?? null,
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
          { target: 'cancelled' },
        ],
      },
    },
    pricing: {
      tags: ['busy'],
      invoke: {
        src: 'requestFee',
        input: ({ context }) => ({ amount: context.chosen?.amount ?? 0 }),
        onDone: { target: 'details', actions: assign({ fee: ({ event }) => event.output }) },
        onError: { target: 'failed' },
      },
    },
    details: {
      entry: 'showDetails',
      meta: { help: 'pendingRequests.help.details' },
      on: {
        INPUT: [
          { guard: { type: 'picked', params: '1' }, target: 'pin', actions: assign({ payId: () => randomUUID() }) },
          { guard: { type: 'picked', params: '2' }, target: 'confirmingDecline' },
          { actions: ['sayInvalidChoice', 'showDetails'] },
        ],
        BACK: 'listing',
      },
    },
    pin: {
      ...pinStep({
        accepted: '#pendingRequests.paying',
        locked: '#pendingRequests.done',
        failed: '#pendingRequests.failed',
      }),
      on: { BACK: 'details' },
    },
    paying: {
      tags: ['busy'],
      invoke: {
        src: 'payRequest',
        input: ({ context }) => ({
          id: context.payId,
          requestId: context.chosen?.id ?? '',
          payer: context.input.msisdn,
        }),
        onDone: {
          target: 'done',
          actions: emit(({ context, event }) => replyEvent(payOutcome(event.output, context))),
        },
        // The payment may or may not have happened: trying again reuses the same pay id, so it can only finish it.
        onError: { target: 'unsure' },
      },
    },
    unsure: {
      entry: emit(replyEvent(menu('pendingRequests.unsure', ['requests.tryAgain', 'requests.stop']))),
      meta: { help: 'pendingRequests.help.unsure' },
      on: {
        INPUT: [
          { guard: { type: 'picked', params: '1' }, target: 'paying' },
          { target: 'done', actions: emit(replyEvent(end('pendingRequests.checkHistory'))) },
        ],
        // Nothing before this step can be changed now: the operation may have happened. Ask again.
        BACK: { target: 'unsure', reenter: true },
      },
    },
    confirmingDecline: {
      entry: 'askDeclineConfirmation',
      meta: { help: 'pendingRequests.help.decline' },
      on: {
        INPUT: [
          { guard: { type: 'picked', params: '1' }, target: 'declining' },
          { guard: { type: 'picked', params: '2' }, target: 'details' },
          { actions: ['sayInvalidChoice', 'askDeclineConfirmation'] },
        ],
        BACK: 'details',
      },
    },
    declining: {
      tags: ['busy'],
      invoke: {
        src: 'declineRequest',
        input: ({ context }) => ({ requestId: context.chosen?.id ?? '', payer: context.input.msisdn }),
        onDone: {
          target: 'done',
          actions: emit(({ context, event }) => replyEvent(declineOutcome(event.output, context))),
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
