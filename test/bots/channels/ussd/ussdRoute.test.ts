/**
 * The USSD channel through its real HTTP route, with the real runtime and services on the real database: people
 * dial, sign up, read their balance and send money with their PIN; long screens page with 98 without reaching the
 * flow; a repeated gateway request runs nothing twice; and every screen of every step stays under 182 characters.
 */
import { MongoUssdSessions } from '../../../../integrations/mongo/ussdSessionStore';
import { ussdRouter } from '../../../../bots/channels/ussd/ussdRoute';
import type { Msisdn } from '../../../../domain/phone';
import { useProduct } from '../../../support/chat';
import { expectConsistent } from '../../../support/ledger';
import { balanceOf, fund, noticesFor } from '../../e2e.support';
import { Handset, postUssd, screensSeen, useUssdServer } from './handset';

const product = useProduct();
const server = useUssdServer(() =>
  ussdRouter({ conversations: product.conversations, sessions: new MongoUssdSessions(product.db.connection) }),
);
// The same route with the steps kept in this process (the default).
const inProcessServer = useUssdServer(() => ussdRouter({ conversations: product.conversations }));
const phone = (local: string) => new Handset(server, `+237${local}`);

/** How many runtime turns a USSD session's steps started (each is one record in the runtime's inbound log). */
async function turnsOf(handset: Handset): Promise<string[]> {
  const log = await product.db.connection
    .collection('inbound_messages')
    .find({ _id: { $regex: `^ussd:${handset.sessionId}:` } as never })
    .toArray();
  return log.map((m) => String(m._id).slice(`ussd:${handset.sessionId}:`.length)).sort();
}

describe('a session from dial to END', () => {
  it('signs up in French, pages the menu, and closes on the balance', async () => {
    const marie = phone('677500001');
    const welcome = await marie.dial();
    expect(welcome).toEqual({
      kind: 'CON',
      text: 'Bienvenue ! Welcome! Choisissez votre langue / Choose your language:\n1. Francais\n2. English',
    });
    expect(await marie.press('1')).toEqual({
      kind: 'CON',
      text: "Quel est votre nom ? (comme sur votre carte d'identite)",
    });
    expect((await marie.press('Marie Ngono')).text).toMatch(/^Choisissez un code PIN secret de 4 ou 5 chiffres/);
    expect(await marie.press('2468')).toEqual({ kind: 'CON', text: 'Entrez a nouveau le meme PIN pour le confirmer.' });
    expect(await marie.press('2468')).toEqual({
      kind: 'CON',
      text:
        "Acceptez-vous les conditions d'utilisation (chatpay.cm/conditions) et le traitement de vos donnees pour " +
        "les paiements ?\n1. J'accepte\n2. Je refuse",
    });
    expect(await marie.press('1')).toEqual({
      kind: 'CON',
      text:
        'Bienvenue Marie Ngono ! Votre portefeuille est ouvert. Ne communiquez jamais votre PIN, meme a nous.\n' +
        'Bonjour Marie Ngono. Que voulez-vous faire ?\n1. Solde\n2. Recharger\n98. Suite',
    });
    expect(await marie.press('98')).toEqual({
      kind: 'CON',
      text:
        "3. Envoyer de l'argent\n4. Demander un paiement\n5. Payer une facture\n6. Retirer\n7. Historique\n" +
        '8. Demandes a payer\n9. Parametres\n10. Mon commerce',
    });
    expect(await marie.press('1')).toEqual({
      kind: 'CON',
      text: 'Entrez votre code PIN pour voir votre solde et votre historique.',
    });
    expect(await marie.press('2468')).toEqual({
      kind: 'END',
      text: 'Disponible : 0 FCFA. Bloque : 0 FCFA. En attente : 0 FCFA. Envoyez 00 pour le menu.',
    });
    expect(await product.services.people.find('237677500001' as Msisdn)).toEqual({
      msisdn: '237677500001',
      name: 'Marie Ngono',
      language: 'fr',
    });
    // One turn per input, none for the page turn (step 6 is the `98`).
    expect(await turnsOf(marie)).toEqual(['0', '1', '2', '3', '4', '5', '7', '8']);

    // Dialling again opens at the main menu, in French.
    const again = await marie.redial().dial();
    expect(again.kind).toBe('CON');
    expect(again.text).toMatch(/^Bonjour Marie Ngono\. Que voulez-vous faire \?\n1\. Solde\n/);
  });
});

