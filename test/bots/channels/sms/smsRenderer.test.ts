/**
 * SMS rendering: GSM-7 transliteration from a table, segment counting as carriers count (153 per part, extension
 * characters twice), packing into messages within the segment budget, and every catalog text fitting.
 */
import fc from 'fast-check';
import { isGsm7, smsSize, toGsm7 } from '../../../../integrations/gsm7';
import { DEFAULT_MAX_SEGMENTS, packSms, renderSms } from '../../../../bots/channels/sms/smsRenderer';
import type { ParamValue, Params } from '../../../../domain/notifications';
import type { Reply } from '../../../../flows/conversation';
import { catalogs, messageKeys } from '../../../../flows/messages';
import { smsMessages } from '../../../../flows/messages/sms';

describe('GSM-7 transliteration', () => {
  it('keeps French letters GSM-7 has and replaces only those it lacks', () => {
    expect(toGsm7('Réf. à payer, déjà reçu ! Ça coûte où ? Élève, forêt, maïs, cœur, Noël, Île, Ô')).toBe(
      'Réf. à payer, déjà recu ! Ça coute où ? Élève, foret, mais, coeur, Noel, Ile, O',
    );
  });

  it('turns typography into its plain form and drops invisible characters', () => {
    expect(toGsm7('l’agence « Akwa » – ouverte…\u00a0oui\u202f? n°\u00a05\u200b')).toBe(
      'l\'agence " Akwa " - ouverte... oui ? no 5',
    );
  });

  it('keeps € and the other characters of both GSM-7 tables', () => {
    const gsm = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./09:;<=>?¡AZÄÖÑÜ§¿azäöñüà^{}\\[~]|€';
    expect(toGsm7(gsm)).toBe(gsm);
  });

  it('takes the bare letter of an accented letter missing from the table, and ? for anything else', () => {
    expect(toGsm7('Ǎ ņ ž')).toBe('A n z');
    expect(toGsm7('Merci 🙏 Жанна 王')).toBe('Merci ? ????? ?');
  });

  it('always gives pure GSM-7', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => isGsm7(toGsm7(text))));
  });
});

describe('segment counting', () => {
  it.each([
    ['nothing', '', 'GSM-7', 0, 0],
    ['160 GSM-7 characters', 'a'.repeat(160), 'GSM-7', 160, 1],
    ['161 GSM-7 characters', 'a'.repeat(161), 'GSM-7', 161, 2],
    ['306 GSM-7 characters', 'a'.repeat(306), 'GSM-7', 306, 2],
    ['307 GSM-7 characters', 'a'.repeat(307), 'GSM-7', 307, 3],
    ['80 euro signs (two septets each)', '€'.repeat(80), 'GSM-7', 160, 1],
    ['81 euro signs', '€'.repeat(81), 'GSM-7', 162, 2],
    ['an escape pair that would straddle two parts', `${'a'.repeat(152)}€${'a'.repeat(152)}`, 'GSM-7', 306, 3],
    ['70 characters outside GSM-7', 'ê'.repeat(70), 'UCS-2', 70, 1],
    ['71 characters outside GSM-7', 'ê'.repeat(71), 'UCS-2', 71, 2],
    ['135 characters outside GSM-7', 'ê'.repeat(135), 'UCS-2', 135, 3],
    ['one emoji in a GSM-7 text', `${'a'.repeat(69)}🙂`, 'UCS-2', 71, 2],
  ])('counts %s', (_case, text, encoding, units, segments) => {
    expect(smsSize(text)).toEqual({ encoding, units, segments });
  });
});

describe('packing replies into SMS', () => {
  const menu: Reply = {
    kind: 'menu',
    key: 'menu.title',
    params: { name: 'Ama' },
    options: [
      { id: '1', key: 'menu.balance' },
      { id: '2', key: 'menu.topUp' },
    ],
  };

  it('sends a turn’s replies together, as numbered text, when they fit', () => {
    expect(renderSms([{ kind: 'text', key: 'common.cancelled' }, menu], 'fr')).toEqual([
      'Annulé. Rien n’a été fait.\nBonjour Ama. Que voulez-vous faire ?\n1. Solde\n2. Recharger'.replace('’', "'"),
    ]);
  });

  it('starts a new message at a reply boundary when the next reply does not fit', () => {
    const long = 'x'.repeat(300);
    expect(packSms([long, long], 3)).toEqual([long, long]);
    expect(packSms(['short', long, 'tail'], 2)).toEqual([`short\n${long}`, 'tail']);
  });

  it('splits a reply longer than the budget at line boundaries, keeping lines whole', () => {
    const lines = Array.from({ length: 30 }, (_, i) => `${i + 1}. Option numero ${i + 1} du menu`);
    const messages = packSms([lines.join('\n')], 2);
    expect(messages.length).toBeGreaterThan(1);
    expect(messages.join('\n')).toBe(lines.join('\n'));
    for (const message of messages) {
      expect(smsSize(message).segments).toBeLessThanOrEqual(2);
      for (const line of message.split('\n')) expect(lines).toContain(line);
    }
  });

  it('splits a line longer than the budget between words, and a word longer than a message anywhere', () => {
    const words = Array.from({ length: 60 }, (_, i) => `mot${i}`).join(' ');
    const byWords = packSms([words], 1);
    expect(byWords.join(' ')).toBe(words);
    for (const message of byWords) expect(smsSize(message).segments).toBe(1);
    const link = `https://example.cm/${'z'.repeat(400)}`;
    const cut = packSms([link], 1);
    expect(cut.join('')).toBe(link);
    for (const message of cut) expect(smsSize(message).units).toBeLessThanOrEqual(160);
  });

  it('never loses text and never exceeds the budget', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: fc.constantFrom('a', 'b', ' ', '\n', '€', 'é'), maxLength: 600 }), { maxLength: 5 }),
        fc.integer({ min: 1, max: 4 }),
        (texts, budget) => {
          const messages = packSms(texts, budget);
          for (const message of messages) expect(smsSize(message).segments).toBeLessThanOrEqual(budget);
          const letters = (s: string) => s.replace(/[\s]/g, '');
          expect(letters(messages.join(''))).toBe(letters(texts.join('')));
        },
      ),
    );
  });
});

