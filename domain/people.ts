/**
 * Signing up, the PIN that guards every money movement, and a person's settings. One person per phone number,
 * whichever channel they write from; signing up opens their wallet at the lowest KYC tier.
 *
 * Writes to one person's record are made inside a conversation turn, which holds that person's lock (see
 * bots/runtime); the sign-up race between two numbers' worth of processes is decided by the insert of the
 * person's `_id`. Wrong PINs are counted by inserts (domain/pinLockout.ts), not on this record, because a PIN
 * check can outlive its turn and its lock.
 */
import { accountIds } from './ledger/accounts';
import { KYC_LIMITS, type KycLimits } from './ledger/kyc';
import type { Ledger } from './ledger/ledger';
import type { Notifier } from './notifier';
import { checkNewPin, hashPin, pinHashOutdated, pinMatches, type PinRejection } from './pin';
import type { ChosenPinStore } from './chosenPinStore';
import { PinLockout, type PinCheck } from './pinLockout';
import type { PinEventStore } from './pinEventStore';
import type { Person, PeopleStore } from './peopleStore';
import type { Msisdn } from './phone';
import type { Language, UserProfile } from './users';
import type { UserDirectory } from './userDirectory';

export type { PinCheck } from './pinLockout';

/** A sign-up's outcome: the new person, or why they could not sign up. */
export type SignUpResult =
  { ok: true; person: UserProfile } | { ok: false; reason: PinRejection | 'ALREADY_SIGNED_UP' | 'PIN_NOT_CHOSEN' };

export interface PeopleOptions {
  store: PeopleStore;
  ledger: Ledger;
  /** The server-side secret every PIN hash is keyed with (PIN_PEPPER). */
  pinPepper: string;
  /** Where wrong PINs, lockouts and resets are recorded. */
  pinEvents: PinEventStore;
  /** Where a PIN chosen in a conversation waits for its confirmation (never in the saved session). */
  chosenPins: ChosenPinStore;
  /** Wrong PINs in a row that lock the PIN. */
  maxPinTries?: number;
  /** How long a locked PIN stays locked. */
  pinLockMs: number;
  /** Tells the owner of each PIN lockout. */
  notifier?: Notifier;
  clock?: () => Date;
  /** Called once a person has signed up, e.g. to hand them money waiting for their number. */
  onSignedUp?: (msisdn: Msisdn) => Promise<void>;
  /**
   * Called when a person leaves, after their wallet is closed and before their record goes, to end what they
   * left open (their payment requests, their chat links). `at` is the departure: what was made before it was
   * the previous owner's. A crash before the record goes leaves the person able to delete again, which calls it
   * again: it must be safe to repeat.
   */
  onDeparted?: (msisdn: Msisdn, at: Date) => Promise<void>;
}

/** A PIN chosen but not confirmed within this time is forgotten (sessions go idle much sooner). */
const CHOSEN_PIN_MAX_AGE_MS = 3_600_000;

