/**
 * WhatsApp texts: a turn's replies as one numbered text, and long texts cut into pieces WhatsApp takes.
 */
import fc from 'fast-check';
import { renderWhatsApp, splitText, WHATSAPP_MAX_TEXT } from '../../../../bots/channels/whatsapp/whatsappText';
import { menu, text } from '../../../../flows/conversation';

describe('a turn as WhatsApp text', () => {
  it('joins the replies of a turn with a blank line, menus as numbered lines', () => {
    const replies = [
      text('onboarding.done', { name: 'Ama' }),
      menu('common.invalidChoice', [
        { id: '1', key: 'common.invalidChoice' },
        { id: '2', key: 'common.invalidChoice' },
      ]),
    ];
    expect(renderWhatsApp(replies, 'en')).toEqual([
      'Welcome Ama! Your wallet is open. Never share your PIN, not even with us.\n\n' +
        'Please reply with one of the numbers shown.\n1. Please reply with one of the numbers shown.\n' +
        '2. Please reply with one of the numbers shown.',
    ]);
  });

  it('says nothing when a turn has no reply', () => {
    expect(renderWhatsApp([], 'fr')).toEqual([]);
  });
});

describe('cutting long texts', () => {
  it('keeps a text within one message whole', () => {
    expect(splitText('Hello\nworld')).toEqual(['Hello\nworld']);
  });

  it('cuts a 10 000-character history at line breaks into pieces under 4096 characters', () => {
    const lines = Array.from({ length: 200 }, (_, i) => `${i + 1}. 12/05/2026 Sent 5 000 FCFA to Kofi, ref ABC${i}`);
    const pieces = splitText(lines.join('\n'));
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.every((p) => p.length <= WHATSAPP_MAX_TEXT)).toBe(true);
    expect(pieces.join('\n')).toBe(lines.join('\n'));
  });

  it('never exceeds the limit, never loses a word, and never splits an emoji in two', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'é', '😀', '5'), minLength: 1, maxLength: 30 });
    const separator = fc.constantFrom(' ', '\n', '\n\n');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(word, separator), { maxLength: 80 }),
        fc.integer({ min: 2, max: 60 }),
        (parts, max) => {
          const input = parts.map(([w, s]) => w + s).join('');
          const pieces = splitText(input, max);
          expect(pieces.every((p) => p.length <= max && p.length > 0)).toBe(true);
          expect(pieces.join('').replace(/\s/g, '')).toBe(input.replace(/\s/g, ''));
          expect(pieces.every((p) => !/[\ud800-\udbff]$/.test(p) && !/^[\udc00-\udfff]/.test(p))).toBe(true);
        },
      ),
    );
  });
});
