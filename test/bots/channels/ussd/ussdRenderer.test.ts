/**
 * USSD screens: replies joined into one screen in plain ASCII, menus as numbered lines, long screens paged with a
 * `98` option, and every text of every catalog, in both languages and with the longest parameters, on pages
 * under 182 characters.
 */
import { LANGUAGES, type Language } from '../../../../domain/users';
import { end, menu, text, type Reply } from '../../../../flows/conversation';
import { catalogs, messageKeys } from '../../../../flows/messages';
import type { Params } from '../../../../domain/notifications';
import { toHandsetText } from '../../../../bots/channels/ussd/gsmText';
import { ussdMessages } from '../../../../bots/channels/ussd/messages';
import { renderUssd, USSD_SCREEN_LIMIT } from '../../../../bots/channels/ussd/ussdRenderer';

const mainMenu = (name: string) =>
  menu(
    'menu.title',
    [
      'menu.balance',
      'menu.topUp',
      'menu.sendMoney',
      'menu.requestPayment',
      'menu.payBill',
      'menu.withdraw',
      'menu.history',
      'menu.pendingRequests',
      'menu.settings',
    ],
    { name },
  );

/** The words of the pages without the paging lines, as one text: what the person reads, page after page. */
function readAcross(pages: string[]): string {
  return pages
    .map((p) => p.replace(/\n98\. (More|Suite)$/, ''))
    .join(' ')
    .replace(/\s+/g, ' ');
}

describe('a screen', () => {
  it('joins the replies of a turn, a menu as numbered lines, without accents', () => {
    const screens = renderUssd([text('onboarding.askPinAgain'), mainMenu('Éloïse')], 'fr');
    expect(screens).toEqual({
      pages: [
        'Entrez a nouveau le meme PIN pour le confirmer.\nBonjour Eloise. Que voulez-vous faire ?\n1. Solde\n' +
          "2. Recharger\n3. Envoyer de l'argent\n4. Demander un paiement\n98. Suite",
        '5. Payer une facture\n6. Retirer\n7. Historique\n8. Demandes a payer\n9. Parametres',
      ],
      close: false,
    });
  });

  it('fits a short menu on one page and closes only after an end reply', () => {
    expect(renderUssd([mainMenu('Ama')], 'en')).toEqual({
      pages: [
        'Hello Ama. What would you like to do?\n1. Balance\n2. Top up\n3. Send money\n4. Request payment\n' +
          '5. Pay a bill\n6. Withdraw\n7. History\n8. Requests to pay\n9. Settings',
      ],
      close: false,
    });
    const balance = end('menu.balanceIs', {
      available: { francs: 1500 },
      held: { francs: 0 },
      incoming: { francs: 0 },
    });
    expect(renderUssd([balance], 'en')).toEqual({
      pages: ['Available: 1 500 FCFA. On hold: 0 FCFA. Incoming: 0 FCFA. Send 00 for the menu.'],
      close: true,
    });
  });

  it('pages a long text at sentence or word ends, with 98. More in English and 98. Suite in French', () => {
    const longName = 'Marie-Claire Ngono Abessolo Mbarga Ekotto';
    for (const language of LANGUAGES) {
      const replies: Reply[] = [text('onboarding.done', { name: longName }), text('common.technicalProblem')];
      const { pages } = renderUssd(replies, language);
      expect(pages.length).toBeGreaterThan(1);
      const more = language === 'fr' ? '98. Suite' : '98. More';
      for (const page of pages.slice(0, -1)) expect(page.endsWith(`\n${more}`)).toBe(true);
      expect(pages.at(-1)).not.toContain('98.');
      for (const page of pages) expect(page.length).toBeLessThan(USSD_SCREEN_LIMIT);
      const whole = replies.map((r) => toHandsetText(catalogs[language][r.key]!.replace('{name}', longName))).join(' ');
      expect(readAcross(pages)).toBe(whole);
    }
  });

  it('keeps each option of a long menu whole on a page', () => {
    const longName = 'A'.repeat(150);
    const { pages } = renderUssd([mainMenu(longName)], 'en');
    const optionLines = pages.flatMap((p) => p.split('\n')).filter((l) => /^[1-9]\. /.test(l));
    expect(optionLines).toEqual([
      '1. Balance',
      '2. Top up',
      '3. Send money',
      '4. Request payment',
      '5. Pay a bill',
      '6. Withdraw',
      '7. History',
      '8. Requests to pay',
      '9. Settings',
    ]);
  });

  it('cuts a word longer than a page where the page ends', () => {
    const reference = 'R'.repeat(400);
    const { pages } = renderUssd([text('menu.title', { name: reference })], 'en');
    for (const page of pages) expect(page.length).toBeLessThan(USSD_SCREEN_LIMIT);
    expect(readAcross(pages).replace(/ /g, '')).toBe(`Hello${reference}.Whatwouldyouliketodo?`);
  });

  it('respects a smaller screen limit for gateways that cut earlier', () => {
    const { pages } = renderUssd([mainMenu('Ama')], 'en', { maxChars: 60 });
    expect(pages.length).toBeGreaterThan(2);
    for (const page of pages) expect(page.length).toBeLessThanOrEqual(60);
  });
});

describe('handset text', () => {
  it('drops accents and turns typographic punctuation into ASCII', () => {
    expect(toHandsetText('Réf : n’est « déjà » payée… Œuvre – ça\u00a0va')).toBe(
      'Ref : n\'est " deja " payee... OEuvre - ca va',
    );
  });

  it('shows any other character as a question mark', () => {
    expect(toHandsetText('Paid 💸 ok 中')).toBe('Paid ? ok ?');
  });
});

describe('every catalog text', () => {
  // The longest values parameters take: a 40-letter name, a 40-character reference without spaces, the largest
  // amounts, a date.
  const longest = (name: string): Params[string] => {
    if (/amount|fee|total|balance|available|held|incoming|per|max|price|francs/i.test(name)) {
      return { francs: 10_000_000 };
    }
    if (/date|until|at$|due|expires/i.test(name)) return { date: '2026-12-31T22:59:00Z' };
    if (/reference|ref|token|id$/i.test(name)) return 'X'.repeat(40);
    return 'Marie-Claire Ngono Abessolo Mbarga Ekotto';
  };
  const paramsOf = (template: string): Params =>
    Object.fromEntries([...template.matchAll(/\{(\w+)\}/g)].map(([, name]) => [name!, longest(name!)]));

  it.each(LANGUAGES)('renders on pages under 182 characters (%s), as a text and as a menu title', (language) => {
    const keys = messageKeys;
    expect(keys.length).toBeGreaterThan(100);
    const tooLong: string[] = [];
    const notAscii: string[] = [];
    for (const key of keys) {
      const params = paramsOf(catalogs[language][key]);
      for (const reply of [
        text(key, params),
        end(key, params),
        menu(key, ['sendMoney.confirmYes', 'sendMoney.confirmNo'], params),
      ]) {
        const { pages } = renderUssd([reply], language as Language);
        for (const page of pages) {
          if (page.length >= USSD_SCREEN_LIMIT) tooLong.push(`${key}: ${page.length}`);
          if (!/^[\n -~]+$/.test(page)) notAscii.push(key);
        }
      }
    }
    expect(tooLong).toEqual([]);
    expect(notAscii).toEqual([]);
  });

  it('has its paging word in both languages', () => {
    expect(ussdMessages.en['ussd.more']).toBe('More');
    expect(ussdMessages.fr['ussd.more']).toBe('Suite');
  });
});
