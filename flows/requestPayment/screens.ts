/**
 * What the request-payment conversation shows: the first menu, the questions, the confirmation with the payer's
 * fee, the receipt, the list of one's open requests and one of them, and the words for each outcome.
 */
import { dateParam, francsParam } from '../../domain/notifications';
import { MAX_REASON_LENGTH } from '../../domain/paymentRequests/paymentRequests';
import type { ActionRefusal } from '../../domain/paymentRequests/paymentRequestResults';
import { formatMsisdnForDisplay, type Msisdn } from '../../domain/phone';
import { shortReferenceOf } from '../../domain/shortReference';
import { end, menu, text, type Reply } from '../conversation';
import type { MessageKey } from '../messages';
import { refusal } from '../refusals';
import { pageMenu } from '../requestPages';
import type { CancelRequestResult, CreateRequestResult, OwnRequest, RequestPaymentContext } from './context';

function display(msisdn: Msisdn | null): string {
  return msisdn ? formatMsisdnForDisplay(msisdn) : '';
}

export const startMenu: Reply = menu('requestPayment.title', ['requestPayment.new', 'requestPayment.mine']);

export function amountQuestion(context: RequestPaymentContext): Reply {
  return text('requestPayment.askAmount', { payer: display(context.payer) });
}

export const reasonQuestion: Reply = text('requestPayment.askReason', { max: MAX_REASON_LENGTH });

/** A reason of `length` characters (as the service would keep it) is too long. */
export function reasonLengthRefusal(length: number): Reply {
  return text('requestPayment.reasonTooLong', { length, max: MAX_REASON_LENGTH });
}

export function confirmation(context: RequestPaymentContext): Reply {
  const params = {
    payer: display(context.payer),
    amount: francsParam(context.amount),
    reason: context.reason,
    fee: francsParam(context.fee),
  };
  const key = context.reason ? 'requestPayment.confirm' : 'requestPayment.confirmNoReason';
  return menu(key, ['requestPayment.confirmYes', 'requestPayment.confirmNo'], params);
}

export function receipt(result: CreateRequestResult): Reply {
  if (!result.ok) return end(refusal('OTHER').key);
  const r = result.request;
  return end('requestPayment.sent', {
    payer: formatMsisdnForDisplay(r.payer),
    amount: francsParam(r.amount),
    date: dateParam(new Date(r.expiresAt)),
    // The request's short reference: the payer's notice, the outcome notices and both history lines quote it.
    reference: shortReferenceOf(r),
  });
}

export function listScreen(context: RequestPaymentContext): Reply {
  return pageMenu('requestPayment.list', context.mine, context.page, (r) => ({
    key: r.reason ? 'requestPayment.item' : 'requestPayment.itemNoReason',
    params: { payer: display(r.payer), amount: francsParam(r.amount), reason: r.reason },
  }));
}

export function detailsScreen(r: OwnRequest): Reply {
  return menu(r.reason ? 'requestPayment.details' : 'requestPayment.detailsNoReason', ['requestPayment.cancelIt'], {
    payer: display(r.payer),
    amount: francsParam(r.amount),
    reason: r.reason,
    date: { date: r.expiresAt },
    reference: shortReferenceOf({ _id: r.id, shortReference: r.shortReference }),
  });
}

const CANCEL_REFUSALS: Readonly<Partial<Record<ActionRefusal, MessageKey>>> = {
  ALREADY_PAID: 'requestPayment.alreadyPaid',
  DECLINED: 'requestPayment.alreadyDeclined',
  EXPIRED: 'requestPayment.alreadyExpired',
  NOT_FOUND: 'requestPayment.notFound',
};

export function cancelOutcome(result: CancelRequestResult, chosen: OwnRequest | null): Reply {
  const params = { payer: display(chosen?.payer ?? null), amount: francsParam(chosen?.amount ?? 0) };
  if (result.ok) return end('requestPayment.requestCancelled', params);
  return end(CANCEL_REFUSALS[result.reason] ?? refusal(result.reason).key, params);
}
