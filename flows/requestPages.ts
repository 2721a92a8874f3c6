/**
 * A list of payment requests on a numbered menu, a page at a time: 1 to 5 pick a line on the page shown, 9 shows
 * the next page, `0` the page before (from the first page, where `back` says). Used by the requests one made
 * (requestPayment) and the requests one was sent (pendingRequests): the step, its guards and actions are here once.
 */
import { assign } from 'xstate';
import { inputText, menu, type FlowEvent, type MenuOption, type Reply } from './conversation';
import type { MessageKey } from './messages';
import { menuStep, type FlowContext, type HelpKey, type Named, type Transition } from './steps';

/** Requests shown per screen: five lines plus "More" keep a USSD screen readable. */
const PAGE_SIZE = 5;
/** The option that shows the next page; 0 and 00 are taken by back and the main menu. */
export const MORE = '9';

/** The items on page `page` (from 0). */
export function onPage<T>(items: readonly T[], page: number): T[] {
  return items.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
}

function pageCount(items: readonly unknown[]): number {
  return Math.max(1, Math.ceil(items.length / PAGE_SIZE));
}

export function hasNextPage(items: readonly unknown[], page: number): boolean {
  return page + 1 < pageCount(items);
}

/** The item a typed number picks on page `page`, if any. */
export function pickedOnPage<T>(items: readonly T[], page: number, typed: string): T | undefined {
  if (!/^[1-5]$/.test(typed)) return undefined;
  return onPage(items, page)[Number(typed) - 1];
}

/** The page's menu: one numbered line per item, "More" when another page follows, and "page n of m". */
export function pageMenu<T>(
  key: MessageKey,
  items: readonly T[],
  page: number,
  line: (item: T) => Omit<MenuOption, 'id'>,
): Reply {
  const options: MenuOption[] = onPage(items, page).map((item, i) => ({ id: String(i + 1), ...line(item) }));
  if (hasNextPage(items, page)) options.push({ id: MORE, key: 'requests.more' });
  return menu(key, options, { page: page + 1, pages: pageCount(items) });
}

/** What a flow with a list of requests keeps: the page shown (from 0) and the request picked. */
export interface PagedContext<TItem> extends FlowContext {
  page: number;
  chosen: TItem | null;
}

type Args<TContext> = { context: TContext; event: FlowEvent };

/**
 * The guards and actions the list step names, for a flow whose list `items(context)` returns: spread them into
 * the flow's `.extend({ guards, actions })`.
 */
export function requestListPieces<TItem, TContext extends PagedContext<TItem>>(
  items: (context: TContext) => readonly TItem[],
) {
  const pickedOf = ({ context, event }: Args<TContext>) => pickedOnPage(items(context), context.page, inputText(event));
  const withPage = (page: number) => ({ page }) as Partial<TContext>;
  return {
    guards: {
      pickedARequest: (args: Args<TContext>) => pickedOf(args) !== undefined,
      pickedMore: ({ context, event }: Args<TContext>) =>
        inputText(event) === MORE && hasNextPage(items(context), context.page),
      onALaterPage: ({ context }: Args<TContext>) => context.page > 0,
    },
    actions: {
      keepPickedRequest: assign<TContext, FlowEvent, undefined, FlowEvent, never>(
        (args) => ({ chosen: pickedOf(args) ?? null }) as Partial<TContext>,
      ),
      turnToNextPage: assign<TContext, FlowEvent, undefined, FlowEvent, never>(({ context }) =>
        withPage(context.page + 1),
      ),
      turnToPreviousPage: assign<TContext, FlowEvent, undefined, FlowEvent, never>(({ context }) =>
        withPage(context.page - 1),
      ),
    },
  };
}

/**
 * The list step: `show` shows the page (`pageMenu`); a line picked is kept in `chosen` and takes `picked`; 9 and
 * `0` turn the page and show it again; `0` on the first page goes to `back`. The flow's setup has the guards and
 * actions of `requestListPieces`.
 */
export function requestListStep<
  const TShow extends Named,
  const TPicked extends Omit<Transition, 'guard' | 'actions'> & { guard?: never; actions?: never },
  const TBack extends string,
>(step: { show: TShow; help: HelpKey; picked: TPicked; back: TBack }) {
  return menuStep({
    show: step.show,
    help: step.help,
    choices: [
      { ...step.picked, guard: 'pickedARequest' as const, actions: 'keepPickedRequest' as const },
      { guard: 'pickedMore' as const, actions: ['turnToNextPage' as const, step.show] as const },
    ],
    back: [
      { guard: 'onALaterPage' as const, actions: ['turnToPreviousPage' as const, step.show] as const },
      { target: step.back },
    ],
  });
}
