/**
 * Money in and out through each real rail client, from chat, against the product's own provider simulators over
 * HTTP (useProduct serves them with the product's callback routes, as npm start does on PORT): a top-up by Orange
 * Money and by card (the checkout page followed with plain form posts, the card and 3-D Secure steps, the return
 * page; then the signed webhook and Notch Pay's status credit the wallet once), a withdrawal to Orange Money, and
 * what callbacks cannot do: a forged card webhook or return changes nothing, a MoMo callback sent twice (and once
 * more by anyone) credits once.
 */
import type { Msisdn } from '../../domain/phone';
import { eventually, useProduct } from '../support/chat';
import { expectConsistent } from '../support/ledger';
import { mtnMomoPrompts } from '../support/railSimulators';
import { balanceOf, frozenClock, fund, noticesFor, referenceIn } from './e2e.support';

const time = frozenClock();
const product = useProduct({ clock: time.clock });

/** The checkout link a card top-up's answer gives. */
function checkoutLinkIn(reply: string | undefined): string {
  const found = /pay at (\S+) Ref /.exec(reply ?? '');
  if (!found?.[1]) throw new Error(`no checkout link in: ${reply}`);
  return found[1];
}

/** Posts a form as a browser does, without following the redirect: answers the status and where it points. */
async function submit(url: string, fields: Record<string, string>): Promise<{ status: number; location: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
  await response.arrayBuffer();
  return { status: response.status, location: new URL(response.headers.get('location') ?? '', url).toString() };
}

/** Starts a card top-up of 10 000 FCFA from chat; answers the reply's reference and checkout link. */
async function cardTopUp(msisdn: string): Promise<{ reference: string; link: string }> {
  const person = await product.signedUp(msisdn, 'Card Payer');
  expect(await person.says('top up 10000')).toEqual([
    'Top up 10 000 FCFA from:\n1. MTN MoMo\n2. Orange Money\n3. Bank card',
  ]);
  expect((await person.says('3'))[0]).toMatch(/^Top up 10 000 FCFA by card\? Fee: 300 FCFA\. Card charged: 10 300/);
  const [started] = await person.says('1');
  expect(started).toMatch(/^Card top-up of 10 000 FCFA: pay at http:\/\/127\.0\.0\.1:\d+\/simulators\/notch-pay\//);
  return { reference: referenceIn(started), link: checkoutLinkIn(started) };
}

describe('a top-up by Orange Money', () => {
  it('from one’s own Orange number: the merchant payment is made, confirmed by its status, credited and told', async () => {
    const awa = await product.signedUp('237699400701', 'Awa');
    expect(await awa.says('top up 8000')).toEqual([
      'Top up 8 000 FCFA from:\n1. MTN MoMo\n2. Orange Money\n3. Bank card',
    ]);
    expect(await awa.says('2')).toEqual([
      'Which Orange Money number pays?\n1. My number +237 6 99 40 07 01\n2. Another number',
    ]);
    await awa.says('1');
    const started = await awa.says('1');
    expect(started[0]).toMatch(/^Top-up of 8 000 FCFA started\. Approve the request on your phone\./);
    const reference = referenceIn(started[0]);

    await eventually(async () => {
      expect(await noticesFor(product, awa.msisdn, 'en')).toEqual([
        `Top-up of 8 000 FCFA received. New balance: 8 000 FCFA. Ref ${reference}`,
      ]);
    });
    expect(await balanceOf(product, awa.msisdn)).toMatchObject({ available: 8000, incoming: 0 });
    const made = (await product.simulators.simulators.orangeMoney.payments()).filter(
      (p) => p.subscriberMsisdn === '699400701',
    );
    expect(made).toMatchObject([{ kind: 'mp', amount: 8000 }]);
    await eventually(() => expectConsistent(product.services.ledger.store));
  });

  it('from a number Orange does not serve: refused at once, nothing held', async () => {
    const ebo = await product.signedUp('237699400711', 'Ebo');
    await ebo.says('top up 3000');
    await ebo.says('2');
    await ebo.says('2');
    await ebo.says('677400719');
    await ebo.says('1');
    expect(await ebo.says('2468')).toEqual([
      'The payment service refused the request at once. No money was moved. Check the account or try again later.',
    ]);
    expect(await balanceOf(product, ebo.msisdn)).toMatchObject({ available: 0, incoming: 0, held: 0 });
  });
});

describe('a top-up by card', () => {
  it('is paid on the checkout page (card, 3-D Secure), returns to our page, and the webhook and status credit it once', async () => {
    const msisdn = '237677400721' as Msisdn;
    const { reference, link } = await cardTopUp(msisdn);
    expect(await balanceOf(product, msisdn)).toMatchObject({ available: 0, incoming: 10_000 });

    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('10 300 FCFA');
    const card = await submit(`${link}/card`, {
      method: 'card',
      number: '4242 4242 4242 4242',
      expiry: '12/39',
      cvc: '123',
    });
    expect(card).toEqual({ status: 303, location: `${link}/3ds` });
    const threeDs = await submit(`${link}/3ds`, { code: '123456' });
    expect(threeDs.status).toBe(303);
    expect(threeDs.location).toMatch(
      new RegExp(`^${product.simulators.url}/payments/card/return\\?reference=[^&]+&.*status=complete`),
    );

    const back = await fetch(threeDs.location);
    expect(back.status).toBe(200);
    const text = await back.text();
    expect(text).toContain('Paiement en cours de confirmation');
    expect(text).toContain('we will tell you in the chat whether the top-up succeeded');
    expect(text).not.toContain('<script');

    await eventually(async () => {
      expect(await noticesFor(product, msisdn, 'en')).toEqual([
        `Top-up of 10 000 FCFA received. New balance: 10 000 FCFA. Ref ${reference}`,
      ]);
    });
    // The webhook was signed, accepted, and told the product; the credit happened once, whoever saw it first.
    await eventually(() => {
      expect(product.simulators.simulators.notchPay.deliveries.filter((d) => d.event === 'payment.complete')).toEqual(
        expect.arrayContaining([expect.objectContaining({ outcome: 200, wrongSignature: false })]),
      );
    });
    expect(await balanceOf(product, msisdn)).toMatchObject({ available: 10_000, incoming: 0 });
    await eventually(() => expectConsistent(product.services.ledger.store));
  });

  it('a forged webhook or return changes nothing: only Notch Pay’s signature and status count', async () => {
    const msisdn = '237677400731' as Msisdn;
    const { link } = await cardTopUp(msisdn);
    const merchantReference = /Reference <code>([^<]+)<\/code>/.exec(await (await fetch(link)).text())?.[1];
    expect(merchantReference).toBeDefined();
    const forged = JSON.stringify({
      event: 'payment.complete',
      data: { merchant_reference: merchantReference, status: 'complete', amount: 10_300, currency: 'XAF' },
    });
    const webhook = `${product.simulators.url}/webhooks/notch-pay`;
    for (const signature of ['0'.repeat(64), undefined]) {
      const answer = await fetch(webhook, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          ...(signature === undefined ? {} : { 'x-notch-signature': signature }),
        },
        body: forged,
      });
      expect(answer.status).toBe(401);
    }
    // The return page is only a hint too: Notch Pay still says the payment is pending.
    const back = await fetch(
      `${product.simulators.url}/payments/card/return?reference=${merchantReference}&status=complete`,
    );
    expect(back.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await balanceOf(product, msisdn)).toMatchObject({ available: 0, incoming: 10_000 });
    expect(await noticesFor(product, msisdn, 'en')).toEqual([]);
  });
});

