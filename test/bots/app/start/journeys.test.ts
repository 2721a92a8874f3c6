/**
 * The journeys people make, on the default `npm start`: the real bots/app/main.ts in a child process with nothing
 * set but its ports, a fresh data folder (its own local FerretDB) and a short SIMULATED_RAIL_DELAY_MS. People talk
 * to it as a developer does on the simulator page (its routes on LOCAL_PORT: the chat, and once SMS through the
 * signed SMS webhook), see the notices it sends them there, and ask their balance in the conversation; the pay page, the card checkout and the providers' simulators are reached over
 * HTTP on PORT, the card pay page in Chromium. Nothing is read from the product's database: only what people see.
 *
 * Top up by MTN MoMo, Orange Money and card; withdraw to MTN MoMo and Orange Money; pay an ENEO bill and a prepaid
 * meter; a person without an account pays a request on the pay page by MTN MoMo, and by card in Chromium.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { endedWithin, freePort, startMain, type MainProcess } from './mainProcess';
import { PIN, referenceIn, simulatorPage, type SimulatorPhone } from './simulatorPhone';

// Short, so a journey waits on the operator a fraction of a second (numbers ending late take ten times this).
const RAIL_DELAY_MS = 100;

let main: MainProcess | undefined;
/** The product's public server (PORT): pay pages, card checkout and return, providers' simulators. */
let productUrl: string;
let page: ReturnType<typeof simulatorPage>;

beforeAll(async () => {
  const [port, localPort, databasePort] = [await freePort(), await freePort(), await freePort()];
  main = startMain({
    PORT: String(port),
    LOCAL_PORT: String(localPort),
    LOCAL_DB_PORT: String(databasePort),
    SIMULATED_RAIL_DELAY_MS: String(RAIL_DELAY_MS),
  });
  await main.waitFor('chatpay is ready', 90_000);
  productUrl = `http://127.0.0.1:${port}`;
  page = simulatorPage(`http://127.0.0.1:${localPort}`);
}, 120_000);

afterAll(async () => {
  if (!main) return;
  main.child.kill('SIGTERM');
  const ended = await endedWithin(main, 30_000);
  // The data folder the start was given (its logs sit beside the local database).
  const logs = /\(logs: (\S+)\/chatpay\.log\)/.exec(main.output())?.[1];
  if (logs && path.basename(logs).startsWith('chatpay-main-')) rmSync(logs, { recursive: true, force: true });
  expect(ended).toEqual({ code: 0, signal: null });
});

/** The balance as the chat shows it from the main menu, the first time in the session (so the PIN is asked). */
async function balanceShown(phone: SimulatorPhone): Promise<string> {
  expect(await phone.says('1')).toEqual(['Enter your PIN to see your balance and history.']);
  const [balance, ...more] = await phone.says(PIN);
  expect(more).toEqual([]);
  return balance ?? '';
}

function available(francs: string): string {
  return `Available: ${francs} FCFA. On hold: 0 FCFA. Incoming: 0 FCFA. Send 00 for the menu.`;
}

/** `12 345` as the product prints francs. */
function francs(amount: number): string {
  return String(amount).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

/** Tops up from the person's own number on MTN MoMo (`1`) or Orange Money (`2`), and waits for the notice. */
async function toppedUp(phone: SimulatorPhone, amount: number, rail: '1' | '2'): Promise<void> {
  await phone.says(`top up ${amount}`);
  await phone.says(rail);
  await phone.says('1');
  const reference = referenceIn((await phone.says('1'))[0]);
  await phone.noticeMatching(new RegExp(`^Top-up of ${francs(amount)} FCFA received\\. .*Ref ${reference}$`));
}

/** Posts a form as a browser does, without following the redirect: answers the status and where it points. */
async function submit(url: string, fields: Record<string, string>): Promise<{ status: number; location: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
    signal: AbortSignal.timeout(15_000),
  });
  await response.arrayBuffer();
  return { status: response.status, location: new URL(response.headers.get('location') ?? '', url).toString() };
}

async function pageText(url: string): Promise<{ status: number; text: string }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(15_000) });
  return { status: response.status, text: await response.text() };
}

