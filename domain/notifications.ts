/**
 * Notices: what the product tells a person later, outside the turn they are in (a top-up confirmed, money
 * received, a payment request). Like conversation replies they are data, a message key and parameters, so each
 * person reads them in their own language on their own channel; the outbox carries them there.
 */

/** A parameter of a message: text, a count, an amount (formatted as francs) or a moment (formatted in Douala time). */
export type ParamValue = string | number | { francs: number } | { date: string };

export type Params = Readonly<Record<string, ParamValue>>;

/**
 * Every notice the domain sends, by the key of its text. The domain knows no catalog, so the keys are listed here;
 * the catalogs (`flows/messages/`) must have each of them, or they do not compile.
 */
export type NoticeKey =
  // Money between wallets and to people without one.
  | 'payments.received'
  | 'payments.moneyWaiting'
  | 'payments.claimed'
  | 'payments.claimReturned'
  // Payment requests, to the payer and to the requester.
  | 'payments.requestReceived'
  | 'payments.requestReceivedNoReason'
  | 'payments.requestToNewcomer'
  | 'payments.requestToNewcomerWithLink'
  | 'payments.requestPaid'
  | 'payments.requestDeclined'
  | 'payments.requestExpired'
  | 'payments.requestCancelled'
  // Merchant refunds, to the payer refunded.
  | 'payments.refundedToWallet'
  | 'payments.refundedToMobileMoney'
  // Merchant salary batches, to each payee paid.
  | 'payments.salaryReceived'
  // Top-ups and withdrawals settled by a mobile-money rail.
  | 'money.topUpInReview'
  | 'money.topUpSucceeded'
  | 'money.topUpFailed'
  | 'money.topUpDeclined'
  | 'money.topUpExpired'
  | 'money.topUpNoAccount'
  | 'money.withdrawalInReview'
  | 'money.withdrawalSucceeded'
  | 'money.withdrawalFailed'
  | 'money.withdrawalLimitReached'
  | 'money.withdrawalNotAllowed'
  // Bills paid after the person left the conversation.
  | 'bills.inReview'
  | 'bills.paid'
  | 'bills.paidToken'
  | 'bills.failed'
  // Merchants' invoices, to their customers.
  | 'invoices.sent'
  | 'invoices.reminderBefore'
  | 'invoices.reminderAfter'
  // Merchant teams, to the person invited.
  | 'team.invited'
  // Merchant dashboard sign-in, to the team member signing in.
  | 'dashboard.signInCode'
  // KYC reviews of a merchant's documents, to its owner.
  | 'kyc.approvedVerified'
  | 'kyc.approvedFull'
  | 'kyc.rejected'
  // PIN security warnings (by SMS).
  | 'pin.lockedNotice'
  | 'pin.blockedNotice'
  | 'pin.resetNotice';

/** A message to be rendered by the catalogs (`flows/messages/`): the key names the text, params fill it. */
export interface Notice {
  key: NoticeKey;
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
