/**
 * Choose a new PIN and type it again (signing up, changing the PIN). The PIN is checked for form here (4 or 5
 * digits, and not too simple), kept hashed by the service until it is typed again (`choosePin`), then compared
 * (`chosenPinMatches`); neither PIN is ever in the flow's context, so not in a saved conversation.
 *
 * Refusals: a malformed or too simple PIN is told so and the person types another at once; a refusal from the
 * service (the current PIN, or too simple by its rules) and two PINs that differ are told so and the question is
 * asked again. `0` while typing it again goes back to choosing it; `0` while choosing goes where `back` says.
 */
import { fromPromise, type EventObject } from 'xstate';
import { checkNewPin, type PinRejection } from '../../domain/pin';
import type { Msisdn } from '../../domain/phone';
import { inputText, text, type FlowEvent, type FlowInput } from '../conversation';
import type { MessageKey } from '../messages';
import { notProvided } from '../notProvided';
import { say } from './flowSetup';
import type { Back, HelpKey, Transition } from './transitions';

/** What People.choosePin answers: kept, or refused (too simple, or the PIN the person has now). */
type Kept = { ok: true } | { ok: false; reason: PinRejection | 'SAME_PIN' };

/** Keeps a new PIN's hash until it is typed again (People.choosePin). */
export const choosePinActor = fromPromise<Kept, { msisdn: Msisdn; pin: string }>(notProvided('choosePin'));

/** Whether the PIN typed again is the one chosen (People.chosenPinMatches). */
export const chosenPinMatchesActor = fromPromise<boolean, { msisdn: Msisdn; pin: string }>(
  notProvided('chosenPinMatches'),
);

/** What a service answered, from its done event. */
function outputOf<T>(event: EventObject): T {
  return (event as unknown as { output: T }).output;
}

/** The guards of the step: spread them into the flow's `.extend({ guards })` (the step names them). */
export const choosePinGuards = {
  newPinAllowed: ({ event }: { event: FlowEvent }) => checkNewPin(inputText(event)).ok,
  newPinWellFormed: ({ event }: { event: FlowEvent }) => /^\d{4,5}$/.test(inputText(event)),
  newPinKept: ({ event }: { event: EventObject }) => outputOf<Kept>(event).ok,
  newPinIsTheSame: ({ event }: { event: EventObject }) => {
    const kept = outputOf<Kept>(event);
    return !kept.ok && kept.reason === 'SAME_PIN';
  },
  bothPinsMatch: ({ event }: { event: EventObject }) => outputOf<boolean>(event),
};

const SECRET = { secret: true } as const;

function typedPin({ context, event }: { context: { input: FlowInput }; event: FlowEvent }) {
  return { msisdn: context.input.msisdn, pin: inputText(event) };
}

/**
 * The flow's setup provides `choosePin` and `chosenPinMatches` (`choosePinActor`, `chosenPinMatchesActor`) and
 * the guards `choosePinGuards`. `ask` is the question's message key; `chosen` the state id once both PINs match;
 * `failed` what a technical problem does (say so and stay, or end).
 */
export function choosePinStep<
  const TChosen extends `#${string}`,
  const TFailed extends Transition,
  const TBack extends Back,
>(step: { ask: MessageKey; help: { choose: HelpKey; again: HelpKey }; chosen: TChosen; failed: TFailed; back: TBack }) {
  return {
    initial: 'choosing' as const,
    states: {
      choosing: {
        entry: say(text(step.ask)),
        meta: { help: step.help.choose, ...SECRET },
        on: {
          INPUT: [
            { guard: 'newPinAllowed' as const, target: 'keeping' as const },
            { guard: 'newPinWellFormed' as const, actions: say(text('onboarding.pinTooSimple')) },
            { actions: say(text('onboarding.pinFormat')) },
          ],
        },
      },
      // The PIN travels only in the event and the service's input.
      keeping: {
        tags: ['busy' as const, 'secret' as const],
        invoke: {
          src: 'choosePin' as const,
          input: typedPin,
          onDone: [
            { guard: 'newPinKept' as const, target: 'typingAgain' as const },
            { guard: 'newPinIsTheSame' as const, target: 'choosing' as const, actions: say(text('settings.samePin')) },
            { target: 'choosing' as const, actions: say(text('onboarding.pinTooSimple')) },
          ],
          onError: step.failed,
        },
      },
      typingAgain: {
        entry: say(text('onboarding.askPinAgain')),
        meta: { help: step.help.again, ...SECRET },
        on: { INPUT: 'comparing' as const, BACK: 'choosing' as const },
      },
      comparing: {
        tags: ['busy' as const, 'secret' as const],
        invoke: {
          src: 'chosenPinMatches' as const,
          input: typedPin,
          onDone: [
            { guard: 'bothPinsMatch' as const, target: step.chosen },
            { target: 'choosing' as const, actions: say(text('onboarding.pinMismatch')) },
          ],
          onError: step.failed,
        },
      },
    },
    on: { BACK: step.back },
  };
}
