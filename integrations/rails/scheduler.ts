/**
 * When the simulated rails complete their payments: later on real timers, or when a test says so. Tasks may be
 * async; the manual scheduler waits for them, so a test knows a completion (and its callback) has finished.
 */

/** Runs `task` after `delayMs`. */
export type Scheduler = (task: () => Promise<unknown> | void, delayMs: number) => void;

/** Real timers, unref'd so a pending simulated payment never keeps the process alive. */
export const timerScheduler: Scheduler = (task, delayMs) => {
  const timer = setTimeout(
    () =>
      void Promise.resolve()
        .then(task)
        .catch(() => undefined),
    delayMs,
  );
  timer.unref();
};

/** A scheduler on a clock that only moves when `advance` is called: deterministic tests. */
export class ManualScheduler {
  private now = 0;
  private tasks: { at: number; order: number; task: () => Promise<unknown> | void }[] = [];
  private order = 0;

  /** The scheduler function to give a simulator. */
  readonly schedule: Scheduler = (task, delayMs) => {
    this.tasks.push({ at: this.now + delayMs, order: (this.order += 1), task });
  };

  /** How many tasks have not run yet. */
  get pending(): number {
    return this.tasks.length;
  }

  /** Moves the clock by `ms` and runs every task due by then, in order, waiting for each (errors ignored). */
  async advance(ms: number): Promise<void> {
    const until = this.now + ms;
    for (;;) {
      const due = this.tasks.filter((t) => t.at <= until).sort((a, b) => a.at - b.at || a.order - b.order)[0];
      if (!due) break;
      this.tasks = this.tasks.filter((t) => t !== due);
      this.now = due.at;
      await Promise.resolve()
        .then(due.task)
        .catch(() => undefined);
    }
    this.now = until;
  }
}