/** Names people give: letters of any script, spaces, apostrophes, hyphens and dots; 2 to 40 characters. */
const NAME = /^[\p{L}][\p{L}\p{M} .'’-]{1,39}$/u;

/** A person's name as typed, tidied, or null when it cannot be a name. */
export function cleanName(text: string): string | null {
  const name = text.normalize('NFC').trim().replace(/\s+/g, ' ');
  return NAME.test(name) ? name : null;
}

/**
 * Who holds a number, from the people kept in `store`: when its last owner left (a registered person's record
 * says when their number's previous owner left, as anyone who left since would have no record; else the
 * departures do) and when its current owner signed up (null: nobody holds it).
 */
export async function numberOwnershipIn(
  store: PeopleStore,
  msisdn: Msisdn,
): Promise<{ departedAt: Date | null; registeredAt: Date | null }> {
  const person = await store.get(msisdn);
  if (person) return { departedAt: person.historySince, registeredAt: person.createdAt };
  return { departedAt: await store.lastDeparture(msisdn), registeredAt: null };
}

export class People implements UserDirectory {
  private readonly store: PeopleStore;
  private readonly ledger: Ledger;
  private readonly pepper: string;
  private readonly chosenPins: ChosenPinStore;
  private readonly pinLockout: PinLockout;
  private readonly clock: () => Date;
  private readonly onSignedUp: (msisdn: Msisdn) => Promise<void>;
  private readonly onDeparted: (msisdn: Msisdn, at: Date) => Promise<void>;

  constructor(options: PeopleOptions) {
    this.store = options.store;
    this.ledger = options.ledger;
    this.pepper = options.pinPepper;
    this.chosenPins = options.chosenPins;
    this.pinLockout = new PinLockout({
      events: options.pinEvents,
      lockMs: options.pinLockMs,
      maxTries: options.maxPinTries,
      notifier: options.notifier,
      clock: options.clock,
    });
    this.clock = options.clock ?? (() => new Date());
    this.onSignedUp = options.onSignedUp ?? (async () => undefined);
    this.onDeparted = options.onDeparted ?? (async () => undefined);
  }

  async find(msisdn: Msisdn): Promise<UserProfile | null> {
    const person = await this.store.get(msisdn);
    return person && { msisdn: person.msisdn, name: person.name, language: person.language };
  }

  /**
   * Signs a person up: the wallet first (idempotent, and it may already hold money sent to this number), then the
   * record, whose insert decides a race between two sign-ups of one number.
   */
  async signUp(request: { msisdn: Msisdn; name: string; language: Language; pin: string }): Promise<SignUpResult> {
    const pinCheck = checkNewPin(request.pin);
    if (!pinCheck.ok) return pinCheck;
    return this.signUpWithHash({ ...request, pinHash: await hashPin(request.pin, this.pepper) });
  }

  /** Signs up with the PIN chosen and confirmed in the conversation (`choosePin`); it is then forgotten. */
  async signUpWithChosenPin(request: { msisdn: Msisdn; name: string; language: Language }): Promise<SignUpResult> {
    const chosen = await this.chosenPin(request.msisdn);
    if (!chosen) return { ok: false, reason: 'PIN_NOT_CHOSEN' };
    const result = await this.signUpWithHash({ ...request, pinHash: chosen });
    await this.chosenPins.remove(request.msisdn);
    return result;
  }

  /** Signs up with a PIN already checked by `checkNewPin` and hashed with this pepper (`hashPin`). */
  async signUpWithHash(request: {
    msisdn: Msisdn;
    name: string;
    language: Language;
    pinHash: string;
  }): Promise<SignUpResult> {
    const now = this.clock();
    const wallet = accountIds.wallet(request.msisdn);
    const account = await this.ledger.openAccount(wallet, 'wallet', { ownerId: request.msisdn, kycTier: 'basic' });
    // A wallet closed when its owner left is opened again, on its chain, for whoever signs up with the number next
    // (with fresh limits at the basic tier, and whatever holds wait for the number); a frozen one stays frozen.
    // Asked of the chain every time: the stored status is only a copy, written after.
    const reopened = await this.ledger.reopen(wallet);
    // Only under endless contention: the sign-up fails as a technical problem and may be tried again.
    if (!reopened.ok && reopened.reason === 'NOT_EMPTY') throw new Error(`wallet ${wallet} could not be reopened`);
    if (reopened.ok && reopened.changed && account.kycTier !== 'basic') await this.ledger.setKycTier(wallet, 'basic');
    const person: Person = {
      msisdn: request.msisdn,
      name: request.name,
      language: request.language,
      pinHash: request.pinHash,
      termsAcceptedAt: now,
      createdAt: now,
      historySince: await this.store.lastDeparture(request.msisdn),
    };
    if (!(await this.store.insert(person))) return { ok: false, reason: 'ALREADY_SIGNED_UP' };
    await this.onSignedUp(request.msisdn);
    return { ok: true, person: { msisdn: person.msisdn, name: person.name, language: person.language } };
  }

  /**
   * Checks a PIN; wrong ones count, the last allowed wrong one locks the PIN for a while, and repeated lockouts
   * block it (domain/pinLockout.ts). A right PIN under an outdated hash (before the pepper) is hashed again.
   */
  async checkPin(msisdn: Msisdn, pin: string): Promise<PinCheck> {
    const startedAt = this.clock();
    const person = await this.store.get(msisdn);
    if (!person) return { ok: false, reason: 'WRONG_PIN', triesLeft: 0 };
    const state = await this.pinLockout.state(person);
    const refused = this.pinLockout.refusal(state);
    if (refused) return refused;
    if (!(await pinMatches(pin, person.pinHash, this.pepper)))
      return this.pinLockout.recordFailure(person, state, startedAt);
    await this.pinLockout.recordSuccess(person, state, startedAt);
    if (pinHashOutdated(person.pinHash)) await this.store.update(msisdn, { pinHash: await hashPin(pin, this.pepper) });
    return { ok: true };
  }

  /** Changes the PIN; the old one must be right (and counts as a try when it is not). */
  async changePin(
    msisdn: Msisdn,
    oldPin: string,
    newPin: string,
  ): Promise<PinCheck | { ok: false; reason: PinRejection | 'SAME_PIN' }> {
    const newCheck = checkNewPin(newPin);
    if (!newCheck.ok) return newCheck;
    if (newPin === oldPin) return { ok: false, reason: 'SAME_PIN' };
    const check = await this.checkPin(msisdn, oldPin);
    if (!check.ok) return check;
    await this.store.update(msisdn, { pinHash: await hashPin(newPin, this.pepper) });
    return { ok: true };
  }

  /**
   * Keeps a new PIN typed in a conversation until it is typed again: hashed, server-side, never in the saved
   * session. Refused when it is too simple, or the PIN the person has now (a change to the same PIN changes
   * nothing, and is most likely a mistake; compared without counting a try: nothing is being unlocked).
   */
  async choosePin(
    msisdn: Msisdn,
    pin: string,
  ): Promise<{ ok: true } | { ok: false; reason: PinRejection | 'SAME_PIN' }> {
    const check = checkNewPin(pin);
    if (!check.ok) return check;
    const person = await this.store.get(msisdn);
    if (person && (await pinMatches(pin, person.pinHash, this.pepper))) return { ok: false, reason: 'SAME_PIN' };
    await this.chosenPins.put(msisdn, await hashPin(pin, this.pepper), this.clock());
    return { ok: true };
  }

  /** Whether a PIN typed again is the one chosen (`choosePin`); false when none is waiting. */
  async chosenPinMatches(msisdn: Msisdn, pin: string): Promise<boolean> {
    const chosen = await this.chosenPin(msisdn);
    return chosen !== null && pinMatches(pin, chosen, this.pepper);
  }

  /** Makes the chosen and confirmed PIN the person's PIN, after the flow checked the old one; false if none waits. */
  async saveChosenPin(msisdn: Msisdn): Promise<boolean> {
    const chosen = await this.chosenPin(msisdn);
    if (!chosen) return false;
    await this.store.update(msisdn, { pinHash: chosen });
    await this.chosenPins.remove(msisdn);
    return true;
  }

  /** The hash of the PIN waiting for confirmation, unless it waited longer than a conversation can. */
  private async chosenPin(msisdn: Msisdn): Promise<string | null> {
    const chosen = await this.chosenPins.get(msisdn);
    if (!chosen || this.clock().getTime() - chosen.at.getTime() > CHOSEN_PIN_MAX_AGE_MS) return null;
    return chosen.pinHash;
  }

  /**
   * When the number's last owner left and its current owner signed up (see numberOwnershipIn): what a chat link
   * made before either belonged to someone else. One read by `_id` for a registered number.
   */
  numberOwnership(msisdn: Msisdn): Promise<{ departedAt: Date | null; registeredAt: Date | null }> {
    return numberOwnershipIn(this.store, msisdn);
  }

  /** Where a person's History starts (see `Person.historySince`); null: from the wallet's first operation. */
  async historySince(msisdn: Msisdn): Promise<Date | null> {
    return (await this.store.get(msisdn))?.historySince ?? null;
  }

  /** The limits of the person's wallet, by its KYC tier (basic for a wallet without one). */
  async limits(msisdn: Msisdn): Promise<KycLimits> {
    const wallet = await this.ledger.store.getAccount(accountIds.wallet(msisdn));
    return KYC_LIMITS[wallet?.kycTier ?? 'basic'];
  }

  async setLanguage(msisdn: Msisdn, language: Language): Promise<void> {
    await this.store.update(msisdn, { language });
  }

  /**
   * Deletes a person's account: only with an empty wallet (nothing available, held or incoming), so no money is
   * left behind. The wallet is closed on its ledger chain, which decides emptiness and orders the close against
   * every credit or debit in any process; from then on no money can be posted into it or taken out of it. Then
   * the departure is recorded, what the person left open is ended (onDeparted), and their record goes; the wallet's
   * history is kept, and the number may sign up again.
   */
  async deleteAccount(msisdn: Msisdn): Promise<{ ok: true } | { ok: false; reason: 'WALLET_NOT_EMPTY' }> {
    const closed = await this.ledger.setAccountStatus(accountIds.wallet(msisdn), 'closed');
    if (!closed.ok && closed.reason === 'NOT_EMPTY') return { ok: false, reason: 'WALLET_NOT_EMPTY' };
    const at = this.clock();
    await this.store.recordDeparture(msisdn, at);
    await this.onDeparted(msisdn, at);
    await this.store.remove(msisdn);
    return { ok: true };
  }
}
