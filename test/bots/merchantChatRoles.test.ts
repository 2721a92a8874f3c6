/**
 * A merchant's team in chat, on the whole product (real database, the real conversations): each member acts for the
 * business within their role, checked by the services at every action. A cashier collects at their cash point, sees
 * only its payments and refunds them up to their own limit; operations may ask for payments but never refund; a
 * viewer and a developer only read; an admin refunds as the owner does; a member removed or limited meanwhile is
 * refused at their next message, and a refused action moves nothing.
 */
import { accountIds } from '../../domain/ledger/accounts';
import type { Msisdn } from '../../domain/phone';
import type { Language } from '../../domain/users';
import { useProduct } from '../support/chat';
import { expectConsistent } from '../support/ledger';
import { balanceOf, fund } from './e2e.support';

const product = useProduct();
afterEach(() => expectConsistent(product.services.ledger.store));

const PIN = '2468';
const CASHIER_LIMIT = 5_000;

/** A shop with its owner, two cash points, one member per role (a second cashier at the other cash point). */
async function aShopWithItsTeam(prefix: string) {
  const { services } = product;
  const number = (n: number) => `${prefix}${String(n).padStart(3, '0')}` as Msisdn;
  const people = {
    owner: number(1),
    cashier: number(2),
    otherCashier: number(3),
    operations: number(4),
    viewer: number(5),
    developer: number(6),
    admin: number(7),
    customer: number(8),
  };
  const languages: Partial<Record<keyof typeof people, Language>> = { viewer: 'fr' };
  for (const [who, msisdn] of Object.entries(people) as [keyof typeof people, Msisdn][]) {
    const signedUp = await services.people.signUp({ msisdn, name: who, language: languages[who] ?? 'en', pin: PIN });
    if (!signedUp.ok) throw new Error(signedUp.reason);
  }
  const opened = await services.merchants.open({ owner: people.owner, name: 'Chez Odile', category: 'food' });
  if (!opened.ok) throw new Error(opened.reason);
  const merchantId = opened.merchant._id;
  const cashPoint = async (name: string) => {
    const made = await services.cashPoints.create({ merchantId, by: people.owner, name });
    if (!made.ok) throw new Error(made.reason);
    return made.cashPoint._id;
  };
  const till = await cashPoint('Till 1');
  const otherTill = await cashPoint('Till 2');
  const join = async (
    msisdn: Msisdn,
    role: 'admin' | 'operations' | 'viewer' | 'developer' | 'cashier',
    at?: string,
  ) => {
    const placement = role === 'cashier' ? { cashPointId: at, refundLimit: CASHIER_LIMIT } : {};
    const invited = await services.team.invite({ merchantId, by: people.owner, msisdn, role, ...placement });
    if (!invited.ok) throw new Error(invited.reason);
    expect(await services.team.accept(merchantId, msisdn)).toEqual({ ok: true });
  };
  await join(people.cashier, 'cashier', till);
  await join(people.otherCashier, 'cashier', otherTill);
  await join(people.operations, 'operations');
  await join(people.viewer, 'viewer');
  await join(people.developer, 'developer');
  await join(people.admin, 'admin');
  await fund(product, people.customer, 200_000);
  return { merchantId, till, otherTill, ...people };
}

type Shop = Awaited<ReturnType<typeof aShopWithItsTeam>>;

/** A payment the customer paid from their wallet, made at a cash point (by its cashier) or by the owner's API. */
async function aPaidPayment(shop: Shop, id: string, amount: number, orderReference: string, at?: 'till' | 'otherTill') {
  const { services } = product;
  const place =
    at === 'till'
      ? { cashPointId: shop.till, cashier: shop.cashier }
      : at === 'otherTill'
        ? { cashPointId: shop.otherTill, cashier: shop.otherCashier }
        : {};
  const asked = await services.merchantRequests.create({
    merchantId: shop.merchantId,
    id,
    payer: shop.customer,
    amount,
    orderReference,
    source: 'api',
    ...place,
  });
  if (!asked.ok) throw new Error(asked.reason);
  const paid = await services.paymentRequests.pay({
    id: `pay-${id}`,
    requestId: asked.payment.requestId,
    payer: shop.customer,
  });
  if (!paid.ok) throw new Error(paid.reason);
  return asked.payment.shortReference;
}

