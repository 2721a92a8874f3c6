import { fromPromise, type AnyStateMachine } from 'xstate';
import { KYC_LIMITS, type KycLimits, type KycTier } from '../../domain/ledger/kyc';
import type { People, PinCheck } from '../../domain/people';
import type { Msisdn } from '../../domain/phone';
import type { Language } from '../../domain/users';
import type { Reply, StepMeta } from '../../flows/conversation';
import { settingsMachine } from '../../flows/settings';
import { alice, driveFlow, flowInput, keys, expectReadable, stepMeta, waitingSteps } from '../support/flowHarness';

const PIN = '2468';
const WRONG_PIN = '1357';
const NEW_PIN = '4826';
const OTHER_PIN = '3917';
const LOCKED_UNTIL = new Date('2030-05-01T10:15:00Z');

type DeleteResult = Awaited<ReturnType<People['deleteAccount']>>;
type ChooseResult = Awaited<ReturnType<People['choosePin']>>;

const settingsMenu: Reply = {
  kind: 'menu',
  key: 'settings.title',
  options: [
    { id: '1', key: 'settings.language' },
    { id: '2', key: 'settings.changePin' },
    { id: '3', key: 'settings.limits' },
    { id: '4', key: 'settings.delete' },
  ],
};

/**
 * Hand-written stand-ins for People and the PIN hashing: a PIN that locks after three wrong tries, a hash that is
 * an opaque token never containing the PIN, a wallet that may still hold money; every call recorded.
 */
class FakePeople {
  readonly pinChecks: { msisdn: Msisdn; pin: string }[] = [];
  readonly hashed: string[] = [];
  readonly compared: { msisdn: Msisdn; pin: string }[] = [];
  readonly pinHashesSet: { msisdn: Msisdn; pinHash: string }[] = [];
  readonly languagesSet: { msisdn: Msisdn; language: Language }[] = [];
  readonly deletions: { msisdn: Msisdn }[] = [];
  private readonly pinOf = new Map<string, string>();
  /** The hash of the new PIN waiting for its confirmation, kept here as People keeps it server-side. */
  private chosen: string | null = null;
  wrongTries = 0;
  walletEmpty = true;
  tier: KycTier = 'basic';
  /** Which service throws (a technical problem). */
  failing:
    | 'checkPin'
    | 'choosePin'
    | 'chosenPinMatches'
    | 'saveChosenPin'
    | 'setLanguage'
    | 'loadLimits'
    | 'deleteAccount'
    | null = null;

  machine() {
    return settingsMachine.provide({
      actors: {
        checkPin: fromPromise<PinCheck, { msisdn: Msisdn; pin: string }>(async ({ input }) => {
          this.pinChecks.push(input);
          this.failIf('checkPin');
          if (this.wrongTries >= 3) return { ok: false, reason: 'PIN_LOCKED', until: LOCKED_UNTIL };
          if (input.pin === PIN) return { ok: true };
          this.wrongTries += 1;
          return this.wrongTries >= 3
            ? { ok: false, reason: 'PIN_LOCKED', until: LOCKED_UNTIL }
            : { ok: false, reason: 'WRONG_PIN', triesLeft: 3 - this.wrongTries };
        }),
        choosePin: fromPromise<ChooseResult, { msisdn: Msisdn; pin: string }>(async ({ input }) => {
          this.hashed.push(input.pin);
          this.failIf('choosePin');
          if (input.pin === PIN) return { ok: false, reason: 'SAME_PIN' };
          const hash = `hash#${this.hashed.length}`;
          this.pinOf.set(hash, input.pin);
          this.chosen = hash;
          return { ok: true };
        }),
        chosenPinMatches: fromPromise<boolean, { msisdn: Msisdn; pin: string }>(async ({ input }) => {
          this.compared.push(input);
          this.failIf('chosenPinMatches');
          return this.chosen !== null && this.pinOf.get(this.chosen) === input.pin;
        }),
        saveChosenPin: fromPromise<boolean, { msisdn: Msisdn }>(async ({ input }) => {
          this.failIf('saveChosenPin');
          if (this.chosen === null) return false;
          this.pinHashesSet.push({ msisdn: input.msisdn, pinHash: this.chosen });
          this.chosen = null;
          return true;
        }),
        setLanguage: fromPromise<void, { msisdn: Msisdn; language: Language }>(async ({ input }) => {
          this.languagesSet.push(input);
          this.failIf('setLanguage');
        }),
        loadLimits: fromPromise<KycLimits, { msisdn: Msisdn }>(async () => {
          this.failIf('loadLimits');
          return KYC_LIMITS[this.tier];
        }),
        deleteAccount: fromPromise<DeleteResult, { msisdn: Msisdn }>(async ({ input }) => {
          this.deletions.push(input);
          this.failIf('deleteAccount');
          return this.walletEmpty ? { ok: true } : { ok: false, reason: 'WALLET_NOT_EMPTY' };
        }),
      },
    });
  }

