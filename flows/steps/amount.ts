/**
 * Ask an amount: an amount as people type it (`5000`, `5 000 F`) takes `amount`; anything else is told what to
 * type instead (a whole number of francs, not too large), and stays. A flow that accepts only some amounts names
 * its guard in `within` (checked only for amounts) and answers the others in `otherwise` (an amount outside a
 * bill's range, say); amounts nothing answers get the general correction, never silence.
 */
import type { Back, HelpKey, Named, NamedActions, Transition, Unguarded } from './transitions';

/** The state an `amountStep` makes. */
export interface AmountState<TAsk, TInput, TBack> {
  entry: TAsk;
  meta: { help: HelpKey };
  on: { INPUT: TInput[]; BACK: TBack };
}

type Correction = { guard: 'isNotAnAmount'; actions: 'sayBadAmount' } | { actions: 'sayBadAmount' };

export function amountStep<
  const TAsk extends NamedActions,
  const TAmount extends Unguarded,
  const TBack extends Back,
  const TWithin extends Named = never,
  const TOther extends Transition = never,
>(step: {
  ask: TAsk;
  help: HelpKey;
  amount: TAmount;
  within?: TWithin;
  otherwise?: readonly TOther[];
  back: TBack;
}): NoInfer<AmountState<TAsk, Correction | TAmount | (TAmount & { guard: TWithin }) | TOther, TBack>> {
  const accept = step.within === undefined ? step.amount : { ...step.amount, guard: step.within };
  return {
    entry: step.ask,
    meta: { help: step.help },
    on: {
      INPUT: [
        { guard: 'isNotAnAmount', actions: 'sayBadAmount' },
        accept,
        ...(step.otherwise ?? []),
        { actions: 'sayBadAmount' },
      ],
      BACK: step.back,
    },
  };
}
