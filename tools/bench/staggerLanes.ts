/**
 * Staggers lanes over the round before an open-loop run: lane k first types (k mod the round's length) messages,
 * one after another, each waiting for its answer. The open loop gives every lane the same share of requests, so
 * lanes that all started at the round's first step would move through it in step, and a phase would see only the
 * few steps they were on; staggered, each step of the round gets its share from the first second. Answers are
 * checked into the lanes' tallies, as every other request's.
 */
import { ROUND, type Lane } from './smsTraffic';

/** Lanes staggered at once: a modest closed loop, so that staggering does not itself overload the server. */
const LANES_AT_ONCE = 20;

/** Brings lane k to step k mod ROUND.length of its person's round, through the webhook at `url`. */
export async function staggerLanes(lanes: readonly Lane[], url: string, timeoutSeconds: number): Promise<void> {
  let next = 0;
  const stagger = async () => {
    while (next < lanes.length) {
      const k = next;
      next += 1;
      const lane = lanes[k] as Lane;
      for (let sent = 0; sent < k % ROUND.length; sent += 1) {
        const message = lane.next();
        const response = await fetch(url, {
          method: 'POST',
          headers: message.headers,
          body: message.body,
          signal: AbortSignal.timeout(timeoutSeconds * 1_000),
        });
        lane.check(response.status, await response.text(), Object.fromEntries(response.headers));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(LANES_AT_ONCE, lanes.length) }, stagger));
}
