/**
 * The catalogs are complete in both languages, and every key the code uses exists.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { areas, catalogs } from '../../flows/messages';

const root = path.resolve(__dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(path.join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [path.join(dir, entry.name)]
        : [],
  );
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const areaPrefixes = new Set(Object.keys(catalogs.en).map((key) => key.split('.')[0]));

describe('the message catalogs', () => {
  it('have the same keys in French and English', () => {
    expect(Object.keys(catalogs.fr).sort()).toEqual(Object.keys(catalogs.en).sort());
  });

  it('never define one key in two areas', () => {
    const seen = new Map<string, string>();
    const clashes: string[] = [];
    for (const [area, messages] of Object.entries(areas)) {
      for (const key of Object.keys(messages.en)) {
        if (seen.has(key)) clashes.push(`${key} in ${seen.get(key)} and ${area}`);
        seen.set(key, area);
      }
    }
    expect(clashes).toEqual([]);
  });

  it('use the same placeholders in both languages, and no text is empty or untranslated by accident', () => {
    const problems: string[] = [];
    for (const key of Object.keys(catalogs.en)) {
      const en = catalogs.en[key] ?? '';
      const fr = catalogs.fr[key] ?? '';
      if (en.trim() === '' || fr.trim() === '') problems.push(`${key} is empty`);
      if (JSON.stringify(placeholders(en)) !== JSON.stringify(placeholders(fr)))
        problems.push(`${key} placeholders differ`);
    }
    expect(problems).toEqual([]);
  });

  it('contain every key the flows and the runtime use', () => {
    const missing: string[] = [];
    for (const file of [...sourceFiles('flows'), ...sourceFiles('bots'), ...sourceFiles('domain')]) {
      const source = readFileSync(path.join(root, file), 'utf8');
      for (const match of source.matchAll(/'([a-z][A-Za-z]*\.[A-Za-z][\w.]*)'/g)) {
        const key = match[1] as string;
        const prefix = key.split('.')[0] as string;
        // Only literals that look like message keys of a known area (not file names or property paths).
        if (!areaPrefixes.has(prefix) || key.endsWith('.')) continue;
        if (!(key in catalogs.en)) missing.push(`${key} (${file})`);
      }
    }
    expect(missing).toEqual([]);
  });
});
