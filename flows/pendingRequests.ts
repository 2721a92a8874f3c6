/**
 * Requests to pay: what others ask of this person, newest first; picking one shows it with the fee and the total,
 * then Pay (PIN, then a receipt with the reference and the balance after) or Decline (after a confirmation).
 *
 * The pay id is made when the person picks Pay, before the PIN, so a repeated PIN, a retry after a technical
 * problem or a restart asks the service for the same attempt: the request is paid at most once.
 */
import { randomUUID } from 'node:crypto';
import { assign, emit, fromPromise } from 'xstate';
import { francsParam } from '../domain/notifications';
import type { ActionRefusal, RequestStatus, RequestView } from '../domain/paymentRequests/paymentRequestResults';
import type { PaymentRequests } from '../domain/paymentRequests/paymentRequests';
import type { Msisdn } from '../domain/phone';
import { end, menu, replyEvent, type Reply } from './conversation';
import type { MessageKey } from './messages';
import { notProvided } from './notProvided';
import { refusal } from './refusals';
import { pageMenu, requestListPieces, requestListStep, type PagedContext } from './requestPages';
import { confirmStep, finalStates, flowSetup, menuStep, option, pinStep, quietOutput, say, unsureStep } from './steps';

/** Bumped when a saved requests-to-pay conversation could no longer be resumed by this machine. */
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

interface PendingRequestsContext extends PagedContext<RequestToPay> {
  requests: RequestToPay[];
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

function declineConfirmation(context: PendingRequestsContext): Reply {
  const { name, amount } = chosenParams(context);
  const options: MessageKey[] = ['pendingRequests.declineYes', 'pendingRequests.declineNo'];
  return menu('pendingRequests.confirmDecline', options, { name, amount });
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
    // The request's short reference, which the requester's notice and both history lines show too.
    reference: r.shortReference,
  });
}

function declineOutcome(result: DeclineRequestResult, context: PendingRequestsContext): Reply {
  if (!result.ok) return refused(result.reason, context);
  return end('pendingRequests.declined', { name: context.chosen?.name ?? '' });
}

const list = requestListPieces((context: PendingRequestsContext) => context.requests);

/** The requests-to-pay conversation (see the file comment); services are bound at wiring. */
export const pendingRequestsMachine = flowSetup<PendingRequestsContext>()({
  requestsToPay: fromPromise<RequestView[], { payer: Msisdn }>(notProvided('requestsToPay')),
  requestFee: fromPromise<number, { amount: number }>(notProvided('requestFee')),
  payRequest: fromPromise<PayRequestResult, PayRequestInput>(notProvided('payRequest')),
  declineRequest: fromPromise<DeclineRequestResult, DeclineRequestInput>(notProvided('declineRequest')),
})
  .extend({
    guards: list.guards,
    actions: {
      ...list.actions,
      showList: emit(({ context }) => replyEvent(listScreen(context))),
      showDetails: emit(({ context }) => replyEvent(detailsScreen(context))),
      makePayId: assign({ payId: () => randomUUID() }),
      askDeclineConfirmation: emit(({ context }) => replyEvent(declineConfirmation(context))),
    },
  })
  .createMachine({
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
              actions: say(end('pendingRequests.none')),
            },
            {
              target: 'listing',
              actions: assign({ requests: ({ event }) => event.output.map(requestToPay), page: 0 }),
            },
          ],
          onError: { target: 'failed' },
        },
      },
      listing: requestListStep({
        show: 'showList',
        help: 'pendingRequests.help.list',
        picked: { target: 'pricing' },
        back: 'cancelled',
      }),
      pricing: {
        tags: ['busy'],
        invoke: {
          src: 'requestFee',
          input: ({ context }) => ({ amount: context.chosen?.amount ?? 0 }),
          onDone: { target: 'details', actions: assign({ fee: ({ event }) => event.output }) },
          onError: { target: 'failed' },
        },
      },
      details: menuStep({
        show: 'showDetails',
        help: 'pendingRequests.help.details',
        choices: [option('1', { target: 'pin', actions: 'makePayId' }), option('2', { target: 'confirmingDecline' })],
        back: 'listing',
      }),
      pin: pinStep({
        accepted: '#pendingRequests.paying',
        locked: '#pendingRequests.done',
        failed: '#pendingRequests.failed',
        back: 'details',
      }),
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
      unsure: unsureStep({
        question: 'pendingRequests.unsure',
        tryAgain: 'requests.tryAgain',
        stop: 'requests.stop',
        stopped: 'pendingRequests.checkHistory',
        help: 'pendingRequests.help.unsure',
        retry: 'paying',
      }),
      // "No" goes back to the request, which can still be paid.
      confirmingDecline: confirmStep({
        show: 'askDeclineConfirmation',
        help: 'pendingRequests.help.decline',
        yes: { target: 'declining' },
        no: { target: 'details' },
        back: 'details',
      }),
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
      ...finalStates(),
    },
    output: quietOutput,
  });
