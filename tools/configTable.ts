/**
 * Prints docs/config.md, the table of every setting, from `settings` so the documentation cannot drift from the
 * code (a test compares the two). Run with `npx tsx tools/configTable.ts > docs/config.md`.
 */
import { Setting, settings } from '../integrations/config';

// A '|' inside a cell would end it early.
function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function defaultCell(s: Setting): string {
  return s.default === undefined ? 'optional' : `\`${s.default}\``;
}

function descriptionCell(s: Setting): string {
  const rule = `${s.rule.charAt(0).toUpperCase()}${s.rule.slice(1)}.`;
  const secret = s.secret ? ' Secret: never logged or shown in errors.' : '';
  return cell(`${s.description} ${rule}${secret}`);
}

// Columns are padded the way Prettier formats Markdown tables, so that `prettier --check .` accepts the page.
function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, column) => Math.max(h.length, 3, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, column) => c.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

/** Renders the Markdown page documenting every setting. */
export function configTable(): string {
  const rows = settings.map((s) => [`\`${s.name}\``, defaultCell(s), descriptionCell(s)]);
  return [
    '# Configuration',
    '',
    'Every setting is an environment variable, read once at start by `loadConfig` in `integrations/config.ts`;',
    'an empty value counts as unset. This page is generated from `settings` there: run',
    '`npx tsx tools/configTable.ts > docs/config.md` after changing them.',
    '',
    ...table(['Setting', 'Default', 'Description'], rows),
    '',
  ].join('\n');
}

if (require.main === module) process.stdout.write(configTable());
