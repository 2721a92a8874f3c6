/**
 * One payment of an invoice in flight at a time, decided by inserts (as a link's slots, linkSlots.ts): a payer takes
 * the invoice's slot by inserting its next generation (`<invoiceId>#<generation>`), holding the request it is about
 * to make and the amount it asks. The next generation may be taken only once the latest one's request ended (paid,
 * declined, cancelled, expired), was released (its request could not be made), or was never made past
 * SLOT_GRACE_MS. Two payers who see the same latest generation insert the same next one: one wins. So whoever holds
 * the slot reads an amount due no other request can change until it ends, and the paid sum never exceeds the total.
 */
import type { Msisdn } from '../../phone';
import type { MerchantRequestStatus } from '../merchantRequestPort';
import type { InvoiceSlot, InvoiceStore } from './invoice';

/** How long a slot whose request does not exist stays held: a maker that died between the two frees it then. */
export const SLOT_GRACE_MS = 2 * 60_000;

/** The invoice's latest slot and whether a payer may take the next generation. */
export interface LatestSlot {
  slot: InvoiceSlot | null;
  /** `held`: a request of it may still be paid. */
  state: 'free' | 'held';
}

export class InvoiceSlots {
  constructor(
    private readonly store: Pick<InvoiceStore, 'slots' | 'insertSlot'>,
    private readonly status: MerchantRequestStatus,
    private readonly clock: () => Date,
  ) {}

  /** The latest generation of the invoice's slot, and whether it still holds a payment in flight. */
  async latest(invoice: { _id: string; merchantId: string }): Promise<LatestSlot> {
    const slots = await this.store.slots(invoice._id);
    const slot = slots.reduce<InvoiceSlot | null>((a, b) => (a && a.generation > b.generation ? a : b), null);
    if (!slot || slot.requestId === null) return { slot, state: 'free' };
    const status = await this.status(slot.requestId, invoice.merchantId);
    if (status === null) {
      const orphaned = this.clock().getTime() - slot.at.getTime() > SLOT_GRACE_MS;
      return { slot, state: orphaned ? 'free' : 'held' };
    }
    return { slot, state: status === 'open' || status === 'paying' ? 'held' : 'free' };
  }

  /** Takes the generation after `after` (null: the first) for a request; null when another payer took it first. */
  async take(
    invoiceId: string,
    after: InvoiceSlot | null,
    request: { requestId: string; payer: Msisdn; amount: number },
  ): Promise<InvoiceSlot | null> {
    const generation = after ? after.generation + 1 : 0;
    const slot: InvoiceSlot = {
      _id: `${invoiceId}#${generation}`,
      invoiceId,
      generation,
      ...request,
      at: this.clock(),
    };
    return (await this.store.insertSlot(slot)) === 'inserted' ? slot : null;
  }

  /** Frees a slot whose request could not be made: its next generation, holding nothing. */
  async release(slot: InvoiceSlot): Promise<void> {
    const generation = slot.generation + 1;
    await this.store.insertSlot({
      ...slot,
      _id: `${slot.invoiceId}#${generation}`,
      generation,
      requestId: null,
      payer: null,
      at: this.clock(),
    });
  }

  /** Whether no later generation was taken (one is when this slot was thought orphaned). */
  async isLatest(slot: InvoiceSlot): Promise<boolean> {
    const slots = await this.store.slots(slot.invoiceId);
    return slots.every((s) => s.generation <= slot.generation);
  }
}
