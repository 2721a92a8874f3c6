/**
 * The dashboard's invoices over real HTTP on the real database: a draft with two lines and VAT at 19.25 %, its
 * page, sent to the customer (who gets the notice), cancelled; made once however often the form is sent; refused to
 * roles that may only read (and nothing made, sent or cancelled), and the service's refusals said in fr and en.
 */
import type { Msisdn } from '../../../domain/phone';
import { formatParam } from '../../../flows/messages/catalog';
import { escapeHtml } from '../../../bots/pages/links/pageShell';
import { useProduct } from '../../support/chat';
import { aTeamMerchant, signIn, type DashboardClient, type TeamMerchant } from './dashboard.support';

const product = useProduct({ pagesOnPort: true });

async function freshForm(client: DashboardClient): Promise<string> {
  const page = await client.get('/invoices?lang=en');
  expect(page.status).toBe(200);
  const id = /name="creationId" value="([^"]+)"/.exec(page.body)?.[1];
  if (!id) throw new Error('the invoices page carries no create form');
  return id;
}

async function invoicesOf(merchant: TeamMerchant) {
  return (await product.services.invoices.list(merchant.merchantId, { limit: 100 })).data;
}

function dashboardPathOf(location: string | null): string {
  expect(location).toMatch(/^\/dashboard\//);
  return location!.slice('/dashboard'.length);
}

function money(amount: number): string {
  return escapeHtml(formatParam({ francs: amount }, 'en'));
}

/** Two lines: 2 × 12 500 F and 3 × 334 F, a subtotal of 26 002 F, VAT 5 005.385 F rounded to 5 005 F. */
function twoLines(customerPhone: string, creationId: string): Record<string, string> {
  return {
    creationId,
    customerName: 'Hôtel Le Palmier',
    customerPhone,
    dueDate: '2030-12-31',
    description1: 'Riz 25 kg',
    quantity1: '2',
    unitPrice1: '12 500',
    description2: 'Savon',
    quantity2: '3',
    unitPrice2: '334',
    vat: 'on',
  };
}

it('lets the owner make a draft with two lines and VAT, send it to the customer and cancel it', async () => {
  const merchant = await aTeamMerchant(product, '237677746');
  const customer = '237677746900' as Msisdn;
  const owner = await signIn(product, merchant.owner);

  const made = await owner.post('/invoices?lang=en', twoLines('677 746 900', await freshForm(owner)));
  expect(made.status).toBe(303);
  const [invoice] = await invoicesOf(merchant);
  expect(invoice).toMatchObject({ status: 'draft', subtotal: 26_002, vat: 5_005, total: 31_007, vatRate: 0.1925 });
  expect(invoice!.customer).toEqual({ name: 'Hôtel Le Palmier', phone: customer });
  expect(made.location).toContain(`/invoices/${invoice!.id}`);

  const page = await owner.get(dashboardPathOf(made.location));
  expect(page.status).toBe(200);
  expect(page.body).toContain('The draft is made.');
  expect(page.body).toContain(escapeHtml(invoice!.number));
  for (const amount of [25_000, 1_002, 26_002, 5_005, 31_007]) expect(page.body).toContain(money(amount));
  expect(page.body).toContain('VAT (19.25 %)');
  expect(page.body).toContain('The customer’s page is made when the invoice is sent.');
  expect(page.body).toContain(`/invoices/${invoice!.id}/send?`);
  expect(page.body).toContain(`/invoices/${invoice!.id}/cancel?`);

  const list = await owner.get('/invoices?lang=en&status=draft');
  expect(list.body).toContain(escapeHtml(invoice!.number));
  expect((await owner.get('/invoices?lang=en&status=paid')).body).not.toContain(escapeHtml(invoice!.number));

  const sent = await owner.post(`/invoices/${invoice!.id}/send?lang=en`, { channel: 'sms' });
  expect(sent.status).toBe(303);
  const notices = (await product.services.outbox.for(customer)).filter((m) => m.notice.key === 'invoices.sent');
  expect(notices).toHaveLength(1);
  expect(notices[0]!.notice.params).toMatchObject({ number: invoice!.number });
  expect(notices[0]!.notice.bySms).toBe(true);
  const sentView = await product.services.invoices.get(merchant.merchantId, invoice!.id);
  expect(sentView?.status).toBe('sent');
  const sentPage = await owner.get(dashboardPathOf(sent.location));
  expect(sentPage.body).toContain('The invoice is sent.');
  expect(sentPage.body).toContain(`href="${sentView!.url}"`);
  expect(sentView!.url).toMatch(/\/i\/[A-Za-z0-9_-]+$/);
  const pdf = await fetch(`${sentView!.url}.pdf?lang=en`);
  expect(pdf.status).toBe(200);
  expect(pdf.headers.get('content-type')).toBe('application/pdf');

  const cancelled = await owner.post(`/invoices/${invoice!.id}/cancel?lang=en`, {});
  expect(cancelled.status).toBe(303);
  expect((await product.services.invoices.get(merchant.merchantId, invoice!.id))?.status).toBe('cancelled');
  const cancelledPage = await owner.get(dashboardPathOf(cancelled.location));
  expect(cancelledPage.body).toContain('The invoice is cancelled.');
  expect(cancelledPage.body).not.toContain('/cancel?');

  // A cancelled invoice is not sent again: the reason is said, the customer told nothing more.
  const again = await owner.post(`/invoices/${invoice!.id}/send?lang=fr`, { channel: 'chat' });
  expect(again.status).toBe(409);
  expect(again.body).toContain('Cette facture est annulée.');
  expect((await product.services.outbox.for(customer)).filter((m) => m.notice.key === 'invoices.sent')).toHaveLength(1);
});

it('makes one invoice when the same form is sent twice at once, and lets operations make one', async () => {
  const merchant = await aTeamMerchant(product, '237677747');
  const owner = await signIn(product, merchant.owner);
  const creationId = await freshForm(owner);
  const sent = await Promise.all([
    owner.post('/invoices?lang=en', twoLines('', creationId)),
    owner.post('/invoices?lang=en', twoLines('', creationId)),
  ]);
  expect(sent.map((s) => s.status)).toEqual([303, 303]);
  expect(sent[0]!.location).toBe(sent[1]!.location);
  expect(await invoicesOf(merchant)).toHaveLength(1);

  const operations = await signIn(product, merchant.members.operations);
  const made = await operations.post('/invoices?lang=en', twoLines('', await freshForm(operations)));
  expect(made.status).toBe(303);
  expect(await invoicesOf(merchant)).toHaveLength(2);
});

it('refuses the viewer, the developer and the cashier to make, send or cancel an invoice, and changes nothing', async () => {
  const merchant = await aTeamMerchant(product, '237677748');
  const customer = '237677748900' as Msisdn;
  const owner = await signIn(product, merchant.owner);
  await owner.post('/invoices?lang=en', twoLines(customer, await freshForm(owner)));
  const [invoice] = await invoicesOf(merchant);

  for (const [role, listStatus] of [
    ['viewer', 200],
    ['developer', 200],
    ['cashier', 403],
  ] as const) {
    const member = await signIn(product, merchant.members[role]);
    const list = await member.get('/invoices?lang=en');
    expect([role, list.status]).toEqual([role, listStatus]);
    expect(list.body).not.toContain('name="creationId"');
    const view = await member.get(`/invoices/${invoice!.id}?lang=en`);
    expect([role, view.status]).toEqual([role, listStatus]);
    expect(view.body).not.toContain('/send?');
    expect(view.body).not.toContain('/cancel?');

    const create = await member.post('/invoices?lang=en', twoLines(customer, 'bbbbbbbbbbbbbbbbbbbbbb'));
    const send = await member.post(`/invoices/${invoice!.id}/send?lang=en`, { channel: 'chat' });
    const cancel = await member.post(`/invoices/${invoice!.id}/cancel?lang=en`, {});
    expect([role, create.status, send.status, cancel.status]).toEqual([role, 403, 403, 403]);
    expect(send.body).toContain('Your role does not allow this.');
  }

  expect(await invoicesOf(merchant)).toHaveLength(1);
  expect((await product.services.invoices.get(merchant.merchantId, invoice!.id))?.status).toBe('draft');
  expect((await product.services.outbox.for(customer)).filter((m) => m.notice.key === 'invoices.sent')).toEqual([]);
});

it('says why an invoice is refused, in English and French, and makes nothing', async () => {
  const merchant = await aTeamMerchant(product, '237677749');
  const owner = await signIn(product, merchant.owner);
  const creationId = await freshForm(owner);
  const noLines = {
    ...twoLines('', creationId),
    description1: '',
    quantity1: '',
    unitPrice1: '',
    description2: '',
    quantity2: '',
    unitPrice2: '',
  };
  const empty = await owner.post('/invoices?lang=en', noLines);
  expect(empty.status).toBe(422);
  expect(empty.body).toContain('at least one line');

  const zero = await owner.post('/invoices?lang=fr', { ...twoLines('', creationId), unitPrice1: '0', unitPrice2: '0' });
  expect(zero.status).toBe(422);
  expect(zero.body).toContain('Le total doit dépasser 0 F.');

  const badPhone = await owner.post('/invoices?lang=en', twoLines('12345', creationId));
  expect(badPhone.status).toBe(422);
  expect(badPhone.body).toContain(escapeHtml('The customer’s number must be a Cameroonian mobile number.'));
  expect(badPhone.body).toContain('value="Hôtel Le Palmier"');
  expect(await invoicesOf(merchant)).toHaveLength(0);

  // A draft without a number cannot be sent: nobody to tell.
  const made = await owner.post('/invoices?lang=en', twoLines('', creationId));
  const [invoice] = await invoicesOf(merchant);
  expect(made.status).toBe(303);
  const send = await owner.post(`/invoices/${invoice!.id}/send?lang=en`, { channel: 'sms' });
  expect(send.status).toBe(422);
  expect(send.body).toContain('This invoice has no customer number to send it to.');
  expect((await product.services.invoices.get(merchant.merchantId, invoice!.id))?.status).toBe('draft');
});