/** Someone of the shop, in chat, past the main menu's greeting. */
async function inChat(msisdn: Msisdn) {
  const person = product.person(msisdn);
  await person.says('hi');
  return person;
}

const shopBalance = async (shop: Shop) =>
  (await product.services.ledger.balance(accountIds.merchant(shop.merchantId))).available;
const refundsOf = async (shop: Shop) => (await product.services.refunds.list(shop.merchantId, { limit: 100 })).data;

describe('a cashier in chat', () => {
  it('sees the business and their cash point, and asks for a payment made at their cash point, by them', async () => {
    const shop = await aShopWithItsTeam('237677770');
    const cashier = await inChat(shop.cashier);
    expect((await cashier.says('10')).join('\n')).toBe(
      [
        'Chez Odile, cash point Till 1 (you collect as cashier). What would you like to do?',
        '1. Request a payment',
        '2. Order status',
        '3. Refund a payment',
      ].join('\n'),
    );
    await cashier.says('00');
    expect((await cashier.says('/request 7500 677770099 order T-1'))[0]).toContain(
      'to pay 7 500 FCFA to Chez Odile for order T-1?',
    );
    expect((await cashier.says('1'))[0]).toMatch(/^Request sent: we asked .* to pay 7 500 FCFA for order T-1\. Ref /);

    const [request] = await product.services.merchantRequests.all(shop.merchantId);
    expect(request).toMatchObject({
      amount: 7_500,
      orderReference: 'T-1',
      source: 'chat',
      cashPointId: shop.till,
      cashier: shop.cashier,
    });
  });

  it("sees in /order only their cash point's payments, and what was paid of those", async () => {
    const shop = await aShopWithItsTeam('237677771');
    const mine = await aPaidPayment(shop, 'b7-mine', 4_000, 'B-7', 'till');
    const theirs = await aPaidPayment(shop, 'b7-theirs', 6_000, 'B-7', 'otherTill');
    const owners = await aPaidPayment(shop, 'b7-owner', 9_000, 'B-7');
    await aPaidPayment(shop, 'c8-theirs', 1_000, 'C-8', 'otherTill');

    const cashier = await inChat(shop.cashier);
    const order = (await cashier.says('/order B-7')).join('\n');
    expect(order).toContain('Order B-7: 4 000 FCFA paid; 1 payment(s) asked for.');
    expect(order).toContain(`${mine}: 4 000 FCFA from`);
    expect(order).not.toContain(theirs);
    expect(order).not.toContain(owners);
    // An order with only another cash point's payments is none of theirs.
    expect(await cashier.says('/order C-8')).toEqual([
      'No payment was asked for under order C-8. Send 00 for the menu.',
    ]);

    // The owner sees all of them.
    const owner = await inChat(shop.owner);
    expect((await owner.says('/order B-7')).join('\n')).toContain(
      'Order B-7: 19 000 FCFA paid; 3 payment(s) asked for.',
    );
  });

  it('refunds their cash point’s payment within their limit with the PIN; above it, or another cash point’s, is refused and moves nothing', async () => {
    const shop = await aShopWithItsTeam('237677772');
    const mine = await aPaidPayment(shop, 'r-mine', 12_000, 'R-1', 'till');
    const theirs = await aPaidPayment(shop, 'r-theirs', 3_000, 'R-2', 'otherTill');
    const customerBefore = (await balanceOf(product, shop.customer)).available;
    const cashier = await inChat(shop.cashier);

    // Within the limit: the confirmation, the PIN, the refund.
    expect((await cashier.says(`/refund ${mine} 3000`))[0]).toContain('Refund 3 000 FCFA to');
    expect(await cashier.says('1')).toEqual(['Enter your PIN to refund.']);
    expect((await cashier.says(PIN))[0]).toContain('3 000 FCFA');
    expect(await shopBalance(shop)).toBe(15_000 - 3_000);
    expect((await balanceOf(product, shop.customer)).available).toBe(customerBefore + 3_000);

    // Above the limit: refused before the PIN, with the limit said.
    await cashier.says('00');
    expect(await cashier.says(`/refund ${mine} 6000`)).toEqual([
      'A refund of 6 000 FCFA is above your refund limit of 5 000 FCFA. Nothing was done. Ask the owner or an admin to make it.',
    ]);
    // All that is left (9 000) is above it too.
    await cashier.says('00');
    await cashier.says(`/refund ${mine}`);
    expect(await cashier.says('1')).toEqual([
      'A refund of 9 000 FCFA is above your refund limit of 5 000 FCFA. Nothing was done. Ask the owner or an admin to make it.',
    ]);

    // Another cash point's payment, by its reference or by its order.
    await cashier.says('00');
    const refused =
      'This payment was made at another cash point of Chez Odile: you act only on your own cash point’s payments. Nothing was done.';
    expect(await cashier.says(`/refund ${theirs}`)).toEqual([refused]);
    await cashier.says('00');
    expect(await cashier.says('/refund R-2 1000')).toEqual([refused]);

    expect(await shopBalance(shop)).toBe(12_000);
    expect((await balanceOf(product, shop.customer)).available).toBe(customerBefore + 3_000);
    expect((await refundsOf(shop)).map((r) => r.amount)).toEqual([3_000]);
  });

  it('is refused by the service when their limit is lowered while they were typing the PIN', async () => {
    const shop = await aShopWithItsTeam('237677773');
    const mine = await aPaidPayment(shop, 'l-mine', 10_000, 'L-1', 'till');
    const cashier = await inChat(shop.cashier);
    await cashier.says(`/refund ${mine} 4000`);
    expect(await cashier.says('1')).toEqual(['Enter your PIN to refund.']);

    const lowered = await product.services.team.changeRole({
      merchantId: shop.merchantId,
      by: shop.owner,
      msisdn: shop.cashier,
      role: 'cashier',
      cashPointId: shop.till,
      refundLimit: 2_000,
    });
    expect(lowered.ok).toBe(true);
    expect(await cashier.says(PIN)).toEqual([
      'A refund of 4 000 FCFA is above your refund limit of 2 000 FCFA. Nothing was done. Ask the owner or an admin to make it.',
    ]);
    expect(await shopBalance(shop)).toBe(10_000);
    expect(await refundsOf(shop)).toEqual([]);
  });
});

