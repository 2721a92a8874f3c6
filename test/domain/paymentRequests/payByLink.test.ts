/**
 * Paying a request on its pay page, on the real database: the link, what it shows, and a rail collection into the
 * requester's account decided by the request's steps (one attempt in flight, paid once, told once).
 */
import { randomUUID } from 'node:crypto';
import { accountIds, RAILS, type Rail } from '../../../domain/ledger/accounts';
import type { PaymentRail, RailAcceptance, RailRequest } from '../../../domain/paymentRail';
import { MAX_RAIL_ATTEMPTS, type PayByLink } from '../../../domain/paymentRequests/payByLink';
import { PaymentRequests } from '../../../domain/paymentRequests/paymentRequests';
import type { Msisdn } from '../../../domain/phone';
import { ShortReferences } from '../../../domain/shortReferences';
import { MongoShortReferenceStore } from '../../../integrations/mongo/shortReferenceStore';
import { RailPayments } from '../../../domain/railPayments/railPayments';
import { ensurePayLinkIndexes, MongoPayLinkStore } from '../../../integrations/mongo/payLinkStore';
import { ensurePaymentRequestIndexes, MongoPaymentRequestStore } from '../../../integrations/mongo/paymentRequestStore';
import { ensureRailPaymentIndexes, MongoRailPaymentStore } from '../../../integrations/mongo/railPaymentStore';
import { ManualScheduler } from '../../../integrations/rails/scheduler';
import { SimulatedRail } from '../../../integrations/rails/simulatedRail';
import { expectConsistent, useLedger } from '../../support/ledger';
import { FakeDirectory, RecordingNotifier, someMsisdn } from '../paymentFakes';

let now = new Date('2026-11-29T10:00:00Z');
const clock = () => now;
const PUBLIC_URL = 'https://pay.example.cm';
const LINK = /^https:\/\/pay\.example\.cm\/pay\/([A-Za-z0-9_-]{43})$/;

/** The simulated card rail with a hosted checkout page, as Notch Pay answers: the page is per reference. */
class CheckoutRail implements PaymentRail {
  readonly asked: RailRequest[] = [];
  constructor(private readonly inner: SimulatedRail) {}
  async requestPayment(request: RailRequest): Promise<RailAcceptance> {
    this.asked.push(request);
    const accepted = await this.inner.requestPayment(request);
    return accepted.ok ? { ok: true, checkoutUrl: `https://checkout.test/${request.reference}` } : accepted;
  }
  payout(request: RailRequest) {
    return this.inner.payout(request);
  }
  status(direction: 'collect' | 'payout', reference: string) {
    return this.inner.status(direction, reference);
  }
}

