/**
 * The state of a single-phase transfer (P2P, bill, merchant, refund), read from its entries. Such a transfer
 * stores no state of its own: its entries are append-only and say everything, so keeping a copy would cost two
 * more writes per transfer (an open marker and a settlement) for nothing the entries do not already tell.
 */
import { recipientRefusal } from './entries';
import type { Transfer, TransferState } from './transfers';
import { effectIds } from './transfers';

/** What the derivation needs of an entry: whether it exists, and whether it records a refusal. */
export type EffectLookup = (effectId: string) => Promise<{ rejected?: string } | null | undefined>;

export interface DerivedState {
  state: TransferState;
  reason: string | null;
}

/**
 * Recovery finds single transfers by creation time, behind a checkpoint (recovery.ts). A record stored this long
 * after its creation time might land behind the checkpoint, so its writer also marks it open, and recovery then
 * finds it by the marker. Rare by design: a process stalled that long.
 */
export const LATE_RECORD_MS = 1_000;

/**
 * How far behind the clock recovery's checkpoint stays: LATE_RECORD_MS and a margin for clock differences between
 * processes. (A record sent by a process just before it died may land later still; no entry can follow it, since
 * its writer is gone, so no money waits on it: a retry of the same id finishes it.)
 */
export const CHECKPOINT_LAG_MS = 5_000;

const IN_FLIGHT: DerivedState = { state: 'received', reason: null };

/**
 * Looks the effects up in the order the ledger writes them (debit, first credit, the others or the give-back),
 * stopping as soon as the answer is known: two or three reads for a typical transfer.
 */
export async function singleTransferState(transfer: Transfer, lookup: EffectLookup): Promise<DerivedState> {
  const debit = await lookup(effectIds.debit(transfer._id));
  if (!debit) return IN_FLIGHT;
  if (debit.rejected) return { state: 'rejected', reason: debit.rejected };
  const first = await lookup(effectIds.credit(transfer._id, 0));
  if (!first) return IN_FLIGHT;
  if (first.rejected) {
    // The recipient refused: the payer gets the whole debit back, and only then is the transfer over.
    return (await lookup(effectIds.giveBack(transfer._id)))
      ? { state: 'rejected', reason: recipientRefusal(first.rejected) }
      : IN_FLIGHT;
  }
  for (let leg = 1; leg < transfer.credits.length; leg += 1) {
    if (!(await lookup(effectIds.credit(transfer._id, leg)))) return IN_FLIGHT;
  }
  return { state: 'posted', reason: null };
}
