/**
 * What a contract suite is run against: a store with nothing in it yet, and a second handle on the same data, as a
 * second process has (on MongoDB its own object with its own batches; in memory the same instance, which is the
 * database). Each test gets its own subject, so no test sees another's documents.
 */
export interface StoreSubject<T> {
  store: T;
  anotherProcess(): T;
}

export type MakeSubject<T> = () => Promise<StoreSubject<T>>;

/** The subject of an in-memory twin: a fresh instance, which every "process" of the test shares. */
export function memorySubject<T>(make: () => T): MakeSubject<T> {
  return async () => {
    const store = make();
    return { store, anotherProcess: () => store };
  };
}

/** Collects an async iterable (the stores' whole-collection scans). */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** Sorts copies by `_id`, for comparing results the port returns in no promised order. */
export function byId<T extends { _id: string }>(items: T[]): T[] {
  return [...items].sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
}
