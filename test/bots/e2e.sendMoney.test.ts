/**
 * Send money end to end through the runtime on the real database, in English and in French: to a registered person
 * (who is told), and to a number without an account, which signs up and finds the money (the sender is told).
 */
import type { Msisdn } from '../../domain/phone';
import { useProduct } from '../support/chat';
import { expectConsistent } from '../support/ledger';
import { balanceOf, frozenClock, fund, noticesFor, shownDate, signedUpInFrench } from './e2e.support';

const time = frozenClock();
const product = useProduct({ clock: time.clock });
const DAY = 86_400_000;

describe('sending money to a registered person', () => {
  it('in English: confirmation with name and fee, PIN, receipt; the recipient is told and credited', async () => {
    const ama = await product.signedUp('237677400001', 'Ama Mensah');
    const kofi = await product.signedUp('237677400002', 'Kofi Boateng');
    await fund(product, ama.msisdn, 30_000);

    expect((await ama.says('3'))[0]).toBe('Send money to which number? (e.g. 677123456)');
    expect(await ama.says('+237 6 77 40 00 02')).toEqual(['How much do you want to send to +237 6 77 40 00 02?']);
    expect(await ama.says('12 500')).toEqual([
      'Send 12 500 FCFA to Kofi Boateng (+237 6 77 40 00 02)? Fee: 50 FCFA. Total: 12 550 FCFA. ' +
        'Balance after: 17 450 FCFA.\n1. Confirm\n2. Cancel',
    ]);
    expect(await ama.says('1')).toEqual(['Enter your PIN to confirm.']);
    const receipt = await ama.says('2468');
    expect(receipt).toHaveLength(1);
    expect(receipt[0]).toMatch(
      /^Sent 12 500 FCFA to Kofi Boateng \+237 6 77 40 00 02\. Fee: 50 FCFA\. New balance: 17 450 FCFA\. Ref: (\S+)$/,
    );
    const reference = /Ref: (\S+)$/.exec(receipt[0]!)![1]!;

    expect(await balanceOf(product, ama.msisdn)).toMatchObject({ available: 17_450, held: 0 });
    expect(await balanceOf(product, kofi.msisdn)).toMatchObject({ available: 12_500, held: 0, incoming: 0 });
    expect(await noticesFor(product, kofi.msisdn, 'en')).toEqual([
      `You received 12 500 FCFA from Ama Mensah (+237 6 77 40 00 01). Ref ${reference}`,
    ]);
    expect(await noticesFor(product, ama.msisdn, 'en')).toEqual([]);
    // After the receipt the menu waits quietly: the next number picks from it.
    expect(await ama.says('1')).toEqual(['Enter your PIN to see your balance and history.']);
    expect(await ama.says('2468')).toEqual([
      'Available: 17 450 FCFA. On hold: 0 FCFA. Incoming: 0 FCFA. Send 00 for the menu.',
    ]);
    await expectConsistent(product.services.ledger.store);
  });

  it('in French: the same conversation in French, and the recipient reads the notice in French', async () => {
    const marie = await signedUpInFrench(product, '237677400011', 'Marie Ngono');
    const paul = await signedUpInFrench(product, '237677400012', 'Paul Etoa');
    await fund(product, marie.msisdn, 8000);

    expect(await marie.says('3')).toEqual(['Envoyer de l’argent à quel numéro ? (ex. 677123456)']);
    expect(await marie.says('00237677400012')).toEqual(['Quel montant voulez-vous envoyer au +237 6 77 40 00 12 ?']);
    expect(await marie.says('3k')).toEqual([
      'Envoyer 3 000 FCFA à Paul Etoa (+237 6 77 40 00 12) ? Frais : 0 FCFA. Total : 3 000 FCFA. ' +
        'Solde après : 5 000 FCFA.\n1. Confirmer\n2. Annuler',
    ]);
    expect(await marie.says('1')).toEqual(['Entrez votre code PIN pour confirmer.']);
    expect(await marie.says('1357')).toEqual(['Code PIN incorrect. Encore 2 essai(s).']);
    const receipt = await marie.says('2468');
    expect(receipt[0]).toMatch(
      /^3 000 FCFA envoyés à Paul Etoa \+237 6 77 40 00 12\. Frais : 0 FCFA\. Nouveau solde : 5 000 FCFA\. Réf : \S+$/,
    );
    const reference = /Réf : (\S+)$/.exec(receipt[0]!)![1]!;

    expect(await balanceOf(product, marie.msisdn)).toMatchObject({ available: 5000 });
    expect(await balanceOf(product, paul.msisdn)).toMatchObject({ available: 3000 });
    expect(await noticesFor(product, paul.msisdn, 'fr')).toEqual([
      `Vous avez reçu 3 000 FCFA de Marie Ngono (+237 6 77 40 00 11). Réf ${reference}`,
    ]);
    await expectConsistent(product.services.ledger.store);
  });

  it('refuses more than the balance with what to do, and moves nothing', async () => {
    const yaw = await product.signedUp('237677400021', 'Yaw');
    await product.signedUp('237677400022', 'Esi');
    await fund(product, yaw.msisdn, 1000);
    await yaw.says('3');
    await yaw.says('677400022');
    expect(await yaw.says('5000')).toEqual([
      'Your balance is not enough for this amount and its fee. Top up first (menu 2) or choose a smaller amount.',
      'How much do you want to send to +237 6 77 40 00 22?',
    ]);
    // A smaller amount goes through to the confirmation.
    expect((await yaw.says('1000'))[0]).toContain('Send 1 000 FCFA to Esi (+237 6 77 40 00 22)?');
    expect(await yaw.says('2')).toEqual(['Cancelled. Nothing was done.']);
    expect(await balanceOf(product, yaw.msisdn)).toMatchObject({ available: 1000, held: 0 });
    await expectConsistent(product.services.ledger.store);
  });
});

