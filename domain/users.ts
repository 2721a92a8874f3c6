/**
 * People: one per phone number, whichever channel they write from. A person who has not signed up yet has no
 * profile, but money may still wait for them (claims) and requests may be addressed to them.
 */
import type { Msisdn } from './phone';

export const LANGUAGES = ['fr', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** What other parts of the product may know about a person: never the PIN. */
export interface UserProfile {
  msisdn: Msisdn;
  name: string;
  language: Language;
}
