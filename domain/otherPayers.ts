/**
 * How many other people's numbers a person may top up from in a day (TOPUP_OTHER_NUMBERS_PER_DAY, Douala
 * calendar). A top-up from another number makes the operator show a payment prompt on a stranger's phone; a few
 * per day is what topping up from a relative needs, while more is how prompt spam and social-engineering campaigns
 * ("approve this, it is a refund") look.
 *
 * Decided by inserts only, so it holds across processes without relying on one turn per person: a day has
 * `limit` numbered slots, `<owner>:<day>:1`, `:2`…, each an insert-once record naming one number. Admitting a
 * number walks the slots in order: a slot already holding this number admits it again (a retry, a second top-up
 * from the same relative); a free slot is taken by inserting it (its unique `_id` decides between two concurrent
 * top-ups); when every slot names another number, it is refused. A number can only ever take the first slot that
 * was free when it looked, so it never holds two, and every read is by `_id`.
 *
 * Slots are keyed by the number, which a new owner may get the same day: when a person leaves, their slots of
 * that day are deleted (forgetDay), so the number's next owner starts with the whole day's limit.
 */
import { limitPeriods } from './ledger/kyc';
import type { Msisdn } from './phone';
import type { OtherPayerSlot, OtherPayerSlots } from './otherPayerSlots';

export class OtherPayerLimit {
  constructor(
    private readonly slots: OtherPayerSlots,
    private readonly perDay: number,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Counts `payer` among the owner's other numbers today; false when the day already has `perDay` others. */
  async admit(owner: Msisdn, payer: Msisdn): Promise<boolean> {
    const at = this.clock();
    const { day } = limitPeriods(at);
    for (let n = 1; n <= this.perDay; n += 1) {
      const slot: OtherPayerSlot = { _id: slotId(owner, day, n), owner, day, payer, at };
      if ((await this.slots.insert(slot)) === 'inserted') return true;
      const taken = await this.slots.get(slot._id);
      if (taken?.payer === payer) return true;
    }
    return false;
  }

  /** Deletes the owner's slots of `at`'s day (they left), one by `_id` each; safe to repeat. */
  async forgetDay(owner: Msisdn, at: Date): Promise<void> {
    const { day } = limitPeriods(at);
    for (let n = 1; n <= this.perDay; n += 1) await this.slots.remove(slotId(owner, day, n));
  }
}

function slotId(owner: Msisdn, day: string, n: number): string {
  return `${owner}:${day}:${n}`;
}
