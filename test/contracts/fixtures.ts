/** Small pieces the contract suites share: fresh numbers and ids, and two handles to race through. */
import { randomInt, randomUUID } from 'node:crypto';
import type { Msisdn } from '../../domain/phone';

export const T0 = new Date('2026-03-01T10:00:00.000Z');

export function at(ms: number): Date {
  return new Date(T0.getTime() + ms);
}

/** A fresh MTN-looking Cameroonian mobile number. */
export function aNumber(): Msisdn {
  return `23767${String(randomInt(0, 10_000_000)).padStart(7, '0')}` as Msisdn;
}

export function anId(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}

/**
 * Runs `count` calls at once, alternating between the two handles (two processes on one store), and returns
 * their answers in call order.
 */
export function race<T, R>(handles: [T, T], count: number, call: (handle: T, n: number) => Promise<R>): Promise<R[]> {
  return Promise.all(Array.from({ length: count }, (_, n) => call(handles[n % 2]!, n)));
}
