/**
 * Text as a USSD handset can show it. Gateways and handsets differ in which accented letters they display, and a
 * character outside GSM-7 can switch a message to UCS-2 or arrive as a box, so screens keep to plain ASCII: the
 * SMS channel's GSM-7 transliteration first (typography, letters GSM-7 lacks), then accents dropped (é → e), then
 * the few GSM-7 letters without an ASCII form spelled out, and anything else `?`.
 */
import { toGsm7 } from '../../../integrations/gsm7';

// GSM-7 characters that do not decompose into ASCII.
const ASCII_TWINS: Readonly<Record<string, string>> = {
  ß: 'ss',
  ø: 'o',
  Ø: 'O',
  æ: 'ae',
  Æ: 'AE',
  '€': 'EUR',
};

/** The text with accents removed and every character a handset surely shows (printable ASCII and newlines). */
export function toHandsetText(text: string): string {
  const decomposed = toGsm7(text).normalize('NFKD').replace(/\p{M}/gu, '');
  let out = '';
  for (const char of decomposed) {
    const twin = ASCII_TWINS[char];
    if (twin !== undefined) out += twin;
    else if (char === '\n' || (char >= ' ' && char <= '~')) out += char;
    else if (char === '\r') continue;
    else out += '?';
  }
  return out;
}
