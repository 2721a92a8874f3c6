/**
 * Send money: recipient (any common Cameroonian form), amount, a confirmation with the recipient's name when
 * known, the fee, the total and the balance after; the PIN; a receipt with a reference. The idempotency key is
 * made when the person confirms, before anything is sent, so a repeated PIN or a restart moves the money once.
 */
import { randomUUID } from 'node:crypto';
import { assign, emit, fromPromise, setup } from 'xstate';
import { dateParam, francsParam } from '../domain/notifications';
import type { PinCheck } from '../domain/people';
import { formatMsisdnForDisplay, parseCameroonMobile, type Msisdn } from '../domain/phone';
import type { QuoteResult, SendRequest, SendResult } from '../domain/sendMoney';
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
import {
  amountCorrection,
  isTypedAmount,
  isTypedMsisdn,
  phoneCorrection,
  typedAmount,
  typedMsisdn,
} from './typedInput';
import { checkPinActor, notProvided, pinActions, pinGuards, pinStep } from './pin';
import { refusal } from './refusals';

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
    reference: r.reference,
  };
  if (r.status === 'held' && r.claimableUntil) {
    return end('sendMoney.receiptHeld', { ...params, until: dateParam(r.claimableUntil) });
  }
  return end('sendMoney.receipt', params);
}

export const sendMoneyMachine = setup({
  types: {
    context: {} as SendMoneyContext,
    events: {} as FlowEvent,
    input: {} as FlowInput,
    output: {} as FlowOutput,
    emitted: {} as FlowEmitted,
    meta: {} as StepMeta,
  },
  actors: {
    quote: fromPromise<QuoteResult, { sender: Msisdn; recipient: Msisdn; amount: number }>(notProvided('quote')),
    send: fromPromise<SendResult, SendRequest>(notProvided('send')),
    checkPin: checkPinActor,
  },
  guards: {
    ...pinGuards,
    hasShortcut: ({ context }) => context.recipient !== null && context.amount > 0,
    isANumber: ({ event }) => isTypedMsisdn(event),
    isAnAmount: ({ event }) => isTypedAmount(event),
    confirmed: ({ event }) => inputText(event) === '1',
    refused: ({ event }) => inputText(event) === '2',
  },
  actions: {
    askRecipient: emit(replyEvent(text('sendMoney.askRecipient'))),
    askAmount: emit(({ context }) =>
      replyEvent(
        text('sendMoney.askAmount', { recipient: formatMsisdnForDisplay(context.recipient ?? ('' as Msisdn)) }),
      ),
    ),
    sayBadNumber: emit(({ event }) => replyEvent(phoneCorrection(event))),
    sayBadAmount: emit(({ event }) => replyEvent(amountCorrection(event))),
    showConfirmation: emit(({ context }) => replyEvent(confirmation(context))),
    ...pinActions<SendMoneyContext>(),
  },
}).createMachine({
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
    recipient: {
      entry: 'askRecipient',
      meta: { help: 'sendMoney.help.recipient' },
      on: {
        INPUT: [
          {
            guard: 'isANumber',
            target: 'amount',
            actions: assign({ recipient: ({ event }) => typedMsisdn(event) }),
          },
          { actions: 'sayBadNumber' },
        ],
        BACK: 'cancelled',
      },
    },
    amount: {
      entry: 'askAmount',
      meta: { help: 'sendMoney.help.amount' },
      on: {
        INPUT: [
          {
            guard: 'isAnAmount',
            target: 'quoting',
            actions: assign({ amount: ({ event }) => typedAmount(event) }),
          },
          { actions: 'sayBadAmount' },
        ],
        BACK: 'recipient',
      },
    },
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
            actions: emit(replyEvent(refusal('SAME_ACCOUNT'))),
          },
          {
            target: 'amount',
            actions: emit(({ event }) => replyEvent(refusal(event.output.ok ? 'OTHER' : event.output.reason))),
          },
        ],
        onError: { target: 'failed' },
      },
    },
    confirming: {
      entry: 'showConfirmation',
      meta: { help: 'sendMoney.help.confirm' },
      on: {
        INPUT: [
          { guard: 'confirmed', target: 'pin', actions: assign({ sendId: () => randomUUID() }) },
          { guard: 'refused', target: 'cancelled' },
          { actions: [emit(replyEvent(text('common.invalidChoice'))), 'showConfirmation'] },
        ],
        BACK: 'amount',
      },
    },
    pin: {
      ...pinStep({ accepted: '#sendMoney.sending', locked: '#sendMoney.done', failed: '#sendMoney.failed' }),
      on: { BACK: 'confirming' },
    },
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
    unsure: {
      entry: emit(replyEvent(menu('sendMoney.unsure', ['sendMoney.tryAgain', 'sendMoney.stop']))),
      meta: { help: 'sendMoney.help.unsure' },
      on: {
        INPUT: [
          { guard: 'confirmed', target: 'sending' },
          { target: 'done', actions: emit(replyEvent(end('sendMoney.checkHistory'))) },
        ],
        // Going back past a send that may have happened would invite a second one: ask again instead.
        BACK: { target: 'unsure', reenter: true },
      },
    },
    failed: { type: 'final', entry: emit(replyEvent(end('common.technicalProblem'))) },
    cancelled: { type: 'final', entry: emit(replyEvent(end('common.cancelled'))) },
    done: { type: 'final' },
  },
  output: (): FlowOutput => ({ quiet: true }),
});
