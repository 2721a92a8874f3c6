/**
 * Settings end to end through the runtime on the real database, in English and in French: the language switch
 * changes the language of the very next replies; a PIN change makes the new PIN the one that sends money; deleting
 * the account is refused while the wallet holds money and accepted once it is empty, after which the number is
 * greeted as a new one.
 */
import { accountIds } from '../../domain/ledger/accounts';
import type { Msisdn } from '../../domain/phone';
import { useProduct } from '../support/chat';
import { expectConsistent } from '../support/ledger';
import { balanceOf, frozenClock, fund, signedUpInFrench } from './e2e.support';

const time = frozenClock();
const product = useProduct({ clock: time.clock });

const SETTINGS_EN = 'Settings:\n1. Language\n2. Change my PIN\n3. My limits and fees\n4. Delete my account';
const SETTINGS_FR = 'Paramètres :\n1. Langue\n2. Changer mon PIN\n3. Mes plafonds et frais\n4. Supprimer mon compte';
const WELCOME = 'Bienvenue ! Welcome! Choisissez votre langue / Choose your language:\n1. Français\n2. English';

describe('language', () => {
  it('from English to French: the confirmation and every reply after it are in French, and it is remembered', async () => {
    const ama = await product.signedUp('237677400401', 'Ama');
    await fund(product, ama.msisdn, 1500);
    expect(await ama.says('9')).toEqual([SETTINGS_EN]);
    expect(await ama.says('1')).toEqual(['Choose your language:\n1. Français\n2. English']);
    expect(await ama.says('1')).toEqual(['C’est fait : nous vous écrirons en français.']);
    expect(await ama.says('1')).toEqual(['Entrez votre code PIN pour voir votre solde et votre historique.']);
    expect(await ama.says('2468')).toEqual([
      'Disponible : 1 500 FCFA. Bloqué : 0 FCFA. En attente : 0 FCFA. Envoyez 00 pour le menu.',
    ]);
    expect((await ama.says('00'))[0]).toContain('Bonjour Ama. Que voulez-vous faire ?\n1. Solde');
    expect(await ama.says('3')).toEqual(['Envoyer de l’argent à quel numéro ? (ex. 677123456)']);
    expect(await product.services.people.find(ama.msisdn)).toMatchObject({ language: 'fr' });
  });

  it('from French to English: the confirmation and the menu after it are in English', async () => {
    const marie = await signedUpInFrench(product, '237677400411', 'Marie');
    expect(await marie.says('9')).toEqual([SETTINGS_FR]);
    expect(await marie.says('1')).toEqual(['Choisissez votre langue :\n1. Français\n2. English']);
    expect(await marie.says('2')).toEqual(['Done: we will write to you in English.']);
    expect((await marie.says('00'))[0]).toContain('Hello Marie. What would you like to do?\n1. Balance');
    expect(await marie.says('aide')).toEqual([
      'Reply with the number of what you want to do, for example 3 to send money. You can also type: send 5000 to ' +
        '677123456, balance, history.',
    ]);
    expect(await product.services.people.find(marie.msisdn)).toMatchObject({ language: 'en' });
  });

  it('shows the limits and fees in each language', async () => {
    const kofi = await product.signedUp('237677400421', 'Kofi');
    await kofi.says('9');
    expect((await kofi.says('3'))[0]).toMatch(
      /^Your limits: [\d ]+ FCFA per payment, [\d ]+ FCFA per day, [\d ]+ FCFA per month, balance up to [\d ]+ FCFA\. Fees: sending up to 5 000 FCFA is free/,
    );
    const paul = await signedUpInFrench(product, '237677400422', 'Paul');
    await paul.says('9');
    expect((await paul.says('3'))[0]).toMatch(/^Vos plafonds : [\d ]+ FCFA par paiement, [\d ]+ FCFA par jour, /);
  });

  it('shows the limits of the person’s tier: basic at sign-up, higher once verified', async () => {
    const ngozi = await product.signedUp('237677400423', 'Ngozi');
    await ngozi.says('9');
    expect((await ngozi.says('3'))[0]).toMatch(/^Your limits: 50 000 FCFA per payment, 100 000 FCFA per day, /);
    await product.services.ledger.setKycTier(accountIds.wallet(ngozi.msisdn), 'verified');
    await ngozi.says('9');
    expect((await ngozi.says('3'))[0]).toMatch(/^Your limits: 500 000 FCFA per payment, 1 000 000 FCFA per day, /);
  });
});

