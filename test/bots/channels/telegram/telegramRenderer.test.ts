/**
 * Telegram rendering: every catalog text in both languages fits Telegram's 4096 characters, a turn's replies
 * share messages, a final menu becomes buttons whose data is the option id (at most 64 bytes), and longer texts
 * are split without losing anything.
 */
import {
  MAX_CALLBACK_DATA_BYTES,
  MAX_MESSAGE_LENGTH,
  renderTelegram,
  splitMessage,
} from '../../../../bots/channels/telegram/telegramRenderer';
import type { Language } from '../../../../domain/users';
import { end, menu, text, type Reply } from '../../../../flows/conversation';
import { catalogs, messageKeys } from '../../../../flows/messages';
import { telegramMessages } from '../../../../flows/messages/telegram';

const LANGUAGES: Language[] = ['fr', 'en'];

// The longest values a parameter takes in practice: a name of 40 letters, a big amount, a date, a reference.
function longParams(template: string): Record<string, string | number | { francs: number } | { date: string }> {
  const params: Record<string, string | number | { francs: number } | { date: string }> = {};
  for (const [, name] of template.matchAll(/\{(\w+)\}/g)) {
    if (name === undefined) continue;
    if (/date|at|until|expires/i.test(name)) params[name] = { date: '2030-12-31T23:59:00Z' };
    else if (/francs|amount|fee|total|balance|available|held|incoming|limit/i.test(name)) {
      params[name] = { francs: 999_999_999 };
    } else params[name] = 'X'.repeat(200);
  }
  return params;
}

describe('Telegram rendering', () => {
  it.each(LANGUAGES)('keeps every catalog text within one message, alone and as a menu (%s)', (language) => {
    const keys = messageKeys;
    expect(keys.length).toBeGreaterThan(100);
    for (const key of keys) {
      const template = catalogs[language][key];
      const messages = renderTelegram([text(key, longParams(template))], language);
      expect(messages).toHaveLength(1);
      expect(messages[0]?.text.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
      expect(messages[0]?.text).not.toBe('');
    }
    // The whole catalog as one menu's options: the buttons carry the labels, the text stays the head.
    const options = keys.map((key, i) => ({
      id: String(i + 1),
      key,
      params: longParams(catalogs[language][key]),
    }));
    const [only] = renderTelegram([menu('menu.title', options, { name: 'Amina' })], language);
    expect(only?.keyboard).toHaveLength(keys.length);
    expect(only?.text.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
  });

  it.each(LANGUAGES)('splits a turn longer than a message and loses nothing (%s)', (language) => {
    const keys = messageKeys;
    const replies: Reply[] = keys.map((key) => text(key));
    const messages = renderTelegram(replies, language);
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) expect(message.text.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
    const squeezed = (s: string) => s.replace(/\s+/g, '');
    expect(squeezed(messages.map((m) => m.text).join(''))).toBe(
      squeezed(replies.map((r) => catalogs[language][r.key]).join('')),
    );
  });

  it('keeps the Telegram texts short, in both languages', () => {
    for (const language of LANGUAGES) {
      for (const template of Object.values(telegramMessages[language])) {
        expect(template.length).toBeLessThanOrEqual(300);
      }
    }
  });

  it('joins a turn into one message with the final menu as buttons', () => {
    const messages = renderTelegram(
      [text('common.sessionExpired'), menu('menu.title', ['menu.balance', 'menu.topUp'], { name: 'Amina' })],
      'en',
    );
    expect(messages).toEqual([
      {
        text: `${catalogs.en['common.sessionExpired']}\n\nHello Amina. What would you like to do?`,
        keyboard: [
          [{ text: `1. ${catalogs.en['menu.balance']}`, callback_data: '1' }],
          [{ text: `2. ${catalogs.en['menu.topUp']}`, callback_data: '2' }],
        ],
      },
    ]);
  });

  it('writes an earlier menu, an end and a menu whose ids do not fit callback_data as numbered text', () => {
    const earlier = renderTelegram(
      [menu('menu.title', ['menu.balance'], { name: 'A' }), end('common.cancelled')],
      'en',
    );
    expect(earlier).toEqual([{ text: expect.stringContaining(`1. ${catalogs.en['menu.balance']}`) as string }]);
    const tooLong = 'é'.repeat(MAX_CALLBACK_DATA_BYTES / 2 + 1);
    const [wide] = renderTelegram([menu('menu.title', [{ id: tooLong, key: 'menu.balance' }], { name: 'A' })], 'fr');
    expect(wide?.keyboard).toBeUndefined();
    expect(wide?.text).toContain(`${tooLong}. ${catalogs.fr['menu.balance']}`);
  });

  it('splits at line breaks, then spaces, then anywhere but inside a character', () => {
    expect(splitMessage('short', 10)).toEqual(['short']);
    expect(splitMessage('aaaa bbbb\ncccc dddd', 12)).toEqual(['aaaa bbbb', 'cccc dddd']);
    expect(splitMessage('aaaa bbbb cccc', 10)).toEqual(['aaaa bbbb', 'cccc']);
    expect(splitMessage('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
    const emoji = `${'x'.repeat(9)}😀${'y'.repeat(5)}`;
    const pieces = splitMessage(emoji, 10);
    expect(pieces).toEqual(['x'.repeat(9), `😀${'y'.repeat(5)}`]);
    const huge = 'word '.repeat(5000);
    const parts = splitMessage(huge);
    expect(parts.every((p) => p.length <= MAX_MESSAGE_LENGTH)).toBe(true);
    expect(parts.join(' ')).toBe(huge);
  });
});
