/** Schemas every resource shares: amounts in francs, list pages and their query, ids in a path. */
import { z } from 'zod';
import { MAX_AMOUNT } from '../../../../domain/money';

/** An amount in whole francs: XAF has no decimals. */
export const amount = z.number().int().positive().max(MAX_AMOUNT).meta({ description: 'Whole francs (XAF).' });

/** The only currency: Central African CFA francs. */
export const currency = z.literal('XAF').meta({ description: 'Always XAF.' });

/** An instant as the API writes it. */
export const timestamp = z.iso.datetime().meta({ description: 'ISO 8601, UTC.' });

/** `limit` and `starting_after` of every list. */
export const listQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(10).meta({ description: 'Items per page, 1-100.' }),
  starting_after: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .meta({ description: 'The id of the last item of the previous page.' }),
});
export type ListQuery = z.infer<typeof listQuery>;

/** A page of a list of `item`. */
export function listOf<T extends z.ZodType>(item: T) {
  return z.object({
    object: z.literal('list'),
    data: z.array(item),
    has_more: z.boolean(),
  });
}

/** A path with one `id`. */
export const idParams = z.strictObject({ id: z.string().min(1).max(100) });