describe('sending money', () => {
  it('sends with a confirmation and the PIN, closes on the receipt, and the recipient is told once', async () => {
    await product.signedUp('237677500011', 'Ama');
    const kofi = await product.signedUp('237677500012', 'Kofi');
    await fund(product, '237677500011' as Msisdn, 20_000);

    const ama = phone('677500011');
    expect(await ama.dial()).toEqual({
      kind: 'CON',
      text:
        'Hello Ama. What would you like to do?\n1. Balance\n2. Top up\n3. Send money\n4. Request payment\n' +
        '5. Pay a bill\n6. Withdraw\n7. History\n8. Requests to pay\n9. Settings\n10. My business',
    });
    expect(await ama.press('3')).toEqual({ kind: 'CON', text: 'Send money to which number? (e.g. 677123456)' });
    expect(await ama.press('677500012')).toEqual({
      kind: 'CON',
      text: 'How much do you want to send to +237 6 77 50 00 12?',
    });
    expect(await ama.press('10000')).toEqual({
      kind: 'CON',
      text:
        'Send 10 000 FCFA to Kofi (+237 6 77 50 00 12)? Fee: 50 FCFA. Total: 10 050 FCFA. Balance after: ' +
        '9 950 FCFA.\n1. Confirm\n2. Cancel',
    });
    expect(await ama.press('1')).toEqual({ kind: 'CON', text: 'Enter your PIN to confirm.' });
    expect(await ama.press('1357')).toEqual({ kind: 'CON', text: 'Wrong PIN. 2 tries left.' });
    const receipt = await ama.press('2468');
    expect(receipt.kind).toBe('END');
    expect(receipt.text).toMatch(
      /^Sent 10 000 FCFA to Kofi \+237 6 77 50 00 12\. Fee: 50 FCFA\. New balance: 9 950 FCFA\. Ref: \S+$/,
    );
    const reference = /Ref: (\S+)$/.exec(receipt.text)![1]!;

    expect(await balanceOf(product, '237677500011' as Msisdn)).toMatchObject({ available: 9950, held: 0 });
    expect(await balanceOf(product, kofi.msisdn)).toMatchObject({ available: 10_000 });
    expect(await noticesFor(product, kofi.msisdn, 'en')).toEqual([
      `You received 10 000 FCFA from Ama (+237 6 77 50 00 11). Ref ${reference}`,
    ]);
    // The gateway's text held the PIN at every later step; nothing the channel keeps does.
    const steps = await product.db.connection
      .collection('ussd_steps')
      .find({ _id: { $regex: `^${ama.sessionId}#` } as never })
      .toArray();
    expect(steps).toHaveLength(7);
    expect(JSON.stringify(steps)).not.toMatch(/2468|1357/);
    await expectConsistent(product.services.ledger.store);
  });
});

describe('paging', () => {
  it('shows the next page on 98 without telling the flow, and lets 98 reach the flow when no page is left', async () => {
    await product.signedUp('237677500021', 'Esi');
    const esi = phone('677500021');
    await esi.dial();
    await esi.press('9');
    await esi.press('1');
    expect(await esi.press('1')).toEqual({ kind: 'END', text: "C'est fait : nous vous ecrirons en francais." });

    // In French the limits screen is longer than one screen.
    const handset = esi.redial();
    await handset.dial();
    expect(await handset.press('9')).toEqual({
      kind: 'CON',
      text: 'Parametres :\n1. Langue\n2. Changer mon PIN\n3. Mes plafonds et frais\n4. Supprimer mon compte',
    });
    const first = await handset.press('3');
    expect(first.kind).toBe('CON');
    expect(first.text).toMatch(/^Vos plafonds : 50 000 FCFA par paiement, .*\n98\. Suite$/s);
    const turnsBefore = await turnsOf(handset);
    const second = await handset.press('98');
    // The last page of a finished task closes the session.
    expect(second.kind).toBe('END');
    expect(second.text).toMatch(/^Frais : .*frais sont toujours affiches avant de confirmer\.$/);
    expect(await turnsOf(handset)).toEqual(turnsBefore);

    // With no page left to show, 98 is an answer like any other: at the menu, not one of its choices.
    await product.signedUp('237677500023', 'Ato');
    const ato = phone('677500023');
    expect((await ato.dial()).text).not.toContain('98.');
    const notAChoice = await ato.press('98');
    expect(notAChoice.text).toMatch(/^Please reply with one of the numbers shown\.\n1\. Balance/);
    expect(await turnsOf(ato)).toEqual(['0', '0:menu', '1']);
  });

  it('lets 00 keep its meaning on a paged screen, and takes the options shown on any page', async () => {
    await product.signedUp('237677500022', 'Kwabena Osei-Tutu Mensah-Bonsu Agyeman');
    const kwabena = phone('677500022');
    const menuPage = await kwabena.dial();
    expect(menuPage.text).toMatch(/\n98\. More$/);
    expect(await kwabena.press('3')).toEqual({
      kind: 'CON',
      text: 'Send money to which number? (e.g. 677123456)',
    });
    expect((await kwabena.press('00')).text).toMatch(/^Hello Kwabena .*\n98\. More$/s);
    const rest = await kwabena.press('98');
    expect(rest.text).toMatch(/9\. Settings\n10\. My business$/);
    // An option shown on any page is a choice of the flow's menu.
    expect((await kwabena.press('9')).text).toMatch(/^Settings:\n1\. Language/);
  });
});

