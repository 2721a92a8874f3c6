/**
 * The conversation runtime as the HTTP channels use it: each turn is counted and timed for the metrics, and the
 * turns in flight are known, so a stopping server waits for them even when their caller has hung up (a provider
 * that timed out still gets its turn finished and saved, and its retry the saved answer).
 */
import type { Conversations } from '../../runtime/conversations';
import type { Inbound, TurnResult } from '../../runtime/inbound';
import type { Metrics } from './metrics';

export class ChannelTurns {
  private readonly running = new Set<Promise<unknown>>();
  private readonly idleWaiters: (() => void)[] = [];

  constructor(
    private readonly conversations: Pick<Conversations, 'handle'>,
    private readonly metrics?: Metrics,
  ) {}

  /** How many turns are running now. */
  get inFlight(): number {
    return this.running.size;
  }

  /** Runs one turn through the runtime (which dedupes, locks and saves), counted and timed. */
  async handle(message: Inbound): Promise<TurnResult> {
    const started = process.hrtime.bigint();
    const turn = this.conversations.handle(message);
    this.running.add(turn);
    try {
      const result = await turn;
      this.metrics?.message(message.channel, result.duplicate ? 'duplicate' : 'turn');
      if (!result.duplicate) this.metrics?.turn(message.channel, Number(process.hrtime.bigint() - started) / 1e9);
      return result;
    } finally {
      this.running.delete(turn);
      if (this.running.size === 0) for (const wake of this.idleWaiters.splice(0)) wake();
    }
  }

  /** Resolves once no turn is running (at once when none is). */
  async idle(): Promise<void> {
    if (this.running.size === 0) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }
}
