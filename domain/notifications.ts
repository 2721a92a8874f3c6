/**
 * Notices: what the product tells a person later, outside the turn they are in (a top-up confirmed, money
 * received, a payment request). Like conversation replies they are data, a message key and parameters, so each
 * person reads them in their own language on their own channel; the outbox carries them there.
 */

/** A parameter of a message: text, a count, an amount (formatted as francs) or a moment (formatted in Douala time). */
export type ParamValue = string | number | { francs: number } | { date: string };

export type Params = Readonly<Record<string, ParamValue>>;

/** A message to be rendered by the catalogs (`flows/messages/`): the key names the text, params fill it. */
export interface Notice {
  key: string;
  params?: Params;
  /**
   * Sent by SMS whatever channel the person last used: a security warning goes to the SIM, which someone at
   * their chat accounts does not hold.
   */
  bySms?: boolean;
}

/** Amount parameter. */
export function francsParam(amount: number): { francs: number } {
  return { francs: amount };
}

/** Moment parameter. */
export function dateParam(at: Date): { date: string } {
  return { date: at.toISOString() };
}
