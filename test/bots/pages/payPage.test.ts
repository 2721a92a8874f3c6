/**
 * The pay page over real HTTP, on the whole product (services, runtime, real database, and the MTN MoMo and Orange
 * Money clients talking to the product's own simulators over HTTP): a person asks a number without an account for
 * money in the chat, the SMS carries the link, and the link's holder pays on the page by MTN MoMo; the requester is
 * credited and told in their chat. What the providers were asked is read from the simulators' own records.
 */
import { randomBytes } from 'node:crypto';
import { Metrics } from '../../../bots/channels/http/metrics';
import { createHttpApp } from '../../../bots/channels/http/server';
import { ChannelTurns } from '../../../bots/channels/http/turns';
import { PAY_PAGE_PATH, payPageChannel } from '../../../bots/pages/pay/payRoute';
import type { Msisdn } from '../../../domain/phone';
import { payPageMessages } from '../../../flows/messages/payPage';
import { eventually, useProduct } from '../../support/chat';
import { expectConsistent } from '../../support/ledger';
import { mtnMomoPrompts, orangeMoneyPayments } from '../../support/railSimulators';
import { capturedLogs, serve } from '../channels/http/support';
import { balanceOf, noticesFor } from '../e2e.support';

const product = useProduct();
const logs = capturedLogs();
let server: Awaited<ReturnType<typeof serve>>;

beforeAll(async () => {
  const metrics = new Metrics({ processMetrics: false });
  const pages = product.services.paymentRequests.byLink;
  if (!pages) throw new Error('the product has no pay pages');
  const app = createHttpApp({
    turns: new ChannelTurns(product.conversations, metrics),
    readiness: async () => ({ ok: true, details: {} }),
    metrics,
    logger: logs.logger,
    channels: [payPageChannel({ pages, refreshSeconds: 1 })],
  });
  server = await serve(app);
});
afterAll(async () => {
  await server.close();
});
afterEach(() => expectConsistent(product.services.ledger.store));

/** How many payments each phone rail's simulator was asked for so far (this file's database keeps them all). */
async function railAsks() {
  const { connection } = product.db;
  return {
    mtn_momo: (await mtnMomoPrompts(connection)).length,
    orange_money: (await orangeMoneyPayments(connection)).length,
  };
}

/** A request made in the chat by `name` to a number without an account; the page path its SMS links to. */
async function requestByChat(requester: string, payer: string, amount: string, reason: string) {
  const person = await product.signedUp(requester, 'Kwame Boateng');
  await person.says('4');
  await person.says('1');
  await person.says(payer);
  await person.says(amount);
  await person.says(reason);
  await person.says('1');
  const [sms] = await noticesFor(product, `237${payer}` as Msisdn, 'en');
  const path = /\/pay\/[A-Za-z0-9_-]{43}/.exec(sms ?? '')?.[0];
  if (!path) throw new Error(`no pay link in: ${sms}`);
  return { person, path };
}

