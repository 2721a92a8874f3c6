/**
 * Onboarding: language, name, a PIN chosen and confirmed, the terms accepted; then a wallet at the lowest KYC tier.
 * Between the two PIN messages the PIN's hash waits server-side (People.choosePin), never in the flow's context,
 * so no saved session holds a PIN or its hash.
 */
import { assign, emit, fromPromise } from 'xstate';
import { cleanName, type SignUpResult } from '../domain/people';
import type { Msisdn } from '../domain/phone';
import type { Language } from '../domain/users';
import { end, inputText, menu, replyEvent, text, type FlowInput, type FlowOutput } from './conversation';
import { notProvided } from './notProvided';
import {
  askStep,
  choosePinActor,
  choosePinGuards,
  choosePinStep,
  chosenPinMatchesActor,
  confirmStep,
  finalStates,
  flowSetup,
  languageActions,
  languageChoices,
  menuStep,
  say,
} from './steps';

/** Bumped when a saved onboarding conversation could no longer be resumed by this machine. */
export const onboardingVersion = 3;

interface OnboardingContext {
  input: FlowInput;
  language: Language;
  name: string;
  result: SignUpResult | null;
}

const languageMenu = menu('onboarding.welcome', ['onboarding.french', 'onboarding.english']);

export const onboardingMachine = flowSetup<OnboardingContext>()({
  choosePin: choosePinActor,
  chosenPinMatches: chosenPinMatchesActor,
  /** Signs up with the chosen PIN (People.signUpWithChosenPin). */
  signUp: fromPromise<SignUpResult, { msisdn: Msisdn; name: string; language: Language }>(notProvided('signUp')),
})
  .extend({
    guards: {
      ...choosePinGuards,
      isQuiet: ({ context }) => context.input.quiet === true,
      isAName: ({ event }) => cleanName(inputText(event)) !== null,
    },
    actions: {
      ...languageActions<OnboardingContext>(),
      askLanguage: emit(replyEvent(languageMenu)),
      askName: emit(replyEvent(text('onboarding.askName'))),
      keepName: assign({ name: ({ event }) => cleanName(inputText(event)) ?? '' }),
      sayBadName: emit(replyEvent(text('onboarding.badName'))),
      showTerms: emit(replyEvent(menu('onboarding.terms', ['onboarding.accept', 'onboarding.decline']))),
    },
  })
  .createMachine({
    id: 'onboarding',
    context: ({ input }) => ({ input, language: input.language, name: '', result: null }),
    initial: 'start',
    states: {
      // A quiet start shows nothing: the welcome was already said.
      start: {
        always: [
          { guard: 'isQuiet', target: 'choosingLanguage' },
          { target: 'choosingLanguage', actions: 'askLanguage' },
        ],
      },
      choosingLanguage: menuStep({
        show: 'askLanguage',
        help: 'onboarding.help.language',
        showOnEntry: false,
        choices: languageChoices('naming'),
        // Before a language is chosen, the welcome (in both languages) is the only answer everyone can read.
        invalid: 'askLanguage',
        // Nothing to cancel before signing up: the first screen again.
        back: { actions: 'askLanguage' },
      }),
      naming: askStep({
        ask: ['sayLanguage', 'askName'],
        help: 'onboarding.help.name',
        accept: { guard: 'isAName', target: 'choosingPin', actions: 'keepName' },
        correct: 'sayBadName',
        back: { target: 'choosingLanguage', actions: 'askLanguage' },
      }),
      choosingPin: choosePinStep({
        ask: 'onboarding.askPin',
        help: { choose: 'onboarding.help.pin', again: 'onboarding.help.pinAgain' },
        chosen: '#onboarding.acceptingTerms',
        // Nothing is lost yet: say so and choose the PIN again.
        failed: { target: 'choosing', actions: say(text('common.technicalProblem')) },
        back: 'naming',
      }),
      acceptingTerms: confirmStep({
        show: 'showTerms',
        help: 'onboarding.help.terms',
        yes: { target: 'signingUp' },
        no: { target: 'done', actions: say(end('onboarding.declined')) },
        back: 'choosingPin',
      }),
      signingUp: {
        tags: ['busy'],
        invoke: {
          src: 'signUp',
          input: ({ context }) => ({
            msisdn: context.input.msisdn,
            name: context.name,
            language: context.language,
          }),
          onDone: [
            {
              guard: ({ event }) => event.output.ok,
              target: 'done',
              actions: [
                assign({ result: ({ event }) => event.output }),
                emit(({ context }) => replyEvent(text('onboarding.done', { name: context.name }))),
              ],
            },
            // The chosen PIN was forgotten (it waited too long): choose it again.
            {
              guard: ({ event }) => !event.output.ok && event.output.reason === 'PIN_NOT_CHOSEN',
              target: 'choosingPin',
            },
            // Signed up meanwhile from another channel: the wallet exists; the next message finds the person.
            {
              target: 'done',
              actions: [assign({ result: ({ event }) => event.output }), say(end('onboarding.alreadySignedUp'))],
            },
          ],
          onError: { target: 'acceptingTerms', actions: say(text('common.technicalProblem')) },
        },
      },
      ...finalStates(),
    },
    output: ({ context }): FlowOutput => {
      if (context.result?.ok) return { next: 'mainMenu', profile: context.result.person };
      // Declined, or signed up meanwhile from another channel: the runtime looks the person up again next turn.
      return { quiet: true };
    },
  });
