/**
 * A merchant's invoice over real HTTP on the whole product: sent by SMS with its page's link, its printable page
 * and its PDF, paid in part then in full from its page through the pay page and the MTN MoMo simulator, its status
 * and events following; two payers racing for it make one request at a time, never asking more than is due.
 */
import { accountIds } from '../../../domain/ledger/accounts';
import type { Msisdn } from '../../../domain/phone';
import { invoicePageMessages } from '../../../flows/messages/invoicePage';
import { eventually, useProduct } from '../../support/chat';
import { expectConsistent } from '../../support/ledger';
import { noticesFor, shownDate } from '../e2e.support';
import { get, payByMomo, post, useMerchantPages } from './links.support';

const product = useProduct();
const pages = useMerchantPages(product);
afterEach(() => expectConsistent(product.services.ledger.store));

const DAY = 86_400_000;
const customer = '237677540001' as Msisdn;

async function anInvoice(id: string) {
  const made = await pages.invoices.create({
    merchantId: pages.merchant._id,
    id,
    customer: { name: 'Hôtel <Le Palmier>', phone: customer },
    items: [
      { description: 'Riz 25 kg', quantity: 2, unitPrice: 12_500 },
      { description: 'Huile 5 L', quantity: 1, unitPrice: 4_020 },
    ],
    dueDate: new Date(Date.now() + 10 * DAY),
    notes: 'Livraison <gratuite>',
  });
  if (!made.ok) throw new Error(made.reason);
  return made.invoice;
}

async function merchantBalance(): Promise<number> {
  return (await product.services.ledger.balance(accountIds.merchant(pages.merchant._id))).available;
}