async function get(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}${path}`, { headers, redirect: 'manual' });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

async function post(path: string, form: Record<string, string>) {
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    body: new URLSearchParams(form),
    redirect: 'manual',
  });
  return { status: response.status, location: response.headers.get('location'), body: await response.text() };
}

describe('the pay page', () => {
  it('shows who asks, the amount, the reason (escaped, as their words) and the expiry, with no script', async () => {
    const { path } = await requestByChat('237677520001', '677520002', '2500', '<b>Loyer</b> & "eau"');
    const page = await get(path, { 'Accept-Language': 'en-GB,en;q=0.9' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const policy = page.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("default-src 'none'");
    expect(policy).not.toMatch(/script-src|unsafe-inline/);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.body).not.toMatch(/<script|\son\w+=/i);
    expect(page.body).toContain('Kwame Boateng (+237 6 77 52 00 01) asks you for 2 500 FCFA.');
    expect(page.body).toContain(payPageMessages.en.reasonLabel);
    expect(page.body).toContain('<blockquote>&#60;b&#62;Loyer&#60;/b&#62; &#38; &#34;eau&#34;</blockquote>');
    expect(page.body).not.toContain('<b>');
    expect(page.body).toMatch(/Payable until \d\d\/\d\d\/\d{4} \d\d:\d\d\./);
    for (const rail of ['mtn_momo', 'orange_money', 'card']) expect(page.body).toContain(`value="${rail}"`);
    expect(page.body).toContain(payPageMessages.en.pinWarning);

    // French by Accept-Language, and `?lang=` over it.
    expect((await get(path, { 'Accept-Language': 'fr-CM,fr' })).body).toContain('vous demande 2 500 FCFA');
    expect((await get(`${path}?lang=fr`, { 'Accept-Language': 'en' })).body).toContain('<html lang="fr">');
    const css = await get(`${PAY_PAGE_PATH}/pay.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
  });

  it('answers 404 for a token that opens nothing, and moves nothing', async () => {
    const unknown = randomBytes(32).toString('base64url');
    const before = await railAsks();
    for (const path of [`/pay/${unknown}`, '/pay/not-a-token', `/pay/${unknown}/status`]) {
      const page = await get(path, { 'Accept-Language': 'en' });
      expect(page.status).toBe(404);
    }
    expect((await get(`/pay/${unknown}?lang=en`)).body).toContain(payPageMessages.en.notFound);
    const posted = await post(`/pay/${unknown}`, { rail: 'mtn_momo', number: '677889900' });
    expect(posted.status).toBe(404);
    expect(await railAsks()).toEqual(before);
  });

  it('shows the form again with the reason when the number does not fit the rail, and prompts nobody', async () => {
    const { path } = await requestByChat('237677520011', '677520012', '1000', 'Taxi');
    const before = await railAsks();
    const orange = await post(`${path}?lang=en`, { rail: 'mtn_momo', number: '699 00 11 22' });
    expect(orange.status).toBe(400);
    expect(orange.body).toContain('This number is not on MTN Mobile Money: choose the right operator.');
    const foreign = await post(`${path}?lang=en`, { rail: 'orange_money', number: '+33 6 12 34 56 78' });
    expect(foreign.status).toBe(400);
    expect(foreign.body).toContain(payPageMessages.en.invalidNumber);
    const nonsense = await post(`${path}?lang=en`, { rail: 'bitcoin', number: '677889900' });
    expect(nonsense.status).toBe(400);
    expect(await railAsks()).toEqual(before);
  });

  it('pays by MTN MoMo: approve on the phone, the page shows it paid, and the requester is told in the chat', async () => {
    const { person, path } = await requestByChat('237677520021', '677520022', '3000', 'Loyer');
    const form = await get(`${path}?lang=en`);
    const payId = /name="payId" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
    // The sandbox number ending in 4: the payer approves after ten times the simulator's delay (0.5 s here).
    const posted = await post(`${path}?lang=en`, { rail: 'mtn_momo', number: '677 12 34 54', payId });
    expect(posted.status).toBe(303);
    expect(posted.location).toBe(`${path}?lang=en`);
    // The same form sent again (a double click) is the same attempt.
    expect((await post(`${path}?lang=en`, { rail: 'mtn_momo', number: '677 12 34 54', payId })).status).toBe(303);
    // One prompt on the payer's phone, for the amount and its fee (none by MoMo here).
    expect(await mtnMomoPrompts(product.db.connection, '237677123454')).toEqual([
      expect.objectContaining({ amount: '3000', currency: 'XAF' }),
    ]);

    const waiting = await get(`${path}?lang=en`);
    expect(waiting.body).toContain('Approve the payment of 3 000 FCFA on your phone (MTN Mobile Money).');
    expect(waiting.body).toContain('<meta http-equiv="refresh" content="1" />');
    expect(waiting.body).not.toContain('<form');
    await eventually(async () => {
      const status = await get(`${path}/status`);
      expect(JSON.parse(status.body)).toEqual({
        status: 'paid',
        attempt: { rail: 'mtn_momo', state: 'paid', reason: null, total: 3000 },
      });
    });
    const paid = await get(`${path}?lang=en`);
    expect(paid.body).toContain('Paid. Kwame Boateng has been told. Thank you.');
    expect(paid.body).not.toContain('<form');
    expect(paid.body).not.toContain('http-equiv="refresh"');

    // Paid once: another form is refused, and the page still says paid.
    const again = await post(`${path}?lang=en`, { rail: 'orange_money', number: '699001133' });
    expect(again).toMatchObject({ status: 303, location: `${path}?lang=en` });
    expect(await orangeMoneyPayments(product.db.connection, '237699001133')).toEqual([]);

    expect((await balanceOf(product, person.msisdn)).available).toBe(3000);
    const told = await noticesFor(product, person.msisdn, 'en');
    expect(told.filter((text) => /paid your request: 3 000 FCFA is in your account/.test(text))).toHaveLength(1);
    await person.says('00');
    await person.says('4');
    expect(await person.says('2')).toEqual(['You have no open requests. Send 00 for the menu.']);
  });

  it('makes one attempt of ten forms posted at once, and keeps the link out of the logs', async () => {
    const { person, path } = await requestByChat('237677520041', '677520042', '2000', 'Savon');
    const posted = await Promise.all(
      Array.from({ length: 10 }, (_, i) => post(`${path}?lang=en`, { rail: 'mtn_momo', number: `67788990${i}` })),
    );
    expect(posted.map((p) => p.status)).toEqual(Array(10).fill(303));
    const prompted = (await mtnMomoPrompts(product.db.connection)).filter(
      (p) => p.partyId.startsWith('23767788990') && p.amount === '2000',
    );
    expect(prompted).toHaveLength(1);
    await eventually(async () => {
      expect(JSON.parse((await get(`${path}/status`)).body)).toMatchObject({ status: 'paid' });
    });
    expect((await balanceOf(product, person.msisdn)).available).toBe(2000);
    const token = path.split('/').at(-1)!;
    expect(logs.text()).toContain('"route":"/pay"');
    expect(logs.text()).not.toContain(token);
  });

  it('says a failed attempt did not go through, and a new attempt from the same page pays', async () => {
    const { person, path } = await requestByChat('237677520031', '677520032', '1500', 'Pain');
    // The sandbox number ending in 1: the payer rejects the prompt.
    await post(`${path}?lang=en`, { rail: 'mtn_momo', number: '677123451' });
    await eventually(async () => {
      expect(JSON.parse((await get(`${path}/status`)).body)).toMatchObject({
        status: 'open',
        attempt: { state: 'failed', reason: 'REJECTED' },
      });
    });
    const failed = await get(`${path}?lang=en`);
    expect(failed.body).toContain('The payment did not go through (REJECTED). Nothing was taken.');
    expect(failed.body).toContain('<form');

    await post(`${path}?lang=en`, { rail: 'orange_money', number: '699 00 11 22' });
    await eventually(async () => {
      expect(JSON.parse((await get(`${path}/status`)).body)).toMatchObject({ status: 'paid' });
    });
    expect((await balanceOf(product, person.msisdn)).available).toBe(1500);
    expect(await orangeMoneyPayments(product.db.connection, '237699001122')).toEqual([
      expect.objectContaining({ kind: 'mp' }),
    ]);
  });
});