describe('inputs', () => {
  it('answers inputs typed with the service code (*384*2407*1#) one after the other', async () => {
    await product.signedUp('237677500041', 'Abla');
    await fund(product, '237677500041' as Msisdn, 700);
    const shortcut = { sessionId: 'ATUid_dialled_with_1', phoneNumber: '+237677500041', text: '1' };
    expect(await postUssd(server.url, shortcut)).toEqual({
      kind: 'CON',
      text: 'Enter your PIN to see your balance and history.',
    });
    expect(await postUssd(server.url, { ...shortcut, text: '1*2468' })).toEqual({
      kind: 'END',
      text: 'Available: 700 FCFA. On hold: 0 FCFA. Incoming: 0 FCFA. Send 00 for the menu.',
    });
  });

  it('passes an input holding a star to the flow as typed, which refuses it, and goes on', async () => {
    await product.signedUp('237677500042', 'Edem');
    await product.signedUp('237677500043', 'Sena');
    await fund(product, '237677500042' as Msisdn, 9000);
    const edem = phone('677500042');
    await edem.dial();
    await edem.press('3');
    await edem.press('677500043');
    expect(await edem.press('5*000')).toEqual({
      kind: 'CON',
      text: 'Please enter an amount in francs, for example 5000 or 5 000.',
    });
    expect(await edem.press('5000')).toMatchObject({ text: expect.stringMatching(/^Send 5 000 FCFA to Sena/) });
  });

  it('pages with the default in-process store too', async () => {
    await product.signedUp('237677500044', 'Kwabena Osei-Tutu Mensah-Bonsu Agyeman');
    const kwabena = new Handset(inProcessServer, '+237677500044');
    expect((await kwabena.dial()).text).toMatch(/\n98\. More$/);
    expect((await kwabena.press('98')).text).toMatch(/9\. Settings\n10\. My business$/);
    expect((await kwabena.resend()).text).toMatch(/9\. Settings\n10\. My business$/);
    expect(await turnsOf(kwabena)).toEqual(['0', '0:menu']);
  });
});

describe('a repeated gateway request', () => {
  it('gets the same screen and runs nothing again, at any step and on a page turn', async () => {
    await product.signedUp('237677500031', 'Adwoa');
    await product.signedUp('237677500032', 'Kojo');
    await fund(product, '237677500031' as Msisdn, 5000);
    const adwoa = phone('677500031');
    const dial = await adwoa.dial();
    expect(await adwoa.resend()).toEqual(dial);
    await adwoa.press('3');
    await adwoa.press('677500032');
    await adwoa.press('1000');
    await adwoa.press('1');
    const receipt = await adwoa.press('2468');
    expect(receipt.text).toMatch(/^Sent 1 000 FCFA to Kojo/);
    expect(await adwoa.resend()).toEqual(receipt);
    expect(await adwoa.resend()).toEqual(receipt);
    expect(await balanceOf(product, '237677500031' as Msisdn)).toMatchObject({ available: 4000 });
    expect(await turnsOf(adwoa)).toEqual(['0', '0:menu', '1', '2', '3', '4', '5'].sort());
    await expectConsistent(product.services.ledger.store);
  });

  it('moves money once when the PIN request arrives ten times at once, and all get the receipt', async () => {
    await product.signedUp('237677500033', 'Kweku');
    await product.signedUp('237677500034', 'Akosua');
    await fund(product, '237677500033' as Msisdn, 5000);
    const kweku = phone('677500033');
    await kweku.dial();
    await kweku.press('3');
    await kweku.press('677500034');
    await kweku.press('2000');
    await kweku.press('1');
    const fields = { sessionId: kweku.sessionId, phoneNumber: kweku.phoneNumber, text: `${kweku.text}*2468` };
    const answers = await Promise.all(Array.from({ length: 10 }, () => postUssd(server.url, fields)));
    expect(answers[0]!.text).toMatch(/^Sent 2 000 FCFA to Akosua/);
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(await balanceOf(product, '237677500033' as Msisdn)).toMatchObject({ available: 3000 });
    expect(await noticesFor(product, '237677500034' as Msisdn, 'en')).toHaveLength(1);
    await expectConsistent(product.services.ledger.store);
  });

  it('refuses a session id replayed from another number', async () => {
    const yaw = phone('677500035');
    await yaw.dial();
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ sessionId: yaw.sessionId, phoneNumber: '+237677500036', text: '1' }),
    });
    expect(response.status).toBe(400);
  });

  it('answers a number that cannot have a wallet, and a request without its fields', async () => {
    expect(await postUssd(server.url, { sessionId: 'ATUid_foreign', phoneNumber: '+2348031234567', text: '' })).toEqual(
      {
        kind: 'END',
        text: 'Ce service est reserve aux numeros mobiles du Cameroun.\nThis service is for Cameroonian mobile numbers only.',
      },
    );
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ text: '' }),
    });
    expect(response.status).toBe(400);
  });
});

