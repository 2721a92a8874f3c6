/**
 * What the two sides of a payment request are told: the payer when it is made, and the side that did not act
 * when it ends. Each notice quotes the request's short reference, which its paying transfer carries too.
 */
import { dateParam, francsParam, type Notice } from '../notifications';
import { formatMsisdnForDisplay, type Msisdn } from '../phone';
import { shortReferenceOf } from '../shortReference';
import type { PaymentRequest, TerminalStepKind } from './paymentRequestStore';

/** The notice to a payer who has an account: they read the request, reason included, in their own menus. */
export function requestNotice(request: PaymentRequest): Notice {
  return {
    key: request.reason ? 'payments.requestReceived' : 'payments.requestReceivedNoReason',
    params: {
      requester: request.requester.name,
      amount: francsParam(request.amount),
      reason: request.reason,
      date: dateParam(request.expiresAt),
      reference: shortReferenceOf(request),
    },
  };
}

/**
 * The SMS to a number without an account: a stranger may be anyone, and a request is how a fraudster would start
 * ("MTN: a refund is waiting, send your PIN to…"). So it is a fixed text of ours, with the requester's registered
 * name and number and a warning never to share a PIN; the requester's free-text reason is left out (a reason can
 * be written to look like an operator's message), and is shown once the person signs up, in Requests to pay, or
 * on the pay page, labelled as the requester's words. `link`: the request's pay page, where it can be paid without
 * an account (the PIN is typed only on the operator's own prompt, never on a page: the text says never to share it).
 */
export function newcomerNotice(request: PaymentRequest, link: string | null = null): Notice {
  const params = {
    requester: request.requester.name,
    number: formatMsisdnForDisplay(request.requester.contact),
    amount: francsParam(request.amount),
    date: dateParam(request.expiresAt),
  };
  return link === null
    ? { key: 'payments.requestToNewcomer', params }
    : { key: 'payments.requestToNewcomerWithLink', params: { ...params, link } };
}

/** The notice of how a request ended, and who gets it: the requester, or the payer when it was cancelled. */
export function outcomeNotice(request: PaymentRequest, kind: TerminalStepKind, payer: string): [Msisdn, Notice] {
  const amount = francsParam(request.amount);
  const reference = shortReferenceOf(request);
  const notices: Record<TerminalStepKind, [Msisdn, Notice]> = {
    paid: [request.requester.contact, { key: 'payments.requestPaid', params: { payer, amount, reference } }],
    declined: [request.requester.contact, { key: 'payments.requestDeclined', params: { payer, amount, reference } }],
    expired: [request.requester.contact, { key: 'payments.requestExpired', params: { payer, amount, reference } }],
    cancelled: [
      request.payer,
      { key: 'payments.requestCancelled', params: { requester: request.requester.name, amount, reference } },
    ],
  };
  return notices[kind];
}
