/**
 * A confirmation: a menu of two options, 1 yes and 2 no (by default, no cancels the flow). Like any menu,
 * anything else shows it again after "reply with one of the numbers shown".
 */
import { menuStep } from './menu';
import { option, type Back, type HelpKey, type Named, type Unguarded } from './transitions';

/** The transition of a menu option. */
type Choice<T extends Unguarded> = ReturnType<typeof option<T>>;

const CANCEL = { target: 'cancelled' } as const;

export function confirmStep<
  const TShow extends Named,
  const TYes extends Unguarded,
  const TBack extends Back,
  const TNo extends Unguarded = typeof CANCEL,
>(step: {
  show: TShow;
  help: HelpKey;
  yes: TYes;
  no?: TNo;
  back: TBack;
}): NoInfer<ReturnType<typeof menuStep<TShow, Choice<TYes> | Choice<TNo>, TBack>>> {
  return menuStep({
    show: step.show,
    help: step.help,
    choices: [option('1', step.yes), option<TNo>('2', (step.no ?? CANCEL) as TNo)],
    back: step.back,
  });
}
