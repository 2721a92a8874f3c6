/**
 * Whether a log text mentions a short secret (a PIN) as a value of its own. A plain substring search flakes: a
 * four-digit PIN turns up inside request ids (UUIDs), hex digests and millisecond timestamps by chance (a run failed
 * on a requestId ending in `…1781357`). A PIN written to a log would stand alone (`"text":"1357"`, `pin=1357`), so
 * only a match not glued to other letters, digits or dashes counts.
 */
export function mentionsSecret(text: string, secret: string): boolean {
  const escaped = secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\w-])${escaped}(?![\\w-])`).test(text);
}
