/**
 * A numbered menu: the menu is shown on entry; a choice takes its transition; anything else is answered with
 * "reply with one of the numbers shown" and the menu again; `0` does what `back` says.
 *
 * Two options for the menus that open differently: `showOnEntry: false` when whatever leads to the step shows the
 * menu itself (with words of its own, or not at all on a quiet start, where the last reply already said what to
 * do); `invalid` when the answer to a choice that is none is a screen of its own (the menu under other words).
 */
import type { Back, Guarded, HelpKey, Named, NamedActions } from './transitions';

/** The state a `menuStep` makes (`entry` absent when the transitions into it show the menu). */
export interface MenuState<TShow, TChoice, TInvalid, TBack> {
  entry?: TShow;
  meta: { help: HelpKey };
  on: { INPUT: (TChoice | { actions: TInvalid })[]; BACK: TBack };
}

export function menuStep<
  const TShow extends Named,
  const TChoice extends Guarded,
  const TBack extends Back,
  const TInvalid extends NamedActions = readonly ['sayInvalidChoice', TShow],
>(step: {
  /** The action that shows the menu. */
  show: TShow;
  help: HelpKey;
  /** The choices, each guarded (`option('1', …)` or a flow's guard such as `'pickedABiller'`). */
  choices: readonly TChoice[];
  back: TBack;
  /** False when the transitions into the step show the menu (default: shown on entry). */
  showOnEntry?: false;
  /** What answers anything that is not a choice (default: `sayInvalidChoice`, then the menu again). */
  invalid?: TInvalid;
}): NoInfer<MenuState<TShow, TChoice, TInvalid, TBack>> {
  // Without `invalid`, TInvalid is its default, the pair written here.
  const invalid = step.invalid ?? (['sayInvalidChoice', step.show] as const as unknown as TInvalid);
  const on = { INPUT: [...step.choices, { actions: invalid }], BACK: step.back };
  const meta = { help: step.help };
  return step.showOnEntry === false ? { meta, on } : { entry: step.show, meta, on };
}
