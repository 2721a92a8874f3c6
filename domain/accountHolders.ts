/**
 * Who holds a mobile-money account, as the rail knows it. Shown before a person confirms a payment involving
 * someone else's number ("+237 6 77 12 34 56 (MoMo: Jeanne Mballa) must approve"), the habit mobile-money users
 * trust to catch a mistyped number; a number the rail says has no active account is refused before anything starts.
 *
 * Never a reason to block a payment: a rail without a lookup, a fault or a slow answer gives `unknown`, and the
 * conversation carries on without a name (the payment itself then says whether the number can pay).
 */
import type { Rail } from './ledger/accounts';
import type { Msisdn } from './phone';

/** What a rail says about a number: active (with the name it holds, when it gives one) or not an active account. */
export type AccountHolderAnswer = { active: true; name: string | null } | { active: false };

/** Port: the rail's account holder check. Throws on a fault (no answer, an error it cannot read). */
export interface AccountHolderLookup {
  accountHolder(msisdn: Msisdn): Promise<AccountHolderAnswer>;
}

/** What the conversation is told: the rail's answer, or `unknown` when it could not be had (in time). */
export type AccountHolder = { status: 'active'; name: string | null } | { status: 'inactive' } | { status: 'unknown' };

export interface AccountHoldersOptions {
  /** The rails that can tell; the others are always `unknown`. */
  lookups: Partial<Record<Rail, AccountHolderLookup>>;
  /**
   * How long a person's turn waits for the rail: a USSD screen must answer within a few seconds, so a slow lookup
   * is given up (the call may still finish; its answer is ignored). Default 3000 ms.
   */
  timeoutMs?: number;
  /** Told of a lookup that failed or timed out (for the logs); never sees the number. */
  onFault?: (rail: Rail, error: unknown) => void;
}

/** Longest name shown: a name as MTN holds it may be long, and the confirmation must fit one SMS. */
export const HOLDER_NAME_MAX = 20;

/** Looks up account holders through the rails that can tell, within a time limit, never throwing. */
export class AccountHolders {
  private readonly timeoutMs: number;

  constructor(private readonly options: AccountHoldersOptions) {
    this.timeoutMs = options.timeoutMs ?? 3000;
  }

  async check(rail: Rail, msisdn: Msisdn): Promise<AccountHolder> {
    const lookup = this.options.lookups[rail];
    if (!lookup) return { status: 'unknown' };
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), this.timeoutMs);
    });
    try {
      const answer = await Promise.race([lookup.accountHolder(msisdn), late]);
      if (answer === 'late') {
        this.options.onFault?.(rail, new Error(`account holder lookup took over ${this.timeoutMs} ms`));
        return { status: 'unknown' };
      }
      return answer.active ? { status: 'active', name: shownName(answer.name) } : { status: 'inactive' };
    } catch (error) {
      this.options.onFault?.(rail, error);
      return { status: 'unknown' };
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The name as shown: spaces collapsed, cut at a word to HOLDER_NAME_MAX characters; null when empty. */
export function shownName(name: string | null): string | null {
  const tidy = (name ?? '').replace(/\s+/g, ' ').trim();
  if (tidy === '') return null;
  if (tidy.length <= HOLDER_NAME_MAX) return tidy;
  const cut = tidy.slice(0, HOLDER_NAME_MAX + 1);
  const space = cut.lastIndexOf(' ');
  return (space > 0 ? cut.slice(0, space) : tidy.slice(0, HOLDER_NAME_MAX)).trim();
}
