/**
 * A question answered by typing (a customer number, a name): an answer the guard accepts takes its transition;
 * `otherwise` handles answers that need their own words; anything else gets the correction, and the person types
 * again at the same step. `0` does what `back` says.
 */
import type { Back, Guarded, HelpKey, NamedActions, Transition } from './transitions';

/** The state an `askStep` makes. */
export interface AskState<TAsk, TInput, TBack> {
  entry: TAsk;
  meta: { help: HelpKey };
  on: { INPUT: TInput[]; BACK: TBack };
}

export function askStep<
  const TAsk extends NamedActions,
  const TAccept extends Guarded,
  const TCorrect extends NamedActions,
  const TBack extends Back,
  const TOther extends Transition = never,
>(step: {
  /** The action(s) asking the question, on entry. */
  ask: TAsk;
  help: HelpKey;
  accept: TAccept;
  otherwise?: readonly TOther[];
  /** What to say to an answer nobody accepted: what to type instead. */
  correct: TCorrect;
  back: TBack;
}): NoInfer<AskState<TAsk, TAccept | TOther | { actions: TCorrect }, TBack>> {
  return {
    entry: step.ask,
    meta: { help: step.help },
    on: {
      INPUT: [step.accept, ...(step.otherwise ?? []), { actions: step.correct }],
      BACK: step.back,
    },
  };
}
