/**
 * Hand-written fakes for the ports the payment services talk to but are not about: a directory of signed-up
 * people and a Notifier that keeps its contract (each dedupe key delivered at most once) and records deliveries.
 */
import { randomInt } from 'node:crypto';
import type { Notice } from '../../domain/notifications';
import type { Notifier } from '../../domain/notifier';
import type { Msisdn } from '../../domain/phone';
import type { UserDirectory } from '../../domain/userDirectory';
import type { UserProfile } from '../../domain/users';

export class FakeDirectory implements UserDirectory {
  private readonly people = new Map<Msisdn, UserProfile>();

  async find(msisdn: Msisdn): Promise<UserProfile | null> {
    return this.people.get(msisdn) ?? null;
  }

  signUp(msisdn: Msisdn, name: string): void {
    this.people.set(msisdn, { msisdn, name, language: 'fr' });
  }
}

export interface Delivered {
  to: Msisdn;
  notice: Notice;
  dedupeKey: string;
}

export class RecordingNotifier implements Notifier {
  readonly delivered: Delivered[] = [];
  private readonly seen = new Set<string>();

  async notify(to: Msisdn, notice: Notice, dedupeKey: string): Promise<void> {
    if (this.seen.has(dedupeKey)) return;
    this.seen.add(dedupeKey);
    this.delivered.push({ to, notice, dedupeKey });
  }

  to(msisdn: Msisdn, key?: string): Delivered[] {
    return this.delivered.filter((d) => d.to === msisdn && (key === undefined || d.notice.key === key));
  }
}

/** A fresh MTN-looking Cameroonian mobile number. */
export function someMsisdn(): Msisdn {
  return `23767${String(randomInt(0, 10_000_000)).padStart(7, '0')}` as Msisdn;
}
