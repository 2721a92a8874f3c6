/**
 * Top-ups end to end through the runtime on the real database and the MTN MoMo client against the product's MTN
 * simulator over HTTP, in English and in French: the conversation ends with the top-up started; the simulator ends
 * the payment after SIMULATED_RAIL_DELAY_MS and calls the product's callback route, the product asks MTN's status,
 * and the person is told through the outbox. The simulator's national numbers `6XX12345D` end as D says
 * (integrations/mtnMomo/simulator/sandboxNumbers.ts): 1 declined on the phone, 5 no account. Before another number
 * is prompted, MTN's account holder calls (`…/active`, `…/basicuserinfo`) name its holder on the confirmation; the
 * simulator names every number from its digits, except the "no account" ones, which it says are not active. Orange
 * Money and card top-ups: e2e.rails.test.ts.
 */
import type { Msisdn } from '../../domain/phone';
import { eventually, useProduct } from '../support/chat';
import { expectConsistent } from '../support/ledger';
import { mtnMomoPrompts } from '../support/railSimulators';
import { balanceOf, frozenClock, noticesFor, referenceIn, signedUpInFrench } from './e2e.support';

const time = frozenClock();
const product = useProduct({ clock: time.clock });

describe('topping up', () => {
  it('in English from one’s own MTN MoMo number: started, then credited and told when the rail confirms', async () => {
    const ama = await product.signedUp('237677400501', 'Ama');
    expect(await ama.says('2')).toEqual(['How much do you want to top up? (e.g. 10000)']);
    expect(await ama.says('10k')).toEqual(['Top up 10 000 FCFA from:\n1. MTN MoMo\n2. Orange Money\n3. Bank card']);
    expect(await ama.says('1')).toEqual([
      'Which MTN MoMo number pays?\n1. My number +237 6 77 40 05 01\n2. Another number',
    ]);
    expect(await ama.says('1')).toEqual([
      'Top up 10 000 FCFA with MTN MoMo? Fee: 0 FCFA. Debited from +237 6 77 40 05 01: 10 000 FCFA.\n' +
        '1. Confirm\n2. Cancel',
    ]);
    const started = await ama.says('1');
    expect(started[0]).toMatch(
      /^Top-up of 10 000 FCFA started\. Approve the request on your phone\. We will tell you if it succeeds or fails\. Ref \S+$/,
    );
    const reference = referenceIn(started[0]);

    await eventually(async () => {
      expect(await balanceOf(product, ama.msisdn)).toMatchObject({ available: 10_000, incoming: 0 });
    });
    await eventually(async () => {
      expect(await noticesFor(product, ama.msisdn, 'en')).toEqual([
        `Top-up of 10 000 FCFA received. New balance: 10 000 FCFA. Ref ${reference}`,
      ]);
    });
    expect(await ama.says('1')).toEqual(['Enter your PIN to see your balance and history.']);
    expect(await ama.says('2468')).toEqual([
      'Available: 10 000 FCFA. On hold: 0 FCFA. Incoming: 0 FCFA. Send 00 for the menu.',
    ]);
    await expectConsistent(product.services.ledger.store);
  });

  it('in French from the shortcut, paid by another number on MTN MoMo (with a warning on its prefix)', async () => {
    const marie = await signedUpInFrench(product, '237677400511', 'Marie');
    expect(await marie.says('recharger 5000')).toEqual([
      'Recharger 5 000 FCFA depuis :\n1. MTN MoMo\n2. Orange Money\n3. Carte bancaire',
    ]);
    expect(await marie.says('1')).toEqual([
      'Quel numéro MTN MoMo paie ?\n1. Mon numéro +237 6 77 40 05 11\n2. Un autre numéro',
    ]);
    expect(await marie.says('2')).toEqual(['Tapez le numéro MTN MoMo qui paie (ex. 677123456).']);
    // A number that moved from Orange to MTN keeps its prefix: a warning, and MTN names its holder.
    expect(await marie.says('699 40 05 19')).toEqual([
      'Attention : le +237 6 99 40 05 19 ne semble pas être un numéro MTN MoMo. Le paiement ne marche que ' +
        's’il a un compte MTN MoMo.',
      'Recharger 5 000 FCFA par MTN MoMo ? Frais : 0 FCFA. Débité du +237 6 99 40 05 19 (MoMo: Ibrahim Abena) : ' +
        '5 000 FCFA.\n1. Confirmer\n2. Annuler',
    ]);
    // Another number's phone gets a prompt in Marie's name: her PIN first.
    expect(await marie.says('1')).toEqual(['Entrez votre code PIN pour confirmer.']);
    const started = await marie.says('2468');
    expect(started[0]).toMatch(
      /^Recharge de 5 000 FCFA lancée : le \+237 6 99 40 05 19 \(MoMo: Ibrahim Abena\) doit la valider\. Nous vous dirons la suite\. Réf \S+$/,
    );
    const reference = referenceIn(started[0]);

    await eventually(async () => {
      expect(await noticesFor(product, marie.msisdn, 'fr')).toEqual([
        `Recharge de 5 000 FCFA reçue. Nouveau solde : 5 000 FCFA. Réf ${reference}`,
      ]);
    });
    expect(await balanceOf(product, marie.msisdn)).toMatchObject({ available: 5000, incoming: 0 });
    // The payer is not the one told: the wallet's owner is.
    expect(await product.services.outbox.for('237699400519' as Msisdn)).toEqual([]);
    await expectConsistent(product.services.ledger.store);
  });
});

