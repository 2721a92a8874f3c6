/**
 * Payment links and invoices through the merchant API on the whole product, over real HTTP on its real database:
 * a link made by the API, opened and paid on its pay page by someone without an account through the MTN MoMo
 * simulator, read back with its payment and the payment's event; an invoice made by the API, sent by SMS, paid in
 * part then in full from its page, its events recorded when each payment ends (nobody reads it in between); POSTs
 * replayed by their Idempotency-Key; the services' refusals in the API's error shape.
 */
import { accountIds } from '../../../domain/ledger/accounts';
import type { Msisdn } from '../../../domain/phone';
import { eventually, useProduct } from '../../support/chat';
import { expectConsistent } from '../../support/ledger';
import { get, payByMomo, post } from '../pages/links.support';
import { useProductApi } from './productApi.support';

const product = useProduct({ pagesOnPort: true });
const api = useProductApi(product, { owner: '237677550001', name: 'Boutique Mbarga' });
afterEach(() => expectConsistent(product.services.ledger.store));

const DAY = 86_400_000;

const merchantBalance = async () =>
  (await product.services.ledger.balance(accountIds.merchant(api.merchantId))).available;

/** The events' types, newest first (a webhook-free look at what the merchant is told). */
async function eventTypes(): Promise<string[]> {
  const { status, body } = await api.call('GET', '/events?limit=100');
  expect(status).toBe(200);
  return (body.data as { type: string }[]).map((e) => e.type);
}

async function eventsOf(type: string): Promise<Record<string, unknown>[]> {
  const { body } = await api.call('GET', '/events?limit=100');
  return (body.data as { type: string; data: Record<string, unknown> }[])
    .filter((e) => e.type === type)
    .map((e) => e.data);
}

/** Fills a page's form (a link's or an invoice's) and pays the pay page it leads to by MTN MoMo. */
async function payFromPage(url: string, form: Record<string, string>): Promise<string> {
  const posted = await post(`${url}?lang=en`, form);
  expect(posted.status).toBe(303);
  expect(posted.location).toMatch(new RegExp(`^${product.simulators.url}/pay/[A-Za-z0-9_-]{43}$`));
  await payByMomo(posted.location!);
  return posted.location!;
}

