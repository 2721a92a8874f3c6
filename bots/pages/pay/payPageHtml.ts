/**
 * The pay page as HTML, rendered on the server: no script at all (the page waiting for an outcome refreshes itself
 * with a meta refresh), so its Content-Security-Policy allows none. Every text is escaped, the requester's reason
 * most of all: it is free text, shown quoted and labelled as their own words, never as ours.
 */
import type { ParamValue } from '../../../domain/notifications';
import type { Rail } from '../../../domain/ledger/accounts';
import type { PayLinkRefusal, PayPageView } from '../../../domain/paymentRequests/payByLink';
import { formatMsisdnForDisplay } from '../../../domain/phone';
import type { Language } from '../../../domain/users';
import { formatParam } from '../../../flows/messages/catalog';
import { payPageMessages, type PayPageKey } from '../../../flows/messages/payPage';

/** The rails in the order the form offers them, with the text naming each. */
const RAIL_NAMES: ReadonlyArray<[Rail, PayPageKey]> = [
  ['mtn_momo', 'momo'],
  ['orange_money', 'orange'],
  ['card', 'card'],
];

/** What a page needs besides the request: where it is, in which language, and what to say about the last form. */
export interface PageContext {
  language: Language;
  /** The page's own path, e.g. `/pay/<token>` (the form posts there; the language links point there). */
  path: string;
  /** The stylesheet's path. */
  stylesheet: string;
  /** The form's idempotency key: a form sent twice makes one attempt. */
  payId: string;
  /** Seconds before a page waiting for an outcome reloads itself. */
  refreshSeconds: number;
  /** Why the last form was refused, if it was. */
  error?: PayLinkRefusal;
  /** The rail the refused form chose, named in the error. */
  errorRail?: Rail;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A text of the page in a language, escaped, with its parameters escaped and filled. */
function say(language: Language, key: PayPageKey, params: Record<string, ParamValue> = {}): string {
  return escapeHtml(payPageMessages[language][key]).replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : escapeHtml(formatParam(value, language));
  });
}

function railName(language: Language, rail: Rail): string {
  const key = RAIL_NAMES.find(([r]) => r === rail)?.[1] ?? 'card';
  return payPageMessages[language][key];
}

/** The page of a request: who asks, the amount and reason, where it stands, and the form while it can be paid. */
export function requestPage(view: PayPageView, context: PageContext): string {
  const { language } = context;
  const waiting = view.status === 'paying';
  const body = [
    `<p class="asks">${say(language, 'asks', {
      requester: view.requesterName,
      number: formatMsisdnForDisplay(view.requesterNumber),
      amount: { francs: view.amount },
    })}</p>`,
    view.reason
      ? `<figure class="reason"><figcaption>${say(language, 'reasonLabel')}</figcaption>` +
        `<blockquote>${escapeHtml(view.reason)}</blockquote></figure>`
      : '',
    `<p class="expires">${say(language, 'expires', { date: { date: view.expiresAt.toISOString() } })}</p>`,
    outcomeSection(view, context),
    view.status === 'open' ? payForm(view, context) : '',
  ].join('\n');
  return layout(say(language, 'title'), body, context, waiting);
}

/** The page of a token that opens nothing. */
export function notFoundPage(context: Omit<PageContext, 'payId'>): string {
  const { language } = context;
  return layout(say(language, 'notFoundTitle'), `<p class="notice">${say(language, 'notFound')}</p>`, context, false);
}

