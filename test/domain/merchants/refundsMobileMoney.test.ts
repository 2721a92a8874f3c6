/**
 * Refunds back to mobile money, through the product's real MTN MoMo client and its simulator over HTTP: a payment
 * collected on the pay page is paid back by a transfer to the number that paid, held on the merchant account like
 * a withdrawal's money, and the refund ends when the payout does (the provider's callback, RailPayments.whenFinished).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { accountIds, type AccountId, type Rail } from '../../../domain/ledger/accounts';
import type { Merchant } from '../../../domain/merchants/merchant';
import { Refunds } from '../../../domain/merchants/refunds/refunds';
import type { Msisdn } from '../../../domain/phone';
import { ensureMerchantRefundIndexes, MongoMerchantRefundStore } from '../../../integrations/mongo/merchantRefundStore';
import { noticeDedupeKey } from '../../../domain/railPayments/railPaymentNotices';
import { reconcileOnce } from '../../../domain/railPayments/railPaymentsReconciler';
import { newStep } from '../../../domain/paymentRequests/stepRecords';
import { MongoPaymentRequestStore } from '../../../integrations/mongo/paymentRequestStore';
import { SENT_NOTICES } from '../../../integrations/mongo/retention';
import { eventually, useProduct } from '../../support/chat';
import { expectConsistent } from '../../support/ledger';
import { mtnMomoTransfers } from '../../support/railSimulators';
import { FakeDirectory, RecordingNotifier, someMsisdn } from '../paymentFakes';
import { FakeMerchantStore, RecordingEvents } from './refundsFixture';

const product = useProduct();
const merchants = new FakeMerchantStore();
const events = new RecordingEvents();
const notifier = new RecordingNotifier();
const directory = new FakeDirectory();
let refunds: Refunds | undefined;

beforeAll(async () => {
  const connection = product.db.connection;
  await ensureMerchantRefundIndexes(connection);
  const { services } = product;
  refunds = new Refunds({
    ledger: services.ledger,
    store: new MongoMerchantRefundStore(connection),
    requestStore: new MongoPaymentRequestStore(connection),
    merchantStore: merchants,
    railPayments: services.railPayments,
    users: directory,
    events,
    notifier,
    shortReferences: services.shortReferences,
  });
});

function service(): Refunds {
  if (!refunds) throw new Error('use inside a test');
  return refunds;
}

async function aMerchant(): Promise<Merchant> {
  const id = `m_${randomBytes(8).toString('hex')}`;
  const merchant: Merchant = {
    _id: id,
    name: 'Pharmacie du Lac',
    category: 'health',
    owner: someMsisdn(),
    status: 'active',
    kycLevel: 'verified',
    account: accountIds.merchant(id),
    createdAt: new Date(),
  };
  await merchants.insertMerchant(merchant);
  await product.services.ledger.openAccount(merchant.account, 'merchant', { ownerId: id });
  return merchant;
}

/** A merchant request paid on its pay page by MTN MoMo from `payerNumber`, once the request records it paid. */
async function paidByMomo(merchant: Merchant, amount: number, payerNumber: Msisdn): Promise<{ requestId: string }> {
  const { paymentRequests } = product.services;
  const created = await paymentRequests.create({
    id: randomUUID(),
    requester: { kind: 'merchant', merchantId: merchant._id, name: merchant.name, contact: merchant.owner },
    payer: payerNumber,
    amount,
  });
  if (!created.ok) throw new Error(created.reason);
  const pages = paymentRequests.byLink!;
  const token = (await pages.linkFor(created.request)).split('/').at(-1)!;
  const paying = await pages.payByRail({ token, rail: 'mtn_momo', payerNumber });
  if (!paying.ok) throw new Error(paying.reason);
  await eventually(async () => expect((await paymentRequests.get(created.request._id))?.status).toBe('paid'));
  return { requestId: created.request._id };
}

/**
 * A merchant request recorded as paid through `rail` by `railPayer` without the pay page: the collection's posted
 * transfer and the request's steps, as the pay page leaves them. For a payer the simulator refuses to collect from
 * but whose refund we want to see fail (its scripted numbers fail both ways).
 */
