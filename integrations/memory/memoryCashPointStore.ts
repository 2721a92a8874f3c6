/** Merchants' cash points in memory: the twin of the MongoDB store. */
import type { CashPoint, CashPointStore } from '../../domain/merchants/team/cashPoint';
import { roundTrip, Table } from './table';

export class MemoryCashPointStore implements CashPointStore {
  private readonly cashPoints = new Table<CashPoint>();

  async insertCashPoint(cashPoint: CashPoint): Promise<void> {
    await roundTrip();
    if (this.cashPoints.insert(cashPoint) === 'duplicate') throw new Error(`duplicate cash point ${cashPoint._id}`);
  }

  async getCashPoint(id: string): Promise<CashPoint | null> {
    await roundTrip();
    return this.cashPoints.get(id);
  }

  async cashPointsOf(merchantId: string): Promise<CashPoint[]> {
    await roundTrip();
    return this.cashPoints.find((c) => c.merchantId === merchantId);
  }

  async updateCashPoint(id: string, changes: Partial<Pick<CashPoint, 'name' | 'active'>>): Promise<void> {
    await roundTrip();
    const cashPoint = this.cashPoints.get(id);
    if (cashPoint) this.cashPoints.put({ ...cashPoint, ...changes });
  }
}
