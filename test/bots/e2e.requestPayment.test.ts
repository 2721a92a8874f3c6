/**
 * Payment requests end to end through the runtime on the real database, in English and in French: A asks B (menu
 * 4), B finds it in Requests to pay (menu 8) and pays it with the PIN, or declines it; A cancels one of their own.
 */
import type { Msisdn } from '../../domain/phone';
import { useProduct } from '../support/chat';
import { expectConsistent } from '../support/ledger';
import { balanceOf, frozenClock, fund, noticesFor, shownDate, signedUpInFrench } from './e2e.support';

const time = frozenClock();
const product = useProduct({ clock: time.clock });
const DAY = 86_400_000;
/** testSettings.PAYMENT_REQUEST_DAYS */
const REQUEST_DAYS = 3;

function expiry(language: 'en' | 'fr') {
  return shownDate(new Date(time.now.getTime() + REQUEST_DAYS * DAY), language);
}

/** The request's short reference on its receipt: the payer's receipt and both sides' notices quote the same. */
function referenceIn(reply: string | undefined): string {
  const found = /(?:Ref|Réf) ([2-9A-HJKMNP-TV-Z]{9})$/.exec(reply ?? '');
  if (!found?.[1]) throw new Error(`no request reference in: ${reply}`);
  return found[1];
}

