/**
 * A card payment on the pay page, on the whole product and the real Notch Pay rail: the pay page (served on the
 * product's port beside the providers' simulators, as npm start serves it) sends the payer with a 303 to the Notch
 * Pay simulator's hosted checkout, created by the real client over HTTP with the pay page as its `callback`; the
 * payer types a test card and passes 3-D Secure with plain form posts, as a browser without script does, and comes
 * back to the pay page; the signed webhook and Notch Pay's status then credit the requester once, and the page shows
 * it paid. A declined card leaves the request open, and the page offers the checkout of a new attempt.
 */
import type { Msisdn } from '../../../domain/phone';
import { deriveShortReference } from '../../../domain/shortReference';
import { eventually, useProduct } from '../../support/chat';
import { expectConsistent } from '../../support/ledger';
import { balanceOf, noticesFor } from '../e2e.support';
import { usePayPagesOnPort } from './payPagesOnPort';

const product = useProduct();
const pay = usePayPagesOnPort(product, { refreshSeconds: 2 });
afterEach(() => eventually(() => expectConsistent(product.services.ledger.store)));

/** Posts a form as a browser does, without following the redirect: answers the status and where it points. */
async function submit(url: string, fields: Record<string, string>): Promise<{ status: number; location: string }> {
  const response = await fetch(url, { method: 'POST', body: new URLSearchParams(fields), redirect: 'manual' });
  await response.arrayBuffer();
  return { status: response.status, location: new URL(response.headers.get('location') ?? '', url).toString() };
}

/** The merchant reference a Notch Pay checkout page shows. */
function referenceOn(checkoutPage: string): string | undefined {
  return /Reference <code>([^<]+)<\/code>/.exec(checkoutPage)?.[1];
}

async function text(url: string): Promise<string> {
  return (await fetch(url)).text();
}

/** A request of `amount` from a new account to a number without one; the pay page its SMS links to. */
async function requestTo(id: string, requester: string, name: string, payer: Msisdn, amount: number) {
  const person = await product.signedUp(requester, name);
  const created = await pay.requests.create({
    id,
    requester: { kind: 'wallet', msisdn: person.msisdn },
    payer,
    amount,
    reason: 'Couture',
  });
  expect(created.ok).toBe(true);
  const [sms] = await noticesFor(product, payer, 'en');
  const link = /http:\/\/\S+\/pay\/[A-Za-z0-9_-]{43}/.exec(sms ?? '')?.[0];
  if (!link) throw new Error(`no pay link in: ${sms}`);
  return { person, page: `${link}?lang=en` };
}

/** Sends the pay page's card form; answers the checkout page the payer is sent to. */
async function chooseCard(page: string): Promise<string> {
  const posted = await submit(page, { rail: 'card', number: '' });
  expect(posted.status).toBe(303);
  expect(posted.location).toMatch(new RegExp(`^${pay.url}/simulators/notch-pay/checkout/[^/?]+$`));
  return posted.location;
}

