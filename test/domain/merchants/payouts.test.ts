/**
 * Merchant payouts through the product's real rails over HTTP: to a bank account through the bank transfer client
 * and its simulator (which settles after its settlement delay and never calls back, so the rail payments'
 * reconciler asks), and to MTN MoMo through MTN's client and simulator. Money is held on the merchant account
 * like a withdrawal's; a payout a checker must approve (a hand-written approvals port) holds nothing until then.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { accountIds, type AccountId } from '../../../domain/ledger/accounts';
import type { Merchant } from '../../../domain/merchants/merchant';
import type { ApprovalDecision, PayoutApprovals } from '../../../domain/merchants/payouts/payoutApprovals';
import { Payouts } from '../../../domain/merchants/payouts/payouts';
import type { PayoutView } from '../../../domain/merchants/payouts/payout';
import type { Msisdn } from '../../../domain/phone';
import { BankTransferStore } from '../../../integrations/bankTransfer/simulator/bankTransferStore';
import { testRib } from '../../../integrations/bankTransfer/simulator/testAccounts';
import { MongoPayoutStore } from '../../../integrations/mongo/payoutStore';
import { eventually, useProduct } from '../../support/chat';
import { expectConsistent } from '../../support/ledger';
import { mtnMomoTransfers } from '../../support/railSimulators';
import { someMsisdn } from '../paymentFakes';
import { FakeMerchantStore, RecordingEvents } from './refundsFixture';

const product = useProduct();

/** Approvals as the team module will give them: above a threshold a checker decides (set by the test). */
class FakeApprovals implements PayoutApprovals {
  readonly asked: string[] = [];
  readonly decisions = new Map<string, ApprovalDecision>();
  constructor(private readonly threshold: number) {}

  async requestApproval(input: { subjectId: string; amount: number }) {
    this.asked.push(input.subjectId);
    return { required: input.amount > this.threshold };
  }

  async decision(_kind: 'payout', subjectId: string) {
    return this.decisions.get(subjectId) ?? null;
  }
}

const merchants = new FakeMerchantStore();
const events = new RecordingEvents();
const approvals = new FakeApprovals(200_000);
let payouts: Payouts | undefined;

beforeAll(() => {
  const { services } = product;
  payouts = new Payouts({
    ledger: services.ledger,
    store: new MongoPayoutStore(product.db.connection),
    merchantStore: merchants,
    railPayments: services.railPayments,
    approvals,
    events,
  });
});

function service(): Payouts {
  if (!payouts) throw new Error('use inside a test');
  return payouts;
}

const maker = someMsisdn();

/** A merchant whose account holds `balance`. */
async function aMerchant(balance: number): Promise<Merchant> {
  const id = `m_${randomBytes(8).toString('hex')}`;
  const merchant: Merchant = {
    _id: id,
    name: 'Quincaillerie Mbarga',
    category: 'retail',
    owner: someMsisdn(),
    status: 'active',
    kycLevel: 'verified',
    account: accountIds.merchant(id),
    createdAt: new Date(),
  };
  await merchants.insertMerchant(merchant);
  const { ledger } = product.services;
  await ledger.openAccount(merchant.account, 'merchant', { ownerId: id });
  const funded = await ledger.transfer({
    id: `fund-${randomUUID()}`,
    kind: 'merchant',
    debit: accountIds.clearing('mtn_momo'),
    credits: [{ account: merchant.account, amount: balance }],
    mode: 'single',
  });
  if (!funded.ok) throw new Error(funded.reason);
  return merchant;
}

function toBank(accountPart: string) {
  return {
    type: 'bank' as const,
    bankCode: '10005',
    accountNumber: testRib(accountPart),
    accountName: 'Quincaillerie Mbarga SARL',
  };
}

async function available(account: AccountId): Promise<number> {
  return (await product.services.ledger.balance(account)).available;
}

async function posted(account: AccountId): Promise<number> {
  const { counters } = await product.services.ledger.balance(account);
  return counters.creditsPosted - counters.debitsPosted;
}

/** What the simulated bank holds under a payout's reference. */
async function bankTransfersOf(payout: PayoutView) {
  return new BankTransferStore(product.db.connection).transfers.find({ _id: payout.payoutId }).toArray();
}

