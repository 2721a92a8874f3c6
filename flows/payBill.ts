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
import { assign, emit, fromPromise, setup } from 'xstate';
import type { BillPayments } from '../domain/billPayments/billPayments';
import { groupToken } from '../domain/billPayments/billPaymentResults';
import {
  allowedAmounts,
  isValidCustomerNumber,
  normalizeCustomerNumber,
  type AllowedAmounts,
  type Biller,
} from '../domain/billers';
import type { PayItem } from '../domain/billPayments/billAggregator';
import { parseAmount } from '../domain/money';
import { francsParam } from '../domain/notifications';
import type { Language } from '../domain/users';
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
  type MenuOption,
  type Reply,
  type StepMeta,
} from './conversation';
import { amountCorrection } from './typedInput';
import { billMessages } from './messages/bills';
import type { MessageKey } from './messages';
import { checkPinActor, notProvided, pinActions, pinGuards, pinStep } from './pin';
import { refusal } from './refusals';

export const payBillVersion = 1;

/** What BillPayments.lookup takes and answers. */
export interface LookupBillInput {
  billerId: string;
  customerNumber: string;
}
export type LookupBillResult = Awaited<ReturnType<BillPayments['lookup']>>;
/** What BillPayments.quote takes and answers. */
export interface QuoteBillInput {
  billerId: string;
  item: PayItem;
  amount: number;
}
export type QuoteBillResult = ReturnType<BillPayments['quote']>;
/** What BillPayments.pay takes and answers. */
export type PayBillInput = Parameters<BillPayments['pay']>[0];
export type PayBillResult = Awaited<ReturnType<BillPayments['pay']>>;

interface PayBillContext {
  input: FlowInput;
  /** The billers on offer, in menu order (BillPayments.list). */
  billers: Biller[];
  biller: Biller | null;
  /** As the service normalized it (separators removed). */
  customerNumber: string;
  customerName: string | null;
  /** What the lookup found to pay: bills, offers or prepaid credit. */
  items: PayItem[];
  item: PayItem | null;
  amount: number;
  fee: number;
  total: number;
  /** The idempotency key of this payment, made at confirmation. */
  payId: string;
}

// ---------------------------------------------------------------------------------------------------------------
// What the flow knows about the chosen biller and item.

/** The biller's customer-number label (a catalog key) as text in the person's language: a parameter is text. */
function numberLabel(biller: Biller | null, language: Language): string {
  if (!biller) return '';
  return billMessages[language][biller.numberLabelKey];
}

/**
 * How many digits a mask wants, when it is the plain `^[0-9]{a,b}$` form every biller uses today; null for
 * anything else (the message then says only that the number is not valid).
 */
export function expectedDigits(mask: string): { min: number; max: number } | null {
  const found = /^\^?\[0-9\]\{(\d+)(?:,(\d+))?\}\$?$/.exec(mask);
  if (!found) return null;
  const min = Number(found[1]);
  return { min, max: found[2] === undefined ? min : Number(found[2]) };
}

/** The customer number with the name the biller knows it by, when it gave one: the person checks both. */
function customer(context: PayBillContext): string {
  return context.customerName ? `${context.customerNumber} (${context.customerName})` : context.customerNumber;
}

/** A due date as people read it (dd/mm/yyyy, the same in English and French): a day, not a moment in time. */
function dueDay(iso: string): string {
  const [year, month, day] = iso.slice(0, 10).split('-');
  return `${day}/${month}/${year}`;
}

function allowed(context: PayBillContext): AllowedAmounts | null {
  if (!context.biller || !context.item) return null;
  return allowedAmounts(context.biller.amount, context.item.amount);
}

/** A lone item without an amount (prepaid credit) has nothing to show or choose: the flow asks the amount. */
function choosesAnItem(context: PayBillContext): boolean {
  return !(context.items.length === 1 && context.items[0]!.amount === null);
}

/** Whether the person types the amount (a range), rather than paying the one amount the item allows. */
function asksTheAmount(context: PayBillContext): boolean {
  const range = allowed(context);
  return range !== null && range.min < range.max;
}

/** The range of amounts as reply parameters. */
function rangeParams(range: AllowedAmounts): { min: { francs: number }; max: { francs: number } } {
  return { min: francsParam(range.min), max: francsParam(range.max) };
}

// ---------------------------------------------------------------------------------------------------------------
// Screens.

