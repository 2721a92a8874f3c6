/**
 * The GSM-7 alphabet (3GPP TS 23.038) that keeps an SMS at 160 characters: what belongs to it, how other text is
 * transliterated into it, and how many segments a text costs. One character outside GSM-7 switches the whole SMS
 * to UCS-2, 70 characters a segment.
 *
 * It is the carriers' alphabet, not a channel's: the SMS and USSD channels write in it and the local Twilio
 * simulator (integrations/twilio) counts segments with it. Channels may import integrations/ and integrations/ may
 * import no channel, so here is the one place all three can reach.
 */

/** The basic table: one septet each. Holds é, è, à, ù, ì, ò, É and Ç, so most French stays as it is. */
const BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';

/** The extension table: an escape septet plus one, so each counts twice. */
const EXTENSION = '\f^{}\\[~]|€';

const BASIC_SET = new Set(BASIC);
const EXTENSION_SET = new Set(EXTENSION);

/**
 * What a character outside GSM-7 becomes. French letters lose only the accents GSM-7 lacks (ç→c, ê→e, ô→o…);
 * typography becomes its plain form (’→', « »→", –→-, …→...); invisible characters disappear.
 */
// prettier-ignore
const TRANSLITERATION: Readonly<Record<string, string>> = {
  // Lowercase letters
  á: 'a', â: 'a', ã: 'a', ā: 'a', ç: 'c', ê: 'e', ë: 'e', ē: 'e', í: 'i', î: 'i', ï: 'i', ó: 'o', ô: 'o', õ: 'o',
  ú: 'u', û: 'u', ý: 'y', ÿ: 'y', œ: 'oe',
  // Uppercase letters (É, Ç, Ä, Ö, Ñ, Ü, Å, Æ and Ø are GSM-7)
  À: 'A', Á: 'A', Â: 'A', Ã: 'A', È: 'E', Ê: 'E', Ë: 'E', Ì: 'I', Í: 'I', Î: 'I', Ï: 'I', Ò: 'O', Ó: 'O',
  Ô: 'O', Õ: 'O', Ù: 'U', Ú: 'U', Û: 'U', Ý: 'Y', Ÿ: 'Y', Œ: 'OE',
  // Quotes and apostrophes
  '\u2018': "'", '\u2019': "'", '\u201a': "'", '\u201b': "'", '\u2032': "'", '`': "'", '\u00b4': "'",
  '\u2039': "'", '\u203a': "'",
  '\u201c': '"', '\u201d': '"', '\u201e': '"', '\u201f': '"', '\u00ab': '"', '\u00bb': '"', '\u2033': '"',
  // Dashes and other punctuation
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-', '\u2015': '-', '\u2212': '-',
  '\u2026': '...', '\u2022': '-', '\u00b7': '.', '\u00b0': 'o', '\u00d7': 'x', '\u00f7': '/', '\u00a9': '(c)',
  '\u00ae': '(R)', '\u2122': 'TM', '\u00b2': '2', '\u00b3': '3', '\u00b9': '1', '\u00bd': '1/2', '\u00bc': '1/4',
  // Spaces (French typography puts narrow no-break spaces before : ; ! ? and inside « »)
  '\t': ' ', '\u00a0': ' ', '\u202f': ' ', '\u2007': ' ', '\u2009': ' ', '\u2002': ' ', '\u2003': ' ',
  '\u2008': ' ', '\u200a': ' ', '\u205f': ' ', '\u3000': ' ',
  // Invisible characters
  '\u00ad': '', '\u200b': '', '\u200c': '', '\u200d': '', '\u2060': '', '\ufeff': '',
};

/** Shown for a character with no GSM-7 form (an emoji, another script): the SMS stays cheap and readable. */
const UNKNOWN = '?';

/** Whether a character (one code point) is in GSM-7, in either table. */
export function isGsm7Character(character: string): boolean {
  return BASIC_SET.has(character) || EXTENSION_SET.has(character);
}

/** Whether every character of a text is in GSM-7. */
export function isGsm7(text: string): boolean {
  return Array.from(text).every(isGsm7Character);
}

/**
 * The text in GSM-7: characters of the alphabet are kept (€ included), others come from the table, then from
 * their letter without its accents (for letters the table does not list), else '?'.
 */
export function toGsm7(text: string): string {
  let out = '';
  for (const character of text) {
    if (isGsm7Character(character)) out += character;
    else out += TRANSLITERATION[character] ?? withoutAccents(character);
  }
  return out;
}

function withoutAccents(character: string): string {
  const bare = character.normalize('NFD').replace(/\p{M}/gu, '');
  return bare !== '' && isGsm7(bare) ? bare : UNKNOWN;
}

/** How an SMS is encoded and what it costs. */
export interface SmsSize {
  encoding: 'GSM-7' | 'UCS-2';
  /** Septets (GSM-7, extension characters count 2) or UTF-16 code units (UCS-2). */
  units: number;
  segments: number;
}

const SINGLE = { 'GSM-7': 160, 'UCS-2': 70 } as const;
// A concatenated SMS loses room in each part to the header saying which part it is.
const PART = { 'GSM-7': 153, 'UCS-2': 67 } as const;

/**
 * Counts the segments a text is sent in: one up to 160 GSM-7 units (70 UCS-2), otherwise parts of 153 (67), an
 * escape pair or a surrogate pair never split across two parts.
 */
export function smsSize(text: string): SmsSize {
  const encoding = isGsm7(text) ? 'GSM-7' : 'UCS-2';
  const widths = Array.from(text, (c) => (encoding === 'GSM-7' ? (EXTENSION_SET.has(c) ? 2 : 1) : c.length));
  const units = widths.reduce((sum, w) => sum + w, 0);
  if (units === 0) return { encoding, units, segments: 0 };
  if (units <= SINGLE[encoding]) return { encoding, units, segments: 1 };
  let segments = 1;
  let used = 0;
  for (const width of widths) {
    if (used + width > PART[encoding]) {
      segments += 1;
      used = 0;
    }
    used += width;
  }
  return { encoding, units, segments };
}