/** Waits until the rail payments settle the payout (asking the bank, which never calls back) and returns it. */
async function settled(merchant: Merchant, id: string, status: PayoutView['status']): Promise<PayoutView> {
  let view: PayoutView | null = null;
  await eventually(async () => {
    const current = await service().get(merchant._id, id);
    await product.services.railPayments.reconcile(current!.payoutId);
    view = await service().get(merchant._id, id);
    expect(view?.status).toBe(status);
  });
  return view!;
}

function created(answer: Awaited<ReturnType<Payouts['create']>>): PayoutView {
  if (!answer.ok) throw new Error(`refused: ${answer.reason}`);
  return answer.payout;
}

describe('a payout to a bank account', () => {
  it('holds amount and fee, then is paid after the settlement delay: the merchant pays, the clearing account gets it', async () => {
    const merchant = await aMerchant(100_000);
    const clearingBefore = await posted(accountIds.clearing('bank'));
    const payout = created(
      await service().create({
        merchantId: merchant._id,
        id: 'bank-1',
        amount: 50_000,
        destination: toBank('00012345678'),
        reference: 'December sales',
        requestedBy: maker,
      }),
    );
    expect(payout).toMatchObject({ amount: 50_000, fee: 500, status: 'processing' });
    expect(await available(merchant.account)).toBe(100_000 - 50_500);

    const paid = await settled(merchant, 'bank-1', 'paid');
    expect(paid.failureReason).toBeNull();
    expect(await posted(merchant.account)).toBe(49_500);
    expect((await posted(accountIds.clearing('bank'))) - clearingBefore).toBe(50_000);
    expect(await bankTransfersOf(payout)).toHaveLength(1);
    expect((await bankTransfersOf(payout))[0]).toMatchObject({ amount: 50_000, narration: 'December sales' });
    expect(events.ofType('payout.pending').filter((e) => e.data.id === 'bank-1')).toHaveLength(1);
    expect(events.ofType('payout.paid').filter((e) => e.data.id === 'bank-1')).toHaveLength(1);
  });

  it('refuses an account number whose RIB key is wrong, and moves nothing', async () => {
    const merchant = await aMerchant(10_000);
    const rib = testRib('00012345678');
    const wrongKey = `${rib.slice(0, 21)}${rib.endsWith('00') ? '01' : '00'}`;
    const answer = await service().create({
      merchantId: merchant._id,
      id: 'bad-rib',
      amount: 1_000,
      destination: { ...toBank('00012345678'), accountNumber: wrongKey },
      requestedBy: maker,
    });
    expect(answer).toEqual({ ok: false, reason: 'INVALID_DESTINATION' });
    expect(await available(merchant.account)).toBe(10_000);
  });

  it('releases the hold when the bank fails the transfer, and says why', async () => {
    const merchant = await aMerchant(30_000);
    created(
      await service().create({
        merchantId: merchant._id,
        id: 'closed',
        amount: 20_000,
        destination: toBank('99999999902'),
        requestedBy: maker,
      }),
    );
    expect(await available(merchant.account)).toBe(30_000 - 20_200);
    const failed = await settled(merchant, 'closed', 'failed');
    expect(failed.failureReason).toBe('ACCOUNT_CLOSED');
    expect(await available(merchant.account)).toBe(30_000);
    expect(await posted(merchant.account)).toBe(30_000);
    expect(events.ofType('payout.failed').filter((e) => e.data.id === 'closed')).toHaveLength(1);
  });

  it('sends one transfer to the bank when its answer hangs after it accepted and the payout is asked again', async () => {
    const merchant = await aMerchant(40_000);
    product.simulators.simulators.bank.hangNext(1);
    const input = {
      merchantId: merchant._id,
      id: 'hung',
      amount: 10_000,
      destination: toBank('00099887766'),
      requestedBy: maker,
    };
    // The client gives up on the hung answer: the payout stays held, its outcome unknown (never "failed").
    const first = created(await service().create(input));
    expect(first.status).toBe('processing');
    const again = created(await service().create(input));
    expect(again.payoutId).toBe(first.payoutId);
    await settled(merchant, 'hung', 'paid');
    expect(await bankTransfersOf(first)).toHaveLength(1);
    expect(await posted(merchant.account)).toBe(40_000 - 10_100);
  });

  it('makes one payout of twenty concurrent creates with one id', async () => {
    const merchant = await aMerchant(60_000);
    const input = {
      merchantId: merchant._id,
      id: 'twenty',
      amount: 25_000,
      destination: toBank('00011112222'),
      requestedBy: maker,
    };
    const answers = await Promise.all(Array.from({ length: 20 }, () => service().create(input)));
    const ids = new Set(answers.map((a) => created(a).payoutId));
    expect(ids.size).toBe(1);
    expect(await available(merchant.account)).toBe(60_000 - 25_250);
    await settled(merchant, 'twenty', 'paid');
    expect(await posted(merchant.account)).toBe(60_000 - 25_250);
    const [payout] = answers.map(created);
    expect(await bankTransfersOf(payout!)).toHaveLength(1);
    // The same id with another amount is another payout: refused.
    expect(await service().create({ ...input, amount: 1_000 })).toEqual({ ok: false, reason: 'CONFLICT' });
  });

  it('refuses a payout above the balance (amount and fee), and sends nothing', async () => {
    const merchant = await aMerchant(50_000);
    const answer = await service().create({
      merchantId: merchant._id,
      id: 'too-much',
      amount: 50_000,
      destination: toBank('00012345678'),
      requestedBy: maker,
    });
    expect(answer).toEqual({ ok: false, reason: 'INSUFFICIENT_FUNDS' });
    expect(await available(merchant.account)).toBe(50_000);
    const view = await service().get(merchant._id, 'too-much');
    expect(view).toMatchObject({ status: 'failed', failureReason: 'INSUFFICIENT_FUNDS' });
    expect(await bankTransfersOf(view!)).toHaveLength(0);
  });
});