describe('topping up from chat', () => {
  it('by MTN MoMo from one’s own number: started, credited, told, and the balance shows it', async () => {
    const ama = await page.signedUp('677400501', 'Ama Mensah');
    expect(await ama.says('top up 10000')).toEqual([
      'Top up 10 000 FCFA from:\n1. MTN MoMo\n2. Orange Money\n3. Bank card',
    ]);
    expect(await ama.says('1')).toEqual([
      'Which MTN MoMo number pays?\n1. My number +237 6 77 40 05 01\n2. Another number',
    ]);
    expect(await ama.says('1')).toEqual([
      'Top up 10 000 FCFA with MTN MoMo? Fee: 0 FCFA. Debited from +237 6 77 40 05 01: 10 000 FCFA.\n' +
        '1. Confirm\n2. Cancel',
    ]);
    const [started] = await ama.says('1');
    expect(started).toMatch(/^Top-up of 10 000 FCFA started\. Approve the request on your phone\./);
    const reference = referenceIn(started);

    await ama.noticeMatching(/^Top-up of 10 000 FCFA received/);
    expect(await ama.notices()).toEqual([`Top-up of 10 000 FCFA received. New balance: 10 000 FCFA. Ref ${reference}`]);
    expect(await balanceShown(ama)).toBe(available('10 000'));
  });

  it('by Orange Money from one’s own number, by SMS through the signed SMS webhook: the same, on Orange', async () => {
    const awa = await page.signedUp('699400501', 'Awa Ndiaye', 'sms');
    await awa.says('top up 8000');
    expect(await awa.says('2')).toEqual([
      'Which Orange Money number pays?\n1. My number +237 6 99 40 05 01\n2. Another number',
    ]);
    expect(await awa.says('1')).toEqual([
      'Top up 8 000 FCFA with Orange Money? Fee: 0 FCFA. Debited from +237 6 99 40 05 01: 8 000 FCFA.\n' +
        '1. Confirm\n2. Cancel',
    ]);
    const reference = referenceIn((await awa.says('1'))[0]);

    await awa.noticeMatching(/^Top-up of 8 000 FCFA received/);
    expect(await awa.notices()).toEqual([`Top-up of 8 000 FCFA received. New balance: 8 000 FCFA. Ref ${reference}`]);
    expect(await balanceShown(awa)).toBe(available('8 000'));
  });

  it('by card: the checkout link from chat, card and 3-D Secure on the checkout, back to our page, then credited', async () => {
    const kofi = await page.signedUp('677400511', 'Kofi Annan');
    await kofi.says('top up 10000');
    expect((await kofi.says('3'))[0]).toMatch(/^Top up 10 000 FCFA by card\? Fee: 300 FCFA\. Card charged: 10 300/);
    const [started] = await kofi.says('1');
    const link = /^Card top-up of 10 000 FCFA: pay at (\S+) Ref /.exec(started ?? '')?.[1] ?? '';
    expect(link).toMatch(new RegExp(`^${productUrl}/simulators/notch-pay/checkout/`));
    const reference = referenceIn(started);

    const checkout = await pageText(link);
    expect(checkout.status).toBe(200);
    expect(checkout.text).toContain('10 300 FCFA');
    const card = { method: 'card', number: '4242 4242 4242 4242', expiry: '12/39', cvc: '123' };
    expect(await submit(`${link}/card`, card)).toEqual({ status: 303, location: `${link}/3ds` });
    const threeDs = await submit(`${link}/3ds`, { code: '123456' });
    expect(threeDs.status).toBe(303);
    expect(threeDs.location).toMatch(new RegExp(`^${productUrl}/payments/card/return\\?.*status=complete`));
    const back = await pageText(threeDs.location);
    expect(back.status).toBe(200);
    expect(back.text).toContain('we will tell you in the chat whether the top-up succeeded');

    await kofi.noticeMatching(/^Top-up of 10 000 FCFA received/);
    expect(await kofi.notices()).toEqual([
      `Top-up of 10 000 FCFA received. New balance: 10 000 FCFA. Ref ${reference}`,
    ]);
    expect(await balanceShown(kofi)).toBe(available('10 000'));
  });
});

