/**
 * Readiness: whether this process can serve turns now. The check is one cheap database command (`ping`), bounded
 * in time, so a load balancer's probe never piles up behind a stuck database.
 */
import type { Connection } from 'mongoose';

/** What /readyz answers: ok, and details safe to show (no host names, no error messages). */
export interface Readiness {
  ok: boolean;
  details: Record<string, string | number | boolean>;
}

/** A readiness check that pings the database; down when the ping fails or takes longer than timeoutMs. */
export function databaseReadiness(connection: Connection, timeoutMs = 2000): () => Promise<Readiness> {
  return async (): Promise<Readiness> => {
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('database ping timed out')), timeoutMs);
    });
    try {
      const db = connection.db;
      if (!db) throw new Error('not connected');
      await Promise.race([db.command({ ping: 1 }), timeout]);
      return { ok: true, details: { database: 'up', pingMs: Date.now() - started } };
    } catch {
      return { ok: false, details: { database: 'down' } };
    } finally {
      clearTimeout(timer);
    }
  };
}

/**
 * Readiness with the background workers: not ready while they are stopped (a process whose recovery and delivery
 * workers are gone must not take traffic, or holds and notices would wait for nobody).
 */
export function withWorkers(check: () => Promise<Readiness>, workersRunning: () => boolean): () => Promise<Readiness> {
  return async (): Promise<Readiness> => {
    const database = await check();
    const workers = workersRunning();
    return { ok: database.ok && workers, details: { ...database.details, workers: workers ? 'running' : 'stopped' } };
  };
}
