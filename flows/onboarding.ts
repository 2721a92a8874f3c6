/**
 * Onboarding: language, name, a PIN chosen and confirmed, the terms accepted; then a wallet at the lowest KYC tier.
 * Between the two PIN messages the PIN's hash waits server-side (People.choosePin), never in the flow's context,
 * so no saved session holds a PIN or its hash.
 */
import { assign, emit, fromPromise, setup } from 'xstate';
import { checkNewPin } from '../domain/pin';
import { cleanName, type People, type SignUpResult } from '../domain/people';
import type { Msisdn } from '../domain/phone';
import type { Language } from '../domain/users';
import {
  end,
  inputText,
  menu,
  replyEvent,
  text,
  type FlowEmitted,
  type FlowEvent,
  type FlowInput,
  type FlowOutput,
  type StepMeta,
} from './conversation';
import { notProvided } from './pin';

export const onboardingVersion = 2;

interface OnboardingContext {
  input: FlowInput;
  language: Language;
  name: string;
  result: SignUpResult | null;
}

const languageMenu = menu('onboarding.welcome', ['onboarding.french', 'onboarding.english']);

export const onboardingMachine = setup({
  types: {
    context: {} as OnboardingContext,
    events: {} as FlowEvent,
    input: {} as FlowInput,
    output: {} as FlowOutput,
    emitted: {} as FlowEmitted,
    meta: {} as StepMeta,
  },
  actors: {
    /** Keeps the new PIN's hash until it is confirmed (People.choosePin). */
    choosePin: fromPromise<Awaited<ReturnType<People['choosePin']>>, { msisdn: Msisdn; pin: string }>(
      notProvided('choosePin'),
    ),
    /** Whether the PIN typed again is the one chosen (People.chosenPinMatches). */
    chosenPinMatches: fromPromise<boolean, { msisdn: Msisdn; pin: string }>(notProvided('chosenPinMatches')),
    /** Signs up with the chosen PIN (People.signUpWithChosenPin). */
    signUp: fromPromise<SignUpResult, { msisdn: Msisdn; name: string; language: Language }>(notProvided('signUp')),
  },
  guards: {
    isQuiet: ({ context }) => context.input.quiet === true,
    choseFrench: ({ event }) => inputText(event) === '1',
    choseEnglish: ({ event }) => inputText(event) === '2',
    isAName: ({ event }) => cleanName(inputText(event)) !== null,
    pinIsWellFormed: ({ event }) => /^\d{4,5}$/.test(inputText(event)),
    pinIsAllowed: ({ event }) => checkNewPin(inputText(event)).ok,
    accepted: ({ event }) => inputText(event) === '1',
    declined: ({ event }) => inputText(event) === '2',
  },
  actions: {
    askLanguage: emit(replyEvent(languageMenu)),
    askName: emit(replyEvent(text('onboarding.askName'))),
    askPin: emit(replyEvent(text('onboarding.askPin'))),
    askPinAgain: emit(replyEvent(text('onboarding.askPinAgain'))),
    showTerms: emit(replyEvent(menu('onboarding.terms', ['onboarding.accept', 'onboarding.decline']))),
    sayInvalidChoice: emit(replyEvent(text('common.invalidChoice'))),
  },
}).createMachine({
  id: 'onboarding',
  context: ({ input }) => ({ input, language: input.language, name: '', result: null }),
  initial: 'start',
  states: {
    start: {
      always: [
        { guard: 'isQuiet', target: 'choosingLanguage' },
        { target: 'choosingLanguage', actions: 'askLanguage' },
      ],
    },
    choosingLanguage: {
      meta: { help: 'onboarding.help.language' },
      on: {
        INPUT: [
          { guard: 'choseFrench', target: 'naming', actions: assign({ language: 'fr' as Language }) },
          { guard: 'choseEnglish', target: 'naming', actions: assign({ language: 'en' as Language }) },
          { actions: 'askLanguage' },
        ],
        BACK: { actions: 'askLanguage' },
      },
    },
    naming: {
      entry: [emit(({ context }) => ({ type: 'language' as const, language: context.language })), 'askName'],
      meta: { help: 'onboarding.help.name' },
      on: {
        INPUT: [
          {
            guard: 'isAName',
            target: 'choosingPin',
            actions: assign({ name: ({ event }) => cleanName(inputText(event)) ?? '' }),
          },
          { actions: emit(replyEvent(text('onboarding.badName'))) },
        ],
        BACK: { target: 'choosingLanguage', actions: 'askLanguage' },
      },
    },
    choosingPin: {
      entry: 'askPin',
      initial: 'asking',
      states: {
        asking: {
          meta: { help: 'onboarding.help.pin', secret: true },
          on: {
            INPUT: [
              { guard: 'pinIsAllowed', target: 'keeping' },
              { guard: 'pinIsWellFormed', actions: emit(replyEvent(text('onboarding.pinTooSimple'))) },
              { actions: emit(replyEvent(text('onboarding.pinFormat'))) },
            ],
          },
        },
        keeping: {
          tags: ['busy', 'secret'],
          invoke: {
            src: 'choosePin',
            input: ({ context, event }) => ({ msisdn: context.input.msisdn, pin: inputText(event as FlowEvent) }),
            onDone: [
              { guard: ({ event }) => event.output.ok, target: '#onboarding.confirmingPin' },
              { target: 'asking', actions: emit(replyEvent(text('onboarding.pinTooSimple'))) },
            ],
            onError: { target: 'asking', actions: emit(replyEvent(text('common.technicalProblem'))) },
          },
        },
      },
      on: { BACK: { target: 'naming' } },
    },
    confirmingPin: {
      entry: 'askPinAgain',
      initial: 'asking',
      states: {
        asking: {
          meta: { help: 'onboarding.help.pinAgain', secret: true },
          on: { INPUT: 'comparing' },
        },
        comparing: {
          tags: ['busy', 'secret'],
          invoke: {
            src: 'chosenPinMatches',
            input: ({ context, event }) => ({ msisdn: context.input.msisdn, pin: inputText(event as FlowEvent) }),
            onDone: [
              { guard: ({ event }) => event.output, target: '#onboarding.acceptingTerms' },
              { target: '#onboarding.choosingPin', actions: emit(replyEvent(text('onboarding.pinMismatch'))) },
            ],
            onError: { target: 'asking', actions: emit(replyEvent(text('common.technicalProblem'))) },
          },
        },
      },
      on: { BACK: { target: 'choosingPin' } },
    },
    acceptingTerms: {
      entry: 'showTerms',
      meta: { help: 'onboarding.help.terms' },
      on: {
        INPUT: [
          { guard: 'accepted', target: 'signingUp' },
          { guard: 'declined', target: 'declined' },
          { actions: ['sayInvalidChoice', 'showTerms'] },
        ],
        BACK: { target: 'choosingPin' },
      },
    },
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
            target: 'signedUp',
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
            target: 'signedUp',
            actions: [
              assign({ result: ({ event }) => event.output }),
              emit(replyEvent(end('onboarding.alreadySignedUp'))),
            ],
          },
        ],
        onError: { target: 'acceptingTerms', actions: emit(replyEvent(text('common.technicalProblem'))) },
      },
    },
    declined: { type: 'final', entry: emit(replyEvent(end('onboarding.declined'))) },
    signedUp: { type: 'final' },
  },
  output: ({ context }): FlowOutput => {
    if (context.result?.ok) return { next: 'mainMenu', profile: context.result.person };
    // Declined, or signed up meanwhile from another channel: the runtime looks the person up again next turn.
    return { quiet: true };
  },
});
