/**
 * Send money: recipient (any common Cameroonian form), amount, a confirmation with the recipient's name when
 * known, the fee, the total and the balance after; the PIN; a receipt with a reference. The idempotency key is
 * made when the person confirms, before anything is sent, so a repeated PIN or a restart moves the money once.
 */
import { randomUUID } from 'node:crypto';
import { assign, emit, fromPromise } from 'xstate';
import { dateParam, francsParam } from '../domain/notifications';
import type { PinCheck } from '../domain/people';
import { formatMsisdnForDisplay, parseCameroonMobile, type Msisdn } from '../domain/phone';
import type { QuoteResult, SendRequest, SendResult } from '../domain/sendMoney';
import { end, menu, replyEvent, text, type FlowInput, type Reply } from './conversation';
import { notProvided } from './notProvided';
import { refusal } from './refusals';
import {
  amountStep,
  confirmStep,
  finalStates,
  flowSetup,
  phoneStep,
  pinStep,
  quietOutput,
  say,
  unsureStep,
} from './steps';
import { typedAmount, typedMsisdn } from './typedInput';

export const sendMoneyVersion = 1;

interface SendMoneyContext {
  input: FlowInput;
  recipient: Msisdn | null;
  amount: number;
  quote: QuoteResult | null;
  /** The idempotency key of this send, made at confirmation. */
  sendId: string;
  pinCheck: PinCheck | null;
}

function confirmation(context: SendMoneyContext): Reply {
  const q = context.quote;
  if (!q?.ok || !context.recipient) throw new Error('confirmation without a quote');
  const recipient = formatMsisdnForDisplay(context.recipient);
  const params = {
    recipient,
    name: q.recipientName ?? '',
    amount: francsParam(q.amount),
    fee: francsParam(q.fee),
    total: francsParam(q.total),
    balanceAfter: francsParam(q.balanceAfter),
  };
  const key = q.recipientName ? 'sendMoney.confirmKnown' : 'sendMoney.confirmUnknown';
  return menu(key, ['sendMoney.confirmYes', 'sendMoney.confirmNo'], params);
}

function receipt(result: SendResult): Reply {
  if (!result.ok) return end(refusal(result.reason).key);
  const r = result.receipt;
  const params = {
    recipient: formatMsisdnForDisplay(r.recipient.msisdn),
    name: r.recipient.name ?? '',
    amount: francsParam(r.amount),
    fee: francsParam(r.fee),
    balanceAfter: francsParam(r.balanceAfter),
    // The short reference: the recipient's notice and both history lines quote the same nine characters.
    reference: r.shortReference,
  };
  if (r.status === 'held' && r.claimableUntil) {
    return end('sendMoney.receiptHeld', { ...params, until: dateParam(r.claimableUntil) });
  }
  return end('sendMoney.receipt', params);
}

/** The send-money conversation (see the file comment); services are bound at wiring. */
export const sendMoneyMachine = flowSetup<SendMoneyContext>()({
  quote: fromPromise<QuoteResult, { sender: Msisdn; recipient: Msisdn; amount: number }>(notProvided('quote')),
  send: fromPromise<SendResult, SendRequest>(notProvided('send')),
})
  .extend({
    guards: {
      hasShortcut: ({ context }) => context.recipient !== null && context.amount > 0,
    },
    actions: {
      askRecipient: emit(replyEvent(text('sendMoney.askRecipient'))),
      keepRecipient: assign({ recipient: ({ event }) => typedMsisdn(event) }),
      askAmount: emit(({ context }) =>
        replyEvent(
          text('sendMoney.askAmount', { recipient: formatMsisdnForDisplay(context.recipient ?? ('' as Msisdn)) }),
        ),
      ),
      keepAmount: assign({ amount: ({ event }) => typedAmount(event) }),
      showConfirmation: emit(({ context }) => replyEvent(confirmation(context))),
      makeSendId: assign({ sendId: () => randomUUID() }),
    },
  })
  .createMachine({
    id: 'sendMoney',
    context: ({ input }) => {
      const recipient = typeof input.args?.recipient === 'string' ? parseCameroonMobile(input.args.recipient) : null;
      const amount = typeof input.args?.amount === 'number' ? input.args.amount : 0;
      return {
        input,
        recipient: recipient?.ok ? recipient.msisdn : null,
        amount,
        quote: null,
        sendId: '',
        pinCheck: null,
      };
    },
    initial: 'start',
    states: {
      start: { always: [{ guard: 'hasShortcut', target: 'quoting' }, { target: 'recipient' }] },
      recipient: phoneStep({
        ask: 'askRecipient',
        help: 'sendMoney.help.recipient',
        number: { target: 'amount', actions: 'keepRecipient' },
        back: 'cancelled',
      }),
      amount: amountStep({
        ask: 'askAmount',
        help: 'sendMoney.help.amount',
        amount: { target: 'quoting', actions: 'keepAmount' },
        back: 'recipient',
      }),
      quoting: {
        tags: ['busy'],
        invoke: {
          src: 'quote',
          input: ({ context }) => ({
            sender: context.input.msisdn,
            recipient: context.recipient ?? ('' as Msisdn),
            amount: context.amount,
          }),
          onDone: [
            {
              guard: ({ event }) => event.output.ok,
              target: 'confirming',
              actions: assign({ quote: ({ event }) => event.output }),
            },
            {
              guard: ({ event }) => !event.output.ok && event.output.reason === 'SAME_ACCOUNT',
              target: 'recipient',
              actions: say(refusal('SAME_ACCOUNT')),
            },
            {
              target: 'amount',
              actions: emit(({ event }) => replyEvent(refusal(event.output.ok ? 'OTHER' : event.output.reason))),
            },
          ],
          onError: { target: 'failed' },
        },
      },
      confirming: confirmStep({
        show: 'showConfirmation',
        help: 'sendMoney.help.confirm',
        yes: { target: 'pin', actions: 'makeSendId' },
        back: 'amount',
      }),
      pin: pinStep({
        accepted: '#sendMoney.sending',
        locked: '#sendMoney.done',
        failed: '#sendMoney.failed',
        back: 'confirming',
      }),
      sending: {
        tags: ['busy'],
        invoke: {
          src: 'send',
          input: ({ context }) => ({
            id: context.sendId,
            sender: context.input.msisdn,
            recipient: context.recipient ?? ('' as Msisdn),
            amount: context.amount,
          }),
          onDone: { target: 'done', actions: emit(({ event }) => replyEvent(receipt(event.output))) },
          // The send may or may not have happened: trying again reuses the same key, so it can only finish it.
          onError: { target: 'unsure' },
        },
      },
      unsure: unsureStep({
        question: 'sendMoney.unsure',
        tryAgain: 'sendMoney.tryAgain',
        stop: 'sendMoney.stop',
        stopped: 'sendMoney.checkHistory',
        help: 'sendMoney.help.unsure',
        retry: 'sending',
      }),
      ...finalStates(),
    },
    output: quietOutput,
  });