describe('a payment link made through the API', () => {
  it('opens at its url, is paid there by someone without an account, and shows its payment and event', async () => {
    const created = await api.call('POST', '/payment_links', {
      idempotencyKey: 'link-e2e-1',
      body: {
        amount: 4000,
        currency: 'XAF',
        description: 'Panier de fruits',
        reusable: false,
        order_reference: 'A-17',
      },
    });
    expect(created.status).toBe(201);
    const link = created.body;
    expect(link).toMatchObject({
      object: 'payment_link',
      status: 'active',
      amount: 4000,
      currency: 'XAF',
      description: 'Panier de fruits',
      reusable: false,
      max_payments: 1,
      payments_count: 0,
      order_reference: 'A-17',
    });
    expect(link.id).toMatch(/^pl_[0-9a-f]{24}$/);
    expect(link.url).toBe(`${product.simulators.url}/l/${link.code}`);
    expect(link.qr_png_url).toBe(`${link.url}/qr.png`);
    expect(link.qr_svg_url).toBe(`${link.url}/qr.svg`);
    const qr = await fetch(link.qr_png_url);
    expect(qr.headers.get('content-type')).toBe('image/png');

    const page = await get(`${link.url}?lang=en`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Boutique Mbarga asks for 4 000 FCFA.');

    const before = await merchantBalance();
    const payUrl = await payFromPage(link.url, { number: '677 53 00 01' });
    await eventually(async () => {
      expect(JSON.parse((await get(`${payUrl}/status`)).body)).toMatchObject({ status: 'paid' });
    });
    expect((await merchantBalance()) - before).toBe(4000);

    const read = await api.call('GET', `/payment_links/${link.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: link.id, status: 'full', payments_count: 1 });
    const listed = await api.call('GET', '/payment_links?limit=10');
    expect(listed.body.data.map((l: { id: string }) => l.id)).toContain(link.id);

    await eventually(async () => {
      const succeeded = await eventsOf('payment.succeeded');
      expect(succeeded).toContainEqual(
        expect.objectContaining({ amount: 4000, source: 'link', source_id: link.id, order_reference: 'A-17' }),
      );
    });

    const off = await api.call('POST', `/payment_links/${link.id}/deactivate`);
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ id: link.id, status: 'deactivated', payments_count: 1 });
    expect(off.body.deactivated_at).toEqual(expect.any(String));
  });

  it('lets the payer choose the amount within bounds when none is given', async () => {
    const created = await api.call('POST', '/payment_links', {
      body: { currency: 'XAF', description: 'Don', min_amount: 1000, max_amount: 20_000 },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ amount: null, min_amount: 1000, max_amount: 20_000, reusable: true });
    const page = await get(`${created.body.url}?lang=en`);
    expect(page.body).toContain('name="amount"');
  });

  it('is made once per Idempotency-Key: the same call replays, another body with the key is refused', async () => {
    const body = { amount: 1500, currency: 'XAF', description: 'Savon' };
    const first = await api.call('POST', '/payment_links', { idempotencyKey: 'link-e2e-replay', body });
    const again = await api.call('POST', '/payment_links', { idempotencyKey: 'link-e2e-replay', body });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    const other = await api.call('POST', '/payment_links', {
      idempotencyKey: 'link-e2e-replay',
      body: { ...body, amount: 1600 },
    });
    expect(other.status).toBe(422);
  });

  it('answers the service’s refusals in the API’s error shape, naming the field', async () => {
    const single = await api.call('POST', '/payment_links', {
      body: { amount: 1000, currency: 'XAF', description: 'x', reusable: false, max_payments: 3 },
    });
    expect(single.status).toBe(400);
    expect(single.body.error).toMatchObject({ code: 'invalid_max_payments', field: 'max_payments' });
    const bounds = await api.call('POST', '/payment_links', {
      body: { amount: 1000, min_amount: 500, currency: 'XAF', description: 'x' },
    });
    expect(bounds.body.error).toMatchObject({ code: 'invalid_bounds', field: 'min_amount' });
    const past = await api.call('POST', '/payment_links', {
      body: { amount: 1000, currency: 'XAF', description: 'x', expires_at: new Date(Date.now() - DAY).toISOString() },
    });
    expect(past.body.error).toMatchObject({ code: 'invalid_expiry', field: 'expires_at' });
    const high = await api.call('POST', '/payment_links', {
      body: { amount: 100_001, currency: 'XAF', description: 'x' },
    });
    expect(high.body.error).toMatchObject({ code: 'amount_above_limit', field: 'amount' });
    const missing = await api.call('GET', '/payment_links/pl_000000000000000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: 'payment_link_not_found' });
  });
});

describe('an invoice made through the API', () => {
  const customer = '237677540001' as Msisdn;
  const dueDay = new Date(Date.now() + 10 * DAY + 3_600_000).toISOString().slice(0, 10);
  const invoiceBody = {
    customer: { name: 'Hôtel Le Palmier', phone: '677 54 00 01' },
    items: [
      { description: 'Riz 25 kg', quantity: 2, unit_price: 12_500 },
      { description: 'Huile 5 L', quantity: 1, unit_price: 4_020 },
    ],
    due_date: dueDay,
    notes: 'Livraison gratuite',
    currency: 'XAF',
  };

  it('is sent by SMS and paid in part then in full on its page, its events recorded as each payment ends', async () => {
    const created = await api.call('POST', '/invoices', { idempotencyKey: 'invoice-e2e-1', body: invoiceBody });
    expect(created.status).toBe(201);
    const draft = created.body;
    // 2 × 12 500 + 4 020 = 29 020; VAT 19.25 % = 5 586.35 → 5 586; total 34 606.
    expect(draft).toMatchObject({
      object: 'invoice',
      status: 'draft',
      customer: { name: 'Hôtel Le Palmier', phone: customer },
      vat_rate: 0.1925,
      subtotal: 29_020,
      vat: 5_586,
      total: 34_606,
      amount_paid: 0,
      amount_due: 34_606,
      due_date: dueDay,
      url: null,
      pdf_url: null,
    });
    expect(draft.number).toMatch(/^F-\d{4}-\d{4}$/);
    expect(draft.items[0]).toEqual({ description: 'Riz 25 kg', quantity: 2, unit_price: 12_500, amount: 25_000 });
    const replayed = await api.call('POST', '/invoices', { idempotencyKey: 'invoice-e2e-1', body: invoiceBody });
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect(replayed.body).toEqual(draft);

    const sent = await api.call('POST', `/invoices/${draft.id}/send`, { body: { channel: 'sms' } });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ status: 'sent', number: draft.number });
    const url: string = sent.body.url;
    expect(url).toMatch(new RegExp(`^${product.simulators.url}/i/[A-Za-z0-9_-]{43}$`));
    expect(sent.body.pdf_url).toBe(`${url}.pdf`);
    const [sms] = await product.services.outbox.for(customer);
    expect(sms?.notice).toMatchObject({ key: 'invoices.sent', bySms: true, params: { link: url } });
    const pdf = await fetch(sent.body.pdf_url);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');

    // A part, paid on the page; nobody reads the invoice until its event is there.
    await payFromPage(url, { number: '677540002', amount: '10000' });
    await eventually(async () => {
      expect(await eventsOf('invoice.partially_paid')).toContainEqual(
        expect.objectContaining({ id: draft.id, amountPaid: 10_000, amountDue: 24_606 }),
      );
    });
    expect(await eventTypes()).not.toContain('invoice.paid');
    const part = await api.call('GET', `/invoices/${draft.id}`);
    expect(part.body).toMatchObject({ status: 'partially_paid', amount_paid: 10_000, amount_due: 24_606 });
    const cancel = await api.call('POST', `/invoices/${draft.id}/cancel`);
    expect(cancel.status).toBe(409);
    expect(cancel.body.error).toMatchObject({ type: 'conflict', code: 'has_payments' });

    // The rest (the page offers what is due), again with no read of the invoice before the events.
    await payFromPage(url, { number: '677540002' });
    await eventually(async () => {
      expect(await eventsOf('invoice.paid')).toContainEqual(
        expect.objectContaining({ id: draft.id, status: 'paid', amountPaid: 34_606, amountDue: 0 }),
      );
    });
    const paid = await api.call('GET', `/invoices/${draft.id}`);
    expect(paid.body).toMatchObject({ status: 'paid', amount_paid: 34_606, amount_due: 0 });
    expect(await eventsOf('payment.succeeded')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ amount: 10_000, source: 'invoice', source_id: draft.id }),
        expect.objectContaining({ amount: 24_606, source: 'invoice', source_id: draft.id }),
      ]),
    );
    const listed = await api.call('GET', '/invoices');
    expect(listed.body.data.map((i: { id: string }) => i.id)).toContain(draft.id);
    const again = await api.call('POST', `/invoices/${draft.id}/send`, { body: { channel: 'sms' } });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'already_paid', message: 'This invoice is already paid.' });
  });

  it('takes the next number for another key, none for a replay, and cancels a draft', async () => {
    const first = await api.call('POST', '/invoices', { idempotencyKey: 'invoice-e2e-2', body: invoiceBody });
    await api.call('POST', '/invoices', { idempotencyKey: 'invoice-e2e-2', body: invoiceBody });
    const second = await api.call('POST', '/invoices', { idempotencyKey: 'invoice-e2e-3', body: invoiceBody });
    const seq = (number: string) => Number(number.split('-')[2]);
    expect(seq(second.body.number)).toBe(seq(first.body.number) + 1);
    const cancelled = await api.call('POST', `/invoices/${second.body.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled' });
    expect(await eventsOf('invoice.cancelled')).toContainEqual(expect.objectContaining({ id: second.body.id }));
    const send = await api.call('POST', `/invoices/${second.body.id}/send`, { body: { channel: 'chat' } });
    expect(send.body.error).toMatchObject({ code: 'cancelled', message: 'This invoice was cancelled.' });
  });

  it('takes back, when cancelled, a payment started from its page and not yet paid', async () => {
    const created = await api.call('POST', '/invoices', { body: invoiceBody });
    const sent = await api.call('POST', `/invoices/${created.body.id}/send`, { body: { channel: 'chat' } });
    const started = await post(`${sent.body.url}?lang=en`, { number: '677540003', amount: '5000' });
    expect(started.status).toBe(303);
    const status = async () => JSON.parse((await get(`${started.location!}/status`)).body).status;
    expect(await status()).toBe('open');
    const cancelled = await api.call('POST', `/invoices/${created.body.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', amount_paid: 0 });
    expect(await status()).toBe('cancelled');
    const page = await post(`${sent.body.url}?lang=en`, { number: '677540003', amount: '5000' });
    // The page makes no more requests: it sends the payer back to itself, which says the invoice is cancelled.
    expect(page.location ?? '').not.toContain('/pay/');
  });

  it('refuses what cannot be invoiced or sent, naming the field', async () => {
    const noPhone = await api.call('POST', '/invoices', {
      body: { ...invoiceBody, customer: { name: 'Client au comptoir' } },
    });
    expect(noPhone.status).toBe(201);
    const send = await api.call('POST', `/invoices/${noPhone.body.id}/send`, { body: { channel: 'sms' } });
    expect(send.status).toBe(409);
    expect(send.body.error).toMatchObject({ code: 'no_phone', field: 'customer.phone' });
    const rate = await api.call('POST', '/invoices', { body: { ...invoiceBody, vat_rate: 0.12345 } });
    expect(rate.status).toBe(400);
    expect(rate.body.error).toMatchObject({ code: 'invalid_vat_rate', field: 'vat_rate' });
    const zero = await api.call('POST', '/invoices', {
      body: { ...invoiceBody, items: [{ description: 'Cadeau', quantity: 1, unit_price: 0 }] },
    });
    expect(zero.body.error).toMatchObject({ code: 'invalid_total', field: 'items' });
    const phone = await api.call('POST', '/invoices', {
      body: { ...invoiceBody, customer: { name: 'X', phone: '12' } },
    });
    expect(phone.body.error).toMatchObject({ code: 'parameter_invalid', field: 'customer.phone' });
    const missing = await api.call('POST', '/invoices/inv_000000000000000000000000/cancel');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: 'invoice_not_found' });
  });
});
