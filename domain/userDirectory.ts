/**
 * Port to the people who signed up, as other parts of the product may see them (a profile, never the PIN).
 */
import type { Msisdn } from './phone';
import type { UserProfile } from './users';

/** Port: looks a person up by number (null when nobody signed up with it). */
export interface UserDirectory {
  find(msisdn: Msisdn): Promise<UserProfile | null>;
}