/** Where the request and its last attempt stand, in words; empty while it is open with no attempt. */
function outcomeSection(view: PayPageView, context: PageContext): string {
  const { language } = context;
  const attempt = view.attempt;
  const total = { francs: attempt?.total ?? view.amount };
  let text = '';
  let extra = '';
  let kind = 'notice';
  switch (view.status) {
    case 'paid':
      text = say(language, 'paid', { requester: view.requesterName });
      kind = 'success';
      break;
    case 'declined':
    case 'cancelled':
    case 'expired':
      text = say(language, 'ended', { status: payPageMessages[language][ENDED[view.status]] });
      break;
    case 'paying':
      if (attempt?.state === 'pending' && attempt.checkoutUrl) {
        text = say(language, 'payOnCheckout', { total });
        extra = `<p><a class="button" href="${escapeHtml(attempt.checkoutUrl)}">${say(language, 'checkoutLink')}</a></p>`;
      } else if (attempt?.state === 'pending') {
        text = say(language, 'approveOnPhone', { total, rail: railName(language, attempt.rail) });
      } else text = say(language, 'inFlightOther');
      extra += `<p class="hint">${say(language, 'checking')}</p>`;
      break;
    case 'open':
      if (attempt?.state === 'failed') {
        text = say(language, 'failed', { reason: attempt.reason ?? '' });
        kind = 'error';
      }
      break;
  }
  const parts: string[] = [];
  if (context.error) {
    const rail = railName(language, context.errorRail ?? 'mtn_momo');
    const key = ERRORS[context.error] ?? 'unsupportedRail';
    parts.push(`<p class="error" role="alert">${say(language, key, { rail })}</p>`);
  }
  if (text) parts.push(`<p class="${kind}">${text}</p>`, extra);
  return parts.length > 0 ? `<section class="status">${parts.join('\n')}</section>` : '';
}

const ENDED: Record<'declined' | 'cancelled' | 'expired', PayPageKey> = {
  declined: 'statusDeclined',
  cancelled: 'statusCancelled',
  expired: 'statusExpired',
};

/** The refusals the form is shown again for (the others end the request, and the page says so). */
const ERRORS: Partial<Record<PayLinkRefusal, PayPageKey>> = {
  INVALID_NUMBER: 'invalidNumber',
  WRONG_OPERATOR: 'wrongOperator',
  UNSUPPORTED_RAIL: 'unsupportedRail',
  TOO_MANY_ATTEMPTS: 'tooManyAttempts',
};

/** The form: a rail per radio with its fee and total, the payer's number, and the PIN warning. */
function payForm(view: PayPageView, context: PageContext): string {
  const { language } = context;
  const offered = RAIL_NAMES.filter(([rail]) => view.fees[rail] !== undefined);
  const chosen = context.errorRail ?? offered[0]?.[0];
  const choices = offered.map(([rail, key]) => {
    const fee = view.fees[rail] ?? 0;
    const note = say(language, 'feeNote', { fee: { francs: fee }, total: { francs: view.amount + fee } });
    const checked = rail === chosen ? ' checked' : '';
    return (
      `<label class="rail"><input type="radio" name="rail" value="${rail}" required${checked} /> ` +
      `<span>${say(language, key)}</span> <small>${note}</small></label>`
    );
  });
  return `<form method="post" action="${escapeHtml(withLanguage(context.path, language))}" class="pay">
<input type="hidden" name="payId" value="${escapeHtml(context.payId)}" />
<fieldset><legend>${say(language, 'chooseRail')}</legend>
${choices.join('\n')}
</fieldset>
<label class="number">${say(language, 'numberLabel')}
<input name="number" type="tel" inputmode="tel" autocomplete="tel" maxlength="40" placeholder="6XX XX XX XX" /></label>
<p class="hint">${say(language, 'numberHint')}</p>
<button type="submit">${say(language, 'payButton')}</button>
<p class="warning">${say(language, 'pinWarning')}</p>
</form>`;
}

/** The document around a page's body; a page waiting for an outcome reloads itself. */
function layout(
  title: string,
  body: string,
  context: Pick<PageContext, 'language' | 'path' | 'stylesheet' | 'refreshSeconds'>,
  refresh: boolean,
): string {
  const { language } = context;
  const other: Language = language === 'fr' ? 'en' : 'fr';
  const reload = refresh ? `\n<meta http-equiv="refresh" content="${context.refreshSeconds}" />` : '';
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<meta name="robots" content="noindex, nofollow" />${reload}
<title>${title}</title>
<link rel="stylesheet" href="${escapeHtml(context.stylesheet)}" />
</head>
<body>
<main class="page">
<p class="language"><a href="${escapeHtml(withLanguage(context.path, other))}" hreflang="${other}">${say(language, 'language')}</a></p>
<h1>${title}</h1>
${body}
</main>
</body>
</html>
`;
}

/** A path with its language, so the choice survives the form and the reloads. */
export function withLanguage(path: string, language: Language): string {
  return `${path}?lang=${language}`;
}