  /** The PIN a hash stands for, to check what was saved. */
  pinBehind(hash: string): string | undefined {
    return this.pinOf.get(hash);
  }

  private failIf(service: FakePeople['failing']) {
    if (this.failing === service) throw new Error(`${service} unavailable`);
  }
}

function open(fake: FakePeople) {
  return driveFlow(fake.machine(), flowInput());
}

/** Opens the settings and picks `choice`. */
async function picking(fake: FakePeople, choice: '1' | '2' | '3' | '4') {
  const flow = await open(fake);
  const replies = await flow.say(choice);
  return { flow, replies };
}

/** Drives a PIN change up to the new PIN. */
async function atNewPin(fake: FakePeople) {
  const { flow } = await picking(fake, '2');
  await flow.say(PIN);
  return flow;
}

/** Drives an account deletion up to its PIN. */
async function atDeletionPin(fake: FakePeople) {
  const { flow } = await picking(fake, '4');
  await flow.say('1');
  return flow;
}

describe('settings flow', () => {
  describe('the menu', () => {
    it('shows the four settings and waits', async () => {
      const flow = await open(new FakePeople());
      expect(flow.opening).toEqual([settingsMenu]);
      expect(flow.state).toBe('choosing');
      expect(stepMeta(settingsMachine as AnyStateMachine, flow)).toEqual({ help: 'settings.help' });
      expectReadable(flow.opening);
    });

    it('answers anything but 1 to 4 by saying so and showing the menu again', async () => {
      const flow = await open(new FakePeople());
      for (const wrong of ['5', '0', 'language']) {
        expect(await flow.say(wrong)).toEqual([{ kind: 'text', key: 'common.invalidChoice' }, settingsMenu]);
        expect(flow.state).toBe('choosing');
      }
    });

    it('hands over to the main menu, which shows itself, on BACK at the menu', async () => {
      const flow = await open(new FakePeople());
      expect(await flow.back()).toEqual([]);
      expect(flow.status).toBe('done');
      expect(flow.output).toEqual({});
    });

    it('shows the basic tier’s limits in francs and ends', async () => {
      const { flow, replies } = await picking(new FakePeople(), '3');
      expect(replies).toEqual([
        {
          kind: 'end',
          key: 'settings.limitsAre',
          params: {
            perTransaction: { francs: 50_000 },
            perDay: { francs: 100_000 },
            perMonth: { francs: 500_000 },
            maxBalance: { francs: 200_000 },
          },
        },
      ]);
      expect(flow.status).toBe('done');
      expect(flow.output).toEqual({ quiet: true });
      expectReadable(replies);
    });

    it('shows the limits of the person’s own tier', async () => {
      const verified = new FakePeople();
      verified.tier = 'verified';
      const { replies } = await picking(verified, '3');
      expect(replies[0]?.params).toEqual({
        perTransaction: { francs: 500_000 },
        perDay: { francs: 1_000_000 },
        perMonth: { francs: 5_000_000 },
        maxBalance: { francs: 2_000_000 },
      });
    });

    it('says there is a technical problem when the limits cannot be read, and ends', async () => {
      const fake = new FakePeople();
      fake.failing = 'loadLimits';
      const { flow, replies } = await picking(fake, '3');
      expect(replies).toEqual([{ kind: 'end', key: 'common.technicalProblem' }]);
      expect(flow.status).toBe('done');
    });
  });

  describe('language', () => {
    it('changes the language, emits it so the answer comes in it, and saves it', async () => {
      const fake = new FakePeople();
      const { flow, replies } = await picking(fake, '1');
      expect(replies).toEqual([
        {
          kind: 'menu',
          key: 'settings.chooseLanguage',
          options: [
            { id: '1', key: 'onboarding.french' },
            { id: '2', key: 'onboarding.english' },
          ],
        },
      ]);
      expect(flow.state).toEqual({ language: 'choosing' });
      const changed = await flow.say('1');
      expect(changed).toEqual([{ kind: 'end', key: 'settings.languageChanged' }]);
      expect(flow.language).toBe('fr');
      expect(fake.languagesSet).toEqual([{ msisdn: alice.msisdn, language: 'fr' }]);
      expect(flow.status).toBe('done');
      expect(flow.output).toEqual({ quiet: true });
      expectReadable([...replies, ...changed]);
    });

    it('keeps English when English is picked', async () => {
      const fake = new FakePeople();
      const { flow } = await picking(fake, '1');
      await flow.say('2');
      expect(flow.language).toBe('en');
      expect(fake.languagesSet).toEqual([{ msisdn: alice.msisdn, language: 'en' }]);
    });

    it('says what to type for anything but 1 or 2, shows the languages again, and stays', async () => {
      const fake = new FakePeople();
      const { flow } = await picking(fake, '1');
      expect(keys(await flow.say('français'))).toEqual(['common.invalidChoice', 'settings.chooseLanguage']);
      expect(flow.state).toEqual({ language: 'choosing' });
      expect(fake.languagesSet).toEqual([]);
    });

    it('goes back to the settings menu', async () => {
      const fake = new FakePeople();
      const { flow } = await picking(fake, '1');
      expect(await flow.back()).toEqual([settingsMenu]);
      expect(flow.state).toBe('choosing');
      expect(flow.language).toBeNull();
    });

    it('says there is a technical problem, and emits no language, when it cannot be saved', async () => {
      const fake = new FakePeople();
      fake.failing = 'setLanguage';
      const { flow } = await picking(fake, '1');
      expect(await flow.say('1')).toEqual([{ kind: 'end', key: 'common.technicalProblem' }]);
      expect(flow.language).toBeNull();
      expect(flow.status).toBe('done');
    });

    it('names a help text at the language choice', async () => {
      const { flow } = await picking(new FakePeople(), '1');
      expect(stepMeta(settingsMachine as AnyStateMachine, flow).help).toBeDefined();
    });
  });

  describe('changing the PIN', () => {
    it('asks for the old PIN first, then the new one twice, and saves only its hash', async () => {
      const fake = new FakePeople();
      const { flow, replies } = await picking(fake, '2');
      expect(replies).toEqual([{ kind: 'text', key: 'settings.askOldPin' }]);
      expect(flow.state).toEqual({ changingPin: { oldPin: 'asking' } });
      expect(stepMeta(settingsMachine as AnyStateMachine, flow)).toEqual({ help: 'common.pinHelp', secret: true });

      expect(await flow.say(PIN)).toEqual([{ kind: 'text', key: 'settings.askNewPin' }]);
      expect(fake.pinChecks).toEqual([{ msisdn: alice.msisdn, pin: PIN }]);
      expect(flow.state).toEqual({ changingPin: { newPin: 'choosing' } });
      expect(stepMeta(settingsMachine as AnyStateMachine, flow)).toEqual({ help: 'onboarding.help.pin', secret: true });

      expect(await flow.say(NEW_PIN)).toEqual([{ kind: 'text', key: 'onboarding.askPinAgain' }]);
      expect(flow.state).toEqual({ changingPin: { newPin: 'typingAgain' } });
      expect(stepMeta(settingsMachine as AnyStateMachine, flow)).toEqual({
        help: 'onboarding.help.pinAgain',
        secret: true,
      });
      expect(fake.pinHashesSet).toEqual([]);

      const changed = await flow.say(NEW_PIN);
      expect(changed).toEqual([{ kind: 'end', key: 'settings.pinChanged' }]);
      expect(fake.pinHashesSet).toEqual([{ msisdn: alice.msisdn, pinHash: 'hash#1' }]);
      expect(fake.pinBehind('hash#1')).toBe(NEW_PIN);
      expect(flow.status).toBe('done');
      expect(flow.output).toEqual({ quiet: true });
      expectReadable([...replies, ...changed]);
    });

    it('takes a wrong old PIN, then the right one, before asking for the new one', async () => {
      const fake = new FakePeople();
      const { flow } = await picking(fake, '2');
      expect(await flow.say(WRONG_PIN)).toEqual([{ kind: 'text', key: 'common.wrongPin', params: { triesLeft: 2 } }]);
      expect(flow.state).toEqual({ changingPin: { oldPin: 'retrying' } });
      expect(stepMeta(settingsMachine as AnyStateMachine, flow)).toEqual({ help: 'common.pinHelp', secret: true });
      expect(fake.hashed).toEqual([]);
      expect(keys(await flow.say(PIN))).toEqual(['settings.askNewPin']);
      expect(fake.pinChecks.map((c) => c.pin)).toEqual([WRONG_PIN, PIN]);
    });

    it('ends without changing anything when the old PIN gets locked', async () => {
      const fake = new FakePeople();
      const { flow } = await picking(fake, '2');
      await flow.say(WRONG_PIN);
      await flow.say(WRONG_PIN);
      const locked = await flow.say(WRONG_PIN);
      expect(locked).toEqual([
        { kind: 'end', key: 'common.pinLocked', params: { until: { date: LOCKED_UNTIL.toISOString() } } },
      ]);
      expect(flow.status).toBe('done');
      expect(fake.hashed).toEqual([]);
      expect(fake.pinHashesSet).toEqual([]);
      expectReadable(locked);
    });

    it('refuses a new PIN too easy to guess, and stays', async () => {
      const fake = new FakePeople();
      const flow = await atNewPin(fake);
      for (const simple of ['1111', '1234', '98765', '1212', '1998']) {
        expect(await flow.say(simple)).toEqual([{ kind: 'text', key: 'onboarding.pinTooSimple' }]);
      }
      expect(flow.state).toEqual({ changingPin: { newPin: 'choosing' } });
      expect(fake.hashed).toEqual([]);
    });

    it('refuses the current PIN as the new one, says so and asks again; nothing is saved', async () => {
      const fake = new FakePeople();
      const flow = await atNewPin(fake);
      expect(await flow.say(PIN)).toEqual([
        { kind: 'text', key: 'settings.samePin' },
        { kind: 'text', key: 'settings.askNewPin' },
      ]);
      expect(flow.state).toEqual({ changingPin: { newPin: 'choosing' } });
      expect(fake.pinHashesSet).toEqual([]);
      expect(flow.persistedJson).not.toContain(PIN);
    });

    it('says a new PIN must be 4 or 5 digits when it is not', async () => {
      const fake = new FakePeople();
      const flow = await atNewPin(fake);
      expect(await flow.say('48a6')).toEqual([{ kind: 'text', key: 'onboarding.pinFormat' }]);
      expect(await flow.say('482617')).toEqual([{ kind: 'text', key: 'onboarding.pinFormat' }]);
    });

    it('asks for the new PIN again when the two differ', async () => {
      const fake = new FakePeople();
      const flow = await atNewPin(fake);
      await flow.say(NEW_PIN);
      expect(await flow.say(OTHER_PIN)).toEqual([
        { kind: 'text', key: 'onboarding.pinMismatch' },
        { kind: 'text', key: 'settings.askNewPin' },
      ]);
      expect(flow.state).toEqual({ changingPin: { newPin: 'choosing' } });
      expect(fake.pinHashesSet).toEqual([]);
      await flow.say(OTHER_PIN);
      await flow.say(OTHER_PIN);
      expect(fake.pinHashesSet).toEqual([{ msisdn: alice.msisdn, pinHash: 'hash#2' }]);
      expect(fake.pinBehind('hash#2')).toBe(OTHER_PIN);
    });

    it('goes back to the settings menu from each of its steps', async () => {
      const fake = new FakePeople();
      const { flow } = await picking(fake, '2');
      expect(await flow.back()).toEqual([settingsMenu]);
      expect(flow.state).toBe('choosing');

      await flow.say('2');
      await flow.say(WRONG_PIN);
      expect(flow.state).toEqual({ changingPin: { oldPin: 'retrying' } });
      expect(await flow.back()).toEqual([settingsMenu]);

      await flow.say('2');
      await flow.say(PIN);
      expect(flow.state).toEqual({ changingPin: { newPin: 'choosing' } });
      expect(await flow.back()).toEqual([settingsMenu]);

      await flow.say('2');
      await flow.say(PIN);
      await flow.say(NEW_PIN);
      expect(flow.state).toEqual({ changingPin: { newPin: 'typingAgain' } });
      expect(await flow.back()).toEqual([{ kind: 'text', key: 'settings.askNewPin' }]);
      expect(flow.state).toEqual({ changingPin: { newPin: 'choosing' } });
      expect(await flow.back()).toEqual([settingsMenu]);
      expect(flow.state).toBe('choosing');
      expect(fake.pinHashesSet).toEqual([]);
    });

    it('never keeps a PIN in the saved conversation, and marks every PIN step secret', async () => {
      const fake = new FakePeople();
      const { flow } = await picking(fake, '2');
      await flow.say(WRONG_PIN);
      expect(flow.persistedJson).not.toContain(WRONG_PIN);
      await flow.say(PIN);
      expect(flow.persistedJson).not.toContain(PIN);
      await flow.say(NEW_PIN);
      expect(flow.persistedJson).not.toContain(NEW_PIN);
      // The new PIN's hash waits server-side, never in the saved conversation.
      expect(flow.persistedJson).not.toContain('hash#');
      await flow.say(OTHER_PIN);
      expect(flow.persistedJson).not.toContain(OTHER_PIN);
      await flow.say(NEW_PIN);
      await flow.say(NEW_PIN);
      expect(flow.status).toBe('done');
      for (const pin of [PIN, WRONG_PIN, NEW_PIN]) expect(flow.persistedJson).not.toContain(pin);

      const { oldPin, newPin } = settingsMachine.root.states.changingPin!.states;
      for (const step of [oldPin!.states.asking, oldPin!.states.retrying, newPin!.states.choosing]) {
        expect(step!.meta).toEqual(expect.objectContaining({ secret: true, help: expect.any(String) }));
      }
      expect(newPin!.states.typingAgain!.meta).toEqual(
        expect.objectContaining({ secret: true, help: expect.any(String) }),
      );
      for (const step of [oldPin!.states.checking, newPin!.states.keeping, newPin!.states.comparing]) {
        expect(step!.tags).toEqual(['busy', 'secret']);
      }
    });

    it.each(['checkPin', 'choosePin', 'chosenPinMatches', 'saveChosenPin'] as const)(
      'ends with a technical problem when %s fails',
      async (service) => {
        const fake = new FakePeople();
        fake.failing = service;
        const { flow } = await picking(fake, '2');
        let replies: Reply[] = [];
        for (const pin of [PIN, NEW_PIN, NEW_PIN]) {
          replies = await flow.say(pin);
          if (flow.status === 'done') break;
        }
        expect(replies).toEqual([{ kind: 'end', key: 'common.technicalProblem' }]);
        expect(flow.status).toBe('done');
        expect(flow.output).toEqual({ quiet: true });
      },
    );
  });

  describe('deleting the account', () => {
    it('deletes after a confirmation and the PIN, and ends with no profile', async () => {
      const fake = new FakePeople();
      const { flow, replies } = await picking(fake, '4');
      expect(replies).toEqual([
        {
          kind: 'menu',
          key: 'settings.deleteConfirm',
          options: [
            { id: '1', key: 'settings.deleteYes' },
            { id: '2', key: 'settings.deleteNo' },
          ],
        },
      ]);
      expect(flow.state).toEqual({ deleting: 'confirming' });
      expect(await flow.say('1')).toEqual([{ kind: 'text', key: 'common.askPin' }]);
      expect(flow.state).toEqual({ deleting: { pin: 'asking' } });
      expect(stepMeta(settingsMachine as AnyStateMachine, flow)).toEqual({ help: 'common.pinHelp', secret: true });
      expect(fake.deletions).toEqual([]);

      const deleted = await flow.say(PIN);
      expect(deleted).toEqual([{ kind: 'end', key: 'settings.deleted' }]);
      expect(fake.deletions).toEqual([{ msisdn: alice.msisdn }]);
      expect(flow.status).toBe('done');
      expect(flow.output).toEqual({ profile: null, quiet: true });
      expectReadable([...replies, ...deleted]);
    });

    it('refuses while the wallet is not empty, keeping the profile', async () => {
      const fake = new FakePeople();
      fake.walletEmpty = false;
      const flow = await atDeletionPin(fake);
      const refused = await flow.say(PIN);
      expect(refused).toEqual([{ kind: 'end', key: 'settings.walletNotEmpty' }]);
      expect(fake.deletions).toEqual([{ msisdn: alice.msisdn }]);
      expect(flow.status).toBe('done');
      expect(flow.output).toEqual({ quiet: true });
      expect(flow.output).not.toHaveProperty('profile');
      expectReadable(refused);
    });

    it('keeps the account when the person says no', async () => {
      const fake = new FakePeople();
      const { flow } = await picking(fake, '4');
      expect(await flow.say('2')).toEqual([{ kind: 'end', key: 'common.cancelled' }]);
      expect(flow.status).toBe('done');
      expect(flow.output).toEqual({ quiet: true });
      expect(fake.pinChecks).toEqual([]);
      expect(fake.deletions).toEqual([]);
    });

    it('says what to type for anything but 1 or 2 at the deletion question, and stays', async () => {
      const fake = new FakePeople();
      const { flow } = await picking(fake, '4');
      expect(keys(await flow.say('7'))).toEqual(['common.invalidChoice', 'settings.deleteConfirm']);
      expect(flow.state).toEqual({ deleting: 'confirming' });
    });

    it('names a help text at the deletion question', async () => {
      const { flow } = await picking(new FakePeople(), '4');
      expect(stepMeta(settingsMachine as AnyStateMachine, flow).help).toBeDefined();
    });

    it('takes a wrong PIN, then the right one, before deleting', async () => {
      const fake = new FakePeople();
      const flow = await atDeletionPin(fake);
      expect(await flow.say(WRONG_PIN)).toEqual([{ kind: 'text', key: 'common.wrongPin', params: { triesLeft: 2 } }]);
      expect(flow.state).toEqual({ deleting: { pin: 'retrying' } });
      expect(stepMeta(settingsMachine as AnyStateMachine, flow)).toEqual({ help: 'common.pinHelp', secret: true });
      expect(fake.deletions).toEqual([]);
      expect(keys(await flow.say(PIN))).toEqual(['settings.deleted']);
      expect(fake.deletions).toHaveLength(1);
      expect(flow.output).toEqual({ profile: null, quiet: true });
    });

    it('ends without deleting when the PIN gets locked', async () => {
      const fake = new FakePeople();
      const flow = await atDeletionPin(fake);
      await flow.say(WRONG_PIN);
      await flow.say(WRONG_PIN);
      expect(await flow.say(WRONG_PIN)).toEqual([
        { kind: 'end', key: 'common.pinLocked', params: { until: { date: LOCKED_UNTIL.toISOString() } } },
      ]);
      expect(flow.status).toBe('done');
      expect(flow.output).toEqual({ quiet: true });
      expect(fake.deletions).toEqual([]);
    });

    it('goes back to the settings menu from each of its steps', async () => {
      const fake = new FakePeople();
      const { flow } = await picking(fake, '4');
      expect(await flow.back()).toEqual([settingsMenu]);
      expect(flow.state).toBe('choosing');
      await flow.say('4');
      await flow.say('1');
      expect(await flow.back()).toEqual([settingsMenu]);
      await flow.say('4');
      await flow.say('1');
      await flow.say(WRONG_PIN);
      expect(flow.state).toEqual({ deleting: { pin: 'retrying' } });
      expect(await flow.back()).toEqual([settingsMenu]);
      expect(flow.state).toBe('choosing');
      expect(fake.deletions).toEqual([]);
    });

    it('never keeps the PIN in the saved conversation, and marks the PIN steps secret', async () => {
      const fake = new FakePeople();
      fake.walletEmpty = false;
      const flow = await atDeletionPin(fake);
      await flow.say(WRONG_PIN);
      expect(flow.persistedJson).not.toContain(WRONG_PIN);
      await flow.say(PIN);
      expect(flow.persistedJson).not.toContain(PIN);
      const states = settingsMachine.root.states.deleting!.states.pin!.states;
      expect(states.asking!.meta).toEqual({ help: 'common.pinHelp', secret: true });
      expect(states.retrying!.meta).toEqual({ help: 'common.pinHelp', secret: true });
      expect(states.checking!.tags).toEqual(['busy', 'secret']);
    });

    it.each(['checkPin', 'deleteAccount'] as const)(
      'ends with a technical problem, keeping the profile, when %s fails',
      async (service) => {
        const fake = new FakePeople();
        fake.failing = service;
        const flow = await atDeletionPin(fake);
        expect(await flow.say(PIN)).toEqual([{ kind: 'end', key: 'common.technicalProblem' }]);
        expect(flow.status).toBe('done');
        expect(flow.output).toEqual({ quiet: true });
      },
    );
  });

  describe('help', () => {
    it('names a help text, in both languages, at the steps that wait for the person', () => {
      const withHelp = waitingSteps(settingsMachine).filter((s) => (s.meta as StepMeta | undefined)?.help);
      expect(withHelp.map((s) => s.path.join('.'))).toEqual([
        'choosing',
        'language.choosing',
        'changingPin.oldPin.asking',
        'changingPin.oldPin.retrying',
        'changingPin.newPin.choosing',
        'changingPin.newPin.typingAgain',
        'deleting.confirming',
        'deleting.pin.asking',
        'deleting.pin.retrying',
      ]);
      for (const step of withHelp) expectReadable([{ kind: 'text', key: (step.meta as StepMeta).help! }]);
    });

    it('names a help text at every step that waits for the person', () => {
      const without = waitingSteps(settingsMachine).filter((s) => !(s.meta as StepMeta | undefined)?.help);
      expect(without.map((s) => s.path.join('.'))).toEqual([]);
    });
  });
});
