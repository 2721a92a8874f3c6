/**
 * The client's access tokens, one per MTN product: cached until a margin before they end, fetched once for every
 * call waiting at the same time, and dropped when MTN refuses one (a token can be revoked before its time).
 */
import type { MtnProduct } from './client';

/** A token as the token endpoint gave it. */
export interface FetchedToken {
  value: string;
  /** When it was asked for (ms since the epoch) and how long MTN says it lives. */
  obtainedAt: number;
  lifetimeMs: number;
}

interface CachedToken {
  value: string;
  renewAt: number;
}

interface TokenSlot {
  promise: Promise<CachedToken>;
  settled?: CachedToken;
}

export class AccessTokens {
  private readonly slots = new Map<MtnProduct, TokenSlot>();
  /** How many tokens were asked for (a test and a metric; never the tokens themselves). */
  requests = 0;

  constructor(
    private readonly fetchToken: (product: MtnProduct) => Promise<FetchedToken>,
    private readonly renewalMarginMs: number,
    private readonly clock: () => Date,
  ) {}

  /** The product's token: the cached one while it is fresh, else one new token shared by every waiting call. */
  async get(product: MtnProduct): Promise<string> {
    for (;;) {
      let slot = this.slots.get(product);
      const mine = slot === undefined;
      if (!slot) {
        slot = this.fetch(product);
        this.slots.set(product, slot);
      }
      let token: CachedToken;
      try {
        token = await slot.promise;
      } catch (error) {
        if (this.slots.get(product) === slot) this.slots.delete(product);
        throw error;
      }
      // Dropped meanwhile (a 401 elsewhere): fetch again rather than reuse what MTN refused.
      if (this.slots.get(product) !== slot) continue;
      // A token fetched by this call is used even if MTN gave it a life shorter than the margin.
      if (mine || token.renewAt > this.clock().getTime()) return token.value;
      this.slots.delete(product);
    }
  }

  /** Forgets the token if it is still the cached one (MTN answered 401 to it). */
  drop(product: MtnProduct, value: string): void {
    if (this.slots.get(product)?.settled?.value === value) this.slots.delete(product);
  }

  private fetch(product: MtnProduct): TokenSlot {
    this.requests += 1;
    const slot: TokenSlot = {
      promise: this.fetchToken(product).then(({ value, obtainedAt, lifetimeMs }) => {
        // Renewed a margin before its end, or at half its life when it lives shorter than twice the margin.
        const renewAt = obtainedAt + Math.max(lifetimeMs - this.renewalMarginMs, lifetimeMs / 2);
        return (slot.settled = { value, renewAt });
      }),
    };
    return slot;
  }
}