describe('the other roles in chat', () => {
  it('operations: asks for payments (at no cash point), but may not refund', async () => {
    const shop = await aShopWithItsTeam('237677774');
    const paid = await aPaidPayment(shop, 'o-1', 5_000, 'O-1');
    const operations = await inChat(shop.operations);
    expect((await operations.says('10')).join('\n')).toBe(
      [
        'Chez Odile (you run its operations, without refunds). What would you like to do?',
        '1. Request a payment',
        '2. Order status',
      ].join('\n'),
    );
    await operations.says('00');
    await operations.says('/request 2500 677770099 order O-2');
    expect((await operations.says('1'))[0]).toMatch(/^Request sent: /);
    const made = (await product.services.merchantRequests.all(shop.merchantId)).find((r) => r.orderReference === 'O-2');
    expect(made).toMatchObject({ amount: 2_500, source: 'chat', cashPointId: null, cashier: null });

    await operations.says('00');
    const refusal =
      'Your role at Chez Odile does not allow this. Nothing was done. Ask its owner or an admin if you need it.';
    expect(await operations.says(`/refund ${paid}`)).toEqual([refusal]);
    // Choice 3, hidden from their menu, typed anyway.
    await operations.says('10');
    expect(await operations.says('3')).toEqual([refusal]);
    expect(await shopBalance(shop)).toBe(5_000);
    expect(await refundsOf(shop)).toEqual([]);
  });

  it('viewer and developer: read orders, but asking for a payment is refused, in their language', async () => {
    const shop = await aShopWithItsTeam('237677775');
    await aPaidPayment(shop, 'v-1', 5_000, 'V-1');

    const viewer = await inChat(shop.viewer);
    expect((await viewer.says('10')).join('\n')).toBe(
      [
        'Chez Odile (vous pouvez consulter ses commandes, sans agir). Que voulez-vous faire ?',
        '2. Suivi d’une commande',
      ].join('\n'),
    );
    await viewer.says('00');
    expect(await viewer.says('/demande 5000 677770099 commande V-2')).toEqual([
      'Votre rôle chez Chez Odile ne permet pas cette action. Rien n’a été fait. Demandez au propriétaire ou à un administrateur si besoin.',
    ]);
    expect((await viewer.says('/commande V-1')).join('\n')).toContain('Commande V-1 : 5 000 FCFA payés');

    const developer = await inChat(shop.developer);
    expect(await developer.says('/request 5000 677770099 order V-2')).toEqual([
      'Your role at Chez Odile does not allow this. Nothing was done. Ask its owner or an admin if you need it.',
    ]);
    expect((await developer.says('/order V-1')).join('\n')).toContain('Order V-1: 5 000 FCFA paid');
    expect((await product.services.merchantRequests.all(shop.merchantId)).map((r) => r.orderReference)).toEqual([
      'V-1',
    ]);
  });

  it('admin: refunds any payment, whatever its cash point, with the PIN, as the owner does', async () => {
    const shop = await aShopWithItsTeam('237677776');
    const atOtherTill = await aPaidPayment(shop, 'a-1', 20_000, 'A-1', 'otherTill');
    const admin = await inChat(shop.admin);
    expect((await admin.says('10'))[0]).toBe(
      [
        'Chez Odile (you act as admin). What would you like to do?',
        '1. Request a payment',
        '2. Order status',
        '3. Refund a payment',
      ].join('\n'),
    );
    await admin.says('00');
    expect((await admin.says(`/refund ${atOtherTill}`)).join('\n')).toContain('20 000 FCFA can be refunded');
    await admin.says('1');
    expect(await admin.says('1')).toEqual(['Enter your PIN to refund.']);
    expect((await admin.says(PIN))[0]).toContain('20 000 FCFA');
    expect(await shopBalance(shop)).toBe(0);
    expect((await refundsOf(shop)).map((r) => r.amount)).toEqual([20_000]);
  });
});

