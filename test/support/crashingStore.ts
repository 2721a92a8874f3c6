/**
 * Processes that die like processes: after the call a rule picks, that call's work is done in the database, but
 * its caller gets SimulatedCrash instead of the answer, and every later call fails too. What was written stays
 * written; the caller never learns it. A fresh object on the inner stores then plays the restarted process.
 */
import type { LedgerStore } from '../../domain/ledger/ledgerStore';

export class SimulatedCrash extends Error {
  constructor() {
    super('simulated crash');
  }
}

/** One call that completed: its number among all the process's calls, which object, which method, with what. */
export interface CompletedCall {
  n: number;
  target: string;
  method: string;
  args: unknown[];
}

/** A process whose objects (wrapped with `wrap`) all die together, after the call `dies` picks. */
export class MortalProcess {
  private dead = false;
  calls = 0;

  constructor(private readonly dies: (call: CompletedCall) => boolean) {}

  crashed(): boolean {
    return this.dead;
  }

  wrap<T extends object>(target: string, inner: T): T {
    return new Proxy(inner, {
      get: (object, property, receiver) => {
        const value = Reflect.get(object, property, receiver);
        if (typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          if (this.dead) throw new SimulatedCrash();
          this.calls += 1;
          const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(object, args);
          if (this.dies({ n: this.calls, target, method: String(property), args })) {
            this.dead = true;
            throw new SimulatedCrash();
          }
          return result;
        };
      },
    });
  }
}

export interface CrashingStore {
  store: LedgerStore;
  calls(): number;
  crashed(): boolean;
}

/** A ledger store whose process dies after its `crashAfter`-th call. */
export function crashingStore(inner: LedgerStore, crashAfter: number): CrashingStore {
  const mortal = new MortalProcess(({ n }) => n === crashAfter);
  return { store: mortal.wrap('ledger', inner), calls: () => mortal.calls, crashed: () => mortal.crashed() };
}
