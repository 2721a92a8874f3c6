/**
 * All catalogs joined: the one place that knows every message key. A key is `<area>.<name>`.
 */
import type { Language } from '../../domain/users';
import type { Params } from '../../domain/notifications';
import { fill, type Texts } from './catalog';

const areas: { en: Texts; fr: Texts }[] = [];

export const catalogs: Record<Language, Texts> = {
  en: Object.assign({}, ...areas.map((a) => a.en)) as Texts,
  fr: Object.assign({}, ...areas.map((a) => a.fr)) as Texts,
};

/** The text of a key in a language, with its parameters filled. An unknown key is a programming error. */
export function translate(language: Language, key: string, params?: Params): string {
  const template = catalogs[language][key];
  if (template === undefined) throw new Error(`no message ${key} in ${language}`);
  return fill(template, params, language);
}
