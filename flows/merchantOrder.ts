/**
 * An order's status, for a merchant's owner and its team: the payments asked for under one order reference with
 * their status and short reference, what was paid, and the refunds. From the menu it asks the reference; the
 * one-line command (`order 42`) gives it. Only reads: no PIN, nothing changes. A cashier is shown only their cash
 * point's payments (the service leaves the others out). Anyone in no merchant's team is told it is for merchants.
 */
import { assign, emit, enqueueActions, fromPromise } from 'xstate';
import { francsParam } from '../domain/notifications';
import { formatMsisdnForDisplay } from '../domain/phone';
import { end, inputText, replyEvent, text, type FlowInput, type Reply } from './conversation';
import type { MessageKey } from './messages';
import { MAX_ORDER_REFERENCE, orderReferenceOf } from './merchantInput';
import { refusalToStart, refusedReply } from './merchantRole';
import {
  isRefused,
  merchantOfActor,
  refusalIn,
  type MerchantSummary,
  type OrderPayment,
  type OrderStatus,
  type OrderStatusInput,
  type Refused,
} from './merchantServices';
import { notProvided } from './notProvided';
import { askStep, finalStates, flowSetup, quietOutput } from './steps';

/** Bumped when a saved order-status conversation could no longer be resumed by this machine. */
export const merchantOrderVersion = 1;

/** Lines shown at most of each list: a chat message, not a report (the dashboard has the rest). */
export const MAX_ORDER_LINES = 10;

interface MerchantOrderContext {
  input: FlowInput;
  merchant: MerchantSummary | null;
  /** '' until known. */
  orderReference: string;
}

const PAYMENT_KEYS: Readonly<Record<string, MessageKey>> = {
  open: 'merchantOrder.payment.open',
  paying: 'merchantOrder.payment.paying',
  paid: 'merchantOrder.payment.paid',
  declined: 'merchantOrder.payment.declined',
  cancelled: 'merchantOrder.payment.cancelled',
  expired: 'merchantOrder.payment.expired',
};

function paymentLine(p: OrderPayment): Reply {
  const key = Object.prototype.hasOwnProperty.call(PAYMENT_KEYS, p.status)
    ? PAYMENT_KEYS[p.status]!
    : 'merchantOrder.payment.other';
  return text(key, {
    reference: p.shortReference,
    amount: francsParam(p.amount),
    payer: formatMsisdnForDisplay(p.payer),
    status: p.status,
    date: { date: new Date(p.at).toISOString() },
  });
}

/** A list cut at MAX_ORDER_LINES, with a line saying how many were left out. */
function capped<T>(items: readonly T[], line: (item: T) => Reply): Reply[] {
  const shown = items.slice(0, MAX_ORDER_LINES).map(line);
  const left = items.length - MAX_ORDER_LINES;
  return left > 0 ? [...shown, text('merchantOrder.more', { count: left })] : shown;
}

/** The order's screens: the summary, one line per payment, one per refund, and what to do next (the end). */
export function orderScreens(order: OrderStatus): Reply[] {
  return [
    text('merchantOrder.summary', {
      order: order.orderReference,
      paid: francsParam(order.paidAmount),
      count: order.payments.length,
    }),
    ...capped(order.payments, paymentLine),
    ...capped(order.refunds, (r) =>
      text(`merchantOrder.refund.${r.status}`, { reference: r.shortReference, amount: francsParam(r.amount) }),
    ),
    end('merchantOrder.end'),
  ];
}

/** The order-status conversation (see the file comment); services are bound at wiring. */
export const merchantOrderMachine = flowSetup<MerchantOrderContext>()({
  merchantOf: merchantOfActor,
  orderStatus: fromPromise<OrderStatus | Refused | null, OrderStatusInput>(notProvided('orderStatus')),
})
  .extend({
    guards: {
      hasOrder: ({ context }) => context.orderReference !== '',
      isAnOrderReference: ({ event }) => orderReferenceOf(inputText(event)) !== null,
    },
    actions: {
      askOrder: emit(replyEvent(text('merchantOrder.askOrder'))),
      sayBadOrder: emit(replyEvent(text('merchantOrder.badOrder', { max: MAX_ORDER_REFERENCE }))),
      keepOrder: assign({ orderReference: ({ event }) => orderReferenceOf(inputText(event)) ?? '' }),
    },
  })
  .createMachine({
    id: 'merchantOrder',
    context: ({ input }) => ({
      input,
      merchant: null,
      orderReference:
        typeof input.args?.orderReference === 'string' ? (orderReferenceOf(input.args.orderReference) ?? '') : '',
    }),
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
              guard: ({ event }) => refusalToStart(event.output, 'order') !== null,
              target: 'done',
              actions: emit(({ event }) => replyEvent(refusalToStart(event.output, 'order')!)),
            },
            { target: 'start', actions: assign({ merchant: ({ event }) => event.output }) },
          ],
          onError: { target: 'failed' },
        },
      },
      // A suspended merchant still sees its orders: reading changes nothing.
      start: { always: [{ guard: 'hasOrder', target: 'reading' }, { target: 'order' }] },
      order: askStep({
        ask: 'askOrder',
        help: 'merchantOrder.help.order',
        accept: { guard: 'isAnOrderReference', target: 'reading', actions: 'keepOrder' },
        correct: 'sayBadOrder',
        back: 'cancelled',
      }),
      reading: {
        tags: ['busy'],
        invoke: {
          src: 'orderStatus',
          input: ({ context }) => ({
            merchantId: context.merchant?.id ?? '',
            by: context.input.msisdn,
            orderReference: context.orderReference,
          }),
          onDone: [
            {
              guard: ({ event }) => refusalIn(event.output) !== null,
              target: 'done',
              actions: emit(({ context, event }) =>
                replyEvent(refusedReply(refusalIn(event.output)!, context.merchant)),
              ),
            },
            {
              guard: ({ event }) =>
                event.output === null || isRefused(event.output) || event.output.payments.length === 0,
              target: 'done',
              actions: emit(({ context }) =>
                replyEvent(end('merchantOrder.notFound', { order: context.orderReference })),
              ),
            },
            {
              target: 'done',
              actions: enqueueActions(({ event, enqueue }) => {
                if (event.output && !isRefused(event.output)) {
                  for (const reply of orderScreens(event.output)) enqueue.emit(replyEvent(reply));
                }
              }),
            },
          ],
          onError: { target: 'failed' },
        },
      },
      ...finalStates(),
    },
    output: quietOutput,
  });