async function recordedAsPaid(
  merchant: Merchant,
  amount: number,
  railPayer: Msisdn,
  rail: Rail = 'mtn_momo',
): Promise<string> {
  const { ledger, paymentRequests } = product.services;
  const store = new MongoPaymentRequestStore(product.db.connection);
  const created = await paymentRequests.create({
    id: randomUUID(),
    requester: { kind: 'merchant', merchantId: merchant._id, name: merchant.name, contact: merchant.owner },
    payer: railPayer,
    amount,
  });
  if (!created.ok) throw new Error(created.reason);
  const requestId = created.request._id;
  const transferId = `preq:${requestId}:1`;
  const facts = { transferId, payId: 'page:1', fee: 0, rail, railPayer };
  await store.insertStep(newStep(requestId, 1, new Date(), { kind: 'paying', ...facts }));
  const collected = await ledger.transfer({
    id: transferId,
    kind: 'merchant',
    debit: accountIds.clearing(rail),
    credits: [{ account: merchant.account, amount }],
    mode: 'single',
  });
  if (!collected.ok) throw new Error(collected.reason);
  await store.insertStep(newStep(requestId, 2, new Date(), { kind: 'paid', ...facts }));
  return requestId;
}

async function available(account: AccountId): Promise<number> {
  return (await product.services.ledger.balance(account)).available;
}

describe('a refund to mobile money', () => {
  it('pays the number that paid back through MTN MoMo, from the merchant account, and ends processed', async () => {
    const merchant = await aMerchant();
    const payer = someMsisdn();
    const { requestId } = await paidByMomo(merchant, 12_000, payer);
    expect(await available(merchant.account)).toBe(12_000);

    const answer = await service().refund({ merchantId: merchant._id, requestId, id: 'momo-1', amount: 5_000 });
    expect(answer.ok && answer.refund).toMatchObject({ destination: 'mobile_money', amount: 5_000 });

    await eventually(async () => {
      expect(await service().get(merchant._id, 'momo-1')).toMatchObject({ status: 'processed' });
      expect(notifier.to(payer, 'payments.refundedToMobileMoney')).toHaveLength(1);
    });
    const transfers = await mtnMomoTransfers(product.db.connection, payer);
    expect(transfers.map((t) => Number(t.amount))).toEqual([5_000]);
    expect(await available(merchant.account)).toBe(7_000);
    expect(await service().refundable(requestId)).toBe(7_000);
    expect(events.events.filter((e) => e.data.id === 'momo-1').map((e) => e.type)).toEqual([
      'refund.pending',
      'refund.processed',
    ]);
    expect(notifier.to(payer, 'payments.refundedToMobileMoney')).toHaveLength(1);
    // Told as a refund, never as a withdrawal from a wallet the payer does not have.
    const payout = `mrefund:${answer.ok ? answer.refund.paymentTransferId : ''}:1`;
    expect(await product.services.railPayments.store.getRecord(payout)).toMatchObject({ refundId: expect.any(String) });
    expect(
      await product.db.connection
        .collection(SENT_NOTICES.collection)
        .findOne({ _id: noticeDedupeKey(payout) as never }),
    ).toBeNull();
    await expectConsistent(product.services.ledger.store);
  });

  it('ends failed when the payout fails, gives the merchant its money back, and makes the amount refundable again', async () => {
    const merchant = await aMerchant();
    // The simulator refuses every transfer to this number (its last digit scripts REJECTED).
    const payer = '237677123451' as Msisdn;
    const requestId = await recordedAsPaid(merchant, 9_000, payer);

    const answer = await service().refund({ merchantId: merchant._id, requestId, id: 'momo-fails' });
    expect(answer.ok && answer.refund).toMatchObject({ destination: 'mobile_money', amount: 9_000 });
    await eventually(async () => {
      expect(await service().get(merchant._id, 'momo-fails')).toMatchObject({ status: 'failed', processedAt: null });
      // The listener that recorded the outcome tells it just after.
      expect(events.events.filter((e) => e.data.id === 'momo-fails')).toHaveLength(2);
    });
    // The rail's reason, as the rail payment noted it.
    expect((await service().get(merchant._id, 'momo-fails'))?.reason).toBe('REJECTED');
    expect(await available(merchant.account)).toBe(9_000);
    expect(await service().refundable(requestId)).toBe(9_000);
    expect(events.events.filter((e) => e.data.id === 'momo-fails').map((e) => e.type)).toEqual([
      'refund.pending',
      'refund.failed',
    ]);
    expect(notifier.to(payer)).toEqual([]);
    await expectConsistent(product.services.ledger.store);
  });

  it('is processed by the reconciler when the provider’s callback is lost, the payout made once', async () => {
    const merchant = await aMerchant();
    const payer = someMsisdn();
    const requestId = await recordedAsPaid(merchant, 6_000, payer);
    product.simulators.simulators.mtnMomo.dropCallbacks(1);

    const answer = await service().refund({ merchantId: merchant._id, requestId, id: 'momo-lost' });
    expect(answer.ok && answer.refund).toMatchObject({ status: 'pending' });
    // MTN made the transfer, but nobody was told.
    await eventually(async () => {
      const [transfer] = await mtnMomoTransfers(product.db.connection, payer);
      expect(transfer?.outcome).toBe('SUCCESSFUL');
      expect(transfer!.completesAt!.getTime()).toBeLessThanOrEqual(Date.now());
    });
    expect(await service().get(merchant._id, 'momo-lost')).toMatchObject({ status: 'pending' });
    expect(await service().refundable(requestId)).toBe(0);

    await reconcileOnce(product.services.railPayments, { graceMs: 0 }, new Date());
    expect(await service().get(merchant._id, 'momo-lost')).toMatchObject({ status: 'processed', amount: 6_000 });
    expect(await mtnMomoTransfers(product.db.connection, payer)).toHaveLength(1);
    expect(await available(merchant.account)).toBe(0);
    expect(notifier.to(payer, 'payments.refundedToMobileMoney')).toHaveLength(1);
  });

  it('fails at once for want of the merchant’s money: nothing is held and nothing asked of the rail', async () => {
    const merchant = await aMerchant();
    const payer = someMsisdn();
    const requestId = await recordedAsPaid(merchant, 4_000, payer);
    await product.services.ledger.transfer({
      id: randomUUID(),
      kind: 'payout',
      debit: merchant.account,
      credits: [{ account: accountIds.suspense, amount: 4_000 }],
      mode: 'single',
    });
    const answer = await service().refund({ merchantId: merchant._id, requestId, id: 'momo-broke' });
    expect(answer).toEqual({ ok: false, reason: 'INSUFFICIENT_FUNDS' });
    expect(await service().get(merchant._id, 'momo-broke')).toMatchObject({ status: 'failed' });
    expect(await mtnMomoTransfers(product.db.connection, payer)).toEqual([]);
    expect(await service().refundable(requestId)).toBe(4_000);
  });
});