describe('every step a person can reach', () => {
  /** How to go through each flow from the main menu; `help` is typed at every step on the way. */
  const PATHS: Record<string, string[]> = {
    balance: ['1'],
    topUp: ['2', '5000', '1', '1', '1', '2468'],
    sendMoney: ['3', '677500099', '1000', '1', '1357', '2468'],
    sendToUnknown: ['3', '677500098', '500', '1', '2468'],
    requestPayment: ['4', '1', 'OTHER', '2500', 'Loyer de decembre', '1'],
    myRequests: ['4', '2', '1'],
    payBill: ['5', '1', '123456789', '1', '1', '1', '2468'],
    payBillPrepaid: ['5', '2', '12345678901', '5000', '1', '2468'],
    payBillWater: ['5', '3', '12345678', '1', '1', '1', '2468'],
    payBillTv: ['5', '4', '12345678901234', '1', '1', '2468'],
    withdraw: ['6', '2000', '1', '1', '2468'],
    history: ['7', '1', '0', '9', '0'],
    requestsToPay: ['8', '1', '1'],
    settingsLanguage: ['9', '1'],
    settingsPin: ['9', '2', '2468', '1357', '1357'],
    settingsLimits: ['9', '3', '98'],
    settingsDelete: ['9', '4', '2'],
  };
  const AT_THE_END = ['abc', '0', '00', '98'];

  it.each([
    ['en', '677500091'],
    ['fr', '677500092'],
  ])(
    'answers under 182 characters everywhere (%s)',
    async (language, local) => {
      const msisdn = `237${local}` as Msisdn;
      if (language === 'en') await product.signedUp(msisdn, 'Marie-Claire Ngono Abessolo Mbarga');
      else {
        const signup = phone(local);
        await signup.dial();
        for (const input of ['aide', '1', 'aide', 'Marie-Claire Ngono Abessolo Mbarga', 'aide', '2468', '2468', '1']) {
          await signup.press(input);
        }
      }
      await fund(product, msisdn, 150_000);
      const seenBefore = screensSeen.length;
      // Each asks the other for money, so the other has a request to pay (the French one runs second).
      const other = language === 'en' ? '677500092' : '677500091';
      for (const path of Object.values(PATHS)) {
        const handset = phone(local);
        let screen = await handset.dial();
        for (const input of path.map((i) => (i === 'OTHER' ? other : i))) {
          await handset.press(language === 'en' ? 'help' : 'aide');
          screen = await handset.press(input);
          if (process.env.SHOW_USSD) console.log(`> ${input}\n${screen.kind} ${screen.text}`);
          if (screen.kind === 'END') break;
        }
        if (screen.kind === 'END') continue;
        for (const input of AT_THE_END) {
          if ((await handset.press(input)).kind === 'END') break;
        }
      }
      // The handset checked each answer (form, ASCII, under 182 characters); this is how many there were.
      expect(screensSeen.length - seenBefore).toBeGreaterThan(100);
      await expectConsistent(product.services.ledger.store);
    },
    120_000,
  );
});
