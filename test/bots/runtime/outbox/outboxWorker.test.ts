/**
 * The outbox worker on the real database, sending through the real Twilio SMS sender to the Twilio simulator over
 * real HTTP: each notice goes out once, in the person's language, on their channel, within the channel's rate;
 * failures are retried with backoff and end `failed` after the last attempt.
 */
import { randomBytes } from 'node:crypto';
import type { Channel } from '../../../../bots/runtime/inbound';
import { OutboxWorker, type OutboxWorkerOptions } from '../../../../bots/runtime/outbox/outboxWorker';
import { NoticeSendError, type NoticeSender } from '../../../../bots/runtime/outbox/ports';
import type { Notice } from '../../../../domain/notifications';
import type { Msisdn } from '../../../../domain/phone';
import type { Language } from '../../../../domain/users';
import { TwilioSmsSender } from '../../../../bots/channels/sms/twilioSmsSender';
import { MongoSessionStore } from '../../../../integrations/mongo/sessionStore';
import { MongoSendSlots } from '../../../../integrations/mongo/sendSlots';
import { startTwilioSimulator, type TwilioSimulator } from '../../../../integrations/twilio/twilioSimulator';
import { eventually, useProduct } from '../../../support/chat';
import { capturedLogs } from '../../channels/http/support';

const ACCOUNT_SID = `AC${randomBytes(16).toString('hex')}`;
const AUTH_TOKEN = randomBytes(16).toString('hex');
const FROM = '+237650000000';

const product = useProduct();
let simulator: TwilioSimulator;

