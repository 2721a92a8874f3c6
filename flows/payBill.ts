/**
 * Pay a bill: choose the biller, type the customer number (checked against the biller's mask before anyone is
 * asked), see what is due (open bills with their amount and due date, subscription offers, or prepaid credit),
 * choose the amount the biller's rule allows, confirm with the fee and the total, give the PIN, and read the
 * receipt (with the meter token for prepaid electricity), or that the payment is pending, or why it was refused.
 *
 * The payment id is made when the person confirms, before the PIN, so a repeated PIN, a retry after a technical
 * problem or a restart asks the service for the same payment: the bill is paid at most once.
 *
 * Billers, bills and offers are plain JSON (the mask is a regex source, dates are ISO strings), so they are kept in
 * the context and travel in the saved snapshot as they are.
 */
import { randomUUID } from 'node:crypto';
import { assign, emit, fromPromise } from 'xstate';
import { isValidCustomerNumber, normalizeCustomerNumber, type Biller } from '../domain/billers';
import { end, inputText, replyEvent, text } from './conversation';
import { notProvided } from './notProvided';
import { allowed, asksTheAmount, choosesAnItem, pickedBiller, pickedItem, typedAmount } from './payBill/choices';
import type {
  LookupBillInput,
  LookupBillResult,
  PayBillContext,
  PayBillInput,
  PayBillResult,
  QuoteBillInput,
  QuoteBillResult,
} from './payBill/context';
import {
  amountScreen,
  askNumber,
  badNumber,
  billerMenu,
  confirmation,
  itemMenu,
  payOutcome,
  quoteRefusal,
  rangeParams,
  rangeToRetype,
} from './payBill/screens';
import { refusal } from './refusals';
import {
  amountStep,
  askStep,
  confirmStep,
  finalStates,
  flowSetup,
  menuStep,
  pinStep,
  quietOutput,
  say,
  unsureStep,
} from './steps';

export type {
  LookupBillInput,
  LookupBillResult,
  PayBillInput,
  PayBillResult,
  QuoteBillInput,
  QuoteBillResult,
} from './payBill/context';
export { expectedDigits } from './payBill/screens';

/** Bumped when a saved pay-a-bill conversation could no longer be resumed by this machine. */
export const payBillVersion = 1;