describe('a top-up that fails at the operator', () => {
  it('in English: declined on the paying phone; nothing is credited and the person is told', async () => {
    const kofi = await product.signedUp('237677400521', 'Kofi');
    await kofi.says('top up 7000');
    await kofi.says('1');
    await kofi.says('2');
    await kofi.says('677123451');
    await kofi.says('1');
    const started = await kofi.says('2468');
    expect(started[0]).toMatch(
      /^Top-up of 7 000 FCFA started: \+237 6 77 12 34 51 \(MoMo: Jeanne Abena\) must approve it on that phone\./,
    );
    const reference = referenceIn(started[0]);

    await eventually(async () => {
      expect(await noticesFor(product, kofi.msisdn, 'en')).toEqual([
        `Top-up of 7 000 FCFA cancelled: the payment was declined on the phone. Ref ${reference}`,
      ]);
    });
    expect(await balanceOf(product, kofi.msisdn)).toMatchObject({ available: 0, incoming: 0, held: 0 });
    await expectConsistent(product.services.ledger.store);
  });

  it('in French: the paying number (one’s own, which MTN is not asked about) has no mobile money account', async () => {
    const paul = await signedUpInFrench(product, '237677123455', 'Paul');
    await paul.says('2');
    await paul.says('3000');
    await paul.says('1');
    await paul.says('1');
    const reference = referenceIn((await paul.says('1'))[0]);

    await eventually(async () => {
      expect(await noticesFor(product, paul.msisdn, 'fr')).toEqual([
        `Recharge de 3 000 FCFA échouée : le numéro payeur n'a pas de compte mobile money. Réf ${reference}`,
      ]);
    });
    expect(await balanceOf(product, paul.msisdn)).toMatchObject({ available: 0, incoming: 0 });
    await expectConsistent(product.services.ledger.store);
  });
});

describe('who holds the other number, as MTN says', () => {
  it('in English: a number with no active MoMo account is refused before anything starts; another is asked', async () => {
    const efua = await product.signedUp('237677400541', 'Efua');
    await efua.says('top up 4000');
    await efua.says('1');
    await efua.says('2');
    expect(await efua.says('650 12 34 55')).toEqual([
      '+237 6 50 12 34 55 is not an active MTN MoMo account. Nothing was started.',
      'Type the MTN MoMo number that pays (e.g. 677123456).',
    ]);
    expect(await mtnMomoPrompts(product.db.connection, '237650123455')).toEqual([]);
    expect(await balanceOf(product, efua.msisdn)).toMatchObject({ available: 0, incoming: 0, held: 0 });
    // Another number: named, confirmed, started.
    expect(await efua.says('677400551')).toEqual([
      'Top up 4 000 FCFA with MTN MoMo? Fee: 0 FCFA. Debited from +237 6 77 40 05 51 (MoMo: Ibrahim Abena): ' +
        '4 000 FCFA.\n1. Confirm\n2. Cancel',
    ]);
    await efua.says('1');
    expect((await efua.says('2468'))[0]).toMatch(
      /^Top-up of 4 000 FCFA started: \+237 6 77 40 05 51 \(MoMo: Ibrahim Abena\)/,
    );
    await eventually(async () => {
      expect(await balanceOf(product, efua.msisdn)).toMatchObject({ available: 4000, incoming: 0 });
    });
    await eventually(() => expectConsistent(product.services.ledger.store));
  });

  it('carries on without a name when MTN’s account holder call fails, and the top-up still starts', async () => {
    const yaw = await product.signedUp('237677400561', 'Yaw');
    await yaw.says('top up 2000');
    await yaw.says('1');
    await yaw.says('2');
    product.simulators.simulators.mtnMomo.failNext(1);
    expect(await yaw.says('650400561')).toEqual([
      'Top up 2 000 FCFA with MTN MoMo? Fee: 0 FCFA. Debited from +237 6 50 40 05 61: 2 000 FCFA.\n' +
        '1. Confirm\n2. Cancel',
    ]);
    await yaw.says('1');
    expect((await yaw.says('2468'))[0]).toMatch(/^Top-up of 2 000 FCFA started: \+237 6 50 40 05 61 must approve it/);
    expect(await mtnMomoPrompts(product.db.connection, '237650400561')).toHaveLength(1);
    await eventually(async () => {
      expect(await balanceOf(product, yaw.msisdn)).toMatchObject({ available: 2000, incoming: 0 });
    });
    await eventually(() => expectConsistent(product.services.ledger.store));
  });
});
