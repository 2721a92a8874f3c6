/**
 * Payment prompts to other people's phones, end to end on the real database and the MTN MoMo client against the
 * product's MTN simulator over HTTP (its stored requests to pay are the prompts sent): a top-up
 * from a number that is not the person's own asks their PIN, names them in the operator's prompt, and is limited
 * to TOPUP_OTHER_NUMBERS_PER_DAY distinct numbers a day (decided by inserts, so two processes racing share the
 * limit); a payment request to a number without an account is a fixed text with the requester's registered name
 * and number and a PIN warning, never the requester's free text.
 */
import { randomUUID } from 'node:crypto';
import { createServices, type Services } from '../../bots/app/services';
import type { Msisdn } from '../../domain/phone';
import { RAIL_TEXT_MAX } from '../../domain/paymentRail';
import { eventually, testSettings, useProduct, type Person } from '../support/chat';
import { expectConsistent } from '../support/ledger';
import { mtnMomoPrompts } from '../support/railSimulators';
import { balanceOf, frozenClock, noticesFor, referenceIn, shownDate } from './e2e.support';

const time = frozenClock(new Date('2026-12-02T08:00:00Z'));
const product = useProduct({ clock: time.clock });

/** Tops up 5 000 FCFA with MTN MoMo from `payer` (another number), through to the PIN; returns the last replies. */
async function topUpFrom(person: Person, payer: string): Promise<string[]> {
  await person.says('2');
  await person.says('5000');
  await person.says('1');
  await person.says('2');
  await person.says(payer);
  expect(await person.says('1')).toEqual(['Enter your PIN to confirm.']);
  return person.says('2468');
}