describe('paying a request on its pay page', () => {
  const t = useLedger({ clock });
  let scheduler: ManualScheduler;
  let rails: Record<Rail, SimulatedRail>;
  let card: CheckoutRail;
  let users: FakeDirectory;
  let notifier: RecordingNotifier;
  let requests: PaymentRequests;
  let page: PayByLink;
  let railPayments: RailPayments;

  beforeAll(async () => {
    await ensurePaymentRequestIndexes(t.db.connection);
    await ensureRailPaymentIndexes(t.db.connection);
    await ensurePayLinkIndexes(t.db.connection);
  });
  beforeEach(() => {
    now = new Date('2026-11-29T10:00:00Z');
    scheduler = new ManualScheduler();
    users = new FakeDirectory();
    notifier = new RecordingNotifier();
    rails = Object.fromEntries(
      RAILS.map((rail) => [rail, new SimulatedRail({ rail, delayMs: 1000, schedule: scheduler.schedule, clock })]),
    ) as Record<Rail, SimulatedRail>;
    card = new CheckoutRail(rails.card);
    const shortReferences = new ShortReferences(new MongoShortReferenceStore(t.db.connection), clock);
    railPayments = new RailPayments({
      ledger: t.ledger,
      store: new MongoRailPaymentStore(t.db.connection),
      rails: { mtn_momo: rails.mtn_momo, orange_money: rails.orange_money, card },
      notifier,
      shortReferences,
      clock,
    });
    for (const rail of Object.values(rails)) rail.connect((callback) => railPayments.onRailCallback(callback));
    requests = new PaymentRequests({
      ledger: t.ledger,
      store: new MongoPaymentRequestStore(t.db.connection),
      users,
      notifier,
      shortReferences,
      clock,
      payLinks: { store: new MongoPayLinkStore(t.db.connection), railPayments, publicUrl: `${PUBLIC_URL}/` },
    });
    page = requests.byLink!;
  });
  afterEach(() => expectConsistent(t.store));

  async function person(name: string): Promise<Msisdn> {
    const msisdn = someMsisdn();
    users.signUp(msisdn, name);
    await t.ledger.openAccount(accountIds.wallet(msisdn), 'wallet', { ownerId: msisdn, kycTier: 'full' });
    return msisdn;
  }
  const available = async (m: Msisdn) => (await t.ledger.balance(accountIds.wallet(m))).available;

  /** Alice asks a number without an account; returns the request and the token of the link the SMS carries. */
  async function askNewcomer(amount = 10_000, reason = 'Loyer <novembre> & "charges"') {
    const alice = await person('Alice Mbarga');
    const newcomer = someMsisdn();
    const created = await requests.create({
      id: randomUUID(),
      requester: { kind: 'wallet', msisdn: alice },
      payer: newcomer,
      amount,
      reason,
    });
    if (!created.ok) throw new Error(`request refused: ${created.reason}`);
    const [sms] = notifier.to(newcomer, 'payments.requestToNewcomerWithLink');
    const token = LINK.exec(String(sms?.notice.params?.link))?.[1];
    if (!token) throw new Error('no pay link in the SMS');
    return { alice, newcomer, request: created.request, token };
  }

  it('sends a number without an account one unguessable link per request, and opens nothing else', async () => {
    const { alice, request, token, newcomer } = await askNewcomer();
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    const [sms] = notifier.to(newcomer);
    // The fixed anti-phishing text: who asks as registered, no free-text reason.
    expect(sms!.notice.params).toEqual(
      expect.objectContaining({ requester: 'Alice Mbarga', amount: { francs: 10_000 }, link: expect.any(String) }),
    );
    expect(sms!.notice.params).not.toHaveProperty('reason');
    // The same request made again (a retry) keeps its link.
    expect(await page.linkFor(request)).toBe(`${PUBLIC_URL}/pay/${token}`);

    const tokens = new Set([token]);
    for (let i = 0; i < 30; i += 1) tokens.add(LINK.exec(await page.linkFor({ ...request, _id: randomUUID() }))![1]!);
    expect(tokens.size).toBe(31);

    const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    for (const wrong of [flipped, 'short', `${token}x`, '../../etc/passwd', request._id]) {
      expect(await page.open(wrong)).toBeNull();
      expect(await page.payByRail({ token: wrong, rail: 'mtn_momo', payerNumber: '677554433' })).toEqual({
        ok: false,
        reason: 'NOT_FOUND',
      });
    }
    // A payer with an account reads the request in their menus: no link.
    const bob = await person('Bob');
    await requests.create({ id: randomUUID(), requester: { kind: 'wallet', msisdn: alice }, payer: bob, amount: 500 });
    expect(notifier.to(bob).map((d) => d.notice.key)).toEqual(['payments.requestReceivedNoReason']);
  });

  it('shows who asks, the amount, the reason, the expiry and the fee of each rail', async () => {
    const { alice, request, token } = await askNewcomer(10_000);
    expect(await page.open(token)).toEqual({
      requestId: request._id,
      requesterName: 'Alice Mbarga',
      requesterNumber: alice,
      amount: 10_000,
      reason: 'Loyer <novembre> & "charges"',
      expiresAt: request.expiresAt,
      status: 'open',
      fees: { mtn_momo: 0, orange_money: 0, card: 300 },
      attempt: null,
    });
  });

  it('pays by MTN MoMo: the requester is credited when the rail confirms, and told once in their chat', async () => {
    const { alice, token, request } = await askNewcomer(10_000);
    const started = await page.payByRail({ token, rail: 'mtn_momo', payerNumber: '+237 677 55 44 33' });
    expect(started).toEqual({
      ok: true,
      mine: true,
      attempt: { rail: 'mtn_momo', state: 'pending', reason: null, checkoutUrl: null, total: 10_000 },
    });
    const [prompt] = rails.mtn_momo.allPayments();
    expect(prompt).toMatchObject({ msisdn: '237677554433', amount: 10_000, reference: `preq:${request._id}:1` });
    expect(prompt!.payerMessage).toContain('Alice Mbarga');
    expect(await available(alice)).toBe(0);
    expect((await page.open(token))?.status).toBe('paying');

    await scheduler.advance(1000); // the payer approves; the rail calls back
    expect(await available(alice)).toBe(10_000);
    expect((await page.open(token))?.attempt).toMatchObject({ state: 'paid' });
    expect((await page.open(token))?.status).toBe('paid');
    expect(notifier.to(alice).map((d) => d.notice.key)).toEqual(['payments.requestPaid']);

    // Paid once: another pay is refused, the worker and readers change nothing, the requester is told once.
    expect(await page.payByRail({ token, rail: 'orange_money', payerNumber: '699001122' })).toEqual({
      ok: false,
      reason: 'ALREADY_PAID',
    });
    await requests.sweepOnce();
    await railPayments.reconcile(`preq:${request._id}:1`);
    expect(notifier.to(alice)).toHaveLength(1);
    expect(await available(alice)).toBe(10_000);
    expect(rails.orange_money.allPayments()).toEqual([]);
  });

  it('refuses a number that is not Cameroonian or not on the rail chosen, and prompts nobody', async () => {
    const { token, request } = await askNewcomer();
    const pay = (rail: Rail, payerNumber: string) => page.payByRail({ token, rail, payerNumber });
    expect(await pay('mtn_momo', '699001122')).toEqual({ ok: false, reason: 'WRONG_OPERATOR' });
    expect(await pay('orange_money', '677554433')).toEqual({ ok: false, reason: 'WRONG_OPERATOR' });
    expect(await pay('mtn_momo', '+33 6 12 34 56 78')).toEqual({ ok: false, reason: 'INVALID_NUMBER' });
    expect(await pay('mtn_momo', 'call me')).toEqual({ ok: false, reason: 'INVALID_NUMBER' });
    expect(await pay('mtn_momo', '')).toEqual({ ok: false, reason: 'INVALID_NUMBER' });
    expect(rails.mtn_momo.allPayments()).toEqual([]);
    expect((await page.open(token))?.status).toBe('open');
    expect(await requests.get(request._id)).toMatchObject({ status: 'open' });
  });

  it('keeps one attempt in flight when ten pays arrive at once, and the request is paid and told once', async () => {
    const { alice, token, request } = await askNewcomer(7_000);
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        page.payByRail({ token, rail: 'mtn_momo', payerNumber: `67755440${i}`, payId: `form-${i}` }),
      ),
    );
    expect(answers.every((a) => a.ok && a.attempt.state === 'pending')).toBe(true);
    expect(answers.filter((a) => a.ok && a.mine)).toHaveLength(1);
    expect(rails.mtn_momo.allPayments()).toHaveLength(1);
    const store = new MongoPaymentRequestStore(t.db.connection);
    expect((await store.steps(request._id)).map((s) => s.kind)).toEqual(['paying']);

    await scheduler.advance(1000);
    await Promise.all([requests.sweepOnce(), page.open(token), page.open(token)]);
    expect((await store.steps(request._id)).map((s) => s.kind).sort()).toEqual(['paid', 'paying']);
    expect(await available(alice)).toBe(7_000);
    expect(notifier.to(alice, 'payments.requestPaid')).toHaveLength(1);
  });

  it('leaves the request open after a failed attempt, and a new attempt then pays it', async () => {
    const { alice, token } = await askNewcomer(5_000);
    // The sandbox number ending in 1: the payer rejects the prompt.
    await page.payByRail({ token, rail: 'mtn_momo', payerNumber: '677123451' });
    await scheduler.advance(1000);
    const afterFailure = await page.open(token);
    expect(afterFailure).toMatchObject({
      status: 'open',
      attempt: { rail: 'mtn_momo', state: 'failed', reason: 'REJECTED' },
    });
    expect(await available(alice)).toBe(0);
    expect(notifier.to(alice)).toEqual([]);

    const again = await page.payByRail({ token, rail: 'orange_money', payerNumber: '699 00 11 22' });
    expect(again).toMatchObject({ ok: true, mine: true, attempt: { rail: 'orange_money', state: 'pending' } });
    await scheduler.advance(1000);
    expect(await page.open(token)).toMatchObject({ status: 'paid', attempt: { rail: 'orange_money', state: 'paid' } });
    expect(await available(alice)).toBe(5_000);
    expect(notifier.to(alice, 'payments.requestPaid')).toHaveLength(1);
  });

  it('finishes an attempt whose process died before asking the rail: the next reader begins it, once', async () => {
    const { alice, token, request } = await askNewcomer(4_000);
    // What a process leaves when it dies just after taking the slot: the attempt, and no rail payment.
    const store = new MongoPaymentRequestStore(t.db.connection);
    await store.insertStep({
      _id: `${request._id}#1`,
      requestId: request._id,
      seq: 1,
      kind: 'paying',
      payId: 'page:died',
      transferId: `preq:${request._id}:1`,
      fee: 0,
      reason: null,
      at: now,
      rail: 'orange_money',
      railPayer: '237699001122' as Msisdn,
    });
    await Promise.all([page.open(token), page.open(token), requests.sweepOnce()]);
    expect(rails.orange_money.allPayments()).toEqual([
      expect.objectContaining({ reference: `preq:${request._id}:1`, msisdn: '237699001122', requests: 1 }),
    ]);
    await scheduler.advance(1000);
    expect((await page.open(token))?.status).toBe('paid');
    expect(await available(alice)).toBe(4_000);
  });

  it('stops prompting phones after MAX_RAIL_ATTEMPTS failed attempts', async () => {
    const { token } = await askNewcomer();
    for (let i = 0; i < MAX_RAIL_ATTEMPTS; i += 1) {
      expect(await page.payByRail({ token, rail: 'mtn_momo', payerNumber: '677123451' })).toMatchObject({ ok: true });
      await scheduler.advance(1000);
    }
    expect(await page.payByRail({ token, rail: 'orange_money', payerNumber: '699001122' })).toEqual({
      ok: false,
      reason: 'TOO_MANY_ATTEMPTS',
    });
    expect(rails.mtn_momo.allPayments()).toHaveLength(MAX_RAIL_ATTEMPTS);
    expect(rails.orange_money.allPayments()).toEqual([]);
    expect((await page.open(token))?.status).toBe('open');
  });

  it('refuses an expired or ended request, and nothing moves', async () => {
    const expired = await askNewcomer();
    const cancelled = await askNewcomer();
    expect(
      await requests.cancel({ requestId: cancelled.request._id, requester: accountIds.wallet(cancelled.alice) }),
    ).toEqual({ ok: true });
    now = new Date(now.getTime() + 4 * 86_400_000);
    expect(await page.payByRail({ token: expired.token, rail: 'mtn_momo', payerNumber: '677554433' })).toEqual({
      ok: false,
      reason: 'EXPIRED',
    });
    expect(await page.payByRail({ token: cancelled.token, rail: 'card', payerNumber: null })).toEqual({
      ok: false,
      reason: 'CANCELLED',
    });
    expect((await page.open(expired.token))?.status).toBe('expired');
    expect((await page.open(cancelled.token))?.status).toBe('cancelled');
    expect(Object.values(rails).flatMap((r) => r.allPayments())).toEqual([]);
  });

  it('lets nobody cancel or expire the request while an attempt waits for the payer', async () => {
    const { alice, token, request } = await askNewcomer();
    // The sandbox number ending in 3: the prompt stays unanswered.
    await page.payByRail({ token, rail: 'mtn_momo', payerNumber: '677123453' });
    expect(await requests.cancel({ requestId: request._id, requester: accountIds.wallet(alice) })).toEqual({
      ok: false,
      reason: 'PAYING',
    });
    now = new Date(request.expiresAt.getTime() + 1000);
    // Earlier tests' requests expire in this sweep; this one waits for its attempt.
    await requests.sweepOnce();
    expect((await page.open(token))?.status).toBe('paying');
    await rails.mtn_momo.finish(`preq:${request._id}:1`, { outcome: 'failed', reason: 'EXPIRED' });
    // The attempt failed, past the expiry: the request expires now, and a cancel says so.
    expect(await requests.cancel({ requestId: request._id, requester: accountIds.wallet(alice) })).toEqual({
      ok: false,
      reason: 'EXPIRED',
    });
    expect(notifier.to(alice, 'payments.requestExpired')).toHaveLength(1);
  });

  it('sends a card payer to the checkout page, the same for every reader, and back to the pay page after', async () => {
    const { alice, token, request } = await askNewcomer(10_000);
    const started = await page.payByRail({ token, rail: 'card', payerNumber: null });
    const checkoutUrl = `https://checkout.test/preq:${request._id}:1`;
    expect(started).toEqual({
      ok: true,
      mine: true,
      attempt: { rail: 'card', state: 'pending', reason: null, checkoutUrl, total: 10_300 },
    });
    expect(card.asked).toEqual([
      expect.objectContaining({ returnUrl: `${PUBLIC_URL}/pay/${token}`, amount: 10_300, msisdn: request.payer }),
    ]);
    expect((await page.open(token))?.attempt?.checkoutUrl).toBe(checkoutUrl);
    const other = await page.payByRail({ token, rail: 'card', payerNumber: null });
    expect(other).toMatchObject({ ok: true, mine: false, attempt: { checkoutUrl } });
    await scheduler.advance(1000);
    expect(await page.open(token)).toMatchObject({ status: 'paid', attempt: { state: 'paid', checkoutUrl: null } });
    expect(await available(alice)).toBe(10_000);
    expect(card.asked).toHaveLength(1);
  });
});
