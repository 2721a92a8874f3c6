/**
 * Settings: language, change of PIN (the old one first), limits and fees, and deleting one's account (only with
 * an empty wallet, after the PIN). A new PIN's hash waits server-side for its confirmation (People.choosePin),
 * never in the flow's context.
 */
import { assign, emit, fromPromise, setup } from 'xstate';
import { francsParam } from '../domain/notifications';
import type { People, PinCheck } from '../domain/people';
import { checkNewPin } from '../domain/pin';
import type { Msisdn } from '../domain/phone';
import type { KycLimits } from '../domain/ledger/kyc';
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
import { checkPinActor, notProvided, pinLocked, pinRefusal } from './pin';

export const settingsVersion = 3;

interface SettingsContext {
  input: FlowInput;
  language: Language;
  pinCheck: PinCheck | null;
  deleted: boolean;
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

export const settingsMachine = setup({
  types: {
    context: {} as SettingsContext,
    events: {} as FlowEvent,
    input: {} as FlowInput,
    output: {} as FlowOutput,
    emitted: {} as FlowEmitted,
    meta: {} as StepMeta,
  },
  actors: {
    checkPin: checkPinActor,
    /** Whether the PIN typed again is the new one chosen (People.chosenPinMatches). */
    chosenPinMatches: fromPromise<boolean, { msisdn: Msisdn; pin: string }>(notProvided('chosenPinMatches')),
    /** Makes the chosen PIN the person's PIN (People.saveChosenPin); false when it was forgotten meanwhile. */
    saveChosenPin: fromPromise<boolean, { msisdn: Msisdn }>(notProvided('saveChosenPin')),
    setLanguage: fromPromise<void, { msisdn: Msisdn; language: Language }>(notProvided('setLanguage')),
    /** Keeps the new PIN until it is confirmed, or refuses it (the current PIN) (People.choosePin). */
    choosePin: fromPromise<Awaited<ReturnType<People['choosePin']>>, { msisdn: Msisdn; pin: string }>(
      notProvided('choosePin'),
    ),
    /** The limits of the person's KYC tier, which can change (verification), so read when asked. */
    loadLimits: fromPromise<KycLimits, { msisdn: Msisdn }>(notProvided('loadLimits')),
    deleteAccount: fromPromise<Awaited<ReturnType<People['deleteAccount']>>, { msisdn: Msisdn }>(
      notProvided('deleteAccount'),
    ),
  },
  guards: {
    picked: ({ event }, id: string) => inputText(event) === id,
    pinAccepted: ({ context }) => context.pinCheck?.ok === true,
    pinLocked: ({ context }) => context.pinCheck !== null && pinLocked(context.pinCheck),
    newPinAllowed: ({ event }) => checkNewPin(inputText(event)).ok,
    newPinWellFormed: ({ event }) => /^\d{4,5}$/.test(inputText(event)),
  },
  actions: {
    showMenu: emit(replyEvent(settingsMenu)),
    sayInvalidChoice: emit(replyEvent(text('common.invalidChoice'))),
    sayPinRefusal: emit(({ context }) =>
      replyEvent(pinRefusal(context.pinCheck ?? { ok: false, reason: 'WRONG_PIN', triesLeft: 0 })),
    ),
    rememberPinCheck: assign({ pinCheck: ({ event }) => (event as unknown as { output: PinCheck }).output }),
  },
}).createMachine({
  id: 'settings',
  context: ({ input }) => ({
    input,
    language: input.language,
    pinCheck: null,
    deleted: false,
    backToMenu: false,
  }),
  initial: 'choosing',
  entry: 'showMenu',
  states: {
    choosing: {
      meta: { help: 'settings.help' },
      on: {
        INPUT: [
          { guard: { type: 'picked', params: '1' }, target: 'language' },
          { guard: { type: 'picked', params: '2' }, target: 'changingPin' },
          { guard: { type: 'picked', params: '3' }, target: 'limits' },
          { guard: { type: 'picked', params: '4' }, target: 'deleting' },
          { actions: ['sayInvalidChoice', 'showMenu'] },
        ],
        BACK: { target: 'done', actions: assign({ backToMenu: true }) },
      },
    },
    limits: {
      tags: ['busy'],
      invoke: {
        src: 'loadLimits',
        input: ({ context }) => ({ msisdn: context.input.msisdn }),
        onDone: { target: 'done', actions: emit(({ event }) => replyEvent(limitsReply(event.output))) },
        onError: { target: 'done', actions: emit(replyEvent(end('common.technicalProblem'))) },
      },
    },
    language: {
      entry: emit(replyEvent(menu('settings.chooseLanguage', ['onboarding.french', 'onboarding.english']))),
      initial: 'choosing',
      states: {
        choosing: {
          meta: { help: 'onboarding.help.language' },
          on: {
            INPUT: [
              {
                guard: { type: 'picked', params: '1' },
                target: 'saving',
                actions: assign({ language: 'fr' as Language }),
              },
              {
                guard: { type: 'picked', params: '2' },
                target: 'saving',
                actions: assign({ language: 'en' as Language }),
              },
              { actions: 'sayInvalidChoice' },
            ],
          },
        },
        saving: {
          tags: ['busy'],
          invoke: {
            src: 'setLanguage',
            input: ({ context }) => ({ msisdn: context.input.msisdn, language: context.language }),
            onDone: {
              target: '#settings.done',
              actions: [
                emit(({ context }) => ({ type: 'language' as const, language: context.language })),
                emit(replyEvent(end('settings.languageChanged'))),
              ],
            },
            onError: { target: '#settings.done', actions: emit(replyEvent(end('common.technicalProblem'))) },
          },
        },
      },
      on: { BACK: { target: 'choosing', actions: 'showMenu' } },
    },
    changingPin: {
      initial: 'askingOld',
      on: { BACK: { target: 'choosing', actions: 'showMenu' } },
      states: {
        askingOld: {
          entry: emit(replyEvent(text('settings.askOldPin'))),
          meta: { help: 'common.pinHelp', secret: true },
          on: { INPUT: 'checkingOld' },
        },
        checkingOld: {
          tags: ['busy', 'secret'],
          invoke: {
            src: 'checkPin',
            input: ({ context, event }) => ({ msisdn: context.input.msisdn, pin: inputText(event as FlowEvent) }),
            onDone: [
              { guard: ({ event }) => event.output.ok, target: 'askingNew' },
              {
                guard: ({ event }) => pinLocked(event.output),
                target: '#settings.done',
                actions: ['rememberPinCheck', 'sayPinRefusal'],
              },
              { target: 'retryingOld', actions: ['rememberPinCheck', 'sayPinRefusal'] },
            ],
            onError: { target: '#settings.done', actions: emit(replyEvent(end('common.technicalProblem'))) },
          },
        },
        retryingOld: { meta: { help: 'common.pinHelp', secret: true }, on: { INPUT: 'checkingOld' } },
        askingNew: {
          entry: emit(replyEvent(text('settings.askNewPin'))),
          meta: { help: 'onboarding.help.pin', secret: true },
          on: {
            INPUT: [
              { guard: 'newPinAllowed', target: 'keepingNew' },
              { guard: 'newPinWellFormed', actions: emit(replyEvent(text('onboarding.pinTooSimple'))) },
              { actions: emit(replyEvent(text('onboarding.pinFormat'))) },
            ],
          },
        },
        keepingNew: {
          tags: ['busy', 'secret'],
          invoke: {
            src: 'choosePin',
            input: ({ context, event }) => ({ msisdn: context.input.msisdn, pin: inputText(event as FlowEvent) }),
            onDone: [
              { guard: ({ event }) => event.output.ok, target: 'confirmingNew' },
              {
                guard: ({ event }) => !event.output.ok && event.output.reason === 'SAME_PIN',
                target: 'askingNew',
                actions: emit(replyEvent(text('settings.samePin'))),
              },
              { target: 'askingNew', actions: emit(replyEvent(text('onboarding.pinTooSimple'))) },
            ],
            onError: { target: '#settings.done', actions: emit(replyEvent(end('common.technicalProblem'))) },
          },
        },
        confirmingNew: {
          entry: emit(replyEvent(text('onboarding.askPinAgain'))),
          meta: { help: 'onboarding.help.pinAgain', secret: true },
          on: { INPUT: 'comparingNew' },
        },
        comparingNew: {
          tags: ['busy', 'secret'],
          invoke: {
            src: 'chosenPinMatches',
            input: ({ context, event }) => ({ msisdn: context.input.msisdn, pin: inputText(event as FlowEvent) }),
            onDone: [
              { guard: ({ event }) => event.output, target: 'savingNew' },
              { target: 'askingNew', actions: emit(replyEvent(text('onboarding.pinMismatch'))) },
            ],
            onError: { target: '#settings.done', actions: emit(replyEvent(end('common.technicalProblem'))) },
          },
        },
        savingNew: {
          tags: ['busy'],
          invoke: {
            src: 'saveChosenPin',
            input: ({ context }) => ({ msisdn: context.input.msisdn }),
            onDone: [
              {
                guard: ({ event }) => event.output,
                target: '#settings.done',
                actions: emit(replyEvent(end('settings.pinChanged'))),
              },
              // The chosen PIN waited too long and was forgotten: nothing changed, choose it again.
              { target: 'askingNew' },
            ],
            onError: { target: '#settings.done', actions: emit(replyEvent(end('common.technicalProblem'))) },
          },
        },
      },
    },
    deleting: {
      initial: 'confirming',
      on: { BACK: { target: 'choosing', actions: 'showMenu' } },
      states: {
        confirming: {
          entry: emit(replyEvent(menu('settings.deleteConfirm', ['settings.deleteYes', 'settings.deleteNo']))),
          meta: { help: 'settings.help.delete' },
          on: {
            INPUT: [
              { guard: { type: 'picked', params: '1' }, target: 'askingPin' },
              {
                guard: { type: 'picked', params: '2' },
                target: '#settings.done',
                actions: emit(replyEvent(end('common.cancelled'))),
              },
              { target: 'confirming', reenter: true, actions: emit(replyEvent(text('common.invalidChoice'))) },
            ],
          },
        },
        askingPin: {
          entry: emit(replyEvent(text('common.askPin'))),
          meta: { help: 'common.pinHelp', secret: true },
          on: { INPUT: 'checkingPin' },
        },
        checkingPin: {
          tags: ['busy', 'secret'],
          invoke: {
            src: 'checkPin',
            input: ({ context, event }) => ({ msisdn: context.input.msisdn, pin: inputText(event as FlowEvent) }),
            onDone: [
              { guard: ({ event }) => event.output.ok, target: 'deleting' },
              {
                guard: ({ event }) => pinLocked(event.output),
                target: '#settings.done',
                actions: ['rememberPinCheck', 'sayPinRefusal'],
              },
              { target: 'retryingPin', actions: ['rememberPinCheck', 'sayPinRefusal'] },
            ],
            onError: { target: '#settings.done', actions: emit(replyEvent(end('common.technicalProblem'))) },
          },
        },
        retryingPin: { meta: { help: 'common.pinHelp', secret: true }, on: { INPUT: 'checkingPin' } },
        deleting: {
          tags: ['busy'],
          invoke: {
            src: 'deleteAccount',
            input: ({ context }) => ({ msisdn: context.input.msisdn }),
            onDone: [
              {
                guard: ({ event }) => event.output.ok,
                target: '#settings.done',
                actions: [assign({ deleted: true }), emit(replyEvent(end('settings.deleted')))],
              },
              { target: '#settings.done', actions: emit(replyEvent(end('settings.walletNotEmpty'))) },
            ],
            onError: { target: '#settings.done', actions: emit(replyEvent(end('common.technicalProblem'))) },
          },
        },
      },
    },
    done: { type: 'final' },
  },
  output: ({ context }): FlowOutput => {
    if (context.deleted) return { profile: null, quiet: true };
    // Back out of Settings: the main menu shows itself again; after a task, its last reply says what next.
    return context.backToMenu ? {} : { quiet: true };
  },
});
