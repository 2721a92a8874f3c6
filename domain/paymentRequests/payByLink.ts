/**
 * Paying a request without an account, on its pay page (`/pay/<token>`): the link sent by SMS to a number that has
 * no account opens the request (who asks, the amount, the reason) and lets the holder pay it through a rail: a
 * prompt on an MTN MoMo or Orange Money phone, or a card on the provider's hosted page. The money goes the way of a
 * top-up from another number, into the requester's account (railAttempts.ts), and the request's own steps decide
 * the races (requestSteps.ts): one attempt in flight at most, a new one only after it failed, paid at most once.
 *
 * The token is the only key: it is random (payToken.ts), one per request, and opens nothing once the request ended
 * or expired; an unknown token and a token of another shape are the same "not found".
 */
import { randomUUID } from 'node:crypto';
import type { Rail } from '../ledger/accounts';
import { parseCameroonMobile, type MobileOperator, type Msisdn } from '../phone';
import type { ActionRefusal, RequestStatus } from './paymentRequestResults';
import type { PaymentRequest, PaymentRequestStore, RequestStep } from './paymentRequestStore';
import type { PayLinkStore } from './payLinkStore';
import { isPayTokenShaped, newPayToken } from './payToken';
import type { RailAttemptState, RequestRailAttempts } from './railAttempts';
import type { RequestSteps } from './requestSteps';

/** The operator a phone rail prompts: a number of another network cannot approve its prompt. */
const OPERATOR_OF_RAIL: Partial<Record<Rail, MobileOperator>> = { mtn_momo: 'MTN', orange_money: 'ORANGE' };

/** Why a pay page cannot be paid (or shown). */
export type PayLinkRefusal =
  | Extract<ActionRefusal, 'NOT_FOUND' | 'ALREADY_PAID' | 'DECLINED' | 'CANCELLED' | 'EXPIRED'>
  | 'UNSUPPORTED_RAIL'
  /** Not a Cameroonian mobile number. */
  | 'INVALID_NUMBER'
  /** A number of another operator than the rail chosen (an Orange number for MTN MoMo). */
  | 'WRONG_OPERATOR'
  /** MAX_RAIL_ATTEMPTS attempts failed: the link prompts no more phones. */
  | 'TOO_MANY_ATTEMPTS';

/** The last attempt through a rail, as the page shows it. */
export interface PayAttemptView {
  rail: Rail;
  state: RailAttemptState['state'];
  /** Why it failed (a rail or ledger reason); null otherwise. */
  reason: string | null;
  /** The hosted page a card payer pays on; null for a phone prompt. */
  checkoutUrl: string | null;
  /** What the payer is asked for: the amount and the rail's fee. */
  total: number;
}

/** What the pay page shows. */
export interface PayPageView {
  requestId: string;
  requesterName: string;
  requesterNumber: Msisdn;
  amount: number;
  /** The requester's own words (free text): show it as theirs. */
  reason: string;
  expiresAt: Date;
  status: RequestStatus;
  /** What the payer pays on top of the amount by each rail this deployment has. */
  fees: Partial<Record<Rail, number>>;
  attempt: PayAttemptView | null;
}

/** The answer to a pay: the attempt (this one, or the one already in flight), or why there is none. */
export type PayByRailResult =
  { ok: true; mine: boolean; attempt: PayAttemptView } | { ok: false; reason: PayLinkRefusal };

const RAILS_OFFERED: readonly Rail[] = ['mtn_momo', 'orange_money', 'card'];

/**
 * How many attempts one request may make. Each prompts a phone of the holder's choosing; a few cover a wrong
 * number, a rejected prompt and a lack of funds, while more is how prompt spam through a link would look (the
 * same concern as otherPayers.ts). The requester can always ask again.
 */
export const MAX_RAIL_ATTEMPTS = 5;

/** The pay page's service: pay links, what a link shows, and paying through a rail. */
export class PayByLink {
  constructor(
    private readonly options: {
      store: PaymentRequestStore;
      links: PayLinkStore;
      steps: RequestSteps;
      rails: RequestRailAttempts;
      /** Where the pay page is served, e.g. `https://pay.example.cm` (the link is `<publicUrl>/pay/<token>`). */
      publicUrl: string;
      clock: () => Date;
    },
  ) {}