describe('asking for money and being paid', () => {
  it('in English: A asks B, B pays it from Requests to pay with the PIN, A is credited and told', async () => {
    const ama = await product.signedUp('237677400101', 'Ama');
    const kofi = await product.signedUp('237677400102', 'Kofi');
    await fund(product, kofi.msisdn, 25_000);

    expect(await ama.says('4')).toEqual(['Request payment\n1. New request\n2. My open requests']);
    expect(await ama.says('1')).toEqual(['Ask which number for money? (e.g. 677123456)']);
    expect(await ama.says('677400102')).toEqual(['How much do you ask +237 6 77 40 01 02 for?']);
    expect(await ama.says('10 000')).toEqual([
      'What is it for? (max 60 characters, e.g. Rent May) Type - for no reason.',
    ]);
    expect(await ama.says('Rent May')).toEqual([
      'Ask +237 6 77 40 01 02 for 10 000 FCFA: Rent May? They pay a 50 FCFA fee on top.\n1. Send\n2. Cancel',
    ]);
    const sent = await ama.says('1');
    const reference = referenceIn(sent[0]);
    expect(sent).toEqual([
      `Request sent: we told +237 6 77 40 01 02 you ask for 10 000 FCFA. They can pay until ${expiry('en')}. ` +
        `Ref ${reference}`,
    ]);
    expect(await noticesFor(product, kofi.msisdn, 'en')).toEqual([
      `Ama asks you for 10 000 FCFA: Rent May. Pay it in Requests to pay (menu 8) before ${expiry('en')}.`,
    ]);

    expect(await kofi.says('8')).toEqual([`Requests to pay (1/1):\n1. Ama 10 000 FCFA: Rent May, by ${expiry('en')}`]);
    expect(await kofi.says('1')).toEqual([
      `Ama asks you for 10 000 FCFA: Rent May. Fee: 50 FCFA. Total: 10 050 FCFA. Pay before ${expiry('en')}.` +
        '\n1. Pay\n2. Decline',
    ]);
    expect(await kofi.says('1')).toEqual(['Enter your PIN to confirm.']);
    expect(await kofi.says('2468')).toEqual([
      `Paid 10 000 FCFA to Ama. Fee: 50 FCFA. New balance: 14 950 FCFA. Ref: ${reference}`,
    ]);

    expect(await balanceOf(product, kofi.msisdn)).toMatchObject({ available: 14_950, held: 0 });
    expect(await balanceOf(product, ama.msisdn)).toMatchObject({ available: 10_000, held: 0, incoming: 0 });
    expect(await noticesFor(product, ama.msisdn, 'en')).toEqual([
      `Kofi paid your request: 10 000 FCFA is in your account. Ref ${reference}`,
    ]);
    // Paid, it is no longer asked of Kofi nor open for Ama.
    expect(await kofi.says('8')).toEqual(['Nobody is asking you for money right now. Send 00 for the menu.']);
    await ama.says('4');
    expect(await ama.says('2')).toEqual(['You have no open requests. Send 00 for the menu.']);
    await expectConsistent(product.services.ledger.store);
  });

  it('in French: the same conversation in French, without a reason', async () => {
    const marie = await signedUpInFrench(product, '237677400111', 'Marie Ngono');
    const paul = await signedUpInFrench(product, '237677400112', 'Paul Etoa');
    await fund(product, paul.msisdn, 3000);

    expect(await marie.says('4')).toEqual(['Demander un paiement\n1. Nouvelle demande\n2. Mes demandes en cours']);
    expect(await marie.says('1')).toEqual(['Demander de l’argent à quel numéro ? (ex. 677123456)']);
    expect(await marie.says('+237 677 40 01 12')).toEqual(['Quel montant demandez-vous au +237 6 77 40 01 12 ?']);
    expect(await marie.says('2 000')).toEqual([
      'C’est pour quoi ? (60 caractères max, ex. Loyer mai) Tapez - pour ne rien mettre.',
    ]);
    expect(await marie.says('aucun')).toEqual([
      'Demander 2 000 FCFA au +237 6 77 40 01 12 ? Frais à sa charge : 0 FCFA.\n1. Envoyer\n2. Annuler',
    ]);
    const sent = await marie.says('1');
    const reference = referenceIn(sent[0]);
    expect(sent).toEqual([
      `Demande envoyée : nous avons prévenu le +237 6 77 40 01 12 que vous demandez 2 000 FCFA. À payer avant le ${expiry(
        'fr',
      )}. Réf ${reference}`,
    ]);
    expect(await noticesFor(product, paul.msisdn, 'fr')).toEqual([
      `Marie Ngono vous demande 2 000 FCFA. Payez dans Demandes à payer (menu 8) avant le ${expiry('fr')}.`,
    ]);

    expect(await paul.says('8')).toEqual([
      `Demandes à payer (1/1) :\n1. Marie Ngono 2 000 FCFA, avant le ${expiry('fr')}`,
    ]);
    expect(await paul.says('1')).toEqual([
      `Marie Ngono vous demande 2 000 FCFA. Frais : 0 FCFA. Total : 2 000 FCFA. À payer avant le ${expiry('fr')}.` +
        '\n1. Payer\n2. Refuser',
    ]);
    expect(await paul.says('1')).toEqual(['Entrez votre code PIN pour confirmer.']);
    expect(await paul.says('2468')).toEqual([
      `2 000 FCFA payés à Marie Ngono. Frais : 0 FCFA. Nouveau solde : 1 000 FCFA. Réf : ${reference}`,
    ]);

    expect(await balanceOf(product, paul.msisdn)).toMatchObject({ available: 1000 });
    expect(await balanceOf(product, marie.msisdn)).toMatchObject({ available: 2000 });
    expect(await noticesFor(product, marie.msisdn, 'fr')).toEqual([
      `Paul Etoa a payé votre demande : 2 000 FCFA est sur votre compte. Réf ${reference}`,
    ]);
    await expectConsistent(product.services.ledger.store);
  });

  it('refuses a payment beyond the balance, then pays once topped up, with a new PIN entry', async () => {
    const efua = await product.signedUp('237677400121', 'Efua');
    const yaw = await product.signedUp('237677400122', 'Yaw');
    await fund(product, yaw.msisdn, 1000);
    await efua.says('4');
    await efua.says('1');
    await efua.says('677400122');
    await efua.says('4000');
    await efua.says('Taxi');
    await efua.says('1');

    await yaw.says('8');
    await yaw.says('1');
    await yaw.says('1');
    expect(await yaw.says('2468')).toEqual([
      'Your balance is not enough to pay 4 000 FCFA (amount and fee). Top up first (menu 2), then pay it in ' +
        'Requests to pay.',
    ]);
    expect(await balanceOf(product, yaw.msisdn)).toMatchObject({ available: 1000, held: 0 });
    await fund(product, yaw.msisdn, 5000);
    expect((await yaw.says('8'))[0]).toContain('1. Efua 4 000 FCFA: Taxi');
    await yaw.says('1');
    await yaw.says('1');
    expect((await yaw.says('2468'))[0]).toMatch(/^Paid 4 000 FCFA to Efua\. Fee: 0 FCFA\. New balance: 2 000 FCFA/);
    expect(await balanceOf(product, efua.msisdn)).toMatchObject({ available: 4000 });
    await expectConsistent(product.services.ledger.store);
  });
  it('asks a number without an account, which signs up in French and pays it from Requests to pay', async () => {
    const kwame = await product.signedUp('237677400171', 'Kwame');
    await kwame.says('4');
    await kwame.says('1');
    await kwame.says('677400172');
    await kwame.says('2500');
    await kwame.says('Transport');
    const reference = referenceIn((await kwame.says('1'))[0]);
    // With the link of the request's pay page, where it can be paid without an account (the reason stays out).
    const [sms, ...more] = await noticesFor(product, '237677400172' as Msisdn, 'fr');
    expect(more).toEqual([]);
    expect(sms).toMatch(
      new RegExp(
        `^Kwame \\(\\+237 6 77 40 01 71\\) vous demande 2 500 FCFA\\. Payez avant le ${expiry('fr')} sur ` +
          'http://127\\.0\\.0\\.1:3000/pay/[A-Za-z0-9_-]{43} ou inscrivez-vous avec ce numéro\\. ' +
          'Ne donnez jamais votre PIN, même à nous\\.$',
      ),
    );

    const awa = await signedUpInFrench(product, '237677400172', 'Awa');
    await fund(product, awa.msisdn, 4000);
    expect(await awa.says('8')).toEqual([
      `Demandes à payer (1/1) :\n1. Kwame 2 500 FCFA : Transport, avant le ${expiry('fr')}`,
    ]);
    await awa.says('1');
    await awa.says('1');
    expect(await awa.says('2468')).toEqual([
      `2 500 FCFA payés à Kwame. Frais : 0 FCFA. Nouveau solde : 1 500 FCFA. Réf : ${reference}`,
    ]);
    expect(await balanceOf(product, kwame.msisdn)).toMatchObject({ available: 2500 });
    expect(await noticesFor(product, kwame.msisdn, 'en')).toEqual([
      `Awa paid your request: 2 500 FCFA is in your account. Ref ${reference}`,
    ]);
    await expectConsistent(product.services.ledger.store);
  });
});