describe('withdrawing from chat to one’s own number', () => {
  it.each([
    { rail: 'MTN MoMo', choice: '1', number: '677400521', name: 'Esi Owusu', amount: 4000 },
    { rail: 'Orange Money', choice: '2', number: '699400521', name: 'Fatou Diop', amount: 3000 },
  ] as const)('to $rail: held, paid out, told, and the balance shows the fee taken', async (journey) => {
    const phone = await page.signedUp(journey.number, journey.name);
    await toppedUp(phone, 10_000, journey.choice);

    const shown = francs(journey.amount);
    expect((await phone.says(`withdraw ${journey.amount}`))[0]).toMatch(
      new RegExp(`^Withdraw ${shown} FCFA to your number \\+237 [\\d ]+ on:\\n1\\. MTN MoMo`),
    );
    const [confirm] = await phone.says(journey.choice);
    const terms = new RegExp(
      `^Withdraw ${shown} FCFA to ${journey.rail} \\+237 [\\d ]+\\? Fee: (\\d+) FCFA\\. Total: ([\\d ]+) FCFA\\. ` +
        'Balance after: ([\\d ]+) FCFA\\.\\n1\\. Confirm\\n2\\. Cancel$',
    ).exec(confirm ?? '');
    if (!terms) throw new Error(`not a withdrawal's confirmation: ${confirm}`);
    const [, fee, total, after] = terms;
    expect(Number(total?.replace(/ /g, ''))).toBe(journey.amount + Number(fee));
    expect(Number(after?.replace(/ /g, ''))).toBe(10_000 - journey.amount - Number(fee));
    expect(await phone.says('1')).toEqual(['Enter your PIN to confirm.']);
    const [started] = await phone.says(PIN);
    expect(started).toBe(
      `Your money is on its way: ${shown} FCFA to ${journey.rail}. ${total} FCFA held until the operator confirms. ` +
        `Ref ${referenceIn(started)}`,
    );

    expect(await phone.noticeMatching(/^Withdrawal of/)).toBe(
      `Withdrawal of ${shown} FCFA sent (fee ${fee} FCFA). New balance: ${after} FCFA. Ref ${referenceIn(started)}`,
    );
    expect(await balanceShown(phone)).toBe(available(after ?? ''));
  });
});

describe('paying a bill from chat', () => {
  it('part of an ENEO electricity bill: looked up, paid, the receipt shown, and the rest still open', async () => {
    const paul = await page.signedUp('677400531', 'Paul Biya');
    await toppedUp(paul, 10_000, '1');

    expect((await paul.says('5'))[0]).toMatch(/^Pay which bill\?\n1\. ENEO electricity bill\n2\. ENEO prepaid meter/);
    expect(await paul.says('1')).toEqual(['Enter your ENEO bill or contract number.']);
    const [bills] = await paul.says('223456789');
    const bill = /^To pay for 223456789 \((.+)\):\n1\. Bill (\d{12}): ([\d ]+) FCFA, due \d\d\/\d\d\/\d{4}/.exec(
      bills ?? '',
    );
    if (!bill) throw new Error(`no ENEO bill shown: ${bills}`);
    const [, customer, billNumber, owedText] = bill;
    const owed = Number(owedText?.replace(/ /g, ''));
    expect(owed).toBeGreaterThan(5000);
    expect(await paul.says('1')).toEqual([
      `Bill ${billNumber}: ${owedText} FCFA to pay. Pay it all, or type an amount from 100 FCFA to ${owedText} FCFA.` +
        `\n1. Pay all: ${owedText} FCFA`,
    ]);
    expect(await paul.says('5000')).toEqual([
      `Pay 5 000 FCFA to ENEO for bill ${billNumber}, 223456789 (${customer})? Fee: 100 FCFA. Total: 5 100 FCFA.` +
        '\n1. Confirm\n2. Cancel',
    ]);
    expect(await paul.says('1')).toEqual(['Enter your PIN to confirm.']);
    const [receipt, ...more] = await paul.says(PIN);
    expect(more).toEqual([]);
    expect(receipt).toMatch(
      /^ENEO: 5 000 FCFA paid for 223456789\. Fee: 100 FCFA\. Receipt: R\d{9}\. Ref: [2-9A-HJKMNP-TV-Z]{9}$/,
    );

    // The biller now owes less on the same bill.
    await paul.says('5');
    await paul.says('1');
    expect((await paul.says('223456789'))[0]).toContain(`Bill ${billNumber}: ${francs(owed - 5000)} FCFA`);
    await paul.says('00');
    expect(await balanceShown(paul)).toBe(available('4 900'));
  });

  it('an ENEO prepaid meter: the amount typed, the token on the receipt', async () => {
    const jean = await page.signedUp('677400541', 'Jean Mballa');
    await toppedUp(jean, 10_000, '1');

    await jean.says('5');
    expect(await jean.says('2')).toEqual(['Enter your ENEO meter number.']);
    const [askAmount] = await jean.says('01234567891');
    expect(askAmount).toMatch(
      /^How much do you want to pay to ENEO for 01234567891 \(.+\)\? From 500 FCFA to 250 000 FCFA\.$/,
    );
    expect((await jean.says('2000'))[0]).toMatch(
      /^Pay 2 000 FCFA to ENEO for 01234567891 \(.+\)\? Fee: 100 FCFA\. Total: 2 100 FCFA\.\n1\. Confirm\n2\. Cancel$/,
    );
    expect(await jean.says('1')).toEqual(['Enter your PIN to confirm.']);
    expect((await jean.says(PIN))[0]).toMatch(
      /^ENEO: 2 000 FCFA paid for meter 01234567891\. Token: \d{4} \d{4} \d{4} \d{4} \d{4}\. Receipt: R\d{9}\. Ref: [2-9A-HJKMNP-TV-Z]{9}$/,
    );
    expect(await balanceShown(jean)).toBe(available('7 900'));
  });
});