describe('an invoice page', () => {
  it('is sent by SMS, shows the invoice with its VAT, gives a PDF, and is paid in part then in full', async () => {
    const draft = await anInvoice('inv-page-1');
    // 2 × 12 500 + 4 020 = 29 020; VAT 19.25 % = 5 586.35 → 5 586; total 34 606.
    expect(draft).toMatchObject({ status: 'draft', subtotal: 29_020, vat: 5_586, total: 34_606, url: null });
    expect(draft.number).toMatch(/^F-\d{4}-0001$/);

    const sent = await pages.invoices.send(pages.merchant._id, draft.id, { channel: 'sms' });
    if (!sent.ok) throw new Error(sent.reason);
    expect(sent.invoice.status).toBe('sent');
    const url = sent.invoice.url!;
    expect(url).toMatch(new RegExp(`^${pages.payPages.url}/i/[A-Za-z0-9_-]{43}$`));
    const [sms] = await noticesFor(product, customer, 'en');
    expect(sms).toBe(
      `Boutique Mbarga & Fils sent you invoice ${draft.number}: 34 606 FCFA due by ` +
        `${shownDate(draft.dueDate, 'en')}. See and pay it at ${url}`,
    );
    const [message] = await product.services.outbox.for(customer);
    expect(message?.notice.bySms).toBe(true);

    const page = await get(`${url}?lang=en`);
    expect(page.status).toBe(200);
    expect(page.body).not.toMatch(/<script|\son\w+=/i);
    expect(page.body).toContain(`<h1>Invoice ${draft.number}</h1>`);
    expect(page.body).toContain('To Hôtel &#60;Le Palmier&#62;');
    expect(page.body).toContain('<blockquote>Livraison &#60;gratuite&#62;</blockquote>');
    expect(page.body).toContain('VAT (19.25 %)');
    expect(page.body).toContain('34 606 FCFA');
    expect(page.body).toContain(invoicePageMessages.en.vatRule);
    expect(page.body).toContain('name="amount" type="text" inputmode="numeric" required maxlength="13" value="34606"');
    const css = await get(`${pages.payPages.url}/i/invoice.css`);
    expect(css.body).toContain('@media print');

    const pdf = await fetch(`${url}.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.toString('latin1')).toContain(draft.number);

    // Too much is refused; a part is paid, then the rest.
    const tooMuch = await post(`${url}?lang=en`, { number: '677540002', amount: '34607' });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body).toContain(invoicePageMessages.en.AMOUNT_TOO_HIGH);
    const balance = merchantBalance;
    const before = await balance();
    const part = await post(`${url}?lang=en`, { number: '677540002', amount: '10 000' });
    expect(part.status).toBe(303);
    await payByMomo(part.location!);
    await eventually(async () => {
      expect((await pages.invoices.get(pages.merchant._id, draft.id))?.status).toBe('partially_paid');
    });
    expect(await pages.invoices.get(pages.merchant._id, draft.id)).toMatchObject({
      amountPaid: 10_000,
      amountDue: 24_606,
    });
    expect((await get(`${url}?lang=en`)).body).toContain('value="24606"');
    const rest = await post(`${url}?lang=en`, { number: '677540002' });
    expect(rest.status).toBe(303);
    await payByMomo(rest.location!);
    await eventually(async () => {
      expect((await pages.invoices.get(pages.merchant._id, draft.id))?.status).toBe('paid');
    });
    expect((await balance()) - before).toBe(34_606);
    const paidPage = await get(`${url}?lang=en`);
    expect(paidPage.body).toContain(invoicePageMessages.en.statusPaid);
    expect(paidPage.body).not.toContain('<form');
    expect(await pages.invoices.cancel(pages.merchant._id, draft.id)).toEqual({ ok: false, reason: 'ALREADY_PAID' });

    expect(pages.events.keys()).toEqual([`${draft.id}:sent`, `${draft.id}:partially_paid:10000`, `${draft.id}:paid`]);
    expect(pages.events.events.map((e) => e.type)).toEqual(['invoice.sent', 'invoice.partially_paid', 'invoice.paid']);
  });

  it('lets one of two payers racing for the whole amount make its request, tells the other a payment is being made, and is paid once', async () => {
    const draft = await anInvoice('inv-page-race');
    const sent = await pages.invoices.send(pages.merchant._id, draft.id, { channel: 'sms' });
    if (!sent.ok) throw new Error(sent.reason);
    const url = sent.invoice.url!;
    const before = await merchantBalance();
    const answers = await Promise.all([
      post(`${url}?lang=en`, { number: '677540011', amount: '34606' }),
      post(`${url}?lang=en`, { number: '677540012', amount: '34606' }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([303, 409]);
    const loser = answers.find((a) => a.status === 409)!;
    expect(loser.body).toContain(invoicePageMessages.en.BUSY);
    expect(await pages.invoices.options.store.payments(draft.id)).toHaveLength(1);
    await payByMomo(answers.find((a) => a.status === 303)!.location!);
    await eventually(async () => {
      expect((await pages.invoices.get(pages.merchant._id, draft.id))?.status).toBe('paid');
    });
    // The loser tries again: nothing is due, so the page is shown again and nothing is made.
    const again = await post(`${url}?lang=en`, { number: '677540012', amount: '34606' });
    expect(again.status).toBe(303);
    expect(again.location).toMatch(/^\/i\//);
    expect(await pages.invoices.options.store.payments(draft.id)).toHaveLength(1);
    expect(await pages.invoices.get(pages.merchant._id, draft.id)).toMatchObject({ amountPaid: 34_606, amountDue: 0 });
    expect((await merchantBalance()) - before).toBe(34_606);
  });

  it('once paid in part, lets the next payers ask at most the rest, one at a time', async () => {
    const draft = await anInvoice('inv-page-rest');
    const sent = await pages.invoices.send(pages.merchant._id, draft.id, { channel: 'sms' });
    if (!sent.ok) throw new Error(sent.reason);
    const url = sent.invoice.url!;
    const part = await post(`${url}?lang=en`, { number: '677540021', amount: '10000' });
    expect(part.status).toBe(303);
    await payByMomo(part.location!);
    await eventually(async () => {
      expect((await pages.invoices.get(pages.merchant._id, draft.id))?.amountPaid).toBe(10_000);
    });
    const whole = await Promise.all(
      ['677540022', '677540023'].map((number) => post(`${url}?lang=en`, { number, amount: '34606' })),
    );
    expect(whole.map((a) => a.status)).toEqual([400, 400]);
    for (const refused of whole) expect(refused.body).toContain(invoicePageMessages.en.AMOUNT_TOO_HIGH);
    const rest = await Promise.all(['677540022', '677540023'].map((number) => post(`${url}?lang=en`, { number })));
    expect(rest.map((a) => a.status).sort()).toEqual([303, 409]);
    await payByMomo(rest.find((a) => a.status === 303)!.location!);
    await eventually(async () => {
      expect((await pages.invoices.get(pages.merchant._id, draft.id))?.status).toBe('paid');
    });
    expect(await pages.invoices.get(pages.merchant._id, draft.id)).toMatchObject({ amountPaid: 34_606, amountDue: 0 });
    expect(await pages.invoices.options.store.payments(draft.id)).toHaveLength(2);
  });

  it('answers 404 for an unknown token and its PDF', async () => {
    const unknown = `${pages.payPages.url}/i/${'A'.repeat(43)}`;
    expect((await get(unknown)).status).toBe(404);
    expect((await get(`${unknown}.pdf`)).status).toBe(404);
    expect((await post(unknown, { number: '677540003' })).status).toBe(404);
  });
});
