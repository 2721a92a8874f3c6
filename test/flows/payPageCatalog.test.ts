/**
 * The pay page's texts are kept out of the joined catalogs (a web page has no SMS or USSD size), so the checks the
 * catalogs get are made here: French and English have the same keys and placeholders, and no text is empty.
 */
import { payPageMessages } from '../../flows/messages/payPage';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the pay page texts', () => {
  it('have the same keys and placeholders in French and English, none empty', () => {
    const { en, fr } = payPageMessages;
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
    const problems = Object.keys(en).flatMap((key) => {
      const english = en[key as keyof typeof en];
      const french = fr[key as keyof typeof fr];
      const issues: string[] = [];
      if (english.trim() === '' || french.trim() === '') issues.push(`${key} is empty`);
      if (JSON.stringify(placeholders(english)) !== JSON.stringify(placeholders(french))) {
        issues.push(`${key} placeholders differ`);
      }
      return issues;
    });
    expect(problems).toEqual([]);
  });
});
