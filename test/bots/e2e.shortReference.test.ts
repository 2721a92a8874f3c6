/**
 * One short reference per operation, end to end through the runtime on the real database and the simulated rails:
 * a top-up, a send and a withdrawal each show the same nine characters on the receipt, on every notice about them,
 * on the history lines of both sides, on the operation in full, and in the rail's own reference field (MTN
 * externalId, Orange orderId); support finds the operation from the nine characters typed any way.
 */
import { SHORT_REFERENCE_LENGTH } from '../../domain/shortReference';
import type { Msisdn } from '../../domain/phone';
import { eventually, useProduct } from '../support/chat';
import { expectConsistent } from '../support/ledger';
import { frozenClock, noticesFor, referenceIn } from './e2e.support';
import { mtnMomoPrompts, mtnMomoTransfers } from '../support/railSimulators';

const time = frozenClock();
const product = useProduct({ clock: time.clock });

/** Nine characters of the alphabet without look-alikes (no 0 O 1 I L, no U). */
const SHORT = new RegExp(`^[2-9A-HJKMNP-TV-Z]{${SHORT_REFERENCE_LENGTH}}$`);

/** The reference MTN MoMo was sent (its externalId) for the payment from or to `msisdn` in `direction`. */
async function railReference(msisdn: Msisdn, direction: 'collect' | 'payout'): Promise<string | undefined> {
  const connection = product.db.connection;
  const [payment] =
    direction === 'collect' ? await mtnMomoPrompts(connection, msisdn) : await mtnMomoTransfers(connection, msisdn);
  return payment?.externalId;
}

/** What support gets from a reference read out over the phone: the transfer, and the reference it carries. */
async function supportFinds(reference: string): Promise<string | undefined> {
  const grouped = `${reference.slice(0, 3)}-${reference.slice(3, 6)} ${reference.slice(6)}`.toLowerCase();
  const transferId = await product.services.shortReferences.resolve(grouped);
  if (!transferId) return undefined;
  return (await product.services.ledger.getTransfer(transferId))?.shortReference;
}

describe('one short reference per operation', () => {
  it('is the same on the receipt, the notices, the history lines, the detail and the rail, for a top-up, a send and a withdrawal', async () => {
    const ama = await product.signedUp('237677400801', 'Ama');
    const kofi = await product.signedUp('237677400802', 'Kofi');

    // A top-up from Ama's own MTN MoMo number.
    await ama.says('top up 10000');
    await ama.says('1');
    await ama.says('1');
    const topUp = referenceIn((await ama.says('1'))[0]);
    await eventually(async () => {
      expect(await noticesFor(product, ama.msisdn, 'en')).toEqual([
        `Top-up of 10 000 FCFA received. New balance: 10 000 FCFA. Ref ${topUp}`,
      ]);
    });

    // A send to Kofi: the receipt ends with `Ref: <reference>`.
    await ama.says('send 2000 to 677400802');
    await ama.says('1');
    const sendReceipt = (await ama.says('2468'))[0];
    const send = /Ref: (\S+)$/.exec(sendReceipt ?? '')?.[1] ?? `none in ${sendReceipt}`;
    expect(await noticesFor(product, kofi.msisdn, 'en')).toEqual([
      `You received 2 000 FCFA from Ama (+237 6 77 40 08 01). Ref ${send}`,
    ]);

    // A withdrawal to Ama's MTN MoMo number.
    await ama.says('withdraw 3000');
    await ama.says('1');
    await ama.says('1');
    const withdrawal = referenceIn((await ama.says('2468'))[0]);
    await eventually(async () => {
      expect((await noticesFor(product, ama.msisdn, 'en')).slice(1)).toEqual([
        `Withdrawal of 3 000 FCFA sent (fee 60 FCFA). New balance: 4 940 FCFA. Ref ${withdrawal}`,
      ]);
    });

    for (const reference of [topUp, send, withdrawal]) {
      expect(reference).toMatch(SHORT);
      expect(await supportFinds(reference)).toBe(reference);
    }
    expect(new Set([topUp, send, withdrawal]).size).toBe(3);
    expect(await railReference(ama.msisdn, 'collect')).toBe(topUp);
    expect(await railReference(ama.msisdn, 'payout')).toBe(withdrawal);

    // Ama's history: the withdrawal, the send and the top-up, newest first, each under its receipt's reference.
    await ama.says('00');
    await ama.says('history');
    const lines = ((await ama.says('2468'))[0] ?? '').split('\n');
    expect(lines.slice(1, 4)).toEqual([
      expect.stringMatching(
        new RegExp(`^1\\. \\d\\d/\\d\\d Withdrawal MTN MoMo -3 000 FCFA fee 60 FCFA Done Ref ${withdrawal}$`),
      ),
      expect.stringMatching(new RegExp(`^2\\. \\d\\d/\\d\\d Sent 677400802 -2 000 FCFA Done Ref ${send}$`)),
      expect.stringMatching(new RegExp(`^3\\. \\d\\d/\\d\\d Top-up MTN MoMo \\+10 000 FCFA Done Ref ${topUp}$`)),
    ]);
    // The operation in full quotes it too.
    expect((await ama.says('2'))[0]).toMatch(new RegExp(`\\nRef: ${send}\\n`));

    // Kofi's side of the send: the same reference.
    await kofi.says('00');
    await kofi.says('history');
    expect(((await kofi.says('2468'))[0] ?? '').split('\n')[1]).toMatch(
      new RegExp(`^1\\. \\d\\d/\\d\\d Received 677400801 \\+2 000 FCFA Done Ref ${send}$`),
    );
    await expectConsistent(product.services.ledger.store);
  });
});
