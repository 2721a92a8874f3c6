/** A payment link's page as HTML: the merchant, its reason (escaped, as its words), the amount or a field, the form. */
import type { LinkPageView, LinkPayRefusal } from '../../../domain/merchants/paymentLinks/paymentLinks';
import type { Language } from '../../../domain/users';
import { linkPageMessages } from '../../../flows/messages/linkPage';
import { escapeHtml, pageLayout, sayFrom, withLanguage } from './pageShell';

const say = sayFrom(linkPageMessages);

export interface LinkPageContext {
  language: Language;
  path: string;
  stylesheet: string;
  attemptId: string;
  error?: LinkPayRefusal;
  /** What the refused form held, shown again. */
  typed?: { number: string; amount: string };
}

/** Refusals the form is shown again for. */
const FORM_ERRORS = [
  'BUSY',
  'INVALID_NUMBER',
  'INVALID_AMOUNT',
  'AMOUNT_TOO_LOW',
  'AMOUNT_TOO_HIGH',
  'REFUSED',
] as const;

export function isFormError(reason: LinkPayRefusal): reason is (typeof FORM_ERRORS)[number] {
  return (FORM_ERRORS as readonly string[]).includes(reason);
}

export function linkPage(view: LinkPageView, context: LinkPageContext): string {
  const { language } = context;
  const { link, merchantName: merchant } = view;
  const parts: string[] = [];
  if (link.amount !== null) {
    parts.push(`<p class="asks">${say(language, 'fixedAmount', { merchant, amount: { francs: link.amount } })}</p>`);
  } else {
    parts.push(`<p class="asks">${say(language, 'chooseAmount', { merchant })}</p>`);
    const min = link.minAmount === null ? null : { francs: link.minAmount };
    const max = link.maxAmount === null ? null : { francs: link.maxAmount };
    if (min && max) parts.push(`<p class="hint">${say(language, 'bounds', { min, max })}</p>`);
    else if (min) parts.push(`<p class="hint">${say(language, 'atLeast', { min })}</p>`);
    else if (max) parts.push(`<p class="hint">${say(language, 'atMost', { max })}</p>`);
  }
  if (link.reason) {
    parts.push(
      `<figure class="reason"><figcaption>${say(language, 'reasonLabel')}</figcaption>` +
        `<blockquote>${escapeHtml(link.reason)}</blockquote></figure>`,
    );
  }
  if (view.state !== 'active') {
    const key = view.state === 'unavailable' ? 'unavailable' : view.state;
    parts.push(`<section class="status"><p class="notice">${say(language, key)}</p></section>`);
  } else {
    if (context.error && isFormError(context.error)) {
      parts.push(`<section class="status"><p class="error" role="alert">${say(language, context.error)}</p></section>`);
    }
    parts.push(form(view, context));
  }
  return pageLayout({
    language,
    title: say(language, 'title', { merchant }),
    body: parts.join('\n'),
    path: context.path,
    stylesheet: context.stylesheet,
    languageLabel: say(language, 'language'),
  });
}

export function linkNotFoundPage(context: Omit<LinkPageContext, 'attemptId'>): string {
  const { language } = context;
  return pageLayout({
    language,
    title: say(language, 'notFoundTitle'),
    body: `<p class="notice">${say(language, 'notFound')}</p>`,
    path: context.path,
    stylesheet: context.stylesheet,
    languageLabel: say(language, 'language'),
  });
}

function form(view: LinkPageView, context: LinkPageContext): string {
  const { language } = context;
  const typed = context.typed ?? { number: '', amount: '' };
  const amountField =
    view.link.amount === null
      ? `<label class="number">${say(language, 'amountLabel')}
<input name="amount" type="text" inputmode="numeric" required maxlength="13" value="${escapeHtml(typed.amount)}" /></label>`
      : '';
  return `<form method="post" action="${escapeHtml(withLanguage(context.path, language))}" class="pay">
<input type="hidden" name="attemptId" value="${escapeHtml(context.attemptId)}" />
${amountField}
<label class="number">${say(language, 'numberLabel')}
<input name="number" type="tel" inputmode="tel" autocomplete="tel" required maxlength="40" placeholder="6XX XX XX XX" value="${escapeHtml(typed.number)}" /></label>
<p class="hint">${say(language, 'numberHint')}</p>
<button type="submit">${say(language, 'continue')}</button>
<p class="warning">${say(language, 'pinWarning')}</p>
</form>`;
}
