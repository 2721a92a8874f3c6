import { accountIds } from '../../../domain/ledger/accounts';
import type { Merchant } from '../../../domain/merchants/merchant';
import { Merchants } from '../../../domain/merchants/merchants';
import { ensureMerchantIndexes, MongoMerchantStore } from '../../../integrations/mongo/merchantStore';
import { expectConsistent, useLedger } from '../../support/ledger';
import { FakeDirectory, someMsisdn } from '../paymentFakes';

const now = new Date('2026-12-01T09:00:00Z');
const clock = () => now;

describe('merchant accounts', () => {
  const t = useLedger({ clock });
  let users: FakeDirectory;
  let merchants: Merchants;

  beforeAll(async () => {
    await ensureMerchantIndexes(t.db.connection);
  });
  beforeEach(() => {
    users = new FakeDirectory();
    merchants = aProcess();
  });
  afterEach(() => expectConsistent(t.store));

  /** Merchants as one process builds it: its own ledger caches and store handle on the shared database. */
  function aProcess(): Merchants {
    return new Merchants({
      store: new MongoMerchantStore(t.db.connection),
      ledger: t.anotherProcess(),
      users,
      clock,
    });
  }

  function anOwner() {
    const owner = someMsisdn();
    users.signUp(owner, 'Ngono Marie');
    return owner;
  }

  it('opens a pending, unverified merchant with its own ledger account, for a registered owner', async () => {
    const owner = anOwner();
    const opened = await merchants.open({ owner, name: '  Boulangerie   Ngono ', category: 'food' });
    expect(opened).toEqual({ ok: true, created: true, merchant: expect.objectContaining({ owner }) });
    const merchant = (opened as { merchant: Merchant }).merchant;
    expect(merchant).toEqual({
      _id: expect.stringMatching(/^m_[a-z2-7]{16}$/),
      name: 'Boulangerie Ngono',
      category: 'food',
      owner,
      status: 'pending',
      kycLevel: 'unverified',
      account: accountIds.merchant(merchant._id),
      createdAt: now,
    });
    expect(await t.store.getAccount(merchant.account)).toMatchObject({ type: 'merchant', status: 'active' });
    expect(await merchants.get(merchant._id)).toEqual(merchant);
    expect(await merchants.ofOwner(owner)).toEqual(merchant);
    expect(await merchants.balance(merchant._id)).toMatchObject({ available: 0 });
  });

  it('answers the same merchant when its owner opens again, whatever the name', async () => {
    const owner = anOwner();
    const first = await merchants.open({ owner, name: 'Boulangerie Ngono', category: 'food' });
    const again = await merchants.open({ owner, name: 'Another name', category: 'retail' });
    expect(again).toEqual({ ok: true, created: false, merchant: (first as { merchant: Merchant }).merchant });
  });

  it('gives one merchant and one account to ten opens at once by one owner through two processes', async () => {
    const owner = anOwner();
    const processes = [aProcess(), aProcess()];
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, n) =>
        processes[n % 2]!.open({ owner, name: `Boutique ${n}`, category: 'retail' }),
      ),
    );
    const ids = new Set(results.map((r) => (r.ok ? r.merchant._id : 'refused')));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.ok && r.created)).toHaveLength(1);
    expect(await t.db.connection.collection('merchants').countDocuments({ owner })).toBe(1);
    const [id] = [...ids];
    expect(await t.db.connection.collection('ledger_accounts').countDocuments({ _id: `merchant:${id}` as never })).toBe(
      1,
    );
  });

  it('opens the ledger account of a merchant whose open stopped after its insert', async () => {
    const owner = anOwner();
    const store = new MongoMerchantStore(t.db.connection);
    const stranded: Merchant = {
      _id: 'm_strandedaccount01',
      name: 'Taxi Moto Express',
      category: 'transport',
      owner,
      status: 'pending',
      kycLevel: 'unverified',
      account: accountIds.merchant('m_strandedaccount01'),
      createdAt: now,
    };
    await store.insertMerchant(stranded);
    expect(await t.store.getAccount(stranded.account)).toBeNull();
    expect(await merchants.open({ owner, name: 'Taxi Moto Express', category: 'transport' })).toEqual({
      ok: true,
      created: false,
      merchant: stranded,
    });
    expect(await t.store.getAccount(stranded.account)).toMatchObject({ type: 'merchant' });
  });

  it('refuses a bad name, an unknown category and an owner who has not signed up', async () => {
    const owner = anOwner();
    expect(await merchants.open({ owner, name: ' x ', category: 'food' })).toEqual({
      ok: false,
      reason: 'INVALID_NAME',
    });
    expect(await merchants.open({ owner, name: 'y'.repeat(61), category: 'food' })).toEqual({
      ok: false,
      reason: 'INVALID_NAME',
    });
    expect(await merchants.open({ owner, name: 'Garage', category: 'weapons' as never })).toEqual({
      ok: false,
      reason: 'INVALID_CATEGORY',
    });
    expect(await merchants.open({ owner: someMsisdn(), name: 'Garage', category: 'services' })).toEqual({
      ok: false,
      reason: 'OWNER_NOT_REGISTERED',
    });
    expect(await merchants.ofOwner(owner)).toBeNull();
  });

  it('keeps the status and KYC level compliance sets', async () => {
    const opened = await merchants.open({ owner: anOwner(), name: 'Pharmacie du Lac', category: 'health' });
    const id = (opened as { merchant: Merchant }).merchant._id;
    expect(await merchants.setStatus(id, 'active', 'verified')).toMatchObject({
      status: 'active',
      kycLevel: 'verified',
    });
    expect(await aProcess().setStatus(id, 'suspended')).toMatchObject({ status: 'suspended', kycLevel: 'verified' });
  });

  it('opens for development with the category other unless told', async () => {
    const owner = anOwner();
    expect(await merchants.openForDevelopment({ owner, name: 'Demo shop' })).toMatchObject({
      ok: true,
      created: true,
      merchant: { name: 'Demo shop', category: 'other', owner },
    });
  });
});
