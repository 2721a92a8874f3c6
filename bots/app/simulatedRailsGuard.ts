/**
 * Where simulated payment rails may run. A simulated rail confirms whatever it is asked, so on a server people can
 * reach, any number would top up for free. They run on the local database (a developer's machine, `npm start`
 * without MONGODB_URI), or on another database only when SIMULATED_RAILS=true says it is a development one; never
 * with NODE_ENV=production. The simulator page follows the same rule: it drives the same simulated world.
 */
import type { Config } from '../../integrations/config';

export type SimulationSettings = Pick<Config, 'NODE_ENV' | 'MONGODB_URI' | 'SIMULATED_RAILS'>;

/** Why this start must stop, naming each simulated rail; null when simulated rails are allowed here (or none). */
export function simulatedRailsRefusal(settings: SimulationSettings, simulated: readonly string[]): string | null {
  if (simulated.length === 0) return null;
  const names = simulated.join(', ');
  if (settings.NODE_ENV === 'production') {
    return (
      `Refusing to start in production: these payment rails are simulated and would confirm any payment: ${names}. ` +
      'Wire their real clients first.'
    );
  }
  if (settings.MONGODB_URI !== undefined && !settings.SIMULATED_RAILS) {
    return (
      `Refusing to start on the database of MONGODB_URI with simulated payment rails (${names}): ` +
      'set SIMULATED_RAILS=true if it is a development database, or unset MONGODB_URI to use the local one.'
    );
  }
  return null;
}

/** Whether the simulated world (rails and simulator page) may run with these settings. */
export function simulationAllowed(settings: SimulationSettings): boolean {
  return settings.NODE_ENV !== 'production' && (settings.MONGODB_URI === undefined || settings.SIMULATED_RAILS);
}
