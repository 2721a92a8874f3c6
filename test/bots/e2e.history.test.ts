/**
 * History end to end through the runtime on the real database, in English and in French: after a few operations
 * made in conversation, the newest five lines, the older page, an operation in full, and back. Each line and detail
 * quotes the very short reference its receipt gave.
 */
import type { Person } from '../support/chat';
import { useProduct } from '../support/chat';
import { expectConsistent } from '../support/ledger';
import { frozenClock, fund, signedUpInFrench } from './e2e.support';

const time = frozenClock();
const product = useProduct({ clock: time.clock });

/** A short reference as every screen prints it: nine characters without look-alikes. */
const SHORT = '[2-9A-HJKMNP-TV-Z]{9}';

/** A day as history lines print it, and a moment as the detail prints it. */
const DAY = '\\d\\d/\\d\\d';
const MOMENT = '\\d\\d/\\d\\d/20\\d\\d \\d\\d:\\d\\d';

/** Sends through the typed shortcut, confirms, gives the PIN; returns the receipt's (short) reference. */
async function send(person: Person, amount: number, to: string): Promise<string> {
  const confirm = await person.says(`send ${amount} to ${to}`);
  expect(confirm[0]).toMatch(/^(Send|Envoyer) /);
  await person.says('1');
  const receipt = (await person.says('2468'))[0] ?? '';
  const reference = /(?:Ref|Réf) ?: (\S+)$/.exec(receipt)?.[1];
  if (!reference) throw new Error(`no receipt: ${receipt}`);
  expect(reference).toMatch(new RegExp(`^${SHORT}$`));
  return reference;
}

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('history', () => {
  it('in English: five lines newest first, 9 for the older page, a line in full, 0 back a page', async () => {
    const ama = await product.signedUp('237677400301', 'Ama');
    const kofi = await product.signedUp('237677400302', 'Kofi');
    expect(await ama.says('7')).toEqual(['Enter your PIN to see your balance and history.']);
    expect(await ama.says('2468')).toEqual([
      'No operations yet. To add money, choose Top up (2) in the menu, or type: top up 5000.',
    ]);
    await fund(product, ama.msisdn, 50_000);
    await fund(product, kofi.msisdn, 5000);
    const first = await send(ama, 500, '677400302');
    const second = await send(ama, 1000, '677400302');
    const third = await send(ama, 2000, '677400302');
    await kofi.says('00');
    const fromKofi = await send(kofi, 3000, '677400301');
    const last = await send(ama, 6000, '677400302');

    const page = await ama.says('7');
    expect(page).toHaveLength(1);
    const line = (n: number, text: string, reference: string) =>
      `${n}\\. ${DAY} ${escaped(text)} Done Ref ${reference}`;
    expect(page[0]).toMatch(
      new RegExp(
        [
          '^Your operations:',
          line(1, 'Sent 677400302 -6 000 FCFA fee 50 FCFA', last),
          line(2, 'Received 677400302 +3 000 FCFA', fromKofi),
          line(3, 'Sent 677400302 -2 000 FCFA', third),
          line(4, 'Sent 677400302 -1 000 FCFA', second),
          line(5, 'Sent 677400302 -500 FCFA', first),
          '9\\. Older operations$',
        ].join('\\n'),
      ),
    );
    const older = await ama.says('9');
    expect(older[0]).toMatch(
      new RegExp(`^Your operations, page 2:\\n1\\. ${DAY} Top-up MTN MoMo \\+50 000 FCFA Done Ref ${SHORT}$`),
    );
    expect(await ama.says('9')).toEqual([expect.stringMatching(/^That is all your history\.\n1\. /) as string]);
    const topUp = await ama.says('1');
    expect(topUp[0]).toMatch(
      new RegExp(
        `^Top-up: MTN MoMo\\nAmount: 50 000 FCFA\\nFee: 0 FCFA\\nStatus: Done\\nDate: ${MOMENT}\\nRef: ${SHORT}\\n` +
          '0\\. Back to your operations$',
      ),
    );
    // 0 from the detail shows the page it came from; 0 again goes back to the newest page.
    expect((await ama.says('0'))[0]).toMatch(/^Your operations, page 2:\n1\. /);
    expect((await ama.says('0'))[0]).toMatch(/^Your operations:\n1\. /);
    expect(await ama.says('1')).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Sent: 677400302\\nAmount: 6 000 FCFA\\nFee: 50 FCFA\\nStatus: Done\\nDate: ${MOMENT}\\n` +
            `Ref: ${escaped(last)}\\n0\\. Back to your operations$`,
        ),
      ) as string,
    ]);
    // Another line's number from the detail opens that one.
    expect((await ama.says('2'))[0]).toMatch(/^Received: 677400302\nAmount: 3 000 FCFA\nFee: 0 FCFA\n/);
    expect(await ama.says('hello')).toEqual(['Reply 0 to go back to your operations, or 00 for the menu.']);
    expect((await ama.says('00'))[0]).toContain('Hello Ama. What would you like to do?');
    await expectConsistent(product.services.ledger.store);
  });

  it('in French: after a top-up, a bill and money waiting for a new number: lines, the end, a detail, back to the menu', async () => {
    const marie = await signedUpInFrench(product, '237677400311', 'Marie');
    await fund(product, marie.msisdn, 30_000);
    await marie.says('5');
    await marie.says('3');
    await marie.says('34567890');
    await marie.says('1');
    await marie.says('1');
    const bill = /Réf : (\S+)$/.exec((await marie.says('2468'))[0] ?? '')?.[1];
    expect(bill).toMatch(new RegExp(`^${SHORT}$`));
    const waiting = await send(marie, 1000, '677400312');

    expect(await marie.says('historique')).toEqual([
      'Entrez votre code PIN pour voir votre solde et votre historique.',
    ]);
    const page = await marie.says('2468');
    expect(page[0]).toMatch(
      new RegExp(
        [
          '^Vos opérations :',
          `1\\. ${DAY} Non retiré 677400312 -1 000 FCFA En cours Réf ${waiting}`,
          `2\\. ${DAY} Facture CAMWATER -17 000 FCFA frais 100 FCFA Effectué Réf ${bill!}`,
          `3\\. ${DAY} Recharge MTN MoMo \\+30 000 FCFA Effectué Réf ${SHORT}$`,
        ].join('\\n'),
      ),
    );
    expect((await marie.says('9'))[0]).toMatch(/^C’est tout votre historique\.\n1\. /);
    expect((await marie.says('2'))[0]).toMatch(
      new RegExp(
        `^Facture : CAMWATER\\nMontant : 17 000 FCFA\\nFrais : 100 FCFA\\nStatut : Effectué\\nDate : ${MOMENT}\\n` +
          `Réf : ${bill!}\\n0\\. Retour à vos opérations$`,
      ),
    );
    expect(await marie.says('bonjour')).toEqual(['Répondez 0 pour revenir à vos opérations, ou 00 pour le menu.']);
    expect((await marie.says('0'))[0]).toMatch(/^Vos opérations :\n1\. /);
    // 0 from the first page leaves History and shows the menu again.
    expect((await marie.says('0'))[0]).toContain('Bonjour Marie. Que voulez-vous faire ?');

    // Once the new number signs up, the waiting money shows as sent.
    await signedUpInFrench(product, '237677400312', 'Jean');
    expect((await marie.says('7'))[0]).toMatch(
      new RegExp(`^Vos opérations :\\n1\\. ${DAY} Envoi 677400312 -1 000 FCFA Effectué Réf ${waiting}`),
    );
    await expectConsistent(product.services.ledger.store);
  });
});
