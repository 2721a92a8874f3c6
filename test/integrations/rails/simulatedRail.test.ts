import type { Msisdn } from '../../../domain/phone';
import type { RailCallback, RailDirection, RailRequest } from '../../../domain/paymentRail';
import { ManualScheduler } from '../../../integrations/rails/scheduler';
import { sandboxOutcome, SimulatedRail } from '../../../integrations/rails/simulatedRail';

const number = (national: string) => `237${national}` as Msisdn;
const request = (reference: string, msisdn = number('677000111'), amount = 5_000): RailRequest => ({
  reference,
  msisdn,
  amount: amount as RailRequest['amount'],
});

function simulator(delayMs = 3_000) {
  const scheduler = new ManualScheduler();
  const callbacks: RailCallback[] = [];
  const rail = new SimulatedRail({
    rail: 'mtn_momo',
    delayMs,
    schedule: scheduler.schedule,
    onCallback: async (callback) => {
      callbacks.push(callback);
    },
  });
  return { rail, scheduler, callbacks };
}

const ask = (rail: SimulatedRail, direction: RailDirection, r: RailRequest) =>
  direction === 'collect' ? rail.requestPayment(r) : rail.payout(r);

describe('the simulated rail', () => {
  it('accepts a request, stays pending for the delay, then succeeds and calls back once', async () => {
    const { rail, scheduler, callbacks } = simulator();
    expect(await rail.requestPayment(request('ref-1'))).toEqual({ ok: true });
    expect(await rail.status('collect', 'ref-1')).toEqual({ outcome: 'pending' });

    await scheduler.advance(2_999);
    expect(await rail.status('collect', 'ref-1')).toEqual({ outcome: 'pending' });
    expect(callbacks).toEqual([]);

    await scheduler.advance(1);
    expect(await rail.status('collect', 'ref-1')).toEqual({ outcome: 'succeeded' });
    expect(callbacks).toEqual([{ reference: 'ref-1', rail: 'mtn_momo' }]);
    await scheduler.advance(60_000);
    expect(callbacks).toHaveLength(1);
  });

  it.each([
    ['collect', '0', { outcome: 'failed', reason: 'PAYER_FAILED' }],
    ['collect', '1', { outcome: 'failed', reason: 'REJECTED' }],
    ['collect', '2', { outcome: 'failed', reason: 'EXPIRED' }],
    ['collect', '5', { outcome: 'failed', reason: 'PAYER_NOT_FOUND' }],
    ['collect', '6', { outcome: 'failed', reason: 'PAYEE_NOT_ALLOWED' }],
    ['collect', '7', { outcome: 'succeeded' }],
    ['payout', '0', { outcome: 'failed', reason: 'PAYER_FAILED' }],
    ['payout', '1', { outcome: 'failed', reason: 'REJECTED' }],
    ['payout', '2', { outcome: 'failed', reason: 'EXPIRED' }],
    ['payout', '5', { outcome: 'failed', reason: 'NOT_ENOUGH_FUNDS' }],
    ['payout', '6', { outcome: 'failed', reason: 'LIMIT_REACHED' }],
    ['payout', '9', { outcome: 'succeeded' }],
  ] as const)('%s with a number 6XX12345%s ends as the MTN sandbox says', async (direction, digit, expected) => {
    const { rail, scheduler, callbacks } = simulator();
    await ask(rail, direction, request('ref', number(`65012345${digit}`)));
    await scheduler.advance(3_000);
    expect(await rail.status(direction, 'ref')).toEqual(expected);
    expect(callbacks).toHaveLength(1);
  });

  it('reads the scripted digit only on numbers of the sandbox form', () => {
    expect(sandboxOutcome('collect', '237699123451')).toEqual({ fails: 'REJECTED' });
    expect(sandboxOutcome('collect', '699123451')).toEqual({ fails: 'REJECTED' });
    expect(sandboxOutcome('collect', '237699123457')).toBe('succeeds');
    expect(sandboxOutcome('collect', '237699023451')).toBe('succeeds');
    expect(sandboxOutcome('payout', '237699123453')).toBe('stays_pending');
    expect(sandboxOutcome('payout', '237699123454')).toBe('delayed');
  });

  it('keeps a number ending in 3 pending with no callback, until the operator answers', async () => {
    const { rail, scheduler, callbacks } = simulator();
    await rail.payout(request('ref', number('677123453')));
    await scheduler.advance(10 * 60_000);
    expect(await rail.status('payout', 'ref')).toEqual({ outcome: 'pending' });
    expect(callbacks).toEqual([]);

    await rail.finish('ref', { outcome: 'failed', reason: 'EXPIRED' });
    expect(await rail.status('payout', 'ref')).toEqual({ outcome: 'failed', reason: 'EXPIRED' });
    expect(callbacks).toHaveLength(1);
    await expect(rail.finish('ref', { outcome: 'succeeded' })).rejects.toThrow('no pending payment');
  });

  it('completes a number ending in 4 after ten times the delay', async () => {
    const { rail, scheduler } = simulator(100);
    await rail.requestPayment(request('ref', number('677123454')));
    await scheduler.advance(999);
    expect(await rail.status('collect', 'ref')).toEqual({ outcome: 'pending' });
    await scheduler.advance(1);
    expect(await rail.status('collect', 'ref')).toEqual({ outcome: 'succeeded' });
  });

  it('answers failed NOT_FOUND for a reference it never accepted, or asked about in the other direction', async () => {
    const { rail } = simulator();
    expect(await rail.status('collect', 'never')).toEqual({ outcome: 'failed', reason: 'NOT_FOUND' });
    await rail.payout(request('ref'));
    expect(await rail.status('collect', 'ref')).toEqual({ outcome: 'failed', reason: 'NOT_FOUND' });
  });

  it('accepts the same reference once: a repeat, even with other details, makes no second payment', async () => {
    const { rail, scheduler, callbacks } = simulator();
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => rail.requestPayment(request('ref', number('677000111'), 5_000 + i))),
    );
    expect(answers.every((a) => a.ok)).toBe(true);
    expect(rail.allPayments()).toEqual([expect.objectContaining({ reference: 'ref', amount: 5_000, requests: 20 })]);
    await scheduler.advance(3_000);
    expect(callbacks).toHaveLength(1);
  });

  it('refuses at once, remembering nothing, when unavailable or asked for a bad number or amount', async () => {
    const { rail, scheduler } = simulator();
    expect(await rail.requestPayment(request('a', '12345' as Msisdn))).toEqual({ ok: false, reason: 'INVALID_NUMBER' });
    expect(await rail.payout(request('b', number('677000111'), 0))).toEqual({ ok: false, reason: 'INVALID_AMOUNT' });
    rail.setAvailable(false);
    expect(await rail.payout(request('c'))).toEqual({ ok: false, reason: 'UNAVAILABLE' });
    expect(rail.allPayments()).toEqual([]);
    expect(scheduler.pending).toBe(0);
    rail.setAvailable(true);
    expect(await rail.payout(request('c'))).toEqual({ ok: true });
  });

  it('completes the payment even when our callback fails, as a provider whose callback got a 500', async () => {
    const scheduler = new ManualScheduler();
    const rail = new SimulatedRail({
      rail: 'orange_money',
      schedule: scheduler.schedule,
      onCallback: () => Promise.reject(new Error('our server crashed')),
    });
    await rail.requestPayment(request('ref'));
    await scheduler.advance(3_000);
    expect(await rail.status('collect', 'ref')).toEqual({ outcome: 'succeeded' });
  });

  it('runs on real timers by default', async () => {
    const seen: string[] = [];
    const rail = new SimulatedRail({ rail: 'card', delayMs: 10 });
    rail.connect(async ({ reference }) => {
      seen.push(reference);
    });
    await rail.requestPayment(request('ref'));
    const deadline = Date.now() + 5_000;
    while (seen.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(seen).toEqual(['ref']);
  });
});
