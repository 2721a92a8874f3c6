/** Stops the run's FerretDB and drops its PostgreSQL database (see globalSetup.ts). */
export default async function globalTeardown(): Promise<void> {
  const state = globalThis.__testDatabase;
  await state?.server?.stop();
  state?.dropPostgres?.();
  state?.removeDirectory?.();
}