function billerMenu(context: PayBillContext): Reply {
  return menu(
    'payBill.chooseBiller',
    context.billers.map((b) => b.nameKey),
  );
}

function askNumber(context: PayBillContext): Reply {
  return text('payBill.askNumber', {
    biller: context.biller?.brand ?? '',
    label: numberLabel(context.biller, context.input.language),
  });
}

/** What to type instead of a customer number that does not fit the biller's mask. */
function badNumber(context: PayBillContext): Reply {
  const biller = context.biller?.brand ?? '';
  const label = numberLabel(context.biller, context.input.language);
  const digits = context.biller ? expectedDigits(context.biller.validationMask) : null;
  if (!digits) return text('bills.invalidNumber', { label });
  return digits.min === digits.max
    ? text('payBill.badNumberExact', { biller, label, count: digits.min })
    : text('payBill.badNumberRange', { biller, label, min: digits.min, max: digits.max });
}

function itemOption(item: PayItem, index: number): MenuOption {
  const id = String(index + 1);
  const amount = francsParam(item.amount ?? 0);
  switch (item.kind) {
    case 'BILL': {
      const bill = item.billNumber ?? id;
      return item.dueDate
        ? { id, key: 'payBill.billLine', params: { bill, amount, due: dueDay(item.dueDate) } }
        : { id, key: 'payBill.billLineNoDue', params: { bill, amount } };
    }
    case 'OFFER':
      return { id, key: 'payBill.offerLine', params: { offer: item.label ?? id, amount } };
    case 'PREPAID':
      return { id, key: 'payBill.prepaidLine' };
  }
}

/** What is due: the open bills or the offers, one numbered line each. */
function itemMenu(context: PayBillContext): Reply {
  const offers = context.items.every((i) => i.kind === 'OFFER');
  return menu(offers ? 'payBill.offers' : 'payBill.bills', context.items.map(itemOption), {
    customer: customer(context),
  });
}

/** The item a typed number picks, if any. */
function pickedItem(context: PayBillContext, typed: string): PayItem | null {
  if (!/^[1-9][0-9]?$/.test(typed)) return null;
  return context.items[Number(typed) - 1] ?? null;
}

/** The biller a typed number picks, if any. */
function pickedBiller(context: PayBillContext, typed: string): Biller | null {
  if (!/^[1-9][0-9]?$/.test(typed)) return null;
  return context.billers[Number(typed) - 1] ?? null;
}

/** Whether the amount is any part of what a bill says is due (PARTIAL), so "all of it" is the default choice. */
function paysPartOfABill(context: PayBillContext): boolean {
  const range = allowed(context);
  return context.item?.kind === 'BILL' && range !== null && range.min < range.max && range.max === context.item.amount;
}

/** PARTIAL bills: pay it all with 1 (the default), or type less; other rules: type an amount in the range. */
function amountScreen(context: PayBillContext): Reply {
  const range = allowed(context);
  if (!range) throw new Error('amount asked without a range');
  const item = context.item;
  if (item && paysPartOfABill(context)) {
    const owed = francsParam(range.max);
    return menu('payBill.askPartial', [{ id: PAY_ALL, key: 'payBill.payAll', params: { amount: owed } }], {
      bill: item.billNumber ?? '',
      owed,
      ...rangeParams(range),
    });
  }
  return text('payBill.askAmount', {
    biller: context.biller?.brand ?? '',
    customer: customer(context),
    ...rangeParams(range),
  });
}

/** The option that pays a bill in full; no biller's minimum is as low as 1 franc, so it cannot be an amount. */
const PAY_ALL = '1';

/** The amount typed on the amount step (1: all of the bill), or null when it is not one. */
function typedAmount(context: PayBillContext, event: FlowEvent): number | null {
  const typed = inputText(event);
  const range = allowed(context);
  if (typed === PAY_ALL && paysPartOfABill(context) && range) return range.max;
  const parsed = parseAmount(typed);
  return parsed.ok ? parsed.amount : null;
}

function confirmation(context: PayBillContext): Reply {
  const item = context.item;
  const params = {
    biller: context.biller?.brand ?? '',
    customer: customer(context),
    amount: francsParam(context.amount),
    fee: francsParam(context.fee),
    total: francsParam(context.total),
  };
  const options: MessageKey[] = ['payBill.confirmYes', 'payBill.confirmNo'];
  if (item?.kind === 'OFFER' && item.label)
    return menu('payBill.confirmOffer', options, { ...params, offer: item.label });
  if (item?.kind === 'BILL' && item.billNumber)
    return menu('payBill.confirmBill', options, { ...params, bill: item.billNumber });
  return menu('payBill.confirm', options, params);
}