describe('sending money to a number without an account', () => {
  it('holds it for the number, which signs up in French and finds it; the sender is told it was claimed', async () => {
    const kwame = await product.signedUp('237677400031', 'Kwame Asante');
    await fund(product, kwame.msisdn, 20_000);
    const stranger = '237677400032' as Msisdn;

    await kwame.says('3');
    await kwame.says('677400032');
    expect(await kwame.says('10000')).toEqual([
      'Send 10 000 FCFA to +237 6 77 40 00 32? This number has no wallet yet: the money waits for them to sign ' +
        'up. Fee: 50 FCFA. Total: 10 050 FCFA. Balance after: 9 950 FCFA.\n1. Confirm\n2. Cancel',
    ]);
    await kwame.says('1');
    const receipt = await kwame.says('2468');
    const until = shownDate(new Date(time.now.getTime() + 7 * DAY), 'en');
    expect(receipt[0]).toMatch(/^10 000 FCFA is waiting for \+237 6 77 40 00 32 until /);
    expect(receipt[0]).toContain(
      `until ${until}; we told them how to claim it. If they do not, it comes back to you. Fee: 50 FCFA. ` +
        'Balance: 9 950 FCFA. Ref: ',
    );
    const reference = /Ref: (\S+)$/.exec(receipt[0]!)![1]!;

    // Held from the sender, on its way to the number's wallet.
    expect(await balanceOf(product, kwame.msisdn)).toMatchObject({ available: 9950, held: 10_050 });
    expect(await balanceOf(product, stranger)).toMatchObject({ available: 0, incoming: 10_000 });
    // The number is told in French (its language is unknown; French is the default).
    expect(await noticesFor(product, stranger, 'fr')).toEqual([
      `Kwame Asante (+237 6 77 40 00 31) vous envoie 10 000 FCFA. Inscrivez-vous avec ce numéro avant le ${shownDate(
        new Date(time.now.getTime() + 7 * DAY),
        'fr',
      )} pour le recevoir.`,
    ]);

    const abena = await signedUpInFrench(product, stranger, 'Abena Owusu');
    expect(await abena.says('1')).toEqual(['Entrez votre code PIN pour voir votre solde et votre historique.']);
    expect(await abena.says('2468')).toEqual([
      'Disponible : 10 000 FCFA. Bloqué : 0 FCFA. En attente : 0 FCFA. Envoyez 00 pour le menu.',
    ]);
    expect(await balanceOf(product, kwame.msisdn)).toMatchObject({ available: 9950, held: 0 });
    expect(await noticesFor(product, kwame.msisdn, 'en')).toEqual([
      `Abena Owusu received the 10 000 FCFA you sent. Ref ${reference}`,
    ]);
    await expectConsistent(product.services.ledger.store);
  });

  it('in French: the sender reads the waiting receipt in French and is told in French once claimed', async () => {
    const odile = await signedUpInFrench(product, '237677400041', 'Odile Mbarga');
    await fund(product, odile.msisdn, 4000);
    const stranger = '237677400042' as Msisdn;

    await odile.says('3');
    await odile.says('6 77 40 00 42');
    expect(await odile.says('2500')).toEqual([
      'Envoyer 2 500 FCFA au +237 6 77 40 00 42 ? Ce numéro n’a pas encore de portefeuille : l’argent l’attend ' +
        'jusqu’à son inscription. Frais : 0 FCFA. Total : 2 500 FCFA. Solde après : 1 500 FCFA.\n1. Confirmer\n2. Annuler',
    ]);
    await odile.says('1');
    const receipt = await odile.says('2468');
    const reference = /Réf : (\S+)$/.exec(receipt[0] ?? '')?.[1];
    expect(receipt[0]).toBe(
      `2 500 FCFA attendent le +237 6 77 40 00 42 jusqu’au ${shownDate(new Date(time.now.getTime() + 7 * DAY), 'fr')} ; ` +
        'nous lui avons expliqué comment les recevoir. Sinon, l’argent vous revient. Frais : 0 FCFA. ' +
        `Solde : 1 500 FCFA. Réf : ${reference}`,
    );
    // The send's short reference, which the claim notice below quotes too.
    expect(reference).toMatch(/^[2-9A-HJKMNP-TV-Z]{9}$/);

    await signedUpInFrench(product, stranger, 'Jean Fouda');
    expect(await balanceOf(product, stranger)).toMatchObject({ available: 2500, incoming: 0 });
    expect(await balanceOf(product, odile.msisdn)).toMatchObject({ available: 1500, held: 0 });
    expect(await noticesFor(product, odile.msisdn, 'fr')).toEqual([
      `Jean Fouda a reçu les 2 500 FCFA que vous avez envoyés. Réf ${reference!}`,
    ]);
    await expectConsistent(product.services.ledger.store);
  });
});
