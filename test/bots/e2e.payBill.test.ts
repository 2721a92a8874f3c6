/**
 * Paying a bill end to end through the runtime on the real database and the Smobilpay client against its
 * simulator over HTTP, in English and in French: a CAMWATER bill (fixed amount), ENEO prepaid credit (the meter
 * token is shown), and a customer number the biller refuses to collect for, whose hold is released.
 *
 * The simulator derives everything from the customer number (integrations/bills/simulatedCustomers.ts): the
 * amounts, bill numbers and names below are what it answers for these numbers; due dates move with the month.
 */
import { accountIds } from '../../domain/ledger/accounts';
import { useProduct } from '../support/chat';
import { expectConsistent } from '../support/ledger';
import { balanceOf, frozenClock, fund, noticesFor, signedUpInFrench } from './e2e.support';

const time = frozenClock();
const product = useProduct({ clock: time.clock });

const BILLERS_EN =
  'Pay which bill?\n1. ENEO electricity bill\n2. ENEO prepaid meter\n3. CAMWATER water bill\n4. Canal+ subscription';
const BILLERS_FR =
  'Quelle facture payer ?\n1. Facture ENEO (électricité)\n2. Compteur ENEO prépayé\n3. Facture CAMWATER (eau)\n' +
  '4. Abonnement Canal+';
const DUE = '\\d\\d/\\d\\d/20\\d\\d';

function owedTo(biller: string) {
  return product.services.ledger.balance(accountIds.payable(biller));
}

