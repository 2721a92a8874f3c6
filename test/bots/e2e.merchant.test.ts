/**
 * A merchant's whole journey in chat, on the whole product (real database, the MTN MoMo simulator over HTTP, the pay
 * pages on the product's loopback port): a person opens a merchant account from the menu, asks a customer without an
 * account for a payment with one line and an order reference, the customer pays it on the pay page by MoMo, the
 * merchant's account is credited and its owner told in chat, `order 42` shows it paid, and a partial refund typed in
 * chat with the PIN goes back to the customer's MoMo number by a payout, once.
 */
import { accountIds } from '../../domain/ledger/accounts';
import type { Msisdn } from '../../domain/phone';
import { eventually, useProduct } from '../support/chat';
import { expectConsistent } from '../support/ledger';
import { mtnMomoPrompts, mtnMomoTransfers } from '../support/railSimulators';
import { balanceOf, fund, noticesFor } from './e2e.support';
import { get, payByMomo } from './pages/links.support';

const product = useProduct({ pagesOnPort: true });
afterEach(() => expectConsistent(product.services.ledger.store));

/** The number that approves MTN MoMo prompts in the simulator (what payByMomo pays from). */
const MOMO_PAYER = '237677123454';

describe('a merchant in chat', () => {
  it('opens its account, is paid by a customer without an account on the pay page, sees the order, refunds part of it', async () => {
    const owner = await product.signedUp('237677610001', 'Mama Ngono');

    // My business, from the main menu: no merchant account yet.
    const menu = await owner.says('10');
    expect(menu[0]).toContain('You have no merchant account yet.');
    expect(await owner.says('1')).toEqual(['What is the name of your business? (2 to 60 characters)']);
    expect((await owner.says('Boutique Ngono'))[0]).toContain('What does Boutique Ngono do?');
    expect((await owner.says('1'))[0]).toContain('Open the merchant account Boutique Ngono?');
    expect((await owner.says('1'))[0]).toContain('Your merchant account Boutique Ngono is open.');
    const merchant = await product.services.merchants.ofOwner(owner.msisdn);
    expect(merchant).toMatchObject({ name: 'Boutique Ngono', category: 'retail', status: 'pending' });

    // One line asks a customer without an account for 15 000 FCFA for invoice 42.
    await owner.says('00');
    const confirm = await owner.says('/request 15000 677610002 invoice 42');
    expect(confirm[0]).toContain('to pay 15 000 FCFA to Boutique Ngono for order 42?');
    const sent = await owner.says('1');
    expect(sent[0]).toMatch(/^Request sent: we asked .* to pay 15 000 FCFA for order 42\. Ref (\S+)$/);
    const reference = /Ref (\S+)$/.exec(sent[0]!)![1]!;
    const payLink = /here: (\S+)/.exec(sent.join('\n'))?.[1];
    expect(payLink).toMatch(/\/pay\/[A-Za-z0-9_-]{43}$/);

    // The customer's SMS carries the same pay page; they pay it by MoMo.
    const sms = await noticesFor(product, '237677610002' as Msisdn, 'fr');
    expect(sms.join('\n')).toContain(payLink!);
    expect((await get(`${payLink!}?lang=en`)).body).toContain('Boutique Ngono');
    await payByMomo(payLink!);
    expect(await mtnMomoPrompts(product.db.connection, MOMO_PAYER)).toContainEqual(
      expect.objectContaining({ amount: '15000' }),
    );
    const account = accountIds.merchant(merchant!._id);
    await eventually(async () => {
      expect((await product.services.ledger.balance(account)).available).toBe(15_000);
    });
    // Its owner is told in chat.
    await eventually(async () => {
      expect(await noticesFor(product, owner.msisdn, 'en')).toEqual([
        `+237 6 77 61 00 02 paid your request: 15 000 FCFA is in your account. Ref ${reference}`,
      ]);
    });

    // order 42: paid, with the payment's reference.
    const order = (await owner.says('order 42')).join('\n');
    expect(order).toContain('Order 42: 15 000 FCFA paid');
    expect(order).toContain(`${reference}: 15 000 FCFA from`);
    expect(order).toContain('paid (');

    // A partial refund, typed in one line, confirmed with the PIN: back to the MoMo number that paid.
    await owner.says('00');
    const choose = (await owner.says(`refund ${reference}`)).join('\n');
    expect(choose).toContain('15 000 FCFA can be refunded');
    expect((await owner.says('2'))[0]).toContain('How much do you refund?');
    await owner.says('5000');
    await owner.says('1');
    const refunded = (await owner.says('2468')).join('\n');
    // To the number MoMo collected from, which the reply names: not the number the request was made to.
    expect(refunded).toMatch(/^Refund of 5 000 FCFA to \+237 6 77 12 34 54 under way; /);
    await eventually(async () => {
      const refunds = await product.services.refunds.list(merchant!._id, { limit: 10 });
      expect(refunds.data).toEqual([
        expect.objectContaining({ amount: 5_000, destination: 'mobile_money', status: 'processed' }),
      ]);
    });
    expect((await mtnMomoTransfers(product.db.connection, MOMO_PAYER)).map((t) => t.amount)).toEqual(['5000']);
    expect((await product.services.ledger.balance(account)).available).toBe(10_000);
    expect((await owner.says('order 42')).join('\n')).toContain('5 000 FCFA, refunded');

    // A refund above what is left is refused and moves nothing.
    await owner.says('00');
    await owner.says(`refund ${reference}`);
    await owner.says('2');
    expect((await owner.says('20000'))[0]).toContain('At most 10 000 FCFA can be refunded');
    expect((await product.services.ledger.balance(account)).available).toBe(10_000);
  });

  it('is paid by a registered customer in their own chat with their PIN, and refunds them to their wallet', async () => {
    const owner = await product.signedUp('237677610101', 'Paul Etoa');
    await owner.says('10');
    await owner.says('1');
    await owner.says('Garage Etoa');
    await owner.says('3');
    await owner.says('1');
    const merchant = (await product.services.merchants.ofOwner(owner.msisdn))!;
    const customer = await product.signedUp('237677610102', 'Awa Bello');
    await fund(product, customer.msisdn, 30_000);

    await owner.says('00');
    await owner.says('request 20000 677610102 order V-9 vidange');
    const sent = (await owner.says('1')).join('\n');
    expect(sent).toContain('to pay 20 000 FCFA for order V-9.');

    // The customer sees it among their requests to pay, and pays it with their PIN.
    expect((await customer.says('8'))[0]).toContain('Garage Etoa 20 000 FCFA');
    expect((await customer.says('1'))[0]).toContain('Garage Etoa asks you for 20 000 FCFA');
    expect(await customer.says('1')).toEqual(['Enter your PIN to confirm.']);
    expect((await customer.says('2468'))[0]).toMatch(/^Paid 20 000 FCFA to Garage Etoa\./);
    const account = accountIds.merchant(merchant._id);
    expect((await product.services.ledger.balance(account)).available).toBe(20_000);
    const paidFrom = (await balanceOf(product, customer.msisdn)).available;

    // A wrong PIN refunds nothing; the right one refunds all of it to the customer's wallet at once.
    await owner.says('00');
    await owner.says('refund V-9');
    await owner.says('1');
    await owner.says('1');
    expect((await owner.says('1357'))[0]).toMatch(/PIN/);
    expect((await product.services.ledger.balance(account)).available).toBe(20_000);
    const refunded = (await owner.says('2468')).join('\n');
    expect(refunded).toContain('20 000 FCFA');
    expect((await product.services.ledger.balance(account)).available).toBe(0);
    expect((await balanceOf(product, customer.msisdn)).available).toBe(paidFrom + 20_000);
    expect((await owner.says('order V-9')).join('\n')).toContain('20 000 FCFA, refunded');
  });
});
