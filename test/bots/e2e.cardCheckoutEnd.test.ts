/**
 * A card top-up whose checkout is left unpaid ends cleanly, end to end from chat through the real Notch Pay client
 * and the product's Notch Pay simulator over HTTP: Notch Pay keeps a checkout open 3 hours, our hold lasts one
 * (RailPayments' holdTtlMs), so when the hold is about to end (cancelBeforeExpiryMs, 10 minutes) the reconciler
 * cancels the checkout at Notch Pay (`DELETE /payments/{reference}`) and releases the money once Notch Pay says
 * canceled: the person is told it was not paid in time, nothing goes to review. A payer who pays after the cancel
 * was asked (it failed at Notch Pay) is still credited.
 */
import type { Msisdn } from '../../domain/phone';
import { reconcileOnce } from '../../domain/railPayments/railPaymentsReconciler';
import { eventually, useProduct } from '../support/chat';
import { expectConsistent } from '../support/ledger';
import { balanceOf, frozenClock, noticesFor, referenceIn } from './e2e.support';

const time = frozenClock();
const product = useProduct({ clock: time.clock });
const MINUTE = 60_000;

/** Starts a card top-up of 10 000 FCFA from chat; answers its short reference, transfer id and checkout link. */
async function cardTopUp(msisdn: string) {
  const person = await product.signedUp(msisdn, 'Card Payer');
  await person.says('top up 10000');
  await person.says('3');
  const [started] = await person.says('1');
  const link = /pay at (\S+) Ref /.exec(started ?? '')?.[1];
  if (!link) throw new Error(`no checkout link in: ${started}`);
  const reference = referenceIn(started);
  const transferId = await product.services.shortReferences.resolve(reference);
  if (!transferId) throw new Error(`no transfer for ${reference}`);
  return { reference, transferId, link };
}

/** Posts a form as a browser does, without following the redirect. */
async function submit(url: string, fields: Record<string, string>): Promise<number> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
  await response.arrayBuffer();
  return response.status;
}

/** One pass of the rail payments' reconciler, as its worker runs it, at the frozen clock's time. */
function reconcile() {
  return reconcileOnce(product.services.railPayments, { graceMs: 0 }, time.now);
}

const notchPay = () => product.simulators.simulators.notchPay;

describe('a card checkout left unpaid', () => {
  it('is cancelled at Notch Pay shortly before our hold ends, then released and told; no review', async () => {
    const msisdn = '237677400801' as Msisdn;
    const { reference, transferId } = await cardTopUp(msisdn);
    expect(await balanceOf(product, msisdn)).toMatchObject({ available: 0, incoming: 10_000 });

    // Well before the hold ends, a pending checkout is only asked about.
    time.advance(30 * MINUTE);
    expect(await reconcile()).toMatchObject({ stillPending: 1, finished: 0 });
    expect(await notchPay().payment(transferId)).toBeNull(); // Notch Pay knows it by its short reference
    expect((await notchPay().payment(reference))?.status).toBe('pending');

    // Within ten minutes of the hold's end: cancelled there, and the money released once Notch Pay says canceled.
    time.advance(21 * MINUTE);
    expect(await reconcile()).toMatchObject({ finished: 1 });
    expect((await notchPay().payment(reference))?.status).toBe('canceled');
    expect(await product.services.ledger.getTransfer(transferId)).toMatchObject({ state: 'voided' });
    expect(await balanceOf(product, msisdn)).toMatchObject({ available: 0, incoming: 0, held: 0 });
    expect(await noticesFor(product, msisdn, 'en')).toEqual([
      `Top-up of 10 000 FCFA cancelled: the payment was not approved in time. Ref ${reference}`,
    ]);
    // Notch Pay's payment.canceled webhook comes after, and changes nothing.
    await eventually(() => {
      expect(notchPay().deliveries.filter((d) => d.merchantReference === reference)).toEqual([
        expect.objectContaining({ event: 'payment.canceled', outcome: 200 }),
      ]);
    });
    expect(await noticesFor(product, msisdn, 'en')).toHaveLength(1);
    expect(await balanceOf(product, msisdn)).toMatchObject({ available: 0, incoming: 0, held: 0 });
    await expectConsistent(product.services.ledger.store);
  });

  it('is still credited when the payer pays after the cancel was asked (Notch Pay failed to cancel it)', async () => {
    const msisdn = '237677400811' as Msisdn;
    const { reference, transferId, link } = await cardTopUp(msisdn);
    time.advance(52 * MINUTE);
    notchPay().faults.failNextCancels(1);
    expect(await reconcile()).toMatchObject({ stillPending: 1 });
    expect((await notchPay().payment(reference))?.status).toBe('pending');

    // The payer, still on the page, pays: the webhook and Notch Pay's status credit the wallet.
    expect(
      await submit(`${link}/card`, { method: 'card', number: '4242424242424242', expiry: '12/39', cvc: '123' }),
    ).toBe(303);
    expect(await submit(`${link}/3ds`, { code: '123456' })).toBe(303);
    await eventually(async () => {
      expect(await noticesFor(product, msisdn, 'en')).toEqual([
        `Top-up of 10 000 FCFA received. New balance: 10 000 FCFA. Ref ${reference}`,
      ]);
    });
    expect(await product.services.ledger.getTransfer(transferId)).toMatchObject({ state: 'posted' });
    // A later pass, even past the hold's end, leaves it credited once.
    time.advance(20 * MINUTE);
    await reconcile();
    expect(await balanceOf(product, msisdn)).toMatchObject({ available: 10_000, incoming: 0 });
    await eventually(() => expectConsistent(product.services.ledger.store));
  });
});