describe('a CAMWATER bill (the amount is the bill’s)', () => {
  it('in English: biller, contract number, the bill with its due date, confirmation with fee, PIN, receipt', async () => {
    const ama = await product.signedUp('237677400201', 'Ama');
    await fund(product, ama.msisdn, 25_000);
    const owedBefore = (await owedTo('camwater')).available;

    expect(await ama.says('5')).toEqual([BILLERS_EN]);
    expect(await ama.says('3')).toEqual(['Enter your CAMWATER contract number.']);
    expect(await ama.says('12-34')).toEqual([
      'The CAMWATER contract number has 6 to 12 digits. Check it on your bill and type it again, digits only.',
    ]);
    const bills = await ama.says('1234 5678');
    expect(bills).toHaveLength(1);
    expect(bills[0]).toMatch(
      new RegExp(`^To pay for 12345678 \\(NGONO Marie\\):\\n1\\. Bill 424243482005: 19 500 FCFA, due ${DUE}$`),
    );
    expect(await ama.says('1')).toEqual([
      'Pay 19 500 FCFA to CAMWATER for bill 424243482005, 12345678 (NGONO Marie)? Fee: 100 FCFA. ' +
        'Total: 19 600 FCFA.\n1. Confirm\n2. Cancel',
    ]);
    expect(await ama.says('1')).toEqual(['Enter your PIN to confirm.']);
    const receipt = await ama.says('2468');
    expect(receipt).toHaveLength(1);
    expect(receipt[0]).toMatch(
      /^CAMWATER: 19 500 FCFA paid for 12345678\. Fee: 100 FCFA\. Receipt: R\d{9}\. Ref: [2-9A-HJKMNP-TV-Z]{9}$/,
    );

    expect(await balanceOf(product, ama.msisdn)).toMatchObject({ available: 5400, held: 0 });
    expect((await owedTo('camwater')).available - owedBefore).toBe(19_500);
    // Paid during the conversation: the receipt was the answer, no notice repeats it.
    expect(await noticesFor(product, ama.msisdn, 'en')).toEqual([]);
    // Paid in full, the bill is no longer open.
    await ama.says('5');
    await ama.says('3');
    expect(await ama.says('12345678')).toEqual(['No bill to pay for 12345678 at CAMWATER.']);
    await expectConsistent(product.services.ledger.store);
  });

  it('in French: picks the older of two bills and pays it', async () => {
    const marie = await signedUpInFrench(product, '237677400211', 'Marie');
    await fund(product, marie.msisdn, 20_000);

    expect(await marie.says('5')).toEqual([BILLERS_FR]);
    expect(await marie.says('3')).toEqual(['Entrez votre numéro de contrat CAMWATER.']);
    const bills = await marie.says('56789012');
    expect(bills[0]).toMatch(
      new RegExp(
        `^À payer pour 56789012 \\(MBARGA Pierre\\) :\\n1\\. Facture 103345921560 : 29 500 FCFA, échéance ${DUE}\\n` +
          `2\\. Facture 065196863732 : 14 000 FCFA, échéance ${DUE}$`,
      ),
    );
    expect(await marie.says('2')).toEqual([
      'Payer 14 000 FCFA à CAMWATER pour la facture 065196863732, 56789012 (MBARGA Pierre) ? Frais : 100 FCFA. ' +
        'Total : 14 100 FCFA.\n1. Confirmer\n2. Annuler',
    ]);
    expect(await marie.says('1')).toEqual(['Entrez votre code PIN pour confirmer.']);
    expect((await marie.says('2468'))[0]).toMatch(
      /^CAMWATER : 14 000 FCFA payés pour 56789012\. Frais : 100 FCFA\. Reçu : R\d{9}\. Réf : [2-9A-HJKMNP-TV-Z]{9}$/,
    );
    expect(await balanceOf(product, marie.msisdn)).toMatchObject({ available: 5900, held: 0 });
    // The other bill is still open.
    await marie.says('5');
    await marie.says('3');
    expect((await marie.says('56789012'))[0]).toMatch(/\n1\. Facture 103345921560 : 29 500 FCFA, échéance [^\n]+$/);
    await expectConsistent(product.services.ledger.store);
  });

  it('in English: an unknown contract number is asked again, a balance too small refuses and holds nothing', async () => {
    const kofi = await product.signedUp('237677400221', 'Kofi');
    await fund(product, kofi.msisdn, 1000);
    await kofi.says('5');
    await kofi.says('3');
    expect(await kofi.says('12340000')).toEqual([
      'CAMWATER does not know the number 12340000. Check it and try again.',
      'Enter your CAMWATER contract number.',
    ]);
    await kofi.says('23456789');
    await kofi.says('1');
    await kofi.says('1');
    expect(await kofi.says('2468')).toEqual([
      'Your balance is not enough for 32 100 FCFA (amount and fee). Top up first (menu 2), then pay the bill.',
    ]);
    expect(await balanceOf(product, kofi.msisdn)).toMatchObject({ available: 1000, held: 0 });
    await expectConsistent(product.services.ledger.store);
  });
});

