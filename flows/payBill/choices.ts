/**
 * What the pay-a-bill conversation may offer and what the person's answer picks: which amounts the biller's rule
 * allows for the chosen item, whether there is an item to choose or an amount to type, and the biller, item or
 * amount a typed text picks.
 */
import { allowedAmounts, type AllowedAmounts, type Biller } from '../../domain/billers';
import type { PayItem } from '../../domain/billPayments/billAggregator';
import { parseAmount } from '../../domain/money';
import { inputText, type FlowEvent } from '../conversation';
import type { PayBillContext } from './context';

export function allowed(context: PayBillContext): AllowedAmounts | null {
  if (!context.biller || !context.item) return null;
  return allowedAmounts(context.biller.amount, context.item.amount);
}

/** A lone item without an amount (prepaid credit) has nothing to show or choose: the flow asks the amount. */
export function choosesAnItem(context: PayBillContext): boolean {
  return !(context.items.length === 1 && context.items[0]!.amount === null);
}

/** Whether the person types the amount (a range), rather than paying the one amount the item allows. */
export function asksTheAmount(context: PayBillContext): boolean {
  const range = allowed(context);
  return range !== null && range.min < range.max;
}

/** The item a typed number picks, if any. */
export function pickedItem(context: PayBillContext, typed: string): PayItem | null {
  if (!/^[1-9][0-9]?$/.test(typed)) return null;
  return context.items[Number(typed) - 1] ?? null;
}

/** The biller a typed number picks, if any. */
export function pickedBiller(context: PayBillContext, typed: string): Biller | null {
  if (!/^[1-9][0-9]?$/.test(typed)) return null;
  return context.billers[Number(typed) - 1] ?? null;
}

/** Whether the amount is any part of what a bill says is due (PARTIAL), so "all of it" is the default choice. */
export function paysPartOfABill(context: PayBillContext): boolean {
  const range = allowed(context);
  return context.item?.kind === 'BILL' && range !== null && range.min < range.max && range.max === context.item.amount;
}

/** The option that pays a bill in full; no biller's minimum is as low as 1 franc, so it cannot be an amount. */
export const PAY_ALL = '1';

/** The amount typed on the amount step (1: all of the bill), or null when it is not one. */
export function typedAmount(context: PayBillContext, event: FlowEvent): number | null {
  const typed = inputText(event);
  const range = allowed(context);
  if (typed === PAY_ALL && paysPartOfABill(context) && range) return range.max;
  const parsed = parseAmount(typed);
  return parsed.ok ? parsed.amount : null;
}
