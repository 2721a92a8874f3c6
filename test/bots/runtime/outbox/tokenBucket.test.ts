/**
 * The token bucket on a fake clock: the rate is kept in every window, bursts are bounded, and callers that
 * reserve at once are served in order, each after its own refill.
 */
import { TokenBucket } from '../../../../bots/runtime/outbox/tokenBucket';

function fakeClock() {
  let now = 0;
  return {
    clock: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

describe('the token bucket', () => {
  it('spaces reservations made at once by 1/rate: 0, 200, 400… ms at 5 per second', () => {
    const time = fakeClock();
    const bucket = new TokenBucket(5, { clock: time.clock });
    expect([1, 2, 3, 4].map(() => bucket.reserve())).toEqual([0, 200, 400, 600]);
  });

  it('refills with time, never above its burst', () => {
    const time = fakeClock();
    const bucket = new TokenBucket(2, { clock: time.clock, burst: 3 });
    time.advance(60_000);
    expect([1, 2, 3, 4].map(() => bucket.reserve())).toEqual([0, 0, 0, 500]);
  });

  it('waits for its token through the injected sleep', async () => {
    const time = fakeClock();
    const slept: number[] = [];
    const bucket = new TokenBucket(4, {
      clock: time.clock,
      sleep: async (ms) => {
        slept.push(ms);
        time.advance(ms);
      },
    });
    await bucket.take();
    await bucket.take();
    await bucket.take();
    expect(slept).toEqual([250, 250]);
  });

  it('refuses a rate that is not positive', () => {
    expect(() => new TokenBucket(0)).toThrow(/positive/);
  });
});