describe('changing the PIN', () => {
  it('in English: the current PIN first, a new one twice; then the old PIN is wrong and the new one sends', async () => {
    const kwame = await product.signedUp('237677400431', 'Kwame');
    const abena = await product.signedUp('237677400432', 'Abena');
    await fund(product, kwame.msisdn, 10_000);

    await kwame.says('9');
    expect(await kwame.says('2')).toEqual(['Enter your current PIN.']);
    expect(await kwame.says('1357')).toEqual(['Wrong PIN. 2 tries left.']);
    expect(await kwame.says('2468')).toEqual(['Enter your new PIN (4 or 5 digits).']);
    expect(await kwame.says('2468')).toEqual([
      'That is your current PIN. Choose a different one.',
      'Enter your new PIN (4 or 5 digits).',
    ]);
    expect(await kwame.says('1234')).toEqual([
      'This PIN is too easy to guess (like 0000, 1234 or a year). Choose another PIN:',
    ]);
    expect(await kwame.says('5831')).toEqual(['Enter the same PIN again to confirm it.']);
    expect(await kwame.says('5832')).toEqual([
      'The two PINs are different. Let us start the PIN again.',
      'Enter your new PIN (4 or 5 digits).',
    ]);
    expect(await kwame.says('5831')).toEqual(['Enter the same PIN again to confirm it.']);
    expect(await kwame.says('5831')).toEqual(['Your PIN has been changed. Never share it.']);

    await kwame.says('send 4000 to 677400432');
    await kwame.says('1');
    expect(await kwame.says('2468')).toEqual(['Wrong PIN. 2 tries left.']);
    expect((await kwame.says('5831'))[0]).toMatch(/^Sent 4 000 FCFA to Abena \+237 6 77 40 04 32\. Fee: 0 FCFA\./);
    expect(await balanceOf(product, kwame.msisdn)).toMatchObject({ available: 6000 });
    expect(await balanceOf(product, abena.msisdn)).toMatchObject({ available: 4000 });
    await expectConsistent(product.services.ledger.store);
  });

  it('in French: the same, and the new PIN is the one that sends money', async () => {
    const odile = await signedUpInFrench(product, '237677400441', 'Odile');
    await signedUpInFrench(product, '237677400442', 'Jean');
    await fund(product, odile.msisdn, 10_000);

    await odile.says('9');
    expect(await odile.says('2')).toEqual(['Entrez votre PIN actuel.']);
    expect(await odile.says('2468')).toEqual(['Entrez votre nouveau PIN (4 ou 5 chiffres).']);
    expect(await odile.says('0000')).toEqual([
      'Ce PIN est trop facile à deviner (comme 0000, 1234 ou une année). Choisissez-en un autre :',
    ]);
    expect(await odile.says('73915')).toEqual(['Entrez à nouveau le même PIN pour le confirmer.']);
    expect(await odile.says('73915')).toEqual(['Votre PIN a été changé. Ne le communiquez jamais.']);

    await odile.says('envoyer 2500 au 677400442');
    await odile.says('1');
    expect(await odile.says('2468')).toEqual(['Code PIN incorrect. Encore 2 essai(s).']);
    expect((await odile.says('73915'))[0]).toMatch(/^2 500 FCFA envoyés à Jean \+237 6 77 40 04 42\./);
    expect(await balanceOf(product, odile.msisdn)).toMatchObject({ available: 7500 });
    await expectConsistent(product.services.ledger.store);
  });

  it('says a new PIN of the wrong form must be 4 or 5 digits, not that it is too easy to guess', async () => {
    const yaw = await product.signedUp('237677400451', 'Yaw');
    await yaw.says('9');
    await yaw.says('2');
    await yaw.says('2468');
    expect(await yaw.says('12')).toEqual(['Your PIN must be 4 or 5 digits, nothing else. Choose your PIN:']);
  });
});