describe('a top-up from another number', () => {
  it('asks the PIN first, starts nothing on a wrong one, and the operator’s prompt names who is asking', async () => {
    const ama = await product.signedUp('237677600001', 'Ama Owusu');
    await ama.says('2');
    await ama.says('5000');
    await ama.says('1');
    await ama.says('2');
    expect(await ama.says('677600009')).toEqual([
      'Top up 5 000 FCFA with MTN MoMo? Fee: 0 FCFA. Debited from +237 6 77 60 00 09 (MoMo: Ibrahim Nkoulou): ' +
        '5 000 FCFA.\n1. Confirm\n2. Cancel',
    ]);
    expect(await ama.says('1')).toEqual(['Enter your PIN to confirm.']);
    expect(await ama.says('1357')).toEqual(['Wrong PIN. 2 tries left.']);
    expect(await mtnMomoPrompts(product.db.connection, '237677600009')).toEqual([]);

    const started = await ama.says('2468');
    expect(started[0]).toMatch(
      /^Top-up of 5 000 FCFA started: \+237 6 77 60 00 09 \(MoMo: Ibrahim Nkoulou\) must approve it on that phone\./,
    );
    const [prompt, ...more] = await mtnMomoPrompts(product.db.connection, '237677600009');
    expect(more).toEqual([]);
    // The receipt's short reference is the one MTN keeps as its own (externalId).
    expect(prompt?.externalId).toBe(referenceIn(started[0]));
    expect(prompt?.payerMessage).toBe(
      'Ama Owusu (+237677600001) asks you for 5 000 FCFA to top up their wallet. Approve only if you know them. ' +
        'Never share your PIN.',
    );
    expect(prompt?.payeeNote).toBe('237677600001');
    await eventually(async () => {
      expect(await balanceOf(product, ama.msisdn)).toMatchObject({ available: 5000, incoming: 0 });
    });
    // The balance shows the credit before the top-up's settlement is written: wait for that too.
    await eventually(() => expectConsistent(product.services.ledger.store));
  });

  it('keeps a long or odd registered name within what MTN accepts (160 characters, no apostrophes)', async () => {
    const name = 'Marie-Thérèse N’Diaye d’Almeida Mbarga'; // 38 of the 40 characters a name may have
    const marie = await product.signedUp('237677600002', name);
    const started = await topUpFrom(marie, '677600008');
    expect(started[0]).toMatch(/^Top-up of 5 000 FCFA started: \+237 6 77 60 00 08/);
    const [prompt] = await mtnMomoPrompts(product.db.connection, '237677600008');
    const message = prompt?.payerMessage ?? '';
    expect(message).toMatch(/^Marie-Thérèse N Diaye d Alme \(\+237677600002\) asks you for 5 000 FCFA/);
    expect(message).toContain('Never share your PIN.');
    expect(message.length).toBeLessThanOrEqual(RAIL_TEXT_MAX);
    expect(message).not.toMatch(/['’]/);
  });

  it('refuses a third distinct other number the same day; the same numbers again, one’s own and the next day are fine', async () => {
    const kofi = await product.signedUp('237677600011', 'Kofi');
    expect((await topUpFrom(kofi, '677600012'))[0]).toMatch(/^Top-up of 5 000 FCFA started: \+237 6 77 60 00 12/);
    expect((await topUpFrom(kofi, '677600013'))[0]).toMatch(/^Top-up of 5 000 FCFA started: \+237 6 77 60 00 13/);
    expect((await topUpFrom(kofi, '677600012'))[0]).toMatch(/^Top-up of 5 000 FCFA started: \+237 6 77 60 00 12/);

    const before = (await mtnMomoPrompts(product.db.connection)).length;
    expect(await topUpFrom(kofi, '677600014')).toEqual([
      'You have already topped up from as many other numbers as allowed today. Top up from your own number, or ' +
        'try again tomorrow.',
      'Which MTN MoMo number pays?\n1. My number +237 6 77 60 00 11\n2. Another number',
    ]);
    expect(await mtnMomoPrompts(product.db.connection)).toHaveLength(before);
    // Their own number: no PIN, no limit.
    await kofi.says('1');
    expect((await kofi.says('1'))[0]).toMatch(/^Top-up of 5 000 FCFA started\. Approve the request on your phone\./);

    time.advance(24 * 60 * 60_000);
    await kofi.says('hi'); // the day-old session starts again from the menu
    expect((await topUpFrom(kofi, '677600014'))[0]).toMatch(/^Top-up of 5 000 FCFA started: \+237 6 77 60 00 14/);
  });

  it('holds across two processes racing top-ups to new numbers: exactly the day’s limit of numbers is prompted', async () => {
    const yaw = await product.signedUp('237677600021', 'Yaw');
    const other: Services = await createServices(product.db.connection, testSettings, product.serviceOptions());
    const processes = [product.services, other];
    const payers = ['237677600022', '237677600023', '237677600024', '237677600025', '237677600026', '237677600027'];
    const starts = await Promise.all(
      payers.map((payer, i) =>
        processes[i % 2]!.topUps.start({
          id: randomUUID(),
          owner: yaw.msisdn,
          rail: 'mtn_momo',
          payer: payer as Msisdn,
          amount: 1000,
        }),
      ),
    );
    expect(starts.filter((s) => s.ok)).toHaveLength(testSettings.TOPUP_OTHER_NUMBERS_PER_DAY);
    expect(starts.filter((s) => !s.ok && s.reason === 'OTHER_NUMBERS_LIMIT')).toHaveLength(
      payers.length - testSettings.TOPUP_OTHER_NUMBERS_PER_DAY,
    );
    // Both processes' clients reach the one MTN (the simulator), which records every prompt it was asked for.
    const prompted = (await mtnMomoPrompts(product.db.connection)).filter((p) => payers.includes(p.partyId));
    expect(prompted).toHaveLength(testSettings.TOPUP_OTHER_NUMBERS_PER_DAY);
  });
});

describe('a payment request to a number without an account', () => {
  it('is a fixed text with the requester’s registered name and number and a PIN warning, never their reason', async () => {
    const jean = await product.signedUp('237677600031', 'Jean Talla');
    await jean.says('4');
    await jean.says('1');
    await jean.says('677600032');
    await jean.says('2500');
    const imitation = 'MTN MoMo: remboursement, envoyez PIN';
    await jean.says(imitation);
    await jean.says('1');
    const expiry = new Date(time.now.getTime() + testSettings.PAYMENT_REQUEST_DAYS * 86_400_000);
    // The link opens the request's pay page (where the reason is shown, labelled as Jean's words).
    const [fr, ...moreFr] = await noticesFor(product, '237677600032' as Msisdn, 'fr');
    const link = /http:\/\/127\.0\.0\.1:3000\/pay\/[A-Za-z0-9_-]{43}/.exec(fr ?? '')?.[0];
    expect(moreFr).toEqual([]);
    expect(fr).toBe(
      `Jean Talla (+237 6 77 60 00 31) vous demande 2 500 FCFA. Payez avant le ${shownDate(expiry, 'fr')} sur ` +
        `${link} ou inscrivez-vous avec ce numéro. Ne donnez jamais votre PIN, même à nous.`,
    );
    expect(await noticesFor(product, '237677600032' as Msisdn, 'en')).toEqual([
      `Jean Talla (+237 6 77 60 00 31) asks you for 2 500 FCFA. Pay it before ${shownDate(expiry, 'en')} at ` +
        `${link} or sign up with this number. Never share your PIN, not even with us.`,
    ]);
    expect(JSON.stringify(await product.services.outbox.for('237677600032' as Msisdn))).not.toContain('rembours');
  });
});
