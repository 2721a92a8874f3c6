import { shortcutStart } from '../../bots/app/conversationSetup';
import { translate } from '../../flows/messages';
import { malformedMerchantReply } from '../../flows/merchantShortcuts';
import { parseShortcut } from '../../flows/shortcuts';

const PAYER = '237677123456';

describe('the merchant’s one-line commands', () => {
  describe('asking a customer to pay', () => {
    it.each([
      ['/request 15000 677123456 invoice 42', '42'],
      ['request 15000 677123456 order A-17', 'A-17'],
      ['demande 15000 677123456 facture 42', '42'],
      ['demande 15 000 F au 677 12 34 56 commande 42', '42'],
      ['  DEMANDE   15k   à +237 6 77 12 34 56   Commande   42  ', '42'],
      ['request 677123456 15000 ref 42', '42'],
      ['demander 15 000 FCFA au 00237677123456 facture n° 42', '42'],
    ])('reads %p as 15 000 F from 677123456 for order %p', (typed, orderReference) => {
      expect(parseShortcut(typed)).toEqual({ kind: 'merchantRequest', amount: 15_000, payer: PAYER, orderReference });
    });

    it('keeps the other words as the reason, as typed', () => {
      expect(parseShortcut('request 15000 677123456 Gâteau d’anniversaire')).toEqual({
        kind: 'merchantRequest',
        amount: 15_000,
        payer: PAYER,
        reason: 'Gâteau d’anniversaire',
      });
      expect(parseShortcut('demande 15000 677123456 facture F-2030/7 2 pagnes wax')).toEqual({
        kind: 'merchantRequest',
        amount: 15_000,
        payer: PAYER,
        orderReference: 'F-2030/7',
        reason: '2 pagnes wax',
      });
    });

    it('keeps the case of the order reference', () => {
      expect(parseShortcut('REQUEST 15000 677123456 ORDER Ab-17')).toMatchObject({ orderReference: 'Ab-17' });
    });

    it.each([
      ['request', { reason: 'MISSING_AMOUNT' }],
      ['demande 677123456', { reason: 'MISSING_AMOUNT' }],
      ['request 15000', { reason: 'MISSING_RECIPIENT' }],
      ['request quinze 677123456', { reason: 'BAD_AMOUNT', amountRejection: 'NOT_A_NUMBER' }],
      ['request 15000 12345', { reason: 'BAD_RECIPIENT', recipientRejection: 'NOT_A_NUMBER' }],
      ['request 15000 677123456 invoice', { reason: 'BAD_REFERENCE' }],
      ['request 15000 677123456 order ???', { reason: 'BAD_REFERENCE' }],
      [`request 15000 677123456 ${'long '.repeat(15)}`, { reason: 'REASON_TOO_LONG', length: 74 }],
    ])('answers %p as an almost-command', (typed, what) => {
      expect(parseShortcut(typed)).toEqual({ kind: 'malformed', command: 'request', ...what });
    });
  });

  describe('an order’s status', () => {
    it.each(['/order 42', 'commande 42', 'order 42', 'Commande n° 42', 'order #42', 'order 42.'])(
      'reads %p',
      (typed) => {
        expect(parseShortcut(typed)).toEqual({ kind: 'merchantOrder', orderReference: '42' });
      },
    );

    it('says the reference is missing or wrong, and leaves free text alone', () => {
      expect(parseShortcut('commande')).toEqual({ kind: 'malformed', command: 'order', reason: 'MISSING_REFERENCE' });
      expect(parseShortcut('order ?!x')).toEqual({ kind: 'malformed', command: 'order', reason: 'BAD_REFERENCE' });
      expect(parseShortcut('commande de pizza')).toBeNull();
    });
  });

  describe('refunding a payment', () => {
    it.each([
      ['/refund K7M-X3Q-PRT', { reference: 'K7M-X3Q-PRT' }],
      ['rembourser K7M-X3Q-PRT 5000', { reference: 'K7M-X3Q-PRT', amount: 5000 }],
      ['Remboursement k7m x3q prt 5 000 F', { reference: 'K7MX3QPRT', amount: 5000 }],
      ['refund A-17', { reference: 'A-17' }],
      ['rembourse 42 2k', { reference: '42', amount: 2000 }],
    ])('reads %p', (typed, what) => {
      expect(parseShortcut(typed)).toEqual({ kind: 'merchantRefund', ...what });
    });

    it('says the reference is missing, or the amount wrong', () => {
      expect(parseShortcut('refund')).toEqual({ kind: 'malformed', command: 'refund', reason: 'MISSING_REFERENCE' });
      expect(parseShortcut('refund A-17 cinq')).toEqual({
        kind: 'malformed',
        command: 'refund',
        reason: 'BAD_AMOUNT',
        amountRejection: 'NOT_A_NUMBER',
      });
      expect(parseShortcut('rembourser ???')).toEqual({
        kind: 'malformed',
        command: 'refund',
        reason: 'BAD_REFERENCE',
      });
    });
  });

  it('leaves the other shortcuts as they were', () => {
    expect(parseShortcut('send 5000 to 677123456')).toEqual({ kind: 'send', amount: 5000, recipient: PAYER });
    expect(parseShortcut('ref K7M-X3Q-PRT')).toEqual({ kind: 'history', reference: 'K7MX3QPRT' });
    expect(parseShortcut('requested')).toBeNull();
  });

  it('start the merchant flows with what they gave', () => {
    expect(shortcutStart('demande 15 000 au 677123456 commande 42 livraison')).toEqual({
      flow: 'merchantRequest',
      args: { amount: 15_000, payer: PAYER, orderReference: '42', reason: 'livraison' },
    });
    expect(shortcutStart('request 15000 677123456')).toEqual({
      flow: 'merchantRequest',
      args: { amount: 15_000, payer: PAYER },
    });
    expect(shortcutStart('order A-17')).toEqual({ flow: 'merchantOrder', args: { orderReference: 'A-17' } });
    expect(shortcutStart('refund K7M-X3Q-PRT 5000')).toEqual({
      flow: 'merchantRefund',
      args: { reference: 'K7M-X3Q-PRT', amount: 5000 },
    });
    expect(shortcutStart('refund K7M-X3Q-PRT')).toEqual({ flow: 'merchantRefund', args: { reference: 'K7M-X3Q-PRT' } });
  });

  it('answer an almost-command with what to type, in both languages, changing nothing', () => {
    expect(shortcutStart('request 15000')).toEqual({ reply: { kind: 'text', key: 'shortcut.how.request' } });
    expect(shortcutStart('commande')).toEqual({ reply: { kind: 'text', key: 'shortcut.how.order' } });
    expect(shortcutStart('refund')).toEqual({ reply: { kind: 'text', key: 'shortcut.how.refund' } });
    expect(shortcutStart('request 15000 12345')).toEqual({ reply: { kind: 'text', key: 'input.phone' } });
    expect(shortcutStart('request 15,5 677123456')).toEqual({ reply: { kind: 'text', key: 'input.amountWhole' } });
    const tooLong = malformedMerchantReply({
      kind: 'malformed',
      command: 'request',
      reason: 'REASON_TOO_LONG',
      length: 74,
    });
    for (const language of ['en', 'fr'] as const) {
      expect(translate(language, tooLong.key, tooLong.params)).toMatch(/74.*60/);
    }
  });
});