describe('deleting the account', () => {
  it('in English: refused while the wallet holds money (nothing changes); accepted once empty; then a new number', async () => {
    const esi = await product.signedUp('237677400461', 'Esi');
    await product.signedUp('237677400462', 'Kojo');
    await fund(product, esi.msisdn, 3000);

    expect(await esi.says('9')).toEqual([SETTINGS_EN]);
    expect(await esi.says('4')).toEqual([
      'Delete your account? Your wallet must be empty. Your history is kept as the law requires.\n' +
        '1. Yes, delete it\n2. No, keep it',
    ]);
    expect(await esi.says('1')).toEqual(['Enter your PIN to confirm.']);
    expect(await esi.says('2468')).toEqual([
      'Your wallet still holds money or has an operation in progress. Withdraw or send it first, then try again.',
    ]);
    expect(await product.services.people.find(esi.msisdn)).toMatchObject({ name: 'Esi' });
    expect(await balanceOf(product, esi.msisdn)).toMatchObject({ available: 3000 });

    // Emptied by sending it all (free up to 5 000), then deleted.
    await esi.says('send 3000 to 677400462');
    await esi.says('1');
    await esi.says('2468');
    await esi.says('9');
    await esi.says('4');
    await esi.says('1');
    expect(await esi.says('2468')).toEqual([
      'Your account is deleted. Thank you for using our service. Write to us to open a new one.',
    ]);
    expect(await product.services.people.find(esi.msisdn)).toBeNull();
    expect(await esi.says('hello')).toEqual([WELCOME]);
    await expectConsistent(product.services.ledger.store);
  });

  it('in French: "no" keeps it; deleted when empty; the number signs up again with an empty wallet', async () => {
    const msisdn = '237677400471' as Msisdn;
    const marie = await signedUpInFrench(product, msisdn, 'Marie');
    await signedUpInFrench(product, '237677400472', 'Paul');
    await marie.says('9');
    expect(await marie.says('4')).toEqual([
      'Supprimer votre compte ? Votre portefeuille doit être vide. Votre historique est conservé comme la loi ' +
        'l’exige.\n1. Oui, supprimer\n2. Non, le garder',
    ]);
    expect(await marie.says('2')).toEqual(['Annulé. Rien n’a été fait.']);
    expect(await product.services.people.find(msisdn)).not.toBeNull();

    await fund(product, msisdn, 500);
    await marie.says('9');
    await marie.says('4');
    await marie.says('1');
    expect(await marie.says('2468')).toEqual([
      'Votre portefeuille contient encore de l’argent ou une opération en cours. Retirez-le ou envoyez-le ' +
        'd’abord, puis réessayez.',
    ]);
    await marie.says('envoyer 500 au 677400472');
    await marie.says('1');
    await marie.says('2468');
    await marie.says('9');
    await marie.says('4');
    await marie.says('1');
    expect(await marie.says('2468')).toEqual([
      'Votre compte est supprimé. Merci d’avoir utilisé notre service. Écrivez-nous pour en ouvrir un nouveau.',
    ]);
    expect(await marie.says('bonjour')).toEqual([WELCOME]);

    // The same number opens a new account (the closed wallet is opened again, empty) in French.
    await marie.says('1');
    await marie.says('Marie Claire');
    await marie.says('3579');
    await marie.says('3579');
    const done = await marie.says('1');
    expect(done[0]).toBe(
      'Bienvenue Marie Claire ! Votre portefeuille est ouvert. Ne communiquez jamais votre PIN, même à nous.',
    );
    expect(await marie.says('1')).toEqual(['Entrez votre code PIN pour voir votre solde et votre historique.']);
    expect(await marie.says('3579')).toEqual([
      'Disponible : 0 FCFA. Bloqué : 0 FCFA. En attente : 0 FCFA. Envoyez 00 pour le menu.',
    ]);
    await expectConsistent(product.services.ledger.store);
  });

  it('holds money sent to the number of a deleted account until someone signs up with it', async () => {
    const kojo = await product.signedUp('237677400481', 'Kojo');
    const gone = await product.signedUp('237677400482', 'Gone');
    await fund(product, kojo.msisdn, 5000);
    await gone.says('9');
    await gone.says('4');
    await gone.says('1');
    expect((await gone.says('2468'))[0]).toMatch(/^Your account is deleted\./);

    expect((await kojo.says('send 2000 to 677400482'))[0]).toContain('This number has no wallet yet');
    await kojo.says('1');
    expect((await kojo.says('2468'))[0]).toMatch(/^2 000 FCFA is waiting for \+237 6 77 40 04 82 until /);
    expect(await balanceOf(product, kojo.msisdn)).toMatchObject({ available: 3000, held: 2000 });
  });

  it('starts a new account on a deleted number with an empty history', async () => {
    const old = await product.signedUp('237677400491', 'Old Owner');
    await product.signedUp('237677400492', 'Friend');
    await fund(product, old.msisdn, 1000);
    await old.says('send 1000 to 677400492');
    await old.says('1');
    await old.says('2468');
    await old.says('9');
    await old.says('4');
    await old.says('1');
    expect((await old.says('2468'))[0]).toMatch(/^Your account is deleted\./);

    const newcomer = await signedUpInFrench(product, '237677400491', 'Nouvelle Personne');
    expect(await newcomer.says('7')).toEqual(['Entrez votre code PIN pour voir votre solde et votre historique.']);
    expect(await newcomer.says('2468')).toEqual([
      'Aucune opération pour le moment. Pour ajouter de l’argent, choisissez Recharger (2) dans le menu, ou ' +
        'écrivez : recharger 5000.',
    ]);
  });
});
