import fc from 'fast-check';
import { formatFrancs } from '../../domain/money';
import { parseShortcut } from '../../flows/shortcuts';

const KINDS = ['send', 'topup', 'withdraw', 'balance', 'history', 'menu', 'help', 'cancel', 'malformed'];

describe('typed shortcuts', () => {
  describe('sending money', () => {
    it.each([
      'send 5000 to 677123456',
      'envoyer 5000 au 677 12 34 56',
      'envoie 5 000 FCFA à +237 6 77 12 34 56',
      'transfer 5k to 0023767712 3456',
      'Transférer 5.000F vers 237677123456',
      '  SEND   5000   TO   677-12-34-56  ',
      'send 5000 677123456',
      'send to 677123456 5000',
      'envoyer 5000 frs au numéro 677123456',
      'Envoie de l’argent 5000 à 677123456',
      'send money 5 000 to +237677123456.',
      '/send 5000 to 677123456',
    ])('reads %p as 5 000 F to 237677123456', (text) => {
      expect(parseShortcut(text)).toEqual({ kind: 'send', amount: 5000, recipient: '237677123456' });
    });

    it('says the amount is missing when only a number follows the verb', () => {
      expect(parseShortcut('envoyer 677123456')).toEqual({
        kind: 'malformed',
        command: 'send',
        reason: 'MISSING_AMOUNT',
      });
      expect(parseShortcut('send')).toEqual({ kind: 'malformed', command: 'send', reason: 'MISSING_AMOUNT' });
      expect(parseShortcut('envoyer de l’argent')).toEqual({
        kind: 'malformed',
        command: 'send',
        reason: 'MISSING_AMOUNT',
      });
    });

    it('says the recipient is missing when only an amount follows the verb', () => {
      expect(parseShortcut('send 5000')).toEqual({ kind: 'malformed', command: 'send', reason: 'MISSING_RECIPIENT' });
      expect(parseShortcut('envoie 5000 à')).toEqual({
        kind: 'malformed',
        command: 'send',
        reason: 'MISSING_RECIPIENT',
      });
    });

    it('names the amount’s problem when the amount cannot be read', () => {
      expect(parseShortcut('send 0 to 677123456')).toEqual({
        kind: 'malformed',
        command: 'send',
        reason: 'BAD_AMOUNT',
        amountRejection: 'ZERO',
      });
      expect(parseShortcut('send 12.5 to 677123456')).toMatchObject({ amountRejection: 'FRACTIONAL' });
      expect(parseShortcut('envoyer cinq mille au 677123456')).toMatchObject({
        reason: 'BAD_AMOUNT',
        amountRejection: 'NOT_A_NUMBER',
      });
    });

    it('names the number’s problem when the recipient cannot be read', () => {
      expect(parseShortcut('send 5000 to 6771234567')).toEqual({
        kind: 'malformed',
        command: 'send',
        reason: 'BAD_RECIPIENT',
        recipientRejection: 'NOT_A_NUMBER',
      });
      expect(parseShortcut('send 5000 to +33 6 12 34 56 78')).toMatchObject({
        reason: 'BAD_RECIPIENT',
        recipientRejection: 'NOT_CAMEROON',
      });
      expect(parseShortcut('send 5000 to 222123456')).toMatchObject({
        reason: 'BAD_RECIPIENT',
        recipientRejection: 'NOT_MOBILE',
      });
    });

    it('refuses to guess between two readings of two numbers', () => {
      expect(parseShortcut('send 677123456 699112233')).toEqual({
        kind: 'malformed',
        command: 'send',
        reason: 'AMBIGUOUS',
      });
    });
  });

  describe('top-ups and withdrawals', () => {
    it.each([
      ['recharger 10000', { kind: 'topup', amount: 10_000 }],
      ['top up 10 000', { kind: 'topup', amount: 10_000 }],
      ['Recharge de 10k FCFA', { kind: 'topup', amount: 10_000 }],
      ['dépôt 2500', { kind: 'topup', amount: 2_500 }],
      ['retrait 5000', { kind: 'withdraw', amount: 5_000 }],
      ['withdraw 5 000 F', { kind: 'withdraw', amount: 5_000 }],
      ['Retrait de 5.000', { kind: 'withdraw', amount: 5_000 }],
      ['cash out 5k', { kind: 'withdraw', amount: 5_000 }],
    ])('reads %p', (text, expected) => {
      expect(parseShortcut(text)).toEqual(expected);
    });

    it('says what is wrong with the amount', () => {
      expect(parseShortcut('retrait')).toEqual({ kind: 'malformed', command: 'withdraw', reason: 'MISSING_AMOUNT' });
      expect(parseShortcut('top up -500')).toEqual({
        kind: 'malformed',
        command: 'topup',
        reason: 'BAD_AMOUNT',
        amountRejection: 'NEGATIVE',
      });
      expect(parseShortcut('retirer 5000000000')).toMatchObject({ amountRejection: 'TOO_LARGE' });
    });
  });

  describe('one-word commands', () => {
    it.each([
      ['solde', 'balance'],
      ['Balance', 'balance'],
      ['  MON   SOLDE ? ', 'balance'],
      ['historique', 'history'],
      ['History!', 'history'],
      ['/start', 'menu'],
      ['menu', 'menu'],
      ['Accueil', 'menu'],
      ['aide', 'help'],
      ['HELP', 'help'],
      ['?', 'help'],
      ['annuler', 'cancel'],
      ['Annulé', 'cancel'],
      ['cancel.', 'cancel'],
    ])('reads %p as %p', (text, kind) => {
      expect(parseShortcut(text)).toEqual({ kind });
    });

    it.each([
      ['ref K7MX3QPRT', 'K7MX3QPRT'],
      ['Réf : k7m-x3q-prt', 'K7MX3QPRT'],
      ['historique K7M X3Q PRT', 'K7MX3QPRT'],
      ['status: k7mx3qprt.', 'K7MX3QPRT'],
    ])('reads %p as the history opened on the short reference %p', (text, reference) => {
      expect(parseShortcut(text)).toEqual({ kind: 'history', reference });
    });

    it.each(['ref', 'ref 12345', 'historique de mes achats', 'ref K7MX3QPR0', 'status K7MX3QPRTT'])(
      'reads %p as no reference shortcut (not a well-formed short reference)',
      (text) => {
        const parsed = parseShortcut(text);
        expect(parsed === null || !('reference' in parsed)).toBe(true);
      },
    );

    it.each(['1', '00', 'bonjour', 'solde de tout compte merci', 'sending', 'pay 5000', '', '   '])(
      'leaves %p to the menus (null)',
      (text) => {
        expect(parseShortcut(text)).toBeNull();
      },
    );
  });

  describe('properties', () => {
    it('never throws and answers null or a known kind, whatever the text', () => {
      fc.assert(
        fc.property(
          fc.oneof(
            fc.string(),
            fc.string({ unit: 'grapheme' }),
            fc.string({ unit: 'binary', maxLength: 2_000 }),
            fc.string({ unit: fc.constantFrom('5', '0', ' ', 'k', 'à', '+', '6', '7', '😀', 'é'), maxLength: 300 }),
            fc
              .tuple(fc.constantFrom('send ', 'envoie ', 'retrait ', 'top up ', 'solde'), fc.string({ maxLength: 80 }))
              .map(([verb, tail]) => verb + tail),
          ),
          (text) => {
            const result = parseShortcut(text);
            return result === null || KINDS.includes(result.kind);
          },
        ),
        { numRuns: 2_000 },
      );
      expect(parseShortcut('send '.repeat(100_000))).toBeNull();
      expect(parseShortcut('😀'.repeat(50))).toBeNull();
    });

    it('reads any amount to any mobile number however it is written', () => {
      const prefixes = ['650', '655', '670', '677', '680', '686', '690', '699'];
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 2_000_000 }),
          fc.constantFrom(...prefixes),
          fc.stringMatching(/^[0-9]{6}$/),
          fc.constantFrom('send', 'Envoyer', 'ENVOIE', 'transfer', 'transférer'),
          fc.constantFrom('to', 'à', 'au', 'vers', 'À'),
          fc.constantFrom('plain', 'grouped', 'fcfa', 'F'),
          fc.constantFrom('national', 'spaced', 'plus', 'zeros'),
          fc.constantFrom(' ', '  ', '\u00a0'),
          (amount, prefix, subscriber, verb, connector, amountStyle, numberStyle, space) => {
            const national = prefix + subscriber;
            const amountText = {
              plain: String(amount),
              grouped: formatFrancs(amount).replace(' FCFA', ''),
              fcfa: formatFrancs(amount),
              F: `${amount}F`,
            }[amountStyle];
            const numberText = {
              national,
              spaced: `${national.slice(0, 3)} ${national.slice(3, 5)} ${national.slice(5, 7)} ${national.slice(7)}`,
              plus: `+237 ${national[0]} ${national.slice(1, 3)} ${national.slice(3, 5)} ${national.slice(5, 7)} ${national.slice(7)}`,
              zeros: `00237${national}`,
            }[numberStyle];
            const text = [verb, amountText, connector, numberText].join(space);
            expect(parseShortcut(text)).toEqual({ kind: 'send', amount, recipient: `237${national}` });
          },
        ),
        { numRuns: 500 },
      );
    });

    it('reads a command the same in any case and with any spacing', () => {
      fc.assert(
        fc.property(
          fc.constantFrom('solde', 'balance', 'historique', 'history', 'menu', 'aide', 'help', 'annuler', 'cancel'),
          fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
          fc.constantFrom('', ' ', '   ', '\t'),
          (word, upper, pad) => {
            const typed = pad + [...word].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join('') + pad;
            expect(parseShortcut(typed)).toEqual(parseShortcut(word));
            expect(parseShortcut(word)).not.toBeNull();
          },
        ),
      );
    });
  });
});
