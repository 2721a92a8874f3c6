/**
 * A list of payment requests on a numbered menu, a page at a time: 1 to 5 pick a line on the page shown, 9 shows
 * the next page. Used by the requests one made (requestPayment) and the requests one was sent (pendingRequests).
 */
import { menu, type MenuOption, type Reply } from './conversation';
import type { MessageKey } from './messages';

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