describe('a member whose role changes', () => {
  it('is refused by the service at the PIN when they were made a viewer meanwhile', async () => {
    const shop = await aShopWithItsTeam('237677779');
    const paid = await aPaidPayment(shop, 'd-1', 6_000, 'D-1');
    const admin = await inChat(shop.admin);
    await admin.says(`/refund ${paid} 2000`);
    expect(await admin.says('1')).toEqual(['Enter your PIN to refund.']);
    const changed = await product.services.team.changeRole({
      merchantId: shop.merchantId,
      by: shop.owner,
      msisdn: shop.admin,
      role: 'viewer',
    });
    expect(changed.ok).toBe(true);
    expect(await admin.says(PIN)).toEqual([
      'Your role at Chez Odile does not allow this. Nothing was done. Ask its owner or an admin if you need it.',
    ]);
    expect(await shopBalance(shop)).toBe(6_000);
    expect(await refundsOf(shop)).toEqual([]);
  });
});

describe('a member removed from the team', () => {
  it('loses access at their next message, even in the middle of a refund, and nothing moves', async () => {
    const shop = await aShopWithItsTeam('237677777');
    const mine = await aPaidPayment(shop, 'x-1', 4_000, 'X-1', 'till');
    const cashier = await inChat(shop.cashier);
    expect((await cashier.says('/order X-1')).join('\n')).toContain('Order X-1: 4 000 FCFA paid');
    await cashier.says('00');
    await cashier.says(`/refund ${mine} 1000`);
    expect(await cashier.says('1')).toEqual(['Enter your PIN to refund.']);

    const removed = await product.services.team.remove({
      merchantId: shop.merchantId,
      by: shop.owner,
      msisdn: shop.cashier,
    });
    expect(removed).toEqual({ ok: true });
    expect(await cashier.says(PIN)).toEqual([
      'You no longer act for Chez Odile. Nothing was done. Send 00 for the menu.',
    ]);
    expect(await shopBalance(shop)).toBe(4_000);
    expect(await refundsOf(shop)).toEqual([]);

    // From then on the business is not theirs: no orders, no requests, and My business offers to open one of their own.
    await cashier.says('00');
    expect((await cashier.says('/order X-1'))[0]).toMatch(/^This is for merchants\./);
    expect((await cashier.says('/request 5000 677770099'))[0]).toMatch(/^This is for merchants\./);
    expect((await cashier.says('10'))[0]).toContain('You have no merchant account yet.');
  });
});

describe('a number both owner and team member', () => {
  it('acts for the business it owns first', async () => {
    const shop = await aShopWithItsTeam('237677778');
    const opened = await product.services.merchants.open({
      owner: shop.viewer,
      name: 'Kiosque Awa',
      category: 'retail',
    });
    expect(opened.ok).toBe(true);
    const viewer = await inChat(shop.viewer);
    expect((await viewer.says('10'))[0]).toContain('Kiosque Awa');
  });
});