describe('ENEO prepaid credit (any amount in a range; the meter token is shown)', () => {
  it('in English: meter number, amount, confirmation, PIN, receipt with the token in groups of four', async () => {
    const kwame = await product.signedUp('237677400231', 'Kwame');
    await fund(product, kwame.msisdn, 10_000);
    const owedBefore = (await owedTo('eneo')).available;

    await kwame.says('5');
    expect(await kwame.says('2')).toEqual(['Enter your ENEO meter number.']);
    expect(await kwame.says('0123 4567 891')).toEqual([
      'How much do you want to pay to ENEO for 01234567891 (TCHOUA Paul)? From 500 FCFA to 250 000 FCFA.',
    ]);
    expect(await kwame.says('300')).toEqual(['Amount not accepted: from 500 FCFA to 250 000 FCFA.']);
    expect(await kwame.says('5 000')).toEqual([
      'Pay 5 000 FCFA to ENEO for 01234567891 (TCHOUA Paul)? Fee: 100 FCFA. Total: 5 100 FCFA.\n1. Confirm\n2. Cancel',
    ]);
    await kwame.says('1');
    const receipt = await kwame.says('2468');
    expect(receipt[0]).toMatch(
      /^ENEO: 5 000 FCFA paid for meter 01234567891\. Token: \d{4} \d{4} \d{4} \d{4} \d{4}\. Receipt: R\d{9}\. Ref: [2-9A-HJKMNP-TV-Z]{9}$/,
    );
    expect(await balanceOf(product, kwame.msisdn)).toMatchObject({ available: 4900, held: 0 });
    expect((await owedTo('eneo')).available - owedBefore).toBe(5000);
    await expectConsistent(product.services.ledger.store);
  });

  it('in French: the same, with the token in French', async () => {
    const paul = await signedUpInFrench(product, '237677400241', 'Paul');
    await fund(product, paul.msisdn, 3000);
    await paul.says('5');
    expect(await paul.says('2')).toEqual(['Entrez votre numéro de compteur ENEO.']);
    const asked = await paul.says('0987654321012');
    expect(asked[0]).toMatch(
      /^Quel montant voulez-vous payer à ENEO pour 0987654321012 \([A-Z]+ [A-Za-z]+\) \? De 500 FCFA à 250 000 FCFA\.$/,
    );
    expect((await paul.says('2500'))[0]).toMatch(
      /^Payer 2 500 FCFA à ENEO pour 0987654321012 \(.+\) \? Frais : 100 FCFA\. Total : 2 600 FCFA\.\n1\. Confirmer\n2\. Annuler$/,
    );
    await paul.says('1');
    expect((await paul.says('2468'))[0]).toMatch(
      /^ENEO : 2 500 FCFA payés pour le compteur 0987654321012\. Code : \d{4} \d{4} \d{4} \d{4} \d{4}\. Reçu : R\d{9}\. Réf : [2-9A-HJKMNP-TV-Z]{9}$/,
    );
    expect(await balanceOf(product, paul.msisdn)).toMatchObject({ available: 400, held: 0 });
    await expectConsistent(product.services.ledger.store);
  });
});

describe('a payment the biller refuses', () => {
  it('in English: says it did not go through and releases the hold: nothing is taken', async () => {
    const esi = await product.signedUp('237677400251', 'Esi');
    await fund(product, esi.msisdn, 15_000);
    const owedBefore = (await owedTo('camwater')).available;
    await esi.says('5');
    await esi.says('3');
    expect((await esi.says('12349999'))[0]).toMatch(
      /^To pay for 12349999 \(ESSOMBA Jean\):\n1\. Bill 624274978145: 10 000 FCFA/,
    );
    expect((await esi.says('1'))[0]).toContain('Total: 10 100 FCFA.');
    await esi.says('1');
    expect(await esi.says('2468')).toEqual([
      'Your CAMWATER payment of 10 000 FCFA for 12349999 did not go through. Your wallet was not charged.',
    ]);
    expect(await balanceOf(product, esi.msisdn)).toMatchObject({ available: 15_000, held: 0 });
    expect((await owedTo('camwater')).available).toBe(owedBefore);
    await expectConsistent(product.services.ledger.store);
  });

  it('in French: the same refusal in French, and the money is all there', async () => {
    const jean = await signedUpInFrench(product, '237677400261', 'Jean');
    await fund(product, jean.msisdn, 13_000);
    await jean.says('5');
    await jean.says('3');
    await jean.says('5566779999');
    expect((await jean.says('1'))[0]).toContain('Total : 12 600 FCFA.');
    await jean.says('1');
    expect(await jean.says('2468')).toEqual([
      "Votre paiement CAMWATER de 12 500 FCFA pour 5566779999 n'a pas abouti. Votre compte n'a pas été débité.",
    ]);
    expect(await jean.says('1')).toEqual(['Entrez votre code PIN pour voir votre solde et votre historique.']);
    expect(await jean.says('2468')).toEqual([
      'Disponible : 13 000 FCFA. Bloqué : 0 FCFA. En attente : 0 FCFA. Envoyez 00 pour le menu.',
    ]);
    await expectConsistent(product.services.ledger.store);
  });
});
