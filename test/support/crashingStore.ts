/**
 * A LedgerStore that dies like a process: the `crashAfter`-th call completes in the database, then the caller
 * gets SimulatedCrash instead of the answer, and every later call fails too. What was written stays written;
 * the caller never learns it. A new Ledger on the inner store then plays the restarted process.
 */
import type { LedgerStore } from '../../domain/ledger/store';

export class SimulatedCrash extends Error {
  constructor() {
    super('simulated crash');
  }
}

export interface CrashingStore {
  store: LedgerStore;
  calls(): number;
  crashed(): boolean;
}

export function crashingStore(inner: LedgerStore, crashAfter: number): CrashingStore {
  let calls = 0;
  let dead = false;
  const store = new Proxy(inner, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        if (dead) throw new SimulatedCrash();
        calls += 1;
        const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        if (calls === crashAfter) {
          dead = true;
          throw new SimulatedCrash();
        }
        return result;
      };
    },
  });
  return { store, calls: () => calls, crashed: () => dead };
}
