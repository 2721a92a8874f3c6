/**
 * Replies as Telegram messages: one turn's replies joined into as few messages as possible (each message counts
 * against Telegram's per-chat rate), a final menu as an inline keyboard whose buttons send back the option id, and
 * no message beyond Telegram's 4096 characters. Plain text, no parse mode: nothing in a text needs escaping.
 */
import type { Language } from '../../../domain/users';
import type { Reply } from '../../../flows/conversation';
import { translate } from '../../../flows/messages';
import { renderText } from '../textRenderer';

/** Telegram's longest message text (Bot API sendMessage: 1-4096 characters). */
export const MAX_MESSAGE_LENGTH = 4096;

/** Telegram's largest callback_data of an inline button, in bytes. */
export const MAX_CALLBACK_DATA_BYTES = 64;

/** An inline keyboard button as the Bot API takes it. */
export interface InlineButton {
  text: string;
  callback_data: string;
}

/** One message to send: its text, and the inline keyboard under it, if any. */
export interface TelegramMessage {
  text: string;
  keyboard?: InlineButton[][];
}

/**
 * The messages for one turn's replies. A menu that ends the turn becomes buttons (one per row, so long labels stay
 * readable) under the last message; its id stays in the label so typing the number works too. Earlier menus, and
 * a menu whose ids do not fit in callback_data, are written as numbered lines.
 */
export function renderTelegram(
  replies: readonly Reply[],
  language: Language,
  maxLength: number = MAX_MESSAGE_LENGTH,
): TelegramMessage[] {
  const last = replies[replies.length - 1];
  const buttons = last?.kind === 'menu' && last.options.every(fitsCallbackData) ? last.options : null;
  const texts = replies.map((reply) =>
    reply === last && buttons ? translate(language, reply.key, reply.params) : renderText(reply, language),
  );
  const chunks = splitMessage(texts.join('\n\n'), maxLength).filter((chunk) => chunk.trim() !== '');
  if (!buttons) return chunks.map((text) => ({ text }));
  const keyboard = buttons.map((o) => [
    { text: `${o.id}. ${translate(language, o.key, o.params)}`, callback_data: o.id },
  ]);
  // Telegram refuses an empty text, and buttons need a message to sit under.
  if (chunks.length === 0) return [{ text: keyboard.map(([b]) => b?.text).join('\n'), keyboard }];
  return chunks.map((text, i) => (i === chunks.length - 1 ? { text, keyboard } : { text }));
}

function fitsCallbackData(option: { id: string }): boolean {
  return option.id !== '' && Buffer.byteLength(option.id, 'utf8') <= MAX_CALLBACK_DATA_BYTES;
}

/**
 * Cuts a text into pieces of at most `maxLength` UTF-16 units (what Telegram counts), at a line break if one
 * falls in the second half of the piece, else at a space, else anywhere but inside a surrogate pair. The line
 * break or space cut at is dropped; nothing else is.
 */
export function splitMessage(text: string, maxLength: number = MAX_MESSAGE_LENGTH): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > maxLength) {
    const window = rest.slice(0, maxLength + 1);
    const half = Math.floor(maxLength / 2);
    let cut = window.lastIndexOf('\n');
    if (cut < half) cut = window.lastIndexOf(' ');
    if (cut >= half) {
      pieces.push(rest.slice(0, cut));
      rest = rest.slice(cut + 1);
      continue;
    }
    cut = maxLength;
    // Never split an emoji or any other character outside the Basic Multilingual Plane in two.
    if (isHighSurrogate(rest.charCodeAt(cut - 1))) cut -= 1;
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  pieces.push(rest);
  return pieces;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
