/**
 * A channel's send rate shared by every process that runs the outbox worker: at most `perSecond` sends per channel
 * in each second of the clock, all processes together (a token bucket per process would let N processes send N
 * times the rate). A second's sends are numbered slots, `<channel>:<second>:1`, `:2`… up to the rate, each taken
 * by an insert into a unique index, so two processes never take the same one; with every slot of the second taken,
 * the sender waits for the next second. Each process remembers the first slot it has not seen taken, so a send
 * usually costs one insert. Slots of past seconds are forgotten (the collection holds only the last seconds).
 */

import type { SendSlotStore } from './ports';

export class SharedSendRate {
  /** Per channel, the first slot of the current second not known to be taken. */
  private readonly next = new Map<string, { second: number; slot: number }>();
  private lastSecond = 0;

  constructor(
    private readonly store: SendSlotStore,
    private readonly clock: () => Date,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {}

  /** Waits until a send on `channel` fits within `perSecond`, and counts it. */
  async take(channel: string, perSecond: number): Promise<void> {
    for (;;) {
      const second = secondOf(this.clock());
      this.forgetOldSlots(second);
      const known = this.next.get(channel);
      let slot = known?.second === second ? known.slot : 1;
      while (slot <= perSecond) {
        const taken = await this.store.take({ _id: `${channel}:${second}:${slot}`, channel, second });
        slot += 1;
        this.next.set(channel, { second, slot });
        // A slot counts for its own second only: taken too late (a slow insert), it is left unused.
        if (taken && secondOf(this.clock()) === second) return;
        if (secondOf(this.clock()) !== second) break;
      }
      const wait = (second + 1) * 1000 - this.clock().getTime();
      if (wait > 0) await this.sleep(wait);
    }
  }

  private forgetOldSlots(second: number): void {
    if (second <= this.lastSecond) return;
    this.lastSecond = second;
    // Housekeeping, never in the way of a send: a failure is tried again in a later second.
    void this.store.forgetBefore(second - 1).catch(() => undefined);
  }
}

function secondOf(at: Date): number {
  return Math.floor(at.getTime() / 1000);
}
