/** What cash points rely on from their store, against every implementation: read back, listed, renamed, closed. */
import type { CashPoint, CashPointStore } from '../../domain/merchants/team/cashPoint';
import { anId, at } from './fixtures';
import { byId, type MakeSubject } from './subject';

export function describeCashPointStoreContract(name: string, makeSubject: MakeSubject<CashPointStore>): void {
  describe(`CashPointStore contract: ${name}`, () => {
    let store: CashPointStore;
    let anotherProcess: () => CashPointStore;
    beforeEach(async () => {
      ({ store, anotherProcess } = await makeSubject());
    });

    it('reads cash points back by id and by merchant, and keeps a new name and a deactivation', async () => {
      const merchantId = anId('m');
      const points: CashPoint[] = ['Marché Central', 'Akwa'].map((name, n) => ({
        _id: anId('cp'),
        merchantId,
        name,
        createdAt: at(n),
        active: true,
      }));
      for (const point of points) await store.insertCashPoint(point);
      await store.insertCashPoint({ ...points[0]!, _id: anId('cp'), merchantId: anId('m') });
      expect(await anotherProcess().getCashPoint(points[0]!._id)).toEqual(points[0]);
      expect(byId(await store.cashPointsOf(merchantId))).toEqual(byId(points));
      await store.updateCashPoint(points[1]!._id, { name: 'Akwa Nord' });
      await store.updateCashPoint(points[1]!._id, { active: false });
      expect(await anotherProcess().getCashPoint(points[1]!._id)).toEqual({
        ...points[1],
        name: 'Akwa Nord',
        active: false,
      });
      expect(await store.getCashPoint('nowhere')).toBeNull();
    });
  });
}