describe('a person without an account pays a request on the pay page', () => {
  /** A request made in the chat to a number without an account; answers its reference and the link its SMS holds. */
  async function requestByChat(requester: SimulatorPhone, payer: string, amount: number, reason: string) {
    expect(await requester.says('4')).toEqual(['Request payment\n1. New request\n2. My open requests']);
    await requester.says('1');
    await requester.says(payer);
    await requester.says(String(amount));
    await requester.says(reason);
    const [sent] = await requester.says('1');
    expect(sent).toMatch(new RegExp(`^Request sent: we told \\+237 [\\d ]+ you ask for ${francs(amount)} FCFA\\.`));
    const sms = await page.phone(payer).noticeMatching(/vous demande/);
    const link = new RegExp(`${productUrl}/pay/[A-Za-z0-9_-]{43}`).exec(sms)?.[0];
    if (!link) throw new Error(`no pay link on PORT in: ${sms}`);
    return { reference: referenceIn(sent), link };
  }

  it('by MTN MoMo: the link from the SMS, the form, approval on the phone; the page says paid, the requester is told', async () => {
    const kwame = await page.signedUp('677400551', 'Kwame Boateng');
    const { reference, link } = await requestByChat(kwame, '677400552', 2500, 'Loyer');

    const form = await pageText(`${link}?lang=en`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('Kwame Boateng (+237 6 77 40 05 51) asks you for 2 500 FCFA.');
    const payId = /name="payId" value="([^"]+)"/.exec(form.text)?.[1] ?? '';
    expect(await submit(`${link}?lang=en`, { rail: 'mtn_momo', number: '677 40 05 52', payId })).toEqual({
      status: 303,
      location: `${link}?lang=en`,
    });
    const deadline = Date.now() + 15_000;
    let shown = await pageText(`${link}?lang=en`);
    while (!shown.text.includes('Paid.') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      shown = await pageText(`${link}?lang=en`);
    }
    expect(shown.text).toContain('Paid. Kwame Boateng has been told. Thank you.');
    expect(shown.text).not.toContain('<form');

    expect(await kwame.noticeMatching(/paid your request/)).toBe(
      `+237 6 77 40 05 52 paid your request: 2 500 FCFA is in your account. Ref ${reference}`,
    );
    expect(await balanceShown(kwame)).toBe(available('2 500'));
  });

  it('by card in Chromium: the pay page, the checkout and 3-D Secure, back to the pay page, which says it is paid', async () => {
    const yaw = await page.signedUp('677400561', 'Yaw Asante');
    const { reference, link } = await requestByChat(yaw, '677400562', 9000, 'Cotisation');

    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
    try {
      const tab = await browser.newPage({ locale: 'fr-FR' });
      // Script errors, and anything a page's Content-Security-Policy blocked (the pay page's or the checkout's).
      const problems: string[] = [];
      tab.on('pageerror', (error) => problems.push(error.message));
      tab.on('console', (message) => {
        if (/Content.Security.Policy|Refused to/i.test(message.text())) problems.push(message.text());
      });
      expect((await tab.goto(link))?.status()).toBe(200);
      await expect(tab.locator('h1').textContent()).resolves.toBe('Payer une demande');
      await tab.check('input[value="card"]');
      await tab.click('button[type="submit"]');

      await tab.waitForURL((url) => url.pathname.startsWith('/simulators/notch-pay/checkout/'));
      await tab.getByText('Yaw Asante').waitFor();
      await tab.getByLabel('Bank card (Visa, Mastercard)').check();
      await tab.getByLabel('Card number').fill('4242 4242 4242 4242');
      await tab.getByLabel('Expiry (MM/YY)').fill('12/39');
      await tab.getByLabel('CVV').fill('123');
      await tab.getByRole('button', { name: 'Pay' }).click();
      await tab.getByText('visa ending 4242').waitFor();
      await tab.getByLabel('One-time code').fill('123456');
      await tab.getByRole('button', { name: 'Confirm' }).click();

      // Back on the pay page, which reloads itself until the webhook's news is in.
      await tab.waitForURL((url) => url.href.startsWith(link));
      await tab.locator('text=Payé.').waitFor({ timeout: 15_000 });
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }

    expect(await yaw.noticeMatching(/paid your request/)).toBe(
      `+237 6 77 40 05 62 paid your request: 9 000 FCFA is in your account. Ref ${reference}`,
    );
    expect(await balanceShown(yaw)).toBe(available('9 000'));
  });
});
