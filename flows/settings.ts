/**
 * Settings: language, change of PIN (the old one first), limits and fees, and deleting one's account (only with
 * an empty wallet, after the PIN). A new PIN's hash waits server-side for its confirmation (People.choosePin),
 * never in the flow's context.
 */
import { assign, emit, fromPromise } from 'xstate';
import type { KycLimits } from '../domain/ledger/kyc';
import { francsParam } from '../domain/notifications';
import type { People } from '../domain/people';
import type { Msisdn } from '../domain/phone';
import type { Language } from '../domain/users';
import { end, menu, replyEvent, text, type FlowInput, type FlowOutput } from './conversation';
import { notProvided } from './notProvided';
import {
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
  option,
  pinStep,
  say,
} from './steps';

/** Bumped when a saved settings conversation could no longer be resumed by this machine. */
export const settingsVersion = 4;

interface SettingsContext {
  input: FlowInput;
  language: Language;
  deleted: boolean;
  /** Left with `0` from the settings menu: the main menu shows itself again. */
  backToMenu: boolean;
}

const settingsMenu = menu('settings.title', [
  'settings.language',
  'settings.changePin',
  'settings.limits',
  'settings.delete',
]);

/** The person's limits as the reply shows them. */
function limitsReply(limits: KycLimits) {
  return end('settings.limitsAre', {
    perTransaction: francsParam(limits.perTransaction),
    perDay: francsParam(limits.perDay),
    perMonth: francsParam(limits.perMonth),
    maxBalance: francsParam(limits.maxBalance),
  });
}

/** `0` at any step of a setting goes back to the settings menu, which shows itself. */
const TO_SETTINGS = '#settings.choosing';

export const settingsMachine = flowSetup<SettingsContext>()({
  choosePin: choosePinActor,
  chosenPinMatches: chosenPinMatchesActor,
  /** Makes the chosen PIN the person's PIN (People.saveChosenPin); false when it was forgotten meanwhile. */
  saveChosenPin: fromPromise<boolean, { msisdn: Msisdn }>(notProvided('saveChosenPin')),
  setLanguage: fromPromise<void, { msisdn: Msisdn; language: Language }>(notProvided('setLanguage')),
  /** The limits of the person's KYC tier, which can change (verification), so read when asked. */
  loadLimits: fromPromise<KycLimits, { msisdn: Msisdn }>(notProvided('loadLimits')),
  deleteAccount: fromPromise<Awaited<ReturnType<People['deleteAccount']>>, { msisdn: Msisdn }>(
    notProvided('deleteAccount'),
  ),
})
  .extend({
    guards: choosePinGuards,
    actions: {
      ...languageActions<SettingsContext>(),
      showMenu: emit(replyEvent(settingsMenu)),
      leaveToMenu: assign({ backToMenu: true }),
      showLanguages: emit(replyEvent(menu('settings.chooseLanguage', ['onboarding.french', 'onboarding.english']))),
      askOldPin: emit(replyEvent(text('settings.askOldPin'))),
      showDeleteConfirm: emit(replyEvent(menu('settings.deleteConfirm', ['settings.deleteYes', 'settings.deleteNo']))),
    },
  })
  .createMachine({
    id: 'settings',
    context: ({ input }) => ({ input, language: input.language, deleted: false, backToMenu: false }),
    initial: 'choosing',
    states: {
      choosing: menuStep({
        show: 'showMenu',
        help: 'settings.help',
        choices: [
          option('1', { target: 'language' }),
          option('2', { target: 'changingPin' }),
          option('3', { target: 'limits' }),
          option('4', { target: 'deleting' }),
        ],
        back: { target: 'done', actions: 'leaveToMenu' },
      }),
      limits: {
        tags: ['busy'],
        invoke: {
          src: 'loadLimits',
          input: ({ context }) => ({ msisdn: context.input.msisdn }),
          onDone: { target: 'done', actions: emit(({ event }) => replyEvent(limitsReply(event.output))) },
          onError: { target: 'failed' },
        },
      },
      language: {
        initial: 'choosing',
        states: {
          choosing: menuStep({
            show: 'showLanguages',
            help: 'onboarding.help.language',
            choices: languageChoices('saving'),
            back: TO_SETTINGS,
          }),
          saving: {
            tags: ['busy'],
            invoke: {
              src: 'setLanguage',
              input: ({ context }) => ({ msisdn: context.input.msisdn, language: context.language }),
              onDone: {
                target: '#settings.done',
                actions: ['sayLanguage', say(end('settings.languageChanged'))],
              },
              onError: { target: '#settings.failed' },
            },
          },
        },
      },
      changingPin: {
        initial: 'oldPin',
        states: {
          oldPin: pinStep({
            ask: 'askOldPin',
            accepted: '#settings.changingPin.newPin',
            locked: '#settings.done',
            failed: '#settings.failed',
            back: TO_SETTINGS,
          }),
          newPin: choosePinStep({
            ask: 'settings.askNewPin',
            help: { choose: 'onboarding.help.pin', again: 'onboarding.help.pinAgain' },
            chosen: '#settings.changingPin.saving',
            failed: { target: '#settings.failed' },
            back: TO_SETTINGS,
          }),
          saving: {
            tags: ['busy'],
            invoke: {
              src: 'saveChosenPin',
              input: ({ context }) => ({ msisdn: context.input.msisdn }),
              onDone: [
                {
                  guard: ({ event }) => event.output,
                  target: '#settings.done',
                  actions: say(end('settings.pinChanged')),
                },
                // The chosen PIN waited too long and was forgotten: nothing changed, choose it again.
                { target: 'newPin' },
              ],
              onError: { target: '#settings.failed' },
            },
          },
        },
      },
      deleting: {
        initial: 'confirming',
        states: {
          confirming: confirmStep({
            show: 'showDeleteConfirm',
            help: 'settings.help.delete',
            yes: { target: 'pin' },
            no: { target: '#settings.cancelled' },
            back: TO_SETTINGS,
          }),
          pin: pinStep({
            accepted: '#settings.deleting.removing',
            locked: '#settings.done',
            failed: '#settings.failed',
            back: TO_SETTINGS,
          }),
          removing: {
            tags: ['busy'],
            invoke: {
              src: 'deleteAccount',
              input: ({ context }) => ({ msisdn: context.input.msisdn }),
              onDone: [
                {
                  guard: ({ event }) => event.output.ok,
                  target: '#settings.done',
                  actions: [assign({ deleted: true }), say(end('settings.deleted'))],
                },
                { target: '#settings.done', actions: say(end('settings.walletNotEmpty')) },
              ],
              onError: { target: '#settings.failed' },
            },
          },
        },
      },
      ...finalStates(),
    },
    output: ({ context }): FlowOutput => {
      if (context.deleted) return { profile: null, quiet: true };
      // Back out of Settings: the main menu shows itself again; after a task, its last reply says what next.
      return context.backToMenu ? {} : { quiet: true };
    },
  });
