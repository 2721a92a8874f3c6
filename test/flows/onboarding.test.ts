import { fromPromise, type AnyStateMachine } from 'xstate';
import type { People, SignUpResult } from '../../domain/people';
import type { Msisdn } from '../../domain/phone';
import type { Language } from '../../domain/users';
import type { Reply, StepMeta } from '../../flows/conversation';
import { onboardingMachine } from '../../flows/onboarding';
import { driveFlow, flowInput, keys, expectReadable, stepMeta, waitingSteps } from '../support/flowHarness';

const PIN = '4826';
const OTHER_PIN = '3917';
const NEWCOMER = '237650123456' as Msisdn;

type SignUpInput = { msisdn: Msisdn; name: string; language: Language };
type ChooseResult = Awaited<ReturnType<People['choosePin']>>;
/** What the fake signed up with: the input and the hash of the PIN chosen for that number. */
type SignedUp = SignUpInput & { pinHash: string };

const welcome: Reply = {
  kind: 'menu',
  key: 'onboarding.welcome',
  options: [
    { id: '1', key: 'onboarding.french' },
    { id: '2', key: 'onboarding.english' },
  ],
};

/**
 * Hand-written stand-ins for People.choosePin, chosenPinMatches and signUpWithChosenPin: the chosen PIN's hash is
 * kept here, as People keeps it server-side, and is an opaque token that never contains the PIN (the fake
 * remembers which PIN it stands for); every call recorded.
 */
class FakePeople {
  readonly hashed: string[] = [];
  readonly compared: { msisdn: Msisdn; pin: string }[] = [];
  readonly signedUp: SignedUp[] = [];
  private readonly pinOf = new Map<string, string>();
  private readonly chosen = new Map<Msisdn, string>();
  /** Answers of signUp in order; an Error is thrown, 'ok' signs up. The last one repeats. */
  signUpAnswers: (SignUpResult | Error | 'ok')[] = ['ok'];
  hashFails = false;
  compareFails = false;

  machine() {
    return onboardingMachine.provide({
      actors: {
        choosePin: fromPromise<ChooseResult, { msisdn: Msisdn; pin: string }>(async ({ input }) => {
          this.hashed.push(input.pin);
          if (this.hashFails) throw new Error('scrypt failed');
          const hash = `hash#${this.hashed.length}`;
          this.pinOf.set(hash, input.pin);
          this.chosen.set(input.msisdn, hash);
          return { ok: true };
        }),
        chosenPinMatches: fromPromise<boolean, { msisdn: Msisdn; pin: string }>(async ({ input }) => {
          this.compared.push(input);
          if (this.compareFails) throw new Error('scrypt failed');
          const hash = this.chosen.get(input.msisdn);
          return hash !== undefined && this.pinOf.get(hash) === input.pin;
        }),
        signUp: fromPromise<SignUpResult, SignUpInput>(async ({ input }) => {
          this.signedUp.push({ ...input, pinHash: this.chosen.get(input.msisdn) ?? '' });
          const answer = this.signUpAnswers.length > 1 ? this.signUpAnswers.shift()! : this.signUpAnswers[0]!;
          if (answer instanceof Error) throw answer;
          if (answer !== 'ok') return answer;
          return { ok: true, person: { msisdn: input.msisdn, name: input.name, language: input.language } };
        }),
      },
    });
  }

  /** The PIN a hash stands for, to check what was saved. */
  pinBehind(hash: string): string | undefined {
    return this.pinOf.get(hash);
  }
}

function start(fake: FakePeople, overrides: Parameters<typeof flowInput>[0] = {}) {
  return driveFlow(fake.machine(), flowInput({ msisdn: NEWCOMER, profile: null, language: 'fr', ...overrides }));
}

/** Drives an onboarding in English up to the PIN. */
async function atPin(fake: FakePeople) {
  const flow = await start(fake);
  await flow.say('2');
  await flow.say('Marie Ngono');
  return flow;
}

async function atTerms(fake: FakePeople) {
  const flow = await atPin(fake);
  await flow.say(PIN);
  await flow.say(PIN);
  return flow;
}

