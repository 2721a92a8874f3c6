/**
 * The slots of a limited link, decided by inserts: a payer takes the first slot that is free, by inserting its next
 * generation (`<linkId>#<slot>#<generation>`). A slot is free when it was never taken, when its request ended unpaid
 * (declined, cancelled, expired), or when its last generation released it. A slot held by a request that is open,
 * being paid, or paid is not free. Two payers who see the same free slot insert the same generation: one wins, the
 * other tries the next slot. So the paid requests of a link never outnumber its slots, whatever the races.
 *
 * A slot whose request does not exist (its maker died between the slot and the request) stays held for
 * ORPHAN_GRACE_MS, long enough for a slow maker to finish, then it is free.
 */
import type { Msisdn } from '../../phone';
import type { MerchantRequestStatus } from '../merchantRequestPort';
import type { LinkSlot, PaymentLink, PaymentLinkStore } from './paymentLink';

export const ORPHAN_GRACE_MS = 10 * 60_000;

/** A slot's state as its latest generation and its request say. */
export type SlotState = 'free' | 'held' | 'paid';

/** What a payer gets: a new slot, the slot they already hold (the same number again), or none (and why). */
export type SlotTaking =
  { kind: 'taken'; slot: LinkSlot } | { kind: 'mine'; slot: LinkSlot } | { kind: 'none'; reason: 'FULL' | 'BUSY' };

export class LinkSlots {
  constructor(
    private readonly store: PaymentLinkStore,
    private readonly status: MerchantRequestStatus,
    private readonly clock: () => Date,
  ) {}

  /** The latest generation of each slot of a link, with its state. */
  async latest(link: PaymentLink): Promise<Array<{ slot: LinkSlot; state: SlotState }>> {
    const newest = new Map<string, LinkSlot>();
    for (const slot of await this.store.slots(link._id)) {
      const seen = newest.get(slot.slot);
      if (!seen || seen.generation < slot.generation) newest.set(slot.slot, slot);
    }
    return Promise.all(
      [...newest.values()].map(async (slot) => ({ slot, state: await this.stateOf(link.merchantId, slot) })),
    );
  }

  /** How many requests made from the link are paid. */
  async paidCount(link: PaymentLink): Promise<number> {
    return (await this.latest(link)).filter((s) => s.state === 'paid').length;
  }

  /** Whether every slot of a limited link is paid. */
  async isFull(link: PaymentLink): Promise<boolean> {
    if (link.maxPayments === null) return false;
    return (await this.paidCount(link)) >= link.maxPayments;
  }

  /** Takes a slot for a request of `payer` (its id `requestId`), or says why none is free. */
  async take(link: PaymentLink, input: { attemptId: string; requestId: string; payer: Msisdn; amount: number }) {
    const at = this.clock();
    const fresh = (slot: string, generation: number): LinkSlot => ({
      _id: `${link._id}#${slot}#${generation}`,
      linkId: link._id,
      slot,
      generation,
      requestId: input.requestId,
      payer: input.payer,
      amount: input.amount,
      at,
    });
    if (link.maxPayments === null) {
      const slot = fresh(input.attemptId, 0);
      await this.store.insertSlot(slot);
      return { kind: 'taken', slot } satisfies SlotTaking;
    }
    const latest = new Map((await this.latest(link)).map((s) => [s.slot.slot, s]));
    // The same number coming back to a slot it holds, unpaid, goes on with the request it has.
    for (const { slot, state } of latest.values()) {
      if (state === 'held' && slot.payer === input.payer && slot.amount === input.amount && slot.requestId) {
        return { kind: 'mine', slot } satisfies SlotTaking;
      }
    }
    let paid = 0;
    for (let index = 0; index < link.maxPayments; index += 1) {
      const seen = latest.get(String(index));
      if (seen && seen.state !== 'free') {
        if (seen.state === 'paid') paid += 1;
        continue;
      }
      const slot = fresh(String(index), seen ? seen.slot.generation + 1 : 0);
      if ((await this.store.insertSlot(slot)) === 'inserted') return { kind: 'taken', slot } satisfies SlotTaking;
    }
    return { kind: 'none', reason: paid >= link.maxPayments ? 'FULL' : 'BUSY' } satisfies SlotTaking;
  }

  /** Frees a slot whose request could not be made: its next generation, holding nothing. */
  async release(slot: LinkSlot): Promise<void> {
    await this.store.insertSlot({
      ...slot,
      _id: `${slot.linkId}#${slot.slot}#${slot.generation + 1}`,
      generation: slot.generation + 1,
      requestId: null,
      payer: null,
      at: this.clock(),
    });
  }

  private async stateOf(merchantId: string, slot: LinkSlot): Promise<SlotState> {
    if (slot.requestId === null) return 'free';
    const status = await this.status(slot.requestId, merchantId);
    if (status === null) return this.clock().getTime() - slot.at.getTime() > ORPHAN_GRACE_MS ? 'free' : 'held';
    if (status === 'paid') return 'paid';
    return status === 'open' || status === 'paying' ? 'held' : 'free';
  }
}
