/** One page of a list: asks the port for one item more than the limit, to know whether there is more. */
import type { ListQuery } from './schemas/common';

/** Fetches `limit + 1` items after `starting_after` and answers `{object: 'list', data, has_more}`. */
export async function listPage<T, J>(
  query: ListQuery,
  fetch: (options: { limit: number; startingAfter?: string }) => Promise<T[]>,
  present: (item: T) => J,
): Promise<{ object: 'list'; data: J[]; has_more: boolean }> {
  const items = await fetch({
    limit: query.limit + 1,
    ...(query.starting_after === undefined ? {} : { startingAfter: query.starting_after }),
  });
  return { object: 'list', data: items.slice(0, query.limit).map(present), has_more: items.length > query.limit };
}
