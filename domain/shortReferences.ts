/**
 * Gives each operation its short reference (domain/shortReference.ts), unique by the store's insert, and finds the
 * operation a person or support quotes. Reserved when the operation is created, before the ledger and any rail
 * hear of it, so the provider's reference field, the receipt and every later notice can carry it.
 */
import { deriveShortReference, parseShortReference } from './shortReference';
import type { ShortReferenceStore } from './shortReferenceStore';

/**
 * Derivations tried before giving up. A collision of the first has odds of about n / 2·10^13 for n references
 * already given; eight in a row is beyond any plausible volume, so reaching the end means the store is broken.
 */
const MAX_ATTEMPTS = 8;

export class ShortReferences {
  private readonly store: ShortReferenceStore;
  private readonly clock: () => Date;

  constructor(store: ShortReferenceStore, clock: () => Date = () => new Date()) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * The short reference of `transferId`: its first derivation whose insert succeeds or that it already holds.
   * Idempotent and race-free: every call for the same transfer walks the same derivations in the same order, and
   * the insert decides each one, so a retry, a restart or a concurrent copy of the call get the same answer.
   */
  async reserve(transferId: string): Promise<string> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const candidate = deriveShortReference(transferId, attempt);
      const inserted = await this.store.insert({ _id: candidate, transferId, at: this.clock() });
      if (inserted === 'inserted') return candidate;
      const holder = await this.store.get(candidate);
      if (!holder) throw new Error(`short reference ${candidate} reported as taken but not found`);
      if (holder.transferId === transferId) return candidate;
      // Another transfer holds it (a collision): the next derivation.
    }
    throw new Error(`no free short reference for transfer ${transferId} after ${MAX_ATTEMPTS} derivations`);
  }

  /** The transfer id a typed short reference names (separators and case ignored), or null when none does. */
  async resolve(typed: string): Promise<string | null> {
    const shortReference = parseShortReference(typed);
    if (!shortReference) return null;
    return (await this.store.get(shortReference))?.transferId ?? null;
  }
}
