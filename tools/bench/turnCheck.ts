/**
 * The conversation runtime as the benchmark's server runs it, watched from inside: each turn's reply keys are checked
 * against what its message expected (a wrong screen counts as a failure even though HTTP said 200), its time is
 * recorded per step of the round, and two turns of one person at the same time are counted (there should be none).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';
import type { Conversations } from '../../bots/runtime/conversations';
import type { Inbound, TurnResult } from '../../bots/runtime/inbound';
import type { Expectations } from './smsTraffic';

/** The step of the round whose turn is running here (for telling which turn a database command belongs to). */
export const runningStep = new AsyncLocalStorage<string>();

/** What the runtime did during one phase. */
export interface TurnTally {
  turns: number;
  duplicates: number;
  /** Turns whose replies did not include the expected key, by `step: expected → got`. */
  unexpected: Record<string, number>;
  /** Turns for a message the load generator did not send (should be none). */
  unknown: number;
  errors: Record<string, number>;
  /** A person's turn starting while another of theirs was still running. */
  overlapping: number;
  /** Milliseconds per turn inside the runtime, all steps. */
  ms: number[];
  /** Milliseconds per turn by step of the round. */
  byStep: Record<string, number[]>;
}

/** A fresh tally. */
export function turnTally(): TurnTally {
  return { turns: 0, duplicates: 0, unexpected: {}, unknown: 0, errors: {}, overlapping: 0, ms: [], byStep: {} };
}

/** Wraps the runtime's `handle`; `tally` is swapped between phases. */
export class CheckedConversations implements Pick<Conversations, 'handle'> {
  tally: TurnTally = turnTally();
  private readonly running = new Map<string, number>();

  constructor(
    private readonly inner: Pick<Conversations, 'handle'>,
    private readonly expectations: Expectations,
  ) {}

  async handle(message: Inbound): Promise<TurnResult> {
    const tally = this.tally;
    const already = this.running.get(message.msisdn) ?? 0;
    if (already > 0) tally.overlapping += 1;
    this.running.set(message.msisdn, already + 1);
    const step = this.expectations.get(message.messageId);
    this.expectations.delete(message.messageId);
    const started = performance.now();
    try {
      const result = await runningStep.run(step?.name ?? 'unknown', () => this.inner.handle(message));
      const ms = performance.now() - started;
      tally.turns += 1;
      tally.ms.push(ms);
      if (result.duplicate) tally.duplicates += 1;
      if (!step) {
        tally.unknown += 1;
      } else {
        (tally.byStep[step.name] ??= []).push(ms);
        const keys = result.replies.map((r) => r.key);
        if (!keys.includes(step.expects)) {
          const what = `${step.name}: ${step.expects} → ${keys.join(' + ') || 'nothing'}`;
          tally.unexpected[what] = (tally.unexpected[what] ?? 0) + 1;
        }
      }
      return result;
    } catch (error) {
      const what = (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 160);
      tally.errors[what] = (tally.errors[what] ?? 0) + 1;
      throw error;
    } finally {
      const left = (this.running.get(message.msisdn) ?? 1) - 1;
      if (left > 0) this.running.set(message.msisdn, left);
      else this.running.delete(message.msisdn);
    }
  }
}
