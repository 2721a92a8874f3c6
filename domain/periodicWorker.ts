/**
 * A periodic worker: runs a pass at start and then every `intervalMs`, never two passes at once in this process.
 * Every worker of the product (ledger recovery, rail and bill reconcilers, claim and request expiry) is one of
 * these; several processes may each run one, because every pass is made of idempotent, insert-decided steps.
 */

/** A running worker. */
export interface PeriodicWorker<R> {
  /** Resolves after the pass in progress, if any, has finished; no pass starts afterwards. */
  stop(): Promise<void>;
  /** Runs a pass now (after the one in progress) and gives its report. */
  runNow(): Promise<R>;
}

export function startPeriodicWorker<R>(
  pass: () => Promise<R>,
  options: { intervalMs: number; onReport?: (report: R) => void },
): PeriodicWorker<R> {
  let running: Promise<R | undefined> = Promise.resolve(undefined);
  let busy = false;
  let stopped = false;
  const run = (): Promise<R> => {
    const next = running
      .catch(() => undefined)
      .then(pass)
      .then((report) => {
        options.onReport?.(report);
        return report;
      });
    running = next;
    return next;
  };
  const tick = () => {
    // A pass slower than the interval must not queue more passes behind it: skip this tick instead.
    if (stopped || busy) return;
    busy = true;
    void run()
      .catch(() => undefined)
      .finally(() => (busy = false));
  };
  tick();
  const timer = setInterval(tick, options.intervalMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running.catch(() => undefined);
    },
    runNow: run,
  };
}
