/**
 * Message catalogs: every text the product shows, in French and English, under stable keys. Each area of the
 * product has its own catalog file (`flows/messages/<area>.ts`) built with `defineMessages`, which refuses at
 * compile time a key present in one language and missing in the other; `index.ts` joins them.
 *
 * Texts use `{name}` placeholders. A parameter is text, a count, `{francs}` (shown as `5 000 FCFA`) or `{date}`
 * (shown in Douala time), so replies and notices stay data until a channel renders them.
 */
import { formatFrancs } from '../../domain/money';
import type { Language } from '../../domain/users';
import type { ParamValue, Params } from '../../domain/notifications';

export type Texts = Readonly<Record<string, string>>;

/** Both languages of one area; a key missing from either is a type error. */
export function defineMessages<const E extends Texts>(messages: {
  en: E;
  fr: { readonly [K in keyof E]: string };
}): { en: E; fr: { readonly [K in keyof E]: string } } {
  return messages;
}

/** The keys of a catalog, typed as its keys (`Object.keys` gives plain strings). */
export function keysOf<E extends Texts>(texts: E): (keyof E & string)[] {
  return Object.keys(texts) as (keyof E & string)[];
}

const DOUALA_DATE = {
  en: new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Africa/Douala',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }),
  fr: new Intl.DateTimeFormat('fr-FR', {
    timeZone: 'Africa/Douala',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }),
};

/** One parameter as text in a language. */
export function formatParam(value: ParamValue, language: Language): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if ('francs' in value) return formatFrancs(value.francs);
  return DOUALA_DATE[language].format(new Date(value.date)).replace(',', '');
}

/** Fills `{name}` placeholders; a placeholder without a parameter is left visible so a test can catch it. */
export function fill(template: string, params: Params | undefined, language: Language): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params?.[name];
    return value === undefined ? whole : formatParam(value, language);
  });
}