describe('a refund of a card payment', () => {
  it("goes to the payer's wallet when they have one, and is refused when they have none (no card refunds yet)", async () => {
    const merchant = await aMerchant();
    const stranger = someMsisdn();
    const byStranger = await recordedAsPaid(merchant, 3_000, stranger, 'card');
    expect(await service().refund({ merchantId: merchant._id, requestId: byStranger, id: 'card-1' })).toEqual({
      ok: false,
      reason: 'DESTINATION_UNAVAILABLE',
    });

    const member = someMsisdn();
    directory.signUp(member, 'Card Payer');
    await product.services.ledger.openAccount(accountIds.wallet(member), 'wallet', { ownerId: member });
    const byMember = await recordedAsPaid(merchant, 3_000, member, 'card');
    const answer = await service().refund({ merchantId: merchant._id, requestId: byMember, id: 'card-2' });
    expect(answer.ok && answer.refund).toMatchObject({ destination: 'wallet', status: 'processed', amount: 3_000 });
    expect(await available(accountIds.wallet(member))).toBe(3_000);
    expect(
      await service().refund({
        merchantId: merchant._id,
        requestId: byStranger,
        id: 'card-3',
        destination: 'mobile_money',
      }),
    ).toEqual({
      ok: false,
      reason: 'DESTINATION_UNAVAILABLE',
    });
  });
});
