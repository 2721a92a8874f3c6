/**
 * A turn's replies as WhatsApp text: each reply rendered as numbered text (buttons and lists are unreliable on
 * WhatsApp Web), joined into one message per turn, and cut into pieces WhatsApp accepts.
 */
import type { Language } from '../../../domain/users';
import type { Reply } from '../../../flows/conversation';
import { fill } from '../../../flows/messages/catalog';
import { whatsappMessages } from '../../../flows/messages/whatsapp';
import type { Msisdn } from '../../../domain/phone';
import type { TurnResult } from '../../runtime/inbound';
import type { PinAdviceLog } from './ports';
import { renderText } from '../textRenderer';

/**
 * The longest text sent in one message. WhatsApp takes about 65 000 characters; far less keeps a message
 * readable on a phone and clear of any limit that counts in bytes or UTF-16 units.
 */
export const WHATSAPP_MAX_TEXT = 4096;

/** The replies of one turn as the messages to send, in order (none when there is nothing to say). */
export function renderWhatsApp(replies: readonly Reply[], language: Language, maxLength = WHATSAPP_MAX_TEXT): string[] {
  return splitText(whatsAppText(replies, language), maxLength);
}

/**
 * A turn's answer as the messages to send: its replies, then the advice to delete PIN messages on the phone when
 * the person gets it (pinAdviceText), cut into messages.
 */
export function whatsAppAnswer(
  replies: readonly Reply[],
  language: Language,
  advice: string | null,
  maxLength = WHATSAPP_MAX_TEXT,
): string[] {
  return splitText([whatsAppText(replies, language), ...(advice === null ? [] : [advice])].join('\n\n'), maxLength);
}

/**
 * A turn's answer as the channel words it, the one-time PIN advice included when the turn read a PIN and the person
 * was never advised: for the simulator's chat, which answers as this channel does.
 */
export async function whatsAppTurnAnswer(
  pinAdvice: PinAdviceLog,
  msisdn: Msisdn,
  turn: Pick<TurnResult, 'replies' | 'language' | 'secretInput'>,
  at: Date,
): Promise<string[]> {
  const advised = turn.secretInput && (await pinAdvice.firstTime(msisdn, at));
  return whatsAppAnswer(turn.replies, turn.language, advised ? pinAdviceText(turn.language) : null);
}

/** The advice, given once per person (PinAdviceLog), to delete a message holding a PIN on their phone. */
export function pinAdviceText(language: Language): string {
  return fill(whatsappMessages[language]['whatsapp.deletePinOnPhone'], undefined, language);
}

/** The replies of one turn as one text, before it is cut into messages. */
export function whatsAppText(replies: readonly Reply[], language: Language): string {
  return replies.map((reply) => renderText(reply, language)).join('\n\n');
}

/**
 * Cuts a text into pieces of at most `maxLength` characters (UTF-16 units), preferring a paragraph break, then a
 * line break, in the second half of a piece (so pieces are not needlessly short), then any space; a word longer
 * than a piece is cut, never inside a surrogate pair.
 */
export function splitText(text: string, maxLength = WHATSAPP_MAX_TEXT): string[] {
  if (maxLength < 2) throw new RangeError('maxLength must be at least 2');
  const pieces: string[] = [];
  let rest = text.trim();
  while (rest.length > maxLength) {
    // One character more than a piece: a break right after a full piece is a good cut.
    const window = rest.slice(0, maxLength + 1);
    const half = Math.floor(maxLength / 2);
    const paragraph = window.lastIndexOf('\n\n');
    const line = window.lastIndexOf('\n');
    const space = window.lastIndexOf(' ');
    let cut = paragraph >= half ? paragraph : line >= half ? line : space > 0 ? space : maxLength;
    if (cut === maxLength && isHighSurrogate(rest.charCodeAt(cut - 1))) cut -= 1;
    pieces.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest !== '') pieces.push(rest);
  return pieces;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
