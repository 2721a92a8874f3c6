/**
 * The PIN asked once per session before something that is only shown (the balance, the history), as on the
 * operators' own menus: asked unless the session is unlocked already; once accepted, the runtime is told the
 * session is unlocked, so the next such step does not ask again.
 */
import { emit, type MachineContext } from 'xstate';
import { replyEvent, text, type FlowEmitted, type FlowEvent, type FlowInput } from '../conversation';
import { pinStep } from './pin';
import type { Back } from './transitions';

/** The guard of the session PIN: spread into a flow's setup (`flowSetup` does). */
export const sessionPinGuards = {
  sessionUnlocked: ({ context }: { context: { input: FlowInput } }) => context.input.pinUnlocked === true,
};

/** The actions of the session PIN: spread `sessionPinActions<Context>()` into a flow's setup (`flowSetup` does). */
export function sessionPinActions<TContext extends MachineContext>() {
  return {
    // Nothing moves here: the PIN only opens what is shown, and is asked in those words.
    askPinToView: emit<TContext, FlowEvent, undefined, FlowEvent, FlowEmitted>(replyEvent(text('pin.askToView'))),
    sayUnlocked: emit<TContext, FlowEvent, undefined, FlowEvent, FlowEmitted>({ type: 'pinUnlocked' as const }),
  };
}

/** The step that decides: on to `then` when the session is unlocked, else to `unlocking` (see `sessionPinSteps`). */
export function sessionPinGate<const TThen extends string>(then: TThen) {
  return { always: [{ guard: 'sessionUnlocked' as const, target: then }, { target: 'unlocking' as const }] };
}

/**
 * `unlocking` (the PIN step) and `unlocked` (tells the runtime, then goes on to `then`), to spread into the states
 * of the machine `id`, beside its `sessionPinGate`. `locked`, `failed` and `back` are as for `pinStep`.
 */
export function sessionPinSteps<const TThen extends string, const TBack extends Back>(step: {
  id: string;
  then: TThen;
  locked: `#${string}`;
  failed: `#${string}`;
  back: TBack;
}) {
  return {
    unlocking: pinStep({
      ask: 'askPinToView',
      accepted: `#${step.id}.unlocked`,
      locked: step.locked,
      failed: step.failed,
      back: step.back,
    }),
    unlocked: { entry: 'sayUnlocked' as const, always: step.then },
  };
}