/** The pay-a-bill conversation (see the file comment); services are bound at wiring. */
export const payBillMachine = flowSetup<PayBillContext>()({
  listBillers: fromPromise<readonly Biller[]>(notProvided('listBillers')),
  lookup: fromPromise<LookupBillResult, LookupBillInput>(notProvided('lookup')),
  quote: fromPromise<QuoteBillResult, QuoteBillInput>(notProvided('quote')),
  pay: fromPromise<PayBillResult, PayBillInput>(notProvided('pay')),
})
  .extend({
    guards: {
      pickedABiller: ({ context, event }) => pickedBiller(context, inputText(event)) !== null,
      pickedAnItem: ({ context, event }) => pickedItem(context, inputText(event)) !== null,
      fitsTheMask: ({ context, event }) =>
        context.biller !== null && isValidCustomerNumber(context.biller, normalizeCustomerNumber(inputText(event))),
      choosesAnItem: ({ context }) => choosesAnItem(context),
      asksTheAmount: ({ context }) => asksTheAmount(context),
      hasOneAmount: ({ context }) => allowed(context) !== null && !asksTheAmount(context),
      isAnAllowedAmount: ({ context, event }) => {
        const amount = typedAmount(context, event);
        const range = allowed(context);
        return amount !== null && range !== null && amount >= range.min && amount <= range.max;
      },
    },
    actions: {
      showBillers: emit(({ context }) => replyEvent(billerMenu(context))),
      keepBiller: assign({ biller: ({ context, event }) => pickedBiller(context, inputText(event)) }),
      askNumber: emit(({ context }) => replyEvent(askNumber(context))),
      keepNumber: assign({ customerNumber: ({ event }) => normalizeCustomerNumber(inputText(event)) }),
      sayBadNumber: emit(({ context }) => replyEvent(badNumber(context))),
      showItems: emit(({ context }) => replyEvent(itemMenu(context))),
      keepItem: assign({ item: ({ context, event }) => pickedItem(context, inputText(event)) }),
      askAmount: emit(({ context }) => replyEvent(amountScreen(context))),
      keepAmount: assign({ amount: ({ context, event }) => typedAmount(context, event) ?? 0 }),
      keepTheOneAmount: assign({ amount: ({ context }) => allowed(context)!.min }),
      sayAllowedRange: emit(({ context }) => {
        const range = allowed(context);
        return replyEvent(range ? text('bills.amountNotAllowed', rangeParams(range)) : text('input.amount'));
      }),
      showConfirmation: emit(({ context }) => replyEvent(confirmation(context))),
      makePayId: assign({ payId: () => randomUUID() }),
      sayNothingCanBePaid: emit(replyEvent(end(refusal('OTHER').key))),
    },
  })
  .createMachine({
    id: 'payBill',
    context: ({ input }) => ({
      input,
      billers: [],
      biller: null,
      customerNumber: '',
      customerName: null,
      items: [],
      item: null,
      amount: 0,
      fee: 0,
      total: 0,
      payId: '',
    }),
    initial: 'loadingBillers',
    states: {
      loadingBillers: {
        tags: ['busy'],
        invoke: {
          src: 'listBillers',
          onDone: [
            {
              guard: ({ event }) => event.output.length === 0,
              target: 'done',
              actions: say(end('payBill.noBillers')),
            },
            { target: 'biller', actions: assign({ billers: ({ event }) => [...event.output] }) },
          ],
          onError: { target: 'failed' },
        },
      },
      biller: menuStep({
        show: 'showBillers',
        help: 'payBill.help.biller',
        choices: [{ guard: 'pickedABiller', target: 'number', actions: 'keepBiller' }],
        back: 'cancelled',
      }),
      number: askStep({
        ask: 'askNumber',
        help: 'payBill.help.number',
        accept: { guard: 'fitsTheMask', target: 'lookingUp', actions: 'keepNumber' },
        correct: 'sayBadNumber',
        back: 'biller',
      }),
      lookingUp: {
        tags: ['busy'],
        invoke: {
          src: 'lookup',
          input: ({ context }) => ({ billerId: context.biller?.id ?? '', customerNumber: context.customerNumber }),
          onDone: [
            {
              guard: ({ event }) => event.output.ok,
              target: 'due',
              actions: assign(({ event }) =>
                event.output.ok
                  ? {
                      customerNumber: event.output.customerNumber,
                      customerName: event.output.customerName,
                      items: event.output.items,
                      item: event.output.items.length === 1 ? event.output.items[0]! : null,
                    }
                  : {},
              ),
            },
            {
              // A typo is the likely cause: the person types the number again.
              guard: ({ event }) => !event.output.ok && event.output.reason === 'UNKNOWN_CUSTOMER',
              target: 'number',
              actions: emit(({ context }) =>
                replyEvent(
                  text('bills.unknownCustomer', {
                    biller: context.biller?.brand ?? '',
                    number: context.customerNumber,
                  }),
                ),
              ),
            },
            {
              guard: ({ event }) => !event.output.ok && event.output.reason === 'INVALID_NUMBER',
              target: 'number',
              actions: 'sayBadNumber',
            },
            {
              guard: ({ event }) => !event.output.ok && event.output.reason === 'NO_OPEN_BILL',
              target: 'done',
              actions: emit(({ context }) =>
                replyEvent(
                  end('bills.noOpenBill', { biller: context.biller?.brand ?? '', number: context.customerNumber }),
                ),
              ),
            },
            { target: 'done', actions: 'sayNothingCanBePaid' },
          ],
          onError: { target: 'failed' },
        },
      },
      /** Decides the next screen from what the lookup found; the person sees nothing here. */
      due: {
        always: [
          { guard: 'choosesAnItem', target: 'item' },
          { guard: 'asksTheAmount', target: 'amount' },
          { guard: 'hasOneAmount', target: 'quoting', actions: 'keepTheOneAmount' },
          { target: 'done', actions: 'sayNothingCanBePaid' },
        ],
      },
      item: menuStep({
        show: 'showItems',
        help: 'payBill.help.item',
        choices: [{ guard: 'pickedAnItem', target: 'chosen', actions: 'keepItem' }],
        back: 'number',
      }),
      chosen: {
        always: [
          { guard: 'asksTheAmount', target: 'amount' },
          { guard: 'hasOneAmount', target: 'quoting', actions: 'keepTheOneAmount' },
          { target: 'done', actions: 'sayNothingCanBePaid' },
        ],
      },
      amount: amountStep({
        ask: 'askAmount',
        help: 'payBill.help.amount',
        amount: { target: 'quoting', actions: 'keepAmount' },
        within: 'isAnAllowedAmount',
        otherwise: [{ actions: 'sayAllowedRange' }],
        back: [{ guard: 'choosesAnItem', target: 'item' }, { target: 'number' }],
      }),
      quoting: {
        tags: ['busy'],
        invoke: {
          src: 'quote',
          input: ({ context }) => ({
            billerId: context.biller?.id ?? '',
            item: context.item!,
            amount: context.amount,
          }),
          onDone: [
            {
              guard: ({ event }) => event.output.ok,
              target: 'confirming',
              actions: assign(({ event }) =>
                event.output.ok ? { fee: event.output.quote.fee, total: event.output.quote.total } : {},
              ),
            },
            {
              // The person types another amount; the message gives the service's range, the one that counts.
              guard: ({ context, event }) => rangeToRetype(event.output, context) !== null,
              target: 'amount',
              actions: emit(({ context, event }) =>
                replyEvent(text('bills.amountNotAllowed', rangeParams(rangeToRetype(event.output, context)!))),
              ),
            },
            { target: 'done', actions: emit(({ event }) => replyEvent(quoteRefusal(event.output))) },
          ],
          onError: { target: 'failed' },
        },
      },
      confirming: confirmStep({
        show: 'showConfirmation',
        help: 'payBill.help.confirm',
        yes: { target: 'pin', actions: 'makePayId' },
        back: [
          { guard: 'asksTheAmount', target: 'amount' },
          { guard: 'choosesAnItem', target: 'item' },
          { target: 'number' },
        ],
      }),
      pin: pinStep({
        accepted: '#payBill.paying',
        locked: '#payBill.done',
        failed: '#payBill.failed',
        back: 'confirming',
      }),
      paying: {
        tags: ['busy'],
        invoke: {
          src: 'pay',
          input: ({ context }) => ({
            id: context.payId,
            payer: context.input.msisdn,
            billerId: context.biller?.id ?? '',
            customerNumber: context.customerNumber,
            item: context.item!,
            amount: context.amount,
          }),
          onDone: {
            target: 'done',
            actions: emit(({ context, event }) => replyEvent(payOutcome(event.output, context))),
          },
          // The payment may or may not have started: trying again reuses the same id, so it can only finish it.
          onError: { target: 'unsure' },
        },
      },
      unsure: unsureStep({
        question: 'payBill.unsure',
        tryAgain: 'payBill.tryAgain',
        stop: 'payBill.stop',
        stopped: 'payBill.checkHistory',
        help: 'payBill.help.unsure',
        retry: 'paying',
      }),
      ...finalStates(),
    },
    output: quietOutput,
  });
