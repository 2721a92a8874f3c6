/**
 * Port to where people are kept: one record per phone number, with the PIN's hash, and when each number's last
 * owner left (numbers are recycled).
 */
import type { Msisdn } from './phone';
import type { UserProfile } from './users';

/** A person as stored: the profile and the PIN's hash (peppered: domain/pin.ts). */
export interface Person extends UserProfile {
  pinHash: string;
  termsAcceptedAt: Date;
  createdAt: Date;
  /**
   * Operations before this moment belong to the number's previous owner (numbers are recycled): History starts
   * here. Null for a number nobody left.
   */
  historySince: Date | null;
}

/** Port: where people are kept. `insert` returns false when the number is taken. */
export interface PeopleStore {
  insert(person: Person): Promise<boolean>;
  get(msisdn: Msisdn): Promise<Person | null>;
  update(msisdn: Msisdn, changes: Partial<Omit<Person, 'msisdn'>>): Promise<void>;
  remove(msisdn: Msisdn): Promise<void>;
  /** Remembers that the owner of a number left at `at` (kept after their record is removed). */
  recordDeparture(msisdn: Msisdn, at: Date): Promise<void>;
  /** When the last owner of a number left, if anyone did. */
  lastDeparture(msisdn: Msisdn): Promise<Date | null>;
}
