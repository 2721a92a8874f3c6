/**
 * The PIN step every money-moving flow ends with: its service (provided at wiring) and the reply for each outcome.
 * The PIN travels only in the event and the invoked check's input, never in a flow's context, so it is not in a
 * saved snapshot; the runtime does not save a turn that timed out while checking a PIN.
 */
import { emit, fromPromise, type EventObject, type MachineContext } from 'xstate';
import { dateParam } from '../../domain/notifications';
import type { PinCheck } from '../../domain/people';
import type { Msisdn } from '../../domain/phone';
import {
  end,
  inputText,
  replyEvent,
  text,
  type FlowEmitted,
  type FlowEvent,
  type FlowInput,
  type Reply,
  type StepMeta,
} from '../conversation';
import { notProvided } from '../notProvided';
import type { NamedActions } from './transitions';

/** Checks a person's PIN (People.checkPin). */
export const checkPinActor = fromPromise<PinCheck, { msisdn: Msisdn; pin: string }>(notProvided('checkPin'));

/** What to say after a failed PIN check: try again, or locked or blocked (which ends the flow). */
export function pinRefusal(check: PinCheck): Reply {
  if (check.ok) throw new Error('the PIN was right');
  if (check.reason === 'PIN_BLOCKED') return end('pin.blocked');
  return check.reason === 'PIN_LOCKED'
    ? end('common.pinLocked', { until: dateParam(check.until) })
    : text('common.wrongPin', { triesLeft: check.triesLeft });
}

/** Whether a PIN check's outcome ends the flow (locked for a while, or blocked until support resets it). */
export function pinLocked(check: PinCheck): boolean {
  return !check.ok && (check.reason === 'PIN_LOCKED' || check.reason === 'PIN_BLOCKED');
}

/** How a PIN check ended, from the done event of the `checkPin` actor. */
function checkOf(event: EventObject): PinCheck {
  return (event as unknown as { output: PinCheck }).output;
}

/** The guards the PIN step uses: spread them into a flow's `setup({ guards })`. */
export const pinGuards = {
  pinAccepted: ({ event }: { event: EventObject }) => checkOf(event).ok,
  pinLockedNow: ({ event }: { event: EventObject }) => pinLocked(checkOf(event)),
};

/** The actions the PIN step uses: spread `pinActions<FlowContext>()` into a flow's `setup({ actions })`. */
export function pinActions<TContext extends MachineContext>() {
  return {
    askPin: emit<TContext, FlowEvent, undefined, FlowEvent, FlowEmitted>(replyEvent(text('common.askPin'))),
    sayPinRefusal: emit<TContext, FlowEvent, undefined, FlowEvent, FlowEmitted>(({ event }) =>
      replyEvent(pinRefusal(checkOf(event))),
    ),
  };
}

const SECRET_STEP: StepMeta = { help: 'common.pinHelp', secret: true };

/**
 * The PIN step of a money-moving flow (asking, checking, retrying after a wrong PIN), the same in every flow. The
 * flow's setup provides `checkPin`, `pinGuards` and `pinActions` (`flowSetup` does). `accepted`, `locked` and
 * `failed` are state ids (`#flow.state`) for an accepted PIN, a locked PIN and a failed check; `back` is where
 * `0` goes (a sibling of the step, usually the confirmation), required so that no PIN step answers `0` with
 * silence. Help explains the PIN; the step is secret, so channels delete the message and nothing logs it.
 * `ask` names the action asking for it when a flow asks in its own words (default `askPin`).
 */
export function pinStep<const TBack, const TAsk extends NamedActions = 'askPin'>(step: {
  accepted: `#${string}`;
  locked: `#${string}`;
  failed: `#${string}`;
  back: TBack;
  ask?: TAsk;
}) {
  // Without `ask`, TAsk is its default, the action named here.
  const ask = step.ask ?? ('askPin' as TAsk);
  return {
    initial: 'asking' as const,
    states: {
      asking: { entry: ask, meta: SECRET_STEP, on: { INPUT: 'checking' } },
      retrying: { meta: SECRET_STEP, on: { INPUT: 'checking' } },
      checking: {
        tags: ['busy' as const, 'secret' as const],
        invoke: {
          src: 'checkPin' as const,
          input: ({ context, event }: { context: { input: FlowInput }; event: FlowEvent }) => ({
            msisdn: context.input.msisdn,
            pin: inputText(event),
          }),
          onDone: [
            { guard: 'pinAccepted' as const, target: step.accepted },
            { guard: 'pinLockedNow' as const, target: step.locked, actions: 'sayPinRefusal' as const },
            { target: 'retrying', actions: 'sayPinRefusal' as const },
          ],
          onError: { target: step.failed },
        },
      },
    },
    on: { BACK: step.back },
  };
}
