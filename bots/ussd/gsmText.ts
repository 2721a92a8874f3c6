/**
 * Text as a USSD handset can show it. Gateways and handsets differ in which accented letters they display, and a
 * character outside GSM-7 can switch a message to UCS-2 or arrive as a box, so screens keep to plain ASCII:
 * accents are dropped (é → e), typographic punctuation becomes its ASCII twin, and anything else becomes `?`.
 */

// Characters that are not letters with accents (those are handled by Unicode decomposition) but have a plain twin.
const PLAIN: Readonly<Record<string, string>> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201a': "'",
  '\u02bc': "'",
  '`': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u201e': '"',
  '\u00ab': '"',
  '\u00bb': '"',
  '\u2026': '...',
  '\u2013': '-',
  '\u2014': '-',
  '\u2022': '-',
  '\u00a0': ' ',
  '\u202f': ' ',
  '\u2009': ' ',
  œ: 'oe',
  Œ: 'OE',
  æ: 'ae',
  Æ: 'AE',
  ß: 'ss',
  ø: 'o',
  Ø: 'O',
  '€': 'EUR',
  '\t': ' ',
};

/** The text with accents removed and every character a handset surely shows (printable ASCII and newlines). */
export function toHandsetText(text: string): string {
  const decomposed = text.normalize('NFKD').replace(/\p{M}/gu, '');
  let out = '';
  for (const char of decomposed) {
    const plain = PLAIN[char];
    if (plain !== undefined) out += plain;
    else if (char === '\n' || (char >= ' ' && char <= '~')) out += char;
    else if (char === '\r') continue;
    else out += '?';
  }
  return out;
}