function payOutcome(result: PayBillResult, context: PayBillContext): Reply {
  const biller = context.biller?.brand ?? '';
  const number = context.customerNumber;
  if (result.ok && result.status === 'PAID') {
    const r = result.receipt;
    const params = {
      biller,
      number: r.customerNumber,
      amount: francsParam(r.amount),
      fee: francsParam(r.fee),
      receipt: r.receiptNumber,
      reference: r.reference,
    };
    return r.token ? end('payBill.paidToken', { ...params, token: groupToken(r.token) }) : end('payBill.paid', params);
  }
  if (result.ok) return end('payBill.pending', { biller, number, amount: francsParam(context.amount) });
  switch (result.reason) {
    case 'INSUFFICIENT_FUNDS':
      return end('payBill.insufficientFunds', { total: francsParam(context.total) });
    case 'AMOUNT_NOT_ALLOWED':
      return result.allowed ? end('bills.amountNotAllowed', rangeParams(result.allowed)) : end(refusal('OTHER').key);
    case 'QUOTE_REFUSED':
      return end('bills.quoteRefused', { biller });
    case 'PAYMENT_FAILED':
      return end('bills.failed', { biller, number, amount: francsParam(context.amount) });
    case 'INVALID_NUMBER':
      return end('bills.invalidNumber', { label: numberLabel(context.biller, context.input.language) });
    default:
      return end(refusal(result.reason).key);
  }
}

/** The range a refused quote allows, when the person can type another amount in it. */
function rangeToRetype(result: QuoteBillResult, context: PayBillContext): AllowedAmounts | null {
  if (result.ok || result.reason !== 'AMOUNT_NOT_ALLOWED' || !result.allowed) return null;
  return result.allowed.min < result.allowed.max && asksTheAmount(context) ? result.allowed : null;
}

/** Why a quote was refused, when the flow cannot go on: the one amount allowed, the range, or a general refusal. */
function quoteRefusal(result: QuoteBillResult): Reply {
  if (result.ok || result.reason !== 'AMOUNT_NOT_ALLOWED' || !result.allowed) return end(refusal('OTHER').key);
  const range = result.allowed;
  if (range.min === range.max) return end('bills.amountMustBe', { amount: francsParam(range.min) });
  return end('bills.amountNotAllowed', rangeParams(range));
}

// ---------------------------------------------------------------------------------------------------------------