it('sends a card payer to the checkout page, brings them back to the pay page, and shows it paid, credited once', async () => {
  const payer = '237677540002' as Msisdn;
  const { person: ama, page } = await requestTo('card-on-the-pay-page', '237677540001', 'Ama Owusu', payer, 15_000);
  expect(new URL(page).origin).toBe(pay.url);
  expect(await text(page)).toContain('Fee: 450 FCFA. You pay 15 450 FCFA.');

  const checkout = await chooseCard(page);
  // Notch Pay was asked for the amount and the fee, under the attempt's transfer id in the characters it takes.
  const checkoutPage = await text(checkout);
  expect(checkoutPage).toMatch(/15\s450 FCFA/);
  // Notch Pay gets the attempt's short reference, the one its receipt and notices show.
  expect(referenceOn(checkoutPage)).toBe(deriveShortReference('preq:card-on-the-pay-page:1'));

  // Back from the checkout before paying: the page offers the checkout again and waits.
  const back = await text(page);
  expect(back).toContain('Finish paying 15 450 FCFA on the card page.');
  expect(back).toContain(`href="${checkout.replace(/&/g, '&#38;')}"`);
  expect(back).toContain('<meta http-equiv="refresh" content="2" />');

  const card = await submit(`${checkout}/card`, {
    method: 'card',
    number: '4242 4242 4242 4242',
    expiry: '12/39',
    cvc: '123',
  });
  expect(card).toEqual({ status: 303, location: `${checkout}/3ds` });
  const threeDs = await submit(`${checkout}/3ds`, { code: '123456' });
  expect(threeDs.status).toBe(303);
  // Notch Pay brings the payer back to the pay page itself (the rail's returnUrl), its outcome in the query.
  const returned = new URL(threeDs.location);
  expect(`${returned.origin}${returned.pathname}`).toBe(page.replace(/\?.*$/, ''));
  expect(returned.searchParams.get('status')).toBe('complete');
  const landed = await fetch(returned);
  expect(landed.status).toBe(200);
  expect(await landed.text()).toContain('Ama Owusu');

  await eventually(async () => {
    expect(await text(page)).toContain('Paid. Ama Owusu has been told.');
  });
  // The signed webhook reached the product's route and was accepted; the credit happened once.
  await eventually(() => {
    expect(product.simulators.simulators.notchPay.deliveries.filter((d) => d.event === 'payment.complete')).toEqual(
      expect.arrayContaining([expect.objectContaining({ outcome: 200, wrongSignature: false })]),
    );
  });
  expect(await balanceOf(product, ama.msisdn)).toMatchObject({ available: 15_000, incoming: 0 });
  const told = await noticesFor(product, ama.msisdn, 'en');
  expect(told.filter((notice) => notice.includes('paid your request: 15 000 FCFA'))).toHaveLength(1);
  // Paid once: the page no longer offers a form.
  expect(await text(page)).not.toContain('<form');
});

it('says a declined card did not go through, and a second card on a new checkout pays', async () => {
  const payer = '237677540012' as Msisdn;
  const { person: kofi, page } = await requestTo('declined-card', '237677540011', 'Kofi Mensah', payer, 4_000);

  const first = await chooseCard(page);
  const firstReference = referenceOn(await text(first));
  expect(firstReference).toBe(deriveShortReference('preq:declined-card:1'));
  const declined = await submit(`${first}/card`, {
    method: 'card',
    number: '4000 0000 0000 0002',
    expiry: '12/39',
    cvc: '123',
  });
  expect(declined.status).toBe(303);
  expect(new URL(declined.location).searchParams.get('status')).toBe('failed');
  await eventually(async () => {
    const status = JSON.parse(await text(page.replace('?lang=en', '/status')));
    expect(status).toMatchObject({ status: 'open', attempt: { rail: 'card', state: 'failed' } });
  });
  const failed = await text(page);
  expect(failed).toMatch(/The payment did not go through \([A-Z_]+\)\. Nothing was taken\./);
  expect(failed).toContain('<form');
  expect(await balanceOf(product, kofi.msisdn)).toMatchObject({ available: 0, incoming: 0 });

  const second = await chooseCard(page);
  expect(second).not.toBe(first);
  // A new attempt: a new transfer id of the same request, so a new Notch Pay payment.
  const secondReference = referenceOn(await text(second));
  // Its own short reference (nine characters of the alphabet without look-alikes).
  expect(secondReference).toMatch(/^[2-9A-HJKMNP-TV-Z]{9}$/);
  expect(secondReference).not.toBe(firstReference);
  await submit(`${second}/card`, { method: 'card', number: '5555 5555 5555 4444', expiry: '12/39', cvc: '123' });
  await submit(`${second}/3ds`, { code: '123456' });
  await eventually(async () => {
    expect(await text(page)).toContain('Paid. Kofi Mensah has been told.');
  });
  expect(await balanceOf(product, kofi.msisdn)).toMatchObject({ available: 4_000, incoming: 0 });
});
