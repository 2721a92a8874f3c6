/**
 * Readiness with the workers: ready only while the database answers and the background workers run.
 */
import { databaseReadiness, withWorkers } from '../../../../bots/channels/http/readiness';
import { useTestDatabase } from '../../../support/database';

const db = useTestDatabase();

it('is ready while the database answers and the workers run, and not once they stop', async () => {
  let running = true;
  const ready = withWorkers(databaseReadiness(db.connection), () => running);
  expect(await ready()).toMatchObject({ ok: true, details: { database: 'up', workers: 'running' } });
  running = false;
  expect(await ready()).toEqual({
    ok: false,
    details: expect.objectContaining({ database: 'up', workers: 'stopped' }),
  });
});

it('is not ready when the database does not answer, whatever the workers do', async () => {
  const down = withWorkers(
    async () => ({ ok: false, details: { database: 'down' } }),
    () => true,
  );
  expect(await down()).toEqual({ ok: false, details: { database: 'down', workers: 'running' } });
});