describe('a withdrawal to Orange Money', () => {
  it('to one’s own Orange number: held, paid out by cash-in, confirmed by its status and told', async () => {
    const fatou = await product.signedUp('237699400741', 'Fatou');
    await fund(product, fatou.msisdn, 20_000);
    expect(await fatou.says('withdraw 5000')).toEqual([
      'Withdraw 5 000 FCFA to your number +237 6 99 40 07 41 on:\n1. MTN MoMo\n2. Orange Money (your operator)',
    ]);
    expect((await fatou.says('2'))[0]).toMatch(/^Withdraw 5 000 FCFA to Orange Money \+237 6 99 40 07 41\? Fee: /);
    expect(await fatou.says('1')).toEqual(['Enter your PIN to confirm.']);
    const started = await fatou.says('2468');
    expect(started[0]).toMatch(/^Your money is on its way: 5 000 FCFA to Orange Money\./);
    const reference = referenceIn(started[0]);

    await eventually(async () => {
      const [notice, ...more] = await noticesFor(product, fatou.msisdn, 'en');
      expect(more).toEqual([]);
      expect(notice).toMatch(new RegExp(`^Withdrawal of 5 000 FCFA sent \\(fee \\d+ FCFA\\)\\. .*Ref ${reference}$`));
    });
    const balance = await balanceOf(product, fatou.msisdn);
    expect(balance.held).toBe(0);
    expect(balance.available).toBeLessThan(15_000);
    const made = (await product.simulators.simulators.orangeMoney.payments()).filter(
      (p) => p.subscriberMsisdn === '699400741',
    );
    expect(made).toMatchObject([{ kind: 'cashin', amount: 5000 }]);
    await eventually(() => expectConsistent(product.services.ledger.store));
  });
});

describe('a MoMo callback', () => {
  it('sent twice by MTN, and once more by anyone, credits the top-up once and tells the person once', async () => {
    const mtn = product.simulators.simulators.mtnMomo;
    mtn.duplicateCallbacks(1);
    const kwame = await product.signedUp('237677400751', 'Kwame');
    await kwame.says('top up 6000');
    await kwame.says('1');
    await kwame.says('1');
    const reference = referenceIn((await kwame.says('1'))[0]);
    const [prompt] = await mtnMomoPrompts(product.db.connection, kwame.msisdn);
    const callbackUrl = prompt?.callbackUrl ?? '';
    expect(callbackUrl).toMatch(new RegExp(`^${product.simulators.url}/callbacks/mtn-momo/`));

    await eventually(() => {
      expect(mtn.callbacks.filter((c) => c.url === callbackUrl).map((c) => c.answeredWith)).toEqual([200, 200]);
    });
    const again = await fetch(callbackUrl, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ status: 'SUCCESSFUL', amount: '600000', currency: 'XAF' }),
    });
    expect(again.status).toBe(200);
    await eventually(async () => {
      expect(await noticesFor(product, kwame.msisdn, 'en')).toEqual([
        `Top-up of 6 000 FCFA received. New balance: 6 000 FCFA. Ref ${reference}`,
      ]);
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await balanceOf(product, kwame.msisdn)).toMatchObject({ available: 6000, incoming: 0 });
    expect(await noticesFor(product, kwame.msisdn, 'en')).toHaveLength(1);
    await eventually(() => expectConsistent(product.services.ledger.store));
  });
});