describe('a payout to mobile money', () => {
  it('is paid through MTN MoMo to the number given', async () => {
    const merchant = await aMerchant(20_000);
    const phone: Msisdn = someMsisdn();
    created(
      await service().create({
        merchantId: merchant._id,
        id: 'momo',
        amount: 8_000,
        destination: { type: 'mtn_momo', phone: phone.slice(3) },
        requestedBy: maker,
      }),
    );
    await eventually(async () => expect((await service().get(merchant._id, 'momo'))?.status).toBe('paid'));
    expect(await posted(merchant.account)).toBe(20_000 - 8_100);
    const transfers = await mtnMomoTransfers(product.db.connection, phone);
    expect(transfers.map((t) => t.amount)).toEqual(['8000']);
  });
});

describe('a payout that needs approval', () => {
  it('holds nothing and sends nothing until approved, then is paid', async () => {
    const merchant = await aMerchant(500_000);
    const payout = created(
      await service().create({
        merchantId: merchant._id,
        id: 'big',
        amount: 300_000,
        destination: toBank('00055556666'),
        requestedBy: maker,
      }),
    );
    expect(payout.status).toBe('pending_approval');
    expect(approvals.asked).toContain(payout.payoutId);
    expect(await available(merchant.account)).toBe(500_000);
    expect(await bankTransfersOf(payout)).toHaveLength(0);
    // Approving before the decision lands changes nothing.
    expect(await service().approve(merchant._id, 'big')).toMatchObject({ status: 'pending_approval' });
    expect(await available(merchant.account)).toBe(500_000);

    approvals.decisions.set(payout.payoutId, 'approved');
    expect(await service().approve(merchant._id, 'big')).toMatchObject({ status: 'processing' });
    expect(await available(merchant.account)).toBe(500_000 - 303_000);
    await settled(merchant, 'big', 'paid');
    expect(await posted(merchant.account)).toBe(500_000 - 303_000);
  });

  it('moves nothing when rejected, and ends failed', async () => {
    const merchant = await aMerchant(500_000);
    const payout = created(
      await service().create({
        merchantId: merchant._id,
        id: 'no',
        amount: 250_000,
        destination: { type: 'orange_money', phone: '699123456' },
        requestedBy: maker,
      }),
    );
    approvals.decisions.set(payout.payoutId, 'rejected');
    expect(await service().reject(merchant._id, 'no')).toMatchObject({
      status: 'failed',
      failureReason: 'APPROVAL_REJECTED',
    });
    // Approved after all, later: the rejection stands.
    expect(await service().approve(merchant._id, 'no')).toMatchObject({ status: 'failed' });
    expect(await available(merchant.account)).toBe(500_000);
    expect(await product.services.railPayments.store.getRecord(payout.payoutId)).toBeNull();
    expect(events.ofType('payout.failed').filter((e) => e.data.id === 'no')).toHaveLength(1);
  });
});

describe('after every payout above', () => {
  it('leaves the ledger consistent, nothing in flight', async () => {
    await expectConsistent(product.services.ledger.store);
  });
});
