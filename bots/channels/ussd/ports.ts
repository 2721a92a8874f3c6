/**
 * What the USSD channel remembers of a gateway session: the screens it answered, one record per step. A step is
 * named by how many inputs the gateway's `text` held (0 for the dial), so a repeated request finds its answer, and
 * the next request finds the screens still to page through. Records are written once and never changed: a retry
 * racing its original is decided by the first insert, the way every race in this product is.
 */
import type { Msisdn } from '../../../domain/phone';

/** The answer given at one step of a USSD session: the pages of a turn, and which one is shown. */
export interface UssdStep {
  msisdn: Msisdn;
  pages: string[];
  /** The page shown at this step (0 after a turn; one more after each `98`). */
  page: number;
  /** The turn ended the task: the last page closes the session (`END`). */
  close: boolean;
  at: Date;
}

/** The steps of USSD sessions, by gateway session id and step. */
export interface UssdSessions {
  /** The answer recorded for a step, or null. */
  find(sessionId: string, step: number): Promise<UssdStep | null>;
  /** Records a step's answer once; returns the answer recorded first (this one, or a concurrent retry's). */
  record(sessionId: string, step: number, answer: UssdStep): Promise<UssdStep>;
}

/**
 * Steps kept in this process, the most recent `capacity` of them. Enough for one process; several processes behind
 * a load balancer need a shared store (MongoUssdSessions), or a `98` may reach a process that never saw the pages.
 */
export class InMemoryUssdSessions implements UssdSessions {
  private readonly steps = new Map<string, UssdStep>();

  constructor(private readonly capacity = 50_000) {}

  find(sessionId: string, step: number): Promise<UssdStep | null> {
    return Promise.resolve(this.steps.get(stepId(sessionId, step)) ?? null);
  }

  record(sessionId: string, step: number, answer: UssdStep): Promise<UssdStep> {
    const id = stepId(sessionId, step);
    const first = this.steps.get(id);
    if (first) return Promise.resolve(first);
    this.steps.set(id, answer);
    // A Map iterates in insertion order: the first key is the oldest step.
    if (this.steps.size > this.capacity) this.steps.delete(this.steps.keys().next().value as string);
    return Promise.resolve(answer);
  }
}

/** The id of a step's record; unique because the part after the last `#` is the step, a number. */
export function stepId(sessionId: string, step: number): string {
  return `${sessionId}#${step}`;
}
