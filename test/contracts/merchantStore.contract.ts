/**
 * What merchants rely on from their store, run against every implementation: a merchant is read back as inserted,
 * an owner number has one merchant whatever races (the first insert stands, across processes), and compliance's
 * status and KYC level changes are kept.
 */
import type { AccountId } from '../../domain/ledger/accounts';
import type { Merchant } from '../../domain/merchants/merchant';
import type { MerchantStore } from '../../domain/merchants/merchantStore';
import { aNumber, anId, at, race } from './fixtures';
import type { MakeSubject } from './subject';

function aMerchant(overrides: Partial<Merchant> = {}): Merchant {
  const id = anId('m');
  return {
    _id: id,
    name: 'Boulangerie Ngono',
    category: 'food',
    owner: aNumber(),
    status: 'pending',
    kycLevel: 'unverified',
    account: `merchant:${id}` as AccountId,
    createdAt: at(0),
    ...overrides,
  };
}

export function describeMerchantStoreContract(name: string, makeSubject: MakeSubject<MerchantStore>): void {
  describe(`MerchantStore contract: ${name}`, () => {
    let store: MerchantStore;
    let anotherProcess: () => MerchantStore;
    beforeEach(async () => {
      ({ store, anotherProcess } = await makeSubject());
    });

    it('reads a merchant back by id and by owner, and nothing for unknown ones', async () => {
      const merchant = aMerchant();
      expect(await store.insertMerchant(merchant)).toBe('inserted');
      expect(await store.getMerchant(merchant._id)).toEqual(merchant);
      expect(await anotherProcess().byOwner(merchant.owner)).toEqual(merchant);
      expect(await store.getMerchant(anId('m'))).toBeNull();
      expect(await store.byOwner(aNumber())).toBeNull();
    });

    it('gives an owner one merchant when many are opened at once, across processes', async () => {
      const owner = aNumber();
      const rivals = Array.from({ length: 10 }, () => aMerchant({ owner }));
      const results = await race([store, anotherProcess()], 10, (s, n) => s.insertMerchant(rivals[n]!));
      expect(results.filter((r) => r === 'inserted')).toHaveLength(1);
      const kept = rivals[results.indexOf('inserted')]!;
      expect(await anotherProcess().byOwner(owner)).toEqual(kept);
      for (const lost of rivals.filter((m) => m !== kept)) expect(await store.getMerchant(lost._id)).toBeNull();
    });

    it('reports a second merchant with a taken id as a duplicate', async () => {
      const merchant = aMerchant();
      await store.insertMerchant(merchant);
      expect(await store.insertMerchant(aMerchant({ _id: merchant._id }))).toBe('duplicate');
      expect(await store.getMerchant(merchant._id)).toEqual(merchant);
    });

    it('keeps a status change, with or without a KYC level', async () => {
      const merchant = aMerchant();
      await store.insertMerchant(merchant);
      await store.setStatus(merchant._id, 'active', 'verified');
      expect(await anotherProcess().getMerchant(merchant._id)).toEqual({
        ...merchant,
        status: 'active',
        kycLevel: 'verified',
      });
      await store.setStatus(merchant._id, 'suspended');
      expect(await store.byOwner(merchant.owner)).toEqual({ ...merchant, status: 'suspended', kycLevel: 'verified' });
    });
  });
}
