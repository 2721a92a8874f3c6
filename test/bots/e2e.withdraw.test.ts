/**
 * Withdrawals end to end through the runtime on the real database and the simulated rails, in English and in
 * French: the conversation ends with the total held; the rail pays out after SIMULATED_RAIL_DELAY_MS and calls
 * back, the hold is posted (or released) and the person is told through the outbox. The simulated rail's national
 * numbers `6XX12345D` end as D says (integrations/rails/simulatedRail.ts): for payouts, 5 is not enough funds at
 * the operator and 6 the receiving account's limit.
 */
import { eventually, useProduct } from '../support/chat';
import { expectConsistent } from '../support/ledger';
import { balanceOf, frozenClock, fund, noticesFor, referenceIn, signedUpInFrench } from './e2e.support';

const time = frozenClock();
const product = useProduct({ clock: time.clock });

describe('withdrawing to one’s own number', () => {
  it('in English: amount, operator, confirmation with fee, PIN; held, then paid out and told', async () => {
    const kofi = await product.signedUp('237677400601', 'Kofi');
    await fund(product, kofi.msisdn, 20_000);

    expect(await kofi.says('6')).toEqual(['How much do you want to withdraw? (e.g. 5000)']);
    expect(await kofi.says('25000')).toEqual([
      'Withdraw 25 000 FCFA to your number +237 6 77 40 06 01 on:\n1. MTN MoMo (your operator)\n2. Orange Money',
    ]);
    expect(await kofi.says('1')).toEqual([
      'Your balance (20 000 FCFA) is not enough for 25 000 FCFA plus the 425 FCFA fee (25 425 FCFA). Enter a ' +
        'smaller amount.',
      'How much do you want to withdraw? (e.g. 5000)',
    ]);
    await kofi.says('5 000');
    expect(await kofi.says('1')).toEqual([
      'Withdraw 5 000 FCFA to MTN MoMo +237 6 77 40 06 01? Fee: 100 FCFA. Total: 5 100 FCFA. Balance after: ' +
        '14 900 FCFA.\n1. Confirm\n2. Cancel',
    ]);
    expect(await kofi.says('1')).toEqual(['Enter your PIN to confirm.']);
    const started = await kofi.says('2468');
    expect(started[0]).toMatch(
      /^Your money is on its way: 5 000 FCFA to MTN MoMo\. 5 100 FCFA held until the operator confirms\. Ref \S+$/,
    );
    const reference = referenceIn(started[0]);

    await eventually(async () => {
      expect(await noticesFor(product, kofi.msisdn, 'en')).toEqual([
        `Withdrawal of 5 000 FCFA sent (fee 100 FCFA). New balance: 14 900 FCFA. Ref ${reference}`,
      ]);
    });
    expect(await balanceOf(product, kofi.msisdn)).toMatchObject({ available: 14_900, held: 0 });
    await expectConsistent(product.services.ledger.store);
  });

  it('in French from the shortcut: the same, in French', async () => {
    const marie = await signedUpInFrench(product, '237677400611', 'Marie');
    await fund(product, marie.msisdn, 10_000);

    expect(await marie.says('retrait 3000')).toEqual([
      'Retirer 3 000 FCFA vers votre numéro +237 6 77 40 06 11 sur :\n1. MTN MoMo (votre opérateur)\n2. Orange Money',
    ]);
    expect(await marie.says('1')).toEqual([
      'Retirer 3 000 FCFA vers MTN MoMo +237 6 77 40 06 11 ? Frais : 60 FCFA. Total : 3 060 FCFA. Solde après : ' +
        '6 940 FCFA.\n1. Confirmer\n2. Annuler',
    ]);
    expect(await marie.says('1')).toEqual(['Entrez votre code PIN pour confirmer.']);
    const started = await marie.says('2468');
    expect(started[0]).toMatch(
      /^Argent en route : 3 000 FCFA vers MTN MoMo\. 3 060 FCFA bloqués jusqu’à l’accord de l’opérateur\. Réf \S+$/,
    );
    const reference = referenceIn(started[0]);

    await eventually(async () => {
      expect(await noticesFor(product, marie.msisdn, 'fr')).toEqual([
        `Retrait de 3 000 FCFA envoyé (frais 60 FCFA). Nouveau solde : 6 940 FCFA. Réf ${reference}`,
      ]);
    });
    expect(await balanceOf(product, marie.msisdn)).toMatchObject({ available: 6940, held: 0 });
    await expectConsistent(product.services.ledger.store);
  });
});

describe('a withdrawal the operator cannot pay', () => {
  it('in English: the hold is released, the money is back and the person is told', async () => {
    const esi = await product.signedUp('237677123455', 'Esi');
    await fund(product, esi.msisdn, 8000);
    await esi.says('withdraw 4000');
    await esi.says('1');
    await esi.says('1');
    const started = await esi.says('2468');
    const reference = referenceIn(started[0]);
    expect(await balanceOf(product, esi.msisdn)).toMatchObject({ available: 3920, held: 4080 });

    await eventually(async () => {
      expect(await noticesFor(product, esi.msisdn, 'en')).toEqual([
        `Withdrawal of 4 000 FCFA failed: the operator could not pay it. 4 080 FCFA is back in your wallet. Ref ${reference}`,
      ]);
    });
    expect(await balanceOf(product, esi.msisdn)).toMatchObject({ available: 8000, held: 0 });
    // History tells the same story, under the same reference.
    expect(await esi.says('7')).toEqual(['Enter your PIN to see your balance and history.']);
    expect((await esi.says('2468'))[0]).toMatch(
      new RegExp(
        `^Your operations:\\n1\\. \\d\\d/\\d\\d Withdrawal MTN MoMo -4 000 FCFA fee 80 FCFA Failed Ref ${reference}\\n`,
      ),
    );
    await expectConsistent(product.services.ledger.store);
  });

  it('in French: the receiving account’s limit is reached; the money comes back', async () => {
    const jean = await signedUpInFrench(product, '237677123456', 'Jean');
    await fund(product, jean.msisdn, 5000);
    await jean.says('6');
    await jean.says('2000');
    await jean.says('1');
    await jean.says('1');
    const reference = referenceIn((await jean.says('2468'))[0]);

    await eventually(async () => {
      expect(await noticesFor(product, jean.msisdn, 'fr')).toEqual([
        `Retrait de 2 000 FCFA échoué : plafond du compte destinataire atteint. 2 050 FCFA vous est rendu. Réf ${reference}`,
      ]);
    });
    expect(await balanceOf(product, jean.msisdn)).toMatchObject({ available: 5000, held: 0 });
    expect(await jean.says('historique')).toEqual(['Entrez votre code PIN pour voir votre solde et votre historique.']);
    expect((await jean.says('2468'))[0]).toMatch(
      new RegExp(
        `^Vos opérations :\\n1\\. \\d\\d/\\d\\d Retrait MTN MoMo -2 000 FCFA frais 50 FCFA Échoué Réf ${reference}\\n`,
      ),
    );
    await expectConsistent(product.services.ledger.store);
  });
});