beforeAll(async () => {
  simulator = await startTwilioSimulator({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
});

afterAll(async () => {
  await simulator.close();
});

beforeEach(async () => {
  // Each test starts with an empty outbox and a quiet simulator; people signed up earlier stay.
  await product.db.connection.collection('outbox').deleteMany({});
  await product.db.connection.collection('outbox_claims').deleteMany({});
  simulator.reset();
});

function smsSender(): TwilioSmsSender {
  return new TwilioSmsSender({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: FROM, apiBaseUrl: simulator.url });
}

function worker(options: Partial<OutboxWorkerOptions> = {}): OutboxWorker {
  return new OutboxWorker({
    outbox: product.services.outbox,
    senders: [smsSender()],
    users: product.services.people,
    ratePerSecond: { sms: 1000 },
    ...options,
  });
}

/** A clock that moves only when told to, or when the rate limiter sleeps (to the end of that sleep). */
function fakeTime(start = Date.parse('2025-03-01T08:00:00Z')) {
  let now = start;
  return {
    clock: () => new Date(now),
    advance(ms: number) {
      now += ms;
    },
    sleep: async (ms: number) => {
      const until = now + ms;
      await new Promise((resolve) => setImmediate(resolve));
      now = Math.max(now, until);
    },
  };
}

/** An SMS sender that writes down the time on `clock` of every send (`sentAt`, in milliseconds). */
function timedSmsSender(clock: () => Date): { sentAt: number[]; recording: NoticeSender } {
  const sentAt: number[] = [];
  const sms = smsSender();
  const recording: NoticeSender = {
    channel: 'sms',
    send: (to: Msisdn, notice: Notice, language: Language) => {
      sentAt.push(clock().getTime());
      return sms.send(to, notice, language);
    },
  };
  return { sentAt, recording };
}

function number(i: number): Msisdn {
  return `2376771${String(i).padStart(5, '0')}` as Msisdn;
}

function received(reference: string): Notice {
  return {
    key: 'payments.received',
    params: { amount: { francs: 2500 }, sender: 'Paul Biya Junior', number: '+237 6 99 00 00 01', reference },
  };
}

const notify = (to: Msisdn, notice: Notice, id: string) => product.services.outbox.notify(to, notice, id);
const smsTo = (to: Msisdn) => simulator.messages.filter((m) => m.to === `+${to}`);

describe('the outbox worker', () => {
  it('sends a notice once by SMS: in French to a number without an account, in English to a person who chose it', async () => {
    const stranger = number(1);
    const english = number(2);
    expect(
      await product.services.people.signUp({ msisdn: english, name: 'Grace Ewane', language: 'en', pin: '2468' }),
    ).toMatchObject({ ok: true });
    await notify(stranger, received('T-1'), 'n-1');
    await notify(english, received('T-2'), 'n-2');

    const outbox = worker();
    expect(await outbox.runPass()).toMatchObject({ examined: 2, sent: 2, retrying: 0, failed: 0 });
    expect(await outbox.runPass()).toMatchObject({ examined: 0, sent: 0 });

    expect(smsTo(stranger).map((m) => m.body)).toEqual([
      'Vous avez recu 2 500 FCFA de Paul Biya Junior (+237 6 99 00 00 01). Réf T-1',
    ]);
    expect(smsTo(english).map((m) => m.body)).toEqual([
      'You received 2 500 FCFA from Paul Biya Junior (+237 6 99 00 00 01). Ref T-2',
    ]);
    const [sent] = await product.services.outbox.for(stranger);
    expect(sent).toMatchObject({ attempts: 1, channel: 'sms', providerId: smsTo(stranger)[0]?.sid });
    expect(sent?.sentAt).toBeInstanceOf(Date);
    expect(await outbox.backlog()).toBe(0);
    expect(await outbox.failures()).toBe(0);
  });

  it('sends each notice exactly once when two workers (two processes) drain the outbox at the same time', async () => {
    const count = 40;
    for (let i = 0; i < count; i += 1) await notify(number(100 + i), received(`R-${i}`), `race-${i}`);
    const first = worker({ owner: 'process-a', concurrency: 4 });
    const second = worker({ owner: 'process-b', concurrency: 4 });

    const reports = await Promise.all([first.runPass(), second.runPass(), first.runPass(), second.runPass()]);

    expect(simulator.messages).toHaveLength(count);
    expect(new Set(simulator.messages.map((m) => m.to)).size).toBe(count);
    expect(reports.reduce((sum, r) => sum + r.sent, 0)).toBe(count);
    expect(await first.backlog()).toBe(0);
    const claims = await product.db.connection.collection('outbox_claims').find({}).toArray();
    expect(claims).toHaveLength(count);
  });

  it('retries a failing Twilio (500) after the backoff and sends the notice once', async () => {
    const time = fakeTime();
    const to = number(3);
    await notify(to, received('T-3'), 'n-3');
    const outbox = worker({ clock: time.clock, sleep: time.sleep, retryBaseMs: 10_000 });
    simulator.failNext(1, 500);

    expect(await outbox.runPass()).toMatchObject({ examined: 1, retrying: 1 });
    const [waiting] = await product.services.outbox.for(to);
    expect(waiting).toMatchObject({ attempts: 1, sentAt: null, lastError: 'twilio answered 500 (code 20500)' });
    expect(waiting?.nextAttemptAt?.getTime()).toBe(time.clock().getTime() + 10_000);

    time.advance(9_999);
    expect(await outbox.runPass()).toMatchObject({ examined: 0 });
    expect(await outbox.backlog()).toBe(1);
    time.advance(1);
    expect(await outbox.runPass()).toMatchObject({ examined: 1, sent: 1 });

    expect(smsTo(to)).toHaveLength(1);
    expect(simulator.calls).toBe(2);
    expect((await product.services.outbox.for(to))[0]).toMatchObject({ attempts: 2 });
  });

  it('waits twice as long after each failure (429 throttling twice, then sent)', async () => {
    const time = fakeTime();
    const to = number(4);
    await notify(to, received('T-4'), 'n-4');
    const outbox = worker({ clock: time.clock, retryBaseMs: 1000, retryMaxMs: 60_000 });
    simulator.failNext(2, 429);

    const retryAt = async () => (await product.services.outbox.for(to))[0]?.nextAttemptAt?.getTime();
    const start = time.clock().getTime();
    await outbox.runPass();
    expect(await retryAt()).toBe(start + 1000);
    time.advance(1000);
    await outbox.runPass();
    expect(await retryAt()).toBe(start + 1000 + 2000);
    time.advance(2000);
    expect(await outbox.runPass()).toMatchObject({ sent: 1 });
    expect(smsTo(to)).toHaveLength(1);
  });

  it('gives a notice up after the last attempt: failed, kept, counted, and never tried again', async () => {
    const time = fakeTime();
    const to = number(5);
    await notify(to, received('T-5'), 'n-5');
    await notify(number(6), received('T-6'), 'n-6-later');
    const outbox = worker({ clock: time.clock, maxAttempts: 3, retryBaseMs: 1000, batchSize: 1 });
    simulator.failNext(3, 500);

    for (let pass = 0; pass < 3; pass += 1) {
      await outbox.runPass();
      time.advance(60_000);
    }
    const [failed] = await product.services.outbox.for(to);
    expect(failed).toMatchObject({ attempts: 3, sentAt: null, lastError: 'twilio answered 500 (code 20500)' });
    expect(failed?.failedAt).toBeInstanceOf(Date);
    expect(await outbox.failures()).toBe(1);
    expect((await product.services.outbox.failed()).map((m) => m._id)).toEqual(['n-5']);
    expect(simulator.calls).toBe(3);

    // The failed notice no longer takes the batch: the next one goes out, and nothing more is tried.
    expect(await outbox.runPass()).toMatchObject({ examined: 1, sent: 1 });
    expect(await outbox.runPass()).toMatchObject({ examined: 0 });
    expect(smsTo(to)).toHaveLength(0);
    expect(await outbox.backlog()).toBe(0);
  });

  it('gives up at once when Twilio refuses the message itself (an invalid number)', async () => {
    await notify('12' as Msisdn, received('T-7'), 'n-bad-number');
    const outbox = worker();
    expect(await outbox.runPass()).toMatchObject({ failed: 1 });
    expect(await product.services.outbox.failed()).toMatchObject([
      { _id: 'n-bad-number', attempts: 1, lastError: 'twilio answered 400 (code 21211)' },
    ]);
  });

  it('takes over an attempt whose process died after claiming it, once the lease is over, and sends once', async () => {
    const time = fakeTime();
    const to = number(8);
    await notify(to, received('T-8'), 'n-8');
    // A process claimed the first attempt and died before sending.
    expect(await product.services.outbox.claimAttempt('n-8', 1, 'dead-process', time.clock())).toBe(true);
    const outbox = worker({ clock: time.clock, claimLeaseMs: 60_000 });

    time.advance(59_000);
    expect(await outbox.runPass()).toMatchObject({ skipped: 1, sent: 0 });
    time.advance(1_000);
    expect(await outbox.runPass()).toMatchObject({ skipped: 1 });
    expect((await product.services.outbox.for(to))[0]).toMatchObject({
      attempts: 1,
      lastError: 'attempt abandoned by dead-process',
    });
    expect(await outbox.runPass()).toMatchObject({ sent: 1 });
    expect(smsTo(to)).toHaveLength(1);
  });

  it('keeps each channel within its rate: never more than R sends in any second, measured on the clock', async () => {
    const time = fakeTime();
    const { sentAt, recording } = timedSmsSender(time.clock);
    const count = 20;
    for (let i = 0; i < count; i += 1) await notify(number(200 + i), received(`L-${i}`), `rate-${i}`);
    const outbox = worker({
      senders: [recording],
      clock: time.clock,
      sleep: time.sleep,
      ratePerSecond: { sms: 5 },
      concurrency: 4,
    });
    const start = time.clock().getTime();

    expect(await outbox.runPass()).toMatchObject({ sent: count });

    expect(simulator.messages).toHaveLength(count);
    for (const t of sentAt) expect(sentAt.filter((u) => u >= t && u < t + 1000).length).toBeLessThanOrEqual(5);
    expect(Math.max(...sentAt) - start).toBeGreaterThanOrEqual(((count - 1) * 1000) / 5);
  });

  it('keeps a channel within its rate across two processes: at most R sends in each second of the clock, together', async () => {
    const time = fakeTime();
    const { sentAt, recording } = timedSmsSender(time.clock);
    const count = 20;
    const rate = 4;
    for (let i = 0; i < count; i += 1) await notify(number(400 + i), received(`S-${i}`), `shared-${i}`);
    // Two processes: each its own worker and its own handle on the shared slots, on one database and one clock.
    const [first, second] = ['process-a', 'process-b'].map((owner) =>
      worker({
        owner,
        senders: [recording],
        clock: time.clock,
        sleep: time.sleep,
        ratePerSecond: { sms: rate },
        sendSlots: new MongoSendSlots(product.db.connection),
        concurrency: 2,
      }),
    );
    const start = time.clock().getTime();

    const reports = await Promise.all([first!.runPass(), second!.runPass()]);

    expect(reports.reduce((sum, r) => sum + r.sent, 0)).toBe(count);
    expect(simulator.messages).toHaveLength(count);
    // Alone, each process would send its half at R per second; together they still take count / R seconds.
    expect(Math.max(...sentAt) - start).toBeGreaterThanOrEqual((count / rate - 1) * 1000);
    const perSecond = new Map<number, number>();
    for (const t of sentAt) perSecond.set(Math.floor(t / 1000), (perSecond.get(Math.floor(t / 1000)) ?? 0) + 1);
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(rate);
  });

  /** A message through the real runtime, which keeps the last channel a notice can be pushed on. */
  const writes = (msisdn: Msisdn, channel: Channel) =>
    product.conversations.handle({
      channel,
      msisdn,
      messageId: randomBytes(8).toString('hex'),
      at: new Date(),
      type: 'text',
      text: 'hi',
    });

  it('sends on the channel the person last used, by SMS after SMS then USSD, and without any channel', async () => {
    const directory = new MongoSessionStore(product.db.connection, { leaseMs: 60_000 });
    const telegramUser = number(300);
    const ussdUser = number(301);
    const newcomer = number(302);
    await writes(telegramUser, 'telegram');
    await writes(ussdUser, 'sms');
    await writes(ussdUser, 'ussd');
    expect(await directory.channelFor(ussdUser)).toBe('sms');
    const telegram: { to: Msisdn; text: string; language: Language }[] = [];
    // Telegram's sender comes from another part of the product: a recording one stands in for it here.
    const telegramSender: NoticeSender = {
      channel: 'telegram',
      send: async (to, notice, language) => {
        telegram.push({ to, text: notice.key, language });
        return { providerId: String(telegram.length) };
      },
    };
    await notify(telegramUser, received('C-1'), 'c-1');
    await notify(ussdUser, received('C-2'), 'c-2');
    await notify(newcomer, received('C-3'), 'c-3');

    await worker({ senders: [smsSender(), telegramSender], channels: directory }).runPass();

    expect(telegram).toEqual([{ to: telegramUser, text: 'payments.received', language: 'fr' }]);
    expect(smsTo(telegramUser)).toHaveLength(0);
    expect(smsTo(ussdUser)).toHaveLength(1);
    expect(smsTo(newcomer)).toHaveLength(1);
    expect((await product.services.outbox.for(telegramUser))[0]).toMatchObject({
      channel: 'telegram',
      providerId: '1',
    });
  });

  it('sends a PIN lockout warning by SMS, to the SIM, even to a person who last wrote on Telegram', async () => {
    const directory = new MongoSessionStore(product.db.connection, { leaseMs: 60_000 });
    const to = number(310);
    await writes(to, 'telegram');
    const telegram: string[] = [];
    const telegramSender: NoticeSender = {
      channel: 'telegram',
      send: async (_to, notice) => {
        telegram.push(notice.key);
        return {};
      },
    };
    const warning: Notice = {
      key: 'pin.lockedNotice',
      params: { until: { date: '2026-12-01T09:00:00.000Z' } },
      bySms: true,
    };
    await notify(to, warning, 'pin-lockout:w-1');

    await worker({ senders: [smsSender(), telegramSender], channels: directory }).runPass();

    expect(telegram).toEqual([]);
    expect(smsTo(to).map((m) => m.body)).toEqual([expect.stringMatching(/^Sécurité : 3 codes PIN incorrects/)]);
  });

  it('runs as a periodic worker: sends what is queued while it runs, and stops after the pass in progress', async () => {
    const reports: number[] = [];
    const running = worker().start({ intervalMs: 50, onReport: (report) => reports.push(report.sent) });
    const to = number(400);
    await notify(to, received('P-1'), 'p-1');
    await eventually(() => expect(smsTo(to)).toHaveLength(1));
    await running.stop();
    await notify(number(401), received('P-2'), 'p-2');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(smsTo(number(401))).toHaveLength(0);
    expect(reports.reduce((sum, sent) => sum + sent, 0)).toBe(1);
  });

  it('falls back to SMS in the same attempt when the last channel refuses for good (bot blocked)', async () => {
    const directory = new MongoSessionStore(product.db.connection, { leaseMs: 60_000 });
    const to = number(500);
    await writes(to, 'telegram');
    const blocked: NoticeSender = {
      channel: 'telegram',
      send: async () => {
        throw new NoticeSendError('telegram answered 403', { permanent: true, code: 403 });
      },
    };
    await notify(to, received('B-1'), 'b-1');

    expect(await worker({ senders: [smsSender(), blocked], channels: directory }).runPass()).toMatchObject({ sent: 1 });
    expect(smsTo(to)).toHaveLength(1);
    expect((await product.services.outbox.for(to))[0]).toMatchObject({ channel: 'sms', attempts: 1 });
  });

  it('logs sends, retries and failures with masked numbers only', async () => {
    const logs = capturedLogs();
    const time = fakeTime();
    const to = number(600);
    await notify(to, received('G-1'), 'g-1');
    await notify('12' as Msisdn, received('G-2'), 'g-2');
    const outbox = worker({ logger: logs.logger, clock: time.clock, retryBaseMs: 1000 });
    simulator.failNext(1, 500);

    await outbox.runPass();
    time.advance(1000);
    await outbox.runPass();

    const messages = logs.lines().map((line) => line.msg);
    expect(messages).toEqual(
      expect.arrayContaining(['outbox: send failed, will retry', 'outbox: notice given up', 'outbox: notice sent']),
    );
    expect(logs.text()).toContain('2376*****600');
    expect(logs.text()).not.toContain(to);
    expect(logs.text()).not.toContain(AUTH_TOKEN);
  });
});