describe('onboarding flow', () => {
  describe('the happy path', () => {
    it('asks the language, the name, a PIN twice and the terms, then opens the wallet and hands over to the menu', async () => {
      const fake = new FakePeople();
      const flow = await start(fake);
      expect(flow.opening).toEqual([welcome]);
      expect(flow.state).toBe('choosingLanguage');
      expect(flow.language).toBeNull();

      expect(await flow.say('1')).toEqual([{ kind: 'text', key: 'onboarding.askName' }]);
      expect(flow.language).toBe('fr');
      expect(flow.state).toBe('naming');

      expect(await flow.say('  Marie   Ngono ')).toEqual([{ kind: 'text', key: 'onboarding.askPin' }]);
      expect(flow.state).toEqual({ choosingPin: 'choosing' });

      expect(await flow.say(PIN)).toEqual([{ kind: 'text', key: 'onboarding.askPinAgain' }]);
      expect(flow.state).toEqual({ choosingPin: 'typingAgain' });
      expect(fake.hashed).toEqual([PIN]);

      const terms = await flow.say(PIN);
      expect(terms).toEqual([
        {
          kind: 'menu',
          key: 'onboarding.terms',
          options: [
            { id: '1', key: 'onboarding.accept' },
            { id: '2', key: 'onboarding.decline' },
          ],
        },
      ]);
      expect(flow.state).toBe('acceptingTerms');
      expect(fake.signedUp).toEqual([]);

      const done = await flow.say('1');
      expect(done).toEqual([{ kind: 'text', key: 'onboarding.done', params: { name: 'Marie Ngono' } }]);
      expect(fake.signedUp).toEqual([{ msisdn: NEWCOMER, name: 'Marie Ngono', language: 'fr', pinHash: 'hash#1' }]);
      expect(fake.pinBehind('hash#1')).toBe(PIN);
      expect(flow.status).toBe('done');
      expect(flow.output).toEqual({
        next: 'mainMenu',
        profile: { msisdn: NEWCOMER, name: 'Marie Ngono', language: 'fr' },
      });
      expectReadable([welcome, ...terms, ...done]);
    });

    it('emits English when the person picks it, and signs up in English', async () => {
      const fake = new FakePeople();
      const flow = await atTerms(fake);
      expect(flow.language).toBe('en');
      await flow.say('1');
      expect(fake.signedUp[0]!.language).toBe('en');
      expect(flow.output?.profile).toEqual({ msisdn: NEWCOMER, name: 'Marie Ngono', language: 'en' });
    });

    it('shows nothing when started quietly, and still takes the language choice', async () => {
      const fake = new FakePeople();
      const flow = await start(fake, { quiet: true });
      expect(flow.opening).toEqual([]);
      expect(flow.state).toBe('choosingLanguage');
      expect(keys(await flow.say('2'))).toEqual(['onboarding.askName']);
    });

    it('ends without a wallet when the terms are declined', async () => {
      const fake = new FakePeople();
      const flow = await atTerms(fake);
      expect(await flow.say('2')).toEqual([{ kind: 'end', key: 'onboarding.declined' }]);
      expect(flow.status).toBe('done');
      expect(flow.output).toEqual({ quiet: true });
      expect(fake.signedUp).toEqual([]);
    });
  });

  describe('what the person types', () => {
    it('shows the language menu again for anything but 1 or 2', async () => {
      const fake = new FakePeople();
      const flow = await start(fake);
      expect(await flow.say('3')).toEqual([welcome]);
      expect(await flow.say('English')).toEqual([welcome]);
      expect(flow.state).toBe('choosingLanguage');
      expect(flow.language).toBeNull();
    });

    it('refuses a name that is not letters of 2 to 40 characters, and stays', async () => {
      const fake = new FakePeople();
      const flow = await start(fake);
      await flow.say('2');
      for (const bad of ['1234', 'M', '@marie', 'x'.repeat(41), '   ']) {
        expect(await flow.say(bad)).toEqual([{ kind: 'text', key: 'onboarding.badName' }]);
      }
      expect(flow.state).toBe('naming');
      expect(keys(await flow.say('Jean-Pierre N’Diaye'))).toEqual(['onboarding.askPin']);
    });

    it('refuses a PIN too easy to guess, and stays', async () => {
      const fake = new FakePeople();
      const flow = await atPin(fake);
      for (const simple of ['0000', '1234', '98765', '1212', '1998']) {
        expect(await flow.say(simple)).toEqual([{ kind: 'text', key: 'onboarding.pinTooSimple' }]);
      }
      expect(flow.state).toEqual({ choosingPin: 'choosing' });
      expect(fake.hashed).toEqual([]);
    });

    it('refuses a PIN that is not 4 or 5 digits, and stays', async () => {
      const fake = new FakePeople();
      const flow = await atPin(fake);
      for (const malformed of ['482', '482617', '48a6', 'pin']) {
        expect(await flow.say(malformed)).toEqual([{ kind: 'text', key: 'onboarding.pinFormat' }]);
      }
      expect(flow.state).toEqual({ choosingPin: 'choosing' });
      expect(fake.hashed).toEqual([]);
    });

    it('starts the PIN again when the two PINs differ', async () => {
      const fake = new FakePeople();
      const flow = await atPin(fake);
      await flow.say(PIN);
      expect(await flow.say(OTHER_PIN)).toEqual([
        { kind: 'text', key: 'onboarding.pinMismatch' },
        { kind: 'text', key: 'onboarding.askPin' },
      ]);
      expect(flow.state).toEqual({ choosingPin: 'choosing' });
      await flow.say(OTHER_PIN);
      expect(keys(await flow.say(OTHER_PIN))).toEqual(['onboarding.terms']);
      await flow.say('1');
      expect(fake.signedUp[0]!.pinHash).toBe('hash#2');
      expect(fake.pinBehind('hash#2')).toBe(OTHER_PIN);
    });

    it('shows the terms again for anything but 1 or 2', async () => {
      const fake = new FakePeople();
      const flow = await atTerms(fake);
      expect(keys(await flow.say('yes'))).toEqual(['common.invalidChoice', 'onboarding.terms']);
      expect(flow.state).toBe('acceptingTerms');
      expect(fake.signedUp).toEqual([]);
    });
  });

  describe('going back', () => {
    it('goes back from each step to the one before', async () => {
      const fake = new FakePeople();
      const flow = await atTerms(fake);
      expect(await flow.back()).toEqual([{ kind: 'text', key: 'onboarding.askPin' }]);
      expect(flow.state).toEqual({ choosingPin: 'choosing' });
      await flow.say(PIN);
      expect(flow.state).toEqual({ choosingPin: 'typingAgain' });
      expect(await flow.back()).toEqual([{ kind: 'text', key: 'onboarding.askPin' }]);
      expect(flow.state).toEqual({ choosingPin: 'choosing' });
      expect(await flow.back()).toEqual([{ kind: 'text', key: 'onboarding.askName' }]);
      expect(flow.state).toBe('naming');
      expect(await flow.back()).toEqual([welcome]);
      expect(flow.state).toBe('choosingLanguage');
    });

    it('stays on the first screen, showing it again, since there is nothing to cancel before signing up', async () => {
      const fake = new FakePeople();
      const flow = await start(fake);
      expect(await flow.back()).toEqual([welcome]);
      expect(flow.state).toBe('choosingLanguage');
      expect(flow.status).toBe('active');
    });

    it('emits the language again when the person goes back and picks another', async () => {
      const fake = new FakePeople();
      const flow = await atPin(fake);
      await flow.back();
      expect(flow.language).toBe('en');
      await flow.back();
      await flow.say('1');
      expect(flow.language).toBe('fr');
      await flow.say('Marie Ngono');
      await flow.say(PIN);
      await flow.say(PIN);
      await flow.say('1');
      expect(fake.signedUp.map((s) => s.language)).toEqual(['fr']);
    });
  });

  describe('the PIN', () => {
    it('never keeps the PIN or its hash in the saved conversation, and marks the PIN steps secret', async () => {
      const fake = new FakePeople();
      const flow = await atPin(fake);
      expect(stepMeta(onboardingMachine as AnyStateMachine, flow)).toEqual({
        help: 'onboarding.help.pin',
        secret: true,
      });
      await flow.say('1998');
      expect(flow.persistedJson).not.toContain('1998');
      await flow.say(PIN);
      expect(stepMeta(onboardingMachine as AnyStateMachine, flow)).toEqual({
        help: 'onboarding.help.pinAgain',
        secret: true,
      });
      expect(flow.persistedJson).not.toContain(PIN);
      expect(flow.persistedJson).not.toContain('hash#');
      await flow.say(OTHER_PIN);
      expect(flow.persistedJson).not.toContain(OTHER_PIN);
      await flow.say(PIN);
      await flow.say(PIN);
      expect(flow.persistedJson).not.toContain(PIN);
      expect(flow.persistedJson).not.toContain('hash#');
      await flow.say('1');
      expect(flow.persistedJson).not.toContain(PIN);

      const states = onboardingMachine.root.states;
      expect(states.choosingPin!.states.keeping!.tags).toEqual(['busy', 'secret']);
      expect(states.choosingPin!.states.comparing!.tags).toEqual(['busy', 'secret']);
    });
  });

  describe('a technical problem', () => {
    it('asks for the PIN again when it cannot be hashed', async () => {
      const fake = new FakePeople();
      fake.hashFails = true;
      const flow = await atPin(fake);
      expect(await flow.say(PIN)).toEqual([
        { kind: 'text', key: 'common.technicalProblem' },
        { kind: 'text', key: 'onboarding.askPin' },
      ]);
      expect(flow.state).toEqual({ choosingPin: 'choosing' });
      fake.hashFails = false;
      expect(keys(await flow.say(PIN))).toEqual(['onboarding.askPinAgain']);
    });

    it('asks to choose the PIN again when the confirming PIN cannot be compared', async () => {
      const fake = new FakePeople();
      fake.compareFails = true;
      const flow = await atPin(fake);
      await flow.say(PIN);
      expect(await flow.say(PIN)).toEqual([
        { kind: 'text', key: 'common.technicalProblem' },
        { kind: 'text', key: 'onboarding.askPin' },
      ]);
      expect(flow.state).toEqual({ choosingPin: 'choosing' });
      fake.compareFails = false;
      expect(keys(await flow.say(PIN))).toEqual(['onboarding.askPinAgain']);
      expect(keys(await flow.say(PIN))).toEqual(['onboarding.terms']);
    });

    it('shows the terms again when the sign-up fails, and signs up on the next acceptance', async () => {
      const fake = new FakePeople();
      fake.signUpAnswers = [new Error('store unavailable'), 'ok'];
      const flow = await atTerms(fake);
      expect(keys(await flow.say('1'))).toEqual(['common.technicalProblem', 'onboarding.terms']);
      expect(flow.state).toBe('acceptingTerms');
      expect(keys(await flow.say('1'))).toEqual(['onboarding.done']);
      expect(fake.signedUp).toHaveLength(2);
      expect(fake.signedUp[1]).toEqual(fake.signedUp[0]);
      expect(flow.output?.profile).toEqual({ msisdn: NEWCOMER, name: 'Marie Ngono', language: 'en' });
    });

    it('ends quietly, with no profile, when the number was signed up meanwhile', async () => {
      const fake = new FakePeople();
      fake.signUpAnswers = [{ ok: false, reason: 'ALREADY_SIGNED_UP' }];
      const flow = await atTerms(fake);
      await flow.say('1');
      expect(flow.status).toBe('done');
      expect(flow.output).toEqual({ quiet: true });
    });

    it('tells the person their wallet is already open when the number was signed up meanwhile', async () => {
      const fake = new FakePeople();
      fake.signUpAnswers = [{ ok: false, reason: 'ALREADY_SIGNED_UP' }];
      const flow = await atTerms(fake);
      expect(keys(await flow.say('1'))).toEqual(['onboarding.alreadySignedUp']);
    });
  });

  describe('help', () => {
    it('names a help text, in both languages, at every step that waits for the person', () => {
      const steps = waitingSteps(onboardingMachine);
      expect(steps.map((s) => s.path.join('.'))).toEqual([
        'choosingLanguage',
        'naming',
        'choosingPin.choosing',
        'choosingPin.typingAgain',
        'acceptingTerms',
      ]);
      for (const step of steps) {
        const help = (step.meta as StepMeta | undefined)?.help;
        expect(help).toBeDefined();
        expectReadable([{ kind: 'text', key: help! }]);
      }
    });

    it('gives the step’s help where the person waits', async () => {
      const fake = new FakePeople();
      const flow = await start(fake);
      expect(stepMeta(onboardingMachine as AnyStateMachine, flow)).toEqual({ help: 'onboarding.help.language' });
      await flow.say('2');
      expect(stepMeta(onboardingMachine as AnyStateMachine, flow)).toEqual({ help: 'onboarding.help.name' });
      await flow.say('Marie Ngono');
      await flow.say(PIN);
      await flow.say(PIN);
      expect(stepMeta(onboardingMachine as AnyStateMachine, flow)).toEqual({ help: 'onboarding.help.terms' });
    });
  });
});
