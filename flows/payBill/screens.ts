/**
 * What the pay-a-bill conversation shows: the billers, the question for the customer number and what to type
 * instead, what is due, the amount question, the confirmation, and the words for each outcome of the payment.
 */
import { groupToken } from '../../domain/billPayments/billPaymentResults';
import type { AllowedAmounts, Biller } from '../../domain/billers';
import type { PayItem } from '../../domain/billPayments/billAggregator';
import { francsParam } from '../../domain/notifications';
import type { Language } from '../../domain/users';
import { end, menu, text, type MenuOption, type Reply } from '../conversation';
import { billMessages } from '../messages/bills';
import type { MessageKey } from '../messages';
import { refusal } from '../refusals';
import { allowed, asksTheAmount, PAY_ALL, paysPartOfABill } from './choices';
import type { PayBillContext, PayBillResult, QuoteBillResult } from './context';

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

/** The range of amounts as reply parameters. */
export function rangeParams(range: AllowedAmounts): { min: { francs: number }; max: { francs: number } } {
  return { min: francsParam(range.min), max: francsParam(range.max) };
}

export function billerMenu(context: PayBillContext): Reply {
  return menu(
    'payBill.chooseBiller',
    context.billers.map((b) => b.nameKey),
  );
}

export function askNumber(context: PayBillContext): Reply {
  return text('payBill.askNumber', {
    biller: context.biller?.brand ?? '',
    label: numberLabel(context.biller, context.input.language),
  });
}

/** What to type instead of a customer number that does not fit the biller's mask. */
export function badNumber(context: PayBillContext): Reply {
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
export function itemMenu(context: PayBillContext): Reply {
  const offers = context.items.every((i) => i.kind === 'OFFER');
  return menu(offers ? 'payBill.offers' : 'payBill.bills', context.items.map(itemOption), {
    customer: customer(context),
  });
}

/** PARTIAL bills: pay it all with 1 (the default), or type less; other rules: type an amount in the range. */
export function amountScreen(context: PayBillContext): Reply {
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

export function confirmation(context: PayBillContext): Reply {
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

export function payOutcome(result: PayBillResult, context: PayBillContext): Reply {
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
      // The short reference, as on the notice and the history line (the aggregator's ptn stays on our side).
      reference: r.shortReference,
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
export function rangeToRetype(result: QuoteBillResult, context: PayBillContext): AllowedAmounts | null {
  if (result.ok || result.reason !== 'AMOUNT_NOT_ALLOWED' || !result.allowed) return null;
  return result.allowed.min < result.allowed.max && asksTheAmount(context) ? result.allowed : null;
}

/** Why a quote was refused, when the flow cannot go on: the one amount allowed, the range, or a general refusal. */
export function quoteRefusal(result: QuoteBillResult): Reply {
  if (result.ok || result.reason !== 'AMOUNT_NOT_ALLOWED' || !result.allowed) return end(refusal('OTHER').key);
  const range = result.allowed;
  if (range.min === range.max) return end('bills.amountMustBe', { amount: francsParam(range.min) });
  return end('bills.amountNotAllowed', rangeParams(range));
}
