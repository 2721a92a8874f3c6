/**
 * Replies as a person would read them, from the catalogs a flow test names: a key that none of them has throws, so
 * a flow that says something its own catalogs cannot say fails its test.
 */
import type { Language } from '../../domain/users';
import type { Reply } from '../../flows/conversation';
import { fill } from '../../flows/messages/catalog';

type Catalog = Record<Language, Readonly<Record<string, string>>>;

function textsOf(catalogs: readonly Catalog[], language: Language): Record<string, string> {
  return Object.assign({}, ...catalogs.map((catalog) => catalog[language])) as Record<string, string>;
}

/** A menu's options each on a line after the title, as `\n1 …`; placeholders are filled (or left as typed). */
export function replyRenderer(...catalogs: Catalog[]): (reply: Reply, language: Language) => string {
  return (reply, language) => {
    const texts = textsOf(catalogs, language);
    const line = (key: string, params?: Reply['params']) => {
      const template = texts[key];
      if (template === undefined) throw new Error(`no message ${key} in ${language}`);
      return fill(template, params, language);
    };
    const options = reply.kind === 'menu' ? reply.options.map((o) => `\n${o.id} ${line(o.key, o.params)}`) : [];
    return line(reply.key, reply.params) + options.join('');
  };
}

/** Lines joined by newlines, menu options as `1 …`; throws on a placeholder left unfilled. English by default. */
export function strictReplyRenderer(...catalogs: Catalog[]): (reply: Reply, language?: 'en' | 'fr') => string {
  return (reply, language = 'en') => {
    const texts = textsOf(catalogs, language);
    const render = (key: string, params?: Reply['params']) => {
      const template = texts[key];
      if (template === undefined) throw new Error(`no text for ${key}`);
      const out = fill(template, params, language);
      if (/\{\w+\}/.test(out)) throw new Error(`unfilled placeholder in ${key}: ${out}`);
      return out;
    };
    const head = render(reply.key, reply.params);
    if (reply.kind !== 'menu') return head;
    return [head, ...reply.options.map((o) => `${o.id} ${render(o.key, o.params)}`)].join('\n');
  };
}