describe('a request that is not paid', () => {
  it('in English: B declines it after confirming; nothing moves and A is told', async () => {
    const abena = await product.signedUp('237677400131', 'Abena');
    const kojo = await product.signedUp('237677400132', 'Kojo');
    await fund(product, kojo.msisdn, 9000);
    await abena.says('4');
    await abena.says('1');
    await abena.says('677400132');
    await abena.says('7500');
    await abena.says('School fees');
    const reference = referenceIn((await abena.says('1'))[0]);

    await kojo.says('8');
    expect(await kojo.says('1')).toEqual([
      `Abena asks you for 7 500 FCFA: School fees. Fee: 50 FCFA. Total: 7 550 FCFA. Pay before ${expiry('en')}.` +
        '\n1. Pay\n2. Decline',
    ]);
    expect(await kojo.says('2')).toEqual([
      'Decline the request from Abena for 7 500 FCFA? We will tell them.\n1. Yes, decline\n2. No, go back',
    ]);
    expect(await kojo.says('1')).toEqual(['Request declined: nothing was paid. We told Abena.']);

    expect(await noticesFor(product, abena.msisdn, 'en')).toEqual([
      `Kojo declined your request for 7 500 FCFA. Ref ${reference}`,
    ]);
    expect(await balanceOf(product, kojo.msisdn)).toMatchObject({ available: 9000, held: 0 });
    expect(await balanceOf(product, abena.msisdn)).toMatchObject({ available: 0 });
    expect(await kojo.says('8')).toEqual(['Nobody is asking you for money right now. Send 00 for the menu.']);
    await abena.says('4');
    expect(await abena.says('2')).toEqual(['You have no open requests. Send 00 for the menu.']);
    await expectConsistent(product.services.ledger.store);
  });

  it('in French: B declines it', async () => {
    const odile = await signedUpInFrench(product, '237677400141', 'Odile');
    const jean = await signedUpInFrench(product, '237677400142', 'Jean');
    await odile.says('4');
    await odile.says('1');
    await odile.says('677400142');
    await odile.says('1500');
    await odile.says('Pain');
    const reference = referenceIn((await odile.says('1'))[0]);

    await jean.says('8');
    await jean.says('1');
    expect(await jean.says('2')).toEqual([
      'Refuser la demande de 1 500 FCFA de Odile ? Nous le lui dirons.\n1. Oui, refuser\n2. Non, revenir',
    ]);
    expect(await jean.says('1')).toEqual(['Demande refusée : rien n’a été payé. Nous avons prévenu Odile.']);
    expect(await noticesFor(product, odile.msisdn, 'fr')).toEqual([
      `Jean a refusé votre demande de 1 500 FCFA. Réf ${reference}`,
    ]);
    expect(await jean.says('8')).toEqual([
      'Personne ne vous demande d’argent pour le moment. Envoyez 00 pour le menu.',
    ]);
  });

  it('in French: A cancels it from My open requests; B is told and has nothing left to pay', async () => {
    const marie = await signedUpInFrench(product, '237677400151', 'Marie');
    const paul = await signedUpInFrench(product, '237677400152', 'Paul');
    await fund(product, paul.msisdn, 10_000);
    await marie.says('4');
    await marie.says('1');
    await marie.says('677400152');
    await marie.says('5000');
    await marie.says('Loyer');
    const reference = referenceIn((await marie.says('1'))[0]);

    // A second later, so the outbox (ordered by time) has the request's notice first.
    time.advance(1000);
    expect(await marie.says('4')).toEqual(['Demander un paiement\n1. Nouvelle demande\n2. Mes demandes en cours']);
    expect(await marie.says('2')).toEqual(['Vos demandes en cours (1/1) :\n1. +237 6 77 40 01 52 5 000 FCFA : Loyer']);
    expect(await marie.says('1')).toEqual([
      `Vous avez demandé 5 000 FCFA au +237 6 77 40 01 52 pour : Loyer. Payable jusqu’au ${expiry('fr')}. ` +
        `Réf ${reference}\n1. Annuler cette demande`,
    ]);
    expect(await marie.says('1')).toEqual([
      'Demande annulée : le +237 6 77 40 01 52 n’a plus à vous payer 5 000 FCFA. Nous l’avons prévenu.',
    ]);

    expect(await noticesFor(product, paul.msisdn, 'fr')).toEqual([
      `Marie vous demande 5 000 FCFA : Loyer. Payez dans Demandes à payer (menu 8) avant le ${expiry('fr')}.`,
      `Marie a annulé la demande de 5 000 FCFA : rien à payer. Réf ${reference}`,
    ]);
    expect(await paul.says('8')).toEqual([
      'Personne ne vous demande d’argent pour le moment. Envoyez 00 pour le menu.',
    ]);
    expect(await balanceOf(product, paul.msisdn)).toMatchObject({ available: 10_000 });
    expect(await balanceOf(product, marie.msisdn)).toMatchObject({ available: 0 });
    await expectConsistent(product.services.ledger.store);
  });

  it('in English: A cancels it; B, who still had it on screen, is told it was cancelled when paying', async () => {
    const esi = await product.signedUp('237677400161', 'Esi');
    const fiifi = await product.signedUp('237677400162', 'Fiifi');
    await fund(product, fiifi.msisdn, 10_000);
    await esi.says('4');
    await esi.says('1');
    await esi.says('677400162');
    await esi.says('6000');
    await esi.says('-');
    const reference = referenceIn((await esi.says('1'))[0]);

    await fiifi.says('8');
    await fiifi.says('1');
    expect(await fiifi.says('1')).toEqual(['Enter your PIN to confirm.']);

    time.advance(1000);
    await esi.says('4');
    expect(await esi.says('2')).toEqual(['Your open requests (1/1):\n1. +237 6 77 40 01 62 6 000 FCFA']);
    expect(await esi.says('1')).toEqual([
      `You asked +237 6 77 40 01 62 for 6 000 FCFA. Payable until ${expiry('en')}. Ref ${reference}` +
        '\n1. Cancel this request',
    ]);
    expect(await esi.says('1')).toEqual([
      'Request cancelled: +237 6 77 40 01 62 no longer has to pay you 6 000 FCFA. We told them.',
    ]);

    expect(await fiifi.says('2468')).toEqual(['Esi cancelled this request: nothing to pay.']);
    expect(await noticesFor(product, fiifi.msisdn, 'en')).toEqual([
      `Esi asks you for 6 000 FCFA. Pay it in Requests to pay (menu 8) before ${expiry('en')}.`,
      `Esi cancelled the request for 6 000 FCFA: nothing to pay. Ref ${reference}`,
    ]);
    expect(await balanceOf(product, fiifi.msisdn)).toMatchObject({ available: 10_000, held: 0 });
    expect(await balanceOf(product, esi.msisdn)).toMatchObject({ available: 0 });
    await expectConsistent(product.services.ledger.store);
  });
});
