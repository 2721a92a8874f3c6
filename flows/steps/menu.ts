/**
 * A numbered menu: the menu is shown on entry; a choice takes its transition; anything else is answered with
 * "reply with one of the numbers shown" and the menu again; `0` does what `back` says.
 */
import type { Back, Guarded, HelpKey, Named } from './transitions';

export function menuStep<const TShow extends Named, const TChoice extends Guarded, const TBack extends Back>(step: {
  /** The action that shows the menu. */
  show: TShow;
  help: HelpKey;
  /** The choices, each guarded (`option('1', …)` or a flow's guard such as `'pickedABiller'`). */
  choices: readonly TChoice[];
  back: TBack;
}) {
  return {
    entry: step.show,
    meta: { help: step.help },
    on: {
      INPUT: [...step.choices, { actions: ['sayInvalidChoice' as const, step.show] as const }],
      BACK: step.back,
    },
  };
}
