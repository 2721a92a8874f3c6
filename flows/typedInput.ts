/**
 * What a person typed, read as an amount or a phone number, and what to tell them when it is not one. Every flow
 * that asks for an amount or a number reads it here, so they all accept and refuse the same things.
 */
import { parseAmount } from '../domain/money';
import { parseCameroonMobile, type Msisdn } from '../domain/phone';
import { inputText, text, type FlowEvent, type FlowInput, type Reply } from './conversation';
import { badAmount, badPhone } from './refusals';

/** The amount typed, in francs; 0 when the text is not an amount (guard with `isTypedAmount` first). */
export function typedAmount(event: FlowEvent): number {
  const parsed = parseAmount(inputText(event));
  return parsed.ok ? parsed.amount : 0;
}

export function isTypedAmount(event: FlowEvent): boolean {
  return parseAmount(inputText(event)).ok;
}

/** The Cameroonian mobile number typed, or null. */
export function typedMsisdn(event: FlowEvent): Msisdn | null {
  const parsed = parseCameroonMobile(inputText(event));
  return parsed.ok ? parsed.msisdn : null;
}

export function isTypedMsisdn(event: FlowEvent): boolean {
  return parseCameroonMobile(inputText(event)).ok;
}

/** What to type instead, when the text was not an amount. */
export function amountCorrection(event: FlowEvent): Reply {
  const parsed = parseAmount(inputText(event));
  return parsed.ok ? text('input.amount') : badAmount(parsed.reason);
}

/** What to type instead, when the text was not a Cameroonian mobile number. */
export function phoneCorrection(event: FlowEvent): Reply {
  const parsed = parseCameroonMobile(inputText(event));
  return parsed.ok ? text('input.phone') : badPhone(parsed.reason);
}

/** The amount a shortcut started the flow with (`withdraw 5000`), in francs; 0 when it gave none or a bad one. */
export function shortcutAmount(input: FlowInput): number {
  const amount = input.args?.amount;
  return typeof amount === 'number' && parseAmount(String(amount)).ok ? amount : 0;
}