// Realistic long values for every placeholder of the catalogs: names of 40 characters with accents, the longest
// references, amounts in the millions.
const AMOUNT = { francs: 1_250_000 };
const SAMPLE_PARAMS: Readonly<Record<string, ParamValue>> = {
  amount: AMOUNT,
  available: AMOUNT,
  balance: AMOUNT,
  balanceAfter: AMOUNT,
  fee: { francs: 12_500 },
  held: AMOUNT,
  incoming: AMOUNT,
  max: AMOUNT,
  maxBalance: { francs: 2_000_000 },
  min: { francs: 100 },
  owed: AMOUNT,
  perDay: AMOUNT,
  perMonth: AMOUNT,
  perTransaction: AMOUNT,
  total: AMOUNT,
  date: { date: '2026-12-31T23:59:00Z' },
  due: { date: '2026-12-31T23:59:00Z' },
  until: { date: '2026-12-31T23:59:00Z' },
  count: 12,
  length: 75,
  page: 12,
  pages: 12,
  triesLeft: 2,
  name: 'Jean-Baptiste Ékotto Ngo Ndjock Mbarga',
  number: '+237 6 77 12 34 56',
  payer: 'Jean-Baptiste Ékotto Ngo Ndjock Mbarga (+237 6 77 12 34 56)',
  recipient: 'Jean-Baptiste Ékotto Ngo Ndjock Mbarga +237 6 77 12 34 56',
  requester: 'Jean-Baptiste Ékotto Ngo Ndjock Mbarga (+237 6 77 12 34 56)',
  sender: 'Jean-Baptiste Ékotto Ngo Ndjock Mbarga (+237 6 77 12 34 56)',
  counterparty: 'Jean-Baptiste Ékotto Ngo Ndjock Mbarga (+237 6 77 12 34 56)',
  reference: 'p2p:3f2a9c1e-8b7d-4e6f-a1b2-c3d4e5f6a7b8',
  receipt: 'ENEO-2026-000123456789',
  token: '1234 5678 9012 3456 7890',
  reason: 'Cotisation de la tontine du mois de décembre, à régler vite',
  biller: 'CAMWATER',
  bill: 'Facture de novembre 2026',
  customer: '200123456789',
  offer: 'Canal+ Évasion Plus (1 mois)',
  label: 'Facture de novembre 2026',
  kind: 'Paiement de facture',
  rail: 'Orange Money',
  sign: '-',
  status: 'en attente',
};

function sampleParams(template: string): Params {
  const params: Record<string, ParamValue> = {};
  for (const [, name] of template.matchAll(/\{(\w+)\}/g))
    params[name as string] = SAMPLE_PARAMS[name as string] ?? 'x'.repeat(30);
  return params;
}

describe('every catalog text as an SMS', () => {
  const texts = (['fr', 'en'] as const).flatMap((language) =>
    messageKeys.map((key) => [language, key, catalogs[language][key]] as const),
  );

  it('covers the catalogs', () => {
    expect(texts.length).toBeGreaterThan(300);
  });

  it.each(texts)('%s %s is pure GSM-7 in one message within the segment budget', (language, key, template) => {
    const messages = renderSms([{ kind: 'text', key, params: sampleParams(template) }], language);
    expect(messages).toHaveLength(1);
    expect(isGsm7(messages[0] as string)).toBe(true);
    expect(smsSize(messages[0] as string).segments).toBeLessThanOrEqual(DEFAULT_MAX_SEGMENTS);
  });

  it('includes the SMS channel’s own answer to a foreign number, both languages in one segment', () => {
    const both = toGsm7(`${smsMessages.fr['sms.onlyCameroon']} / ${smsMessages.en['sms.onlyCameroon']}`);
    expect(isGsm7(both)).toBe(true);
    expect(smsSize(both).segments).toBe(1);
  });
});
