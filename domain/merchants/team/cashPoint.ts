/** A merchant's cash point: a till, a stall, a shop; cashiers collect at one and its payments carry it. */

export interface CashPoint {
  /** `cp_` and 12 random lowercase base32 characters. */
  _id: string;
  merchantId: string;
  name: string;
  createdAt: Date;
  active: boolean;
}

/** Port: where cash points are kept. Names and the active flag are configuration: plain updates. */
export interface CashPointStore {
  insertCashPoint(cashPoint: CashPoint): Promise<void>;
  getCashPoint(id: string): Promise<CashPoint | null>;
  cashPointsOf(merchantId: string): Promise<CashPoint[]>;
  updateCashPoint(id: string, changes: Partial<Pick<CashPoint, 'name' | 'active'>>): Promise<void>;
}
