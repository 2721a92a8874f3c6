/** Pay links in memory: the twin of the MongoDB store (first insert stands; a token is unique as its index makes it). */
import type { InsertResult } from '../../domain/ledger/ledgerStore';
import type { PayCheckout, PayLink, PayLinkStore } from '../../domain/paymentRequests/payLinkStore';
import { roundTrip, Table } from './table';

export class MemoryPayLinkStore implements PayLinkStore {
  private readonly links = new Table<PayLink>();
  private readonly checkouts = new Table<PayCheckout>();

  async insertLink(link: PayLink): Promise<InsertResult> {
    await roundTrip();
    if (this.links.find((l) => l.token === link.token).length > 0) return 'duplicate';
    return this.links.insert(link);
  }

  async byRequest(requestId: string): Promise<PayLink | null> {
    await roundTrip();
    return this.links.get(requestId);
  }

  async byToken(token: string): Promise<PayLink | null> {
    await roundTrip();
    return this.links.find((l) => l.token === token)[0] ?? null;
  }

  async insertCheckout(checkout: PayCheckout): Promise<InsertResult> {
    await roundTrip();
    return this.checkouts.insert(checkout);
  }

  async checkout(id: string): Promise<PayCheckout | null> {
    await roundTrip();
    return this.checkouts.get(id);
  }
}