  /** The request's pay link, made once (a retry of the request's creation gets the same one). */
  async linkFor(request: PaymentRequest): Promise<string> {
    const { links, clock } = this.options;
    let link = await links.byRequest(request._id);
    if (!link) {
      const fresh = { _id: request._id, token: newPayToken(), createdAt: clock() };
      link = (await links.insertLink(fresh)) === 'inserted' ? fresh : await links.byRequest(request._id);
      if (!link) throw new Error(`pay link of ${request._id} reported as duplicate but not found`);
    }
    return `${this.options.publicUrl.replace(/\/+$/, '')}/pay/${link.token}`;
  }

  /** What the page of `token` shows now (finishing what can be finished first); null for an unknown token. */
  async open(token: string): Promise<PayPageView | null> {
    const request = await this.requestOf(token);
    if (!request) return null;
    const { steps, rails } = this.options;
    const status = await steps.advance(request);
    const last = await steps.lastRailAttempt(request);
    const fees: Partial<Record<Rail, number>> = {};
    for (const rail of RAILS_OFFERED) if (rails.hasRail(rail)) fees[rail] = rails.feeFor(rail, request.amount);
    return {
      requestId: request._id,
      requesterName: request.requester.name,
      requesterNumber: request.requester.contact,
      amount: request.amount,
      reason: request.reason,
      expiresAt: request.expiresAt,
      status,
      fees,
      attempt: last ? attemptView(request, last.attempt, last.state) : null,
    };
  }

  /**
   * Pays the request of `token` through `rail`, prompting `payerNumber` (as typed; for a card, the request's own
   * number when none is given). `payId`: the form's idempotency key, so a form sent twice makes one attempt.
   */
  async payByRail(input: {
    token: string;
    rail: Rail;
    payerNumber: string | null;
    payId?: string;
  }): Promise<PayByRailResult> {
    const request = await this.requestOf(input.token);
    if (!request) return { ok: false, reason: 'NOT_FOUND' };
    const { rails, steps } = this.options;
    if (!RAILS_OFFERED.includes(input.rail) || !rails.hasRail(input.rail)) {
      return { ok: false, reason: 'UNSUPPORTED_RAIL' };
    }
    const payer = payerOf(input.rail, input.payerNumber, request);
    if (!payer.ok) return payer;
    const fee = rails.feeFor(input.rail, request.amount);
    const payId = `page:${input.payId ?? randomUUID()}`;
    const answer = await steps.payRail(request, {
      payId,
      rail: input.rail,
      payer: payer.msisdn,
      fee,
      maxAttempts: MAX_RAIL_ATTEMPTS,
    });
    if (!answer.ok) return { ok: false, reason: pageRefusal(answer.reason) };
    return { ok: true, mine: answer.mine, attempt: attemptView(request, answer.attempt, answer.state) };
  }

  private async requestOf(token: string): Promise<PaymentRequest | null> {
    if (!isPayTokenShaped(token)) return null;
    const link = await this.options.links.byToken(token);
    return link ? this.options.store.getRequest(link._id) : null;
  }
}

/** The number a rail prompts: typed, Cameroonian, and of the rail's operator. */
function payerOf(
  rail: Rail,
  typed: string | null,
  request: PaymentRequest,
): { ok: true; msisdn: Msisdn } | { ok: false; reason: PayLinkRefusal } {
  const operator = OPERATOR_OF_RAIL[rail];
  if (!operator && (typed ?? '').trim() === '') return { ok: true, msisdn: request.payer };
  const parsed = parseCameroonMobile(typed ?? '');
  if (!parsed.ok) return { ok: false, reason: 'INVALID_NUMBER' };
  if (operator && parsed.operator !== operator) return { ok: false, reason: 'WRONG_OPERATOR' };
  return { ok: true, msisdn: parsed.msisdn };
}

/** A refusal of the request's steps in the page's words (an attempt in flight is answered, never refused). */
function pageRefusal(reason: ActionRefusal | 'TOO_MANY_ATTEMPTS'): PayLinkRefusal {
  switch (reason) {
    case 'TOO_MANY_ATTEMPTS':
    case 'ALREADY_PAID':
    case 'DECLINED':
    case 'CANCELLED':
    case 'EXPIRED':
      return reason;
    default:
      return 'NOT_FOUND';
  }
}

function attemptView(request: PaymentRequest, attempt: RequestStep, state: RailAttemptState): PayAttemptView {
  return {
    rail: attempt.rail!,
    state: state.state,
    reason: state.state === 'failed' ? state.reason : null,
    checkoutUrl: state.state === 'pending' ? state.checkoutUrl : null,
    total: request.amount + (attempt.fee ?? 0),
  };
}
