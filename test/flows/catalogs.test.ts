/**
 * What the compiler cannot check about the catalogs: the texts themselves. That every key the code uses exists,
 * that an area's French has exactly its English keys and that no two areas define one key are type errors
 * (`MessageKey`, `defineMessages`, `NoKeyInTwoAreas`); the joined catalogs are compared here all the same.
 */
import { catalogs, messageKeys } from '../../flows/messages';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the message catalogs', () => {
  it('have the same keys in French and English', () => {
    expect(Object.keys(catalogs.fr).sort()).toEqual(Object.keys(catalogs.en).sort());
  });

  it('use the same placeholders in both languages, and no text is empty or untranslated by accident', () => {
    const problems: string[] = [];
    for (const key of messageKeys) {
      const en = catalogs.en[key];
      const fr = catalogs.fr[key];
      if (en.trim() === '' || fr.trim() === '') problems.push(`${key} is empty`);
      if (JSON.stringify(placeholders(en)) !== JSON.stringify(placeholders(fr)))
        problems.push(`${key} placeholders differ`);
    }
    expect(problems).toEqual([]);
  });
});
