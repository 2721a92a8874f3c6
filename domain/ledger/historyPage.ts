/**
 * A page of an account's history, and the opaque cursor that says where the next (older) page starts.
 */
import type { Entry } from './entries';

/** A page of an account's entries, newest first. */
export interface HistoryPage {
  entries: Entry[];
  /** Pass as `cursor` for the next (older) page; null when there is none. */
  next: string | null;
}

/** A cursor is, per lane, the seq below which the next page starts. Opaque to callers. */
export function encodeCursor(bounds: number[]): string {
  return Buffer.from(JSON.stringify(bounds)).toString('base64url');
}

/** The per-lane bounds a cursor holds, checked against the account's lanes; a RangeError for any other text. */
export function decodeCursor(cursor: string, lanes: number): number[] {
  try {
    const bounds: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    if (Array.isArray(bounds) && bounds.length === lanes && bounds.every((b) => Number.isSafeInteger(b) && b >= 1)) {
      return bounds as number[];
    }
  } catch {
    // fall through: a cursor that does not parse is refused like any malformed one
  }
  throw new RangeError('invalid history cursor');
}
