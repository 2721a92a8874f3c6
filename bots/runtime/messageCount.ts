/**
 * The per-person message limit (MESSAGES_PER_MINUTE), counted in fixed one-minute windows and kept in the
 * person's session, so every server process sees the same count: the session is read and written by every turn
 * anyway, within the person's turn (one at a time across processes), so counting there adds no database
 * command and no race. A message the gateway delivers again is recognised by its message id before any of this
 * and counts once. Fixed windows let a person send up to twice the limit across a window's edge: enough to stop
 * a flood or a runaway client, which is what the limit is for (money is protected by the PIN and the ledger).
 */

/** The messages a person sent in one minute (`window`: minutes since the epoch), as saved with the session. */
export interface MessageCount {
  window: number;
  count: number;
}

export function minuteOf(at: Date): number {
  return Math.floor(at.getTime() / 60_000);
}

/** The count once the message at `at` is added to what the session saved. */
export function countMessage(saved: MessageCount | undefined, at: Date): MessageCount {
  const window = minuteOf(at);
  return { window, count: saved?.window === window ? saved.count + 1 : 1 };
}
