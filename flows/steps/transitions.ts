/**
 * The shapes step builders take: transitions that name their guards and actions (`'keepAmount'`,
 * `{ type: 'picked', params: '1' }`) instead of carrying functions, so the flow's `createMachine` checks every
 * name against its setup: a misspelled or missing guard or action does not compile.
 */
import type { StepMeta } from '../conversation';

/** A guard or an action by name, with its params when it takes some. */
export type Named = string | { type: string; params?: unknown };

/** One or several actions by name. */
export type NamedActions = Named | readonly Named[];

/** A transition of a step: where to go, when, doing what. */
export interface Transition {
  target?: string;
  guard?: Named;
  actions?: NamedActions;
  reenter?: boolean;
}

/** What `0` does at a step: a state to go to, or transitions (the first whose guard passes is taken). */
export type Back = string | Transition | readonly Transition[];

/** The help key of a step (answered to `help`/`aide`). */
export type HelpKey = NonNullable<StepMeta['help']>;

/** A transition whose guard the step decides (an option's number, an amount check): giving one does not compile. */
export type Unguarded = Omit<Transition, 'guard'> & { guard?: never };

/** A transition that says when it is taken: a menu's choices must, or any text would take it. */
export type Guarded = Transition & { guard: Named };

/** The transition taken when the person types `id` (a menu's option number). */
export function option<const T extends Unguarded>(id: string, transition: T) {
  return { ...transition, guard: { type: 'picked' as const, params: id } };
}