export const payBillMachine = setup({
  types: {
    context: {} as PayBillContext,
    events: {} as FlowEvent,
    input: {} as FlowInput,
    output: {} as FlowOutput,
    emitted: {} as FlowEmitted,
    meta: {} as StepMeta,
  },
  actors: {
    listBillers: fromPromise<readonly Biller[]>(notProvided('listBillers')),
    lookup: fromPromise<LookupBillResult, LookupBillInput>(notProvided('lookup')),
    quote: fromPromise<QuoteBillResult, QuoteBillInput>(notProvided('quote')),
    pay: fromPromise<PayBillResult, PayBillInput>(notProvided('pay')),
    checkPin: checkPinActor,
  },
  guards: {
    ...pinGuards,
    picked: ({ event }, id: string) => inputText(event) === id,
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
    isAnAmount: ({ context, event }) => typedAmount(context, event) !== null,
  },
  actions: {
    sayInvalidChoice: emit(replyEvent(text('common.invalidChoice'))),
    showBillers: emit(({ context }) => replyEvent(billerMenu(context))),
    askNumber: emit(({ context }) => replyEvent(askNumber(context))),
    sayBadNumber: emit(({ context }) => replyEvent(badNumber(context))),
    showItems: emit(({ context }) => replyEvent(itemMenu(context))),
    askAmount: emit(({ context }) => replyEvent(amountScreen(context))),
    sayBadAmount: emit(({ event }) => replyEvent(amountCorrection(event))),
    sayAllowedRange: emit(({ context }) => {
      const range = allowed(context);
      return replyEvent(range ? text('bills.amountNotAllowed', rangeParams(range)) : text('input.amount'));
    }),
    showConfirmation: emit(({ context }) => replyEvent(confirmation(context))),
    ...pinActions<PayBillContext>(),
    showUnsure: emit(replyEvent(menu('payBill.unsure', ['payBill.tryAgain', 'payBill.stop']))),
    sayNothingCanBePaid: emit(replyEvent(end(refusal('OTHER').key))),
  },
}).createMachine({
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
            actions: emit(replyEvent(end('payBill.noBillers'))),
          },
          { target: 'biller', actions: assign({ billers: ({ event }) => [...event.output] }) },
        ],
        onError: { target: 'failed' },
      },
    },
    biller: {
      entry: 'showBillers',
      meta: { help: 'payBill.help.biller' },
      on: {
        INPUT: [
          {
            guard: 'pickedABiller',
            target: 'number',
            actions: assign({ biller: ({ context, event }) => pickedBiller(context, inputText(event)) }),
          },
          { actions: ['sayInvalidChoice', 'showBillers'] },
        ],
        BACK: 'cancelled',
      },
    },
    number: {
      entry: 'askNumber',
      meta: { help: 'payBill.help.number' },
      on: {
        INPUT: [
          {
            guard: 'fitsTheMask',
            target: 'lookingUp',
            actions: assign({ customerNumber: ({ event }) => normalizeCustomerNumber(inputText(event)) }),
          },
          { actions: 'sayBadNumber' },
        ],
        BACK: 'biller',
      },
    },
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
                text('bills.unknownCustomer', { biller: context.biller?.brand ?? '', number: context.customerNumber }),
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
        {
          guard: 'hasOneAmount',
          target: 'quoting',
          actions: assign({ amount: ({ context }) => allowed(context)!.min }),
        },
        { target: 'done', actions: 'sayNothingCanBePaid' },
      ],
    },
    item: {
      entry: 'showItems',
      meta: { help: 'payBill.help.item' },
      on: {
        INPUT: [
          {
            guard: 'pickedAnItem',
            target: 'chosen',
            actions: assign({ item: ({ context, event }) => pickedItem(context, inputText(event)) }),
          },
          { actions: ['sayInvalidChoice', 'showItems'] },
        ],
        BACK: 'number',
      },
    },
    chosen: {
      always: [
        { guard: 'asksTheAmount', target: 'amount' },
        {
          guard: 'hasOneAmount',
          target: 'quoting',
          actions: assign({ amount: ({ context }) => allowed(context)!.min }),
        },
        { target: 'done', actions: 'sayNothingCanBePaid' },
      ],
    },
    amount: {
      entry: 'askAmount',
      meta: { help: 'payBill.help.amount' },
      on: {
        INPUT: [
          {
            guard: 'isAnAllowedAmount',
            target: 'quoting',
            actions: assign({ amount: ({ context, event }) => typedAmount(context, event) ?? 0 }),
          },
          { guard: 'isAnAmount', actions: 'sayAllowedRange' },
          { actions: 'sayBadAmount' },
        ],
        BACK: [{ guard: 'choosesAnItem', target: 'item' }, { target: 'number' }],
      },
    },
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
    confirming: {
      entry: 'showConfirmation',
      meta: { help: 'payBill.help.confirm' },
      on: {
        INPUT: [
          { guard: { type: 'picked', params: '1' }, target: 'pin', actions: assign({ payId: () => randomUUID() }) },
          { guard: { type: 'picked', params: '2' }, target: 'cancelled' },
          { actions: ['sayInvalidChoice', 'showConfirmation'] },
        ],
        BACK: [
          { guard: 'asksTheAmount', target: 'amount' },
          { guard: 'choosesAnItem', target: 'item' },
          { target: 'number' },
        ],
      },
    },
    pin: {
      ...pinStep({ accepted: '#payBill.paying', locked: '#payBill.done', failed: '#payBill.failed' }),
      on: { BACK: 'confirming' },
    },
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
    unsure: {
      entry: 'showUnsure',
      meta: { help: 'payBill.help.unsure' },
      on: {
        INPUT: [
          { guard: { type: 'picked', params: '1' }, target: 'paying' },
          {
            guard: { type: 'picked', params: '2' },
            target: 'done',
            actions: emit(replyEvent(end('payBill.checkHistory'))),
          },
          { actions: ['sayInvalidChoice', 'showUnsure'] },
        ],
      },
    },
    failed: { type: 'final', entry: emit(replyEvent(end('common.technicalProblem'))) },
    cancelled: { type: 'final', entry: emit(replyEvent(end('common.cancelled'))) },
    done: { type: 'final' },
  },
  output: (): FlowOutput => ({ quiet: true }),
});
