/**
 * The setup every flow starts from: the conversation's types, the PIN check, and the guards and actions the step
 * builders name. A flow adds its own context type and services, then its own guards and actions with `.extend`.
 */
import { emit, setup, type UnknownActorLogic } from 'xstate';
import {
  picked,
  replyEvent,
  text,
  type FlowEmitted,
  type FlowEvent,
  type FlowInput,
  type FlowOutput,
  type Reply,
  type StepMeta,
} from '../conversation';
import { amountCorrection, isTypedAmount, isTypedMsisdn, phoneCorrection } from '../typedInput';
import { checkPinActor, pinActions, pinGuards } from './pin';
import { sessionPinActions, sessionPinGuards } from './sessionPin';

/** What every flow's context holds: how it was started (who, in which language, with which arguments). */
export interface FlowContext {
  input: FlowInput;
}

/** The params of the shared guards, by name. */
type StepGuards = {
  pinAccepted: undefined;
  pinLockedNow: undefined;
  sessionUnlocked: undefined;
  picked: string;
  isAnAmount: undefined;
  isNotAnAmount: undefined;
  isAPhoneNumber: undefined;
};

/** The params of the shared actions, by name. */
type StepActions = {
  askPin: undefined;
  sayPinRefusal: undefined;
  askPinToView: undefined;
  sayUnlocked: undefined;
  say: Reply;
  sayInvalidChoice: undefined;
  sayBadAmount: undefined;
  sayBadPhone: undefined;
};

/**
 * `flowSetup<MyContext>()({ myService: fromPromise(...) })`: a setup typed for the conversation, whose guards
 * and actions are the ones steps share. Two calls because the context type is given and the services inferred.
 *
 * Guards: `picked` (params: the option id typed), `isAnAmount`, `isNotAnAmount`, `isAPhoneNumber`, and the PIN
 * step's and the session PIN's.
 * Actions: `say` (params: the reply), `sayInvalidChoice`, `sayBadAmount`, `sayBadPhone`, and the PIN step's and
 * the session PIN's.
 */
export function flowSetup<TContext extends FlowContext>() {
  return <TActors extends Record<string, UnknownActorLogic> = Record<never, never>>(actors: TActors = {} as TActors) =>
    // The type arguments are written out: inferred from a generic `actors`, setup loses the services' types, and
    // every invoke's done event then carries an untyped output.
    setup<
      TContext,
      FlowEvent,
      TActors & { checkPin: typeof checkPinActor },
      Record<never, never>,
      StepActions,
      StepGuards,
      never,
      string,
      FlowInput,
      FlowOutput,
      FlowEmitted,
      StepMeta
    >({
      types: {
        context: {} as TContext,
        events: {} as FlowEvent,
        input: {} as FlowInput,
        output: {} as FlowOutput,
        emitted: {} as FlowEmitted,
        meta: {} as StepMeta,
      },
      // TypeScript cannot relate a generic record to setup's mapped parameter; the type arguments above say it.
      actors: { ...actors, checkPin: checkPinActor } as never,
      guards: {
        ...pinGuards,
        ...sessionPinGuards,
        picked: ({ event }, id: string) => picked(event, id),
        isAnAmount: ({ event }) => isTypedAmount(event),
        isNotAnAmount: ({ event }) => !isTypedAmount(event),
        isAPhoneNumber: ({ event }) => isTypedMsisdn(event),
      },
      actions: {
        ...pinActions<TContext>(),
        ...sessionPinActions<TContext>(),
        say: emit<TContext, FlowEvent, Reply, FlowEvent, FlowEmitted>((_, reply) => replyEvent(reply)),
        sayInvalidChoice: emit<TContext, FlowEvent, undefined, FlowEvent, FlowEmitted>(
          replyEvent(text('common.invalidChoice')),
        ),
        sayBadAmount: emit<TContext, FlowEvent, undefined, FlowEvent, FlowEmitted>(({ event }) =>
          replyEvent(amountCorrection(event)),
        ),
        sayBadPhone: emit<TContext, FlowEvent, undefined, FlowEvent, FlowEmitted>(({ event }) =>
          replyEvent(phoneCorrection(event)),
        ),
      },
    });
}

/** The `say` action with its reply, for a state's `entry` or a transition's `actions`: `say(end('x.done'))`. */
export function say(reply: Reply) {
  return { type: 'say' as const, params: reply };
}
