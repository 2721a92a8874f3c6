import { randomUUID } from 'node:crypto';
import { KycDocuments } from '../../../../domain/merchants/kyc/kycDocuments';
import { KycReview } from '../../../../domain/merchants/kyc/kycReview';
import { MERCHANT_LIMITS } from '../../../../domain/merchants/merchant';
import { MerchantEvents } from '../../../../domain/merchants/merchantEvents';
import { MerchantRequests } from '../../../../domain/merchants/merchantRequests';
import { Merchants } from '../../../../domain/merchants/merchants';
import { PaymentRequests } from '../../../../domain/paymentRequests/paymentRequests';
import { ShortReferences } from '../../../../domain/shortReferences';
import { ensureKycIndexes, MongoKycStore } from '../../../../integrations/mongo/kycStore';
import { ensureMerchantEventIndexes, MongoMerchantEventStore } from '../../../../integrations/mongo/merchantEventStore';
import { ensureMerchantIndexes, MongoMerchantStore } from '../../../../integrations/mongo/merchantStore';
import { MongoOutbox } from '../../../../integrations/mongo/outbox';
import {
  ensurePaymentRequestIndexes,
  MongoPaymentRequestStore,
} from '../../../../integrations/mongo/paymentRequestStore';
import { MongoShortReferenceStore } from '../../../../integrations/mongo/shortReferenceStore';
import { aPdf, aPng } from '../../../support/kycFiles';
import { useLedger } from '../../../support/ledger';
import { FakeDirectory, someMsisdn } from '../../paymentFakes';

describe('KYC review', () => {
  const t = useLedger();
  let users: FakeDirectory;
  let outbox: MongoOutbox;
  let merchants: Merchants;
  let documents: KycDocuments;
  let review: KycReview;
  let merchantRequests: MerchantRequests;

  beforeAll(async () => {
    await ensureMerchantIndexes(t.db.connection);
    await ensureKycIndexes(t.db.connection);
    await ensurePaymentRequestIndexes(t.db.connection);
    await ensureMerchantEventIndexes(t.db.connection);
  });
  beforeEach(() => {
    users = new FakeDirectory();
    outbox = new MongoOutbox(t.db.connection);
    merchants = new Merchants({ store: new MongoMerchantStore(t.db.connection), ledger: t.ledger, users });
    const store = new MongoKycStore(t.db.connection);
    documents = new KycDocuments({ store, merchants });
    review = new KycReview({ store, merchants, notifier: outbox });
    const requestStore = new MongoPaymentRequestStore(t.db.connection);
    const paymentRequests: PaymentRequests = new PaymentRequests({
      ledger: t.ledger,
      store: requestStore,
      users,
      notifier: outbox,
      shortReferences: new ShortReferences(new MongoShortReferenceStore(t.db.connection)),
      onEnded: (request, step) => merchantRequests.ended(request, step),
      onAttemptFailed: (request, step) => merchantRequests.attemptFailed(request, step),
    });
    merchantRequests = new MerchantRequests({
      merchants,
      requests: paymentRequests,
      requestStore,
      events: new MerchantEvents({ store: new MongoMerchantEventStore(t.db.connection) }),
    });
  });

  /** A merchant that sent its ID and its RCCM and asked to be verified: its submission. */
  async function aSubmission() {
    const owner = someMsisdn();
    users.signUp(owner, 'Ngono Marie');
    const opened = await merchants.open({ owner, name: 'Boulangerie Ngono', category: 'food' });
    if (!opened.ok) throw new Error(opened.reason);
    const merchantId = opened.merchant._id;
    await documents.upload({ merchantId, type: 'owner_id', contentType: 'image/png', bytes: aPng() });
    await documents.upload({
      merchantId,
      type: 'business_registration',
      contentType: 'application/pdf',
      bytes: aPdf(),
    });
    const submitted = await documents.submit(merchantId, 'verified');
    if (!submitted.ok) throw new Error(submitted.reason);
    return { merchantId, owner, submission: submitted.submission };
  }

  it('lets the merchant ask above the unverified limit only once its documents are approved', async () => {
    const { merchantId, owner, submission } = await aSubmission();
    const payer = someMsisdn();
    users.signUp(payer, 'Fotso Awa');
    const above = MERCHANT_LIMITS.unverified.perPayment + 1;
    const ask = () => merchantRequests.create({ merchantId, id: randomUUID(), payer, amount: above, source: 'api' });

    expect(await ask()).toEqual({ ok: false, reason: 'ABOVE_PAYMENT_LIMIT' });
    expect((await review.pending()).map((s) => s._id)).toContain(submission._id);

    const approved = await review.decide({ submissionId: submission._id, outcome: 'approved', reviewer: 'alice' });
    expect(approved).toMatchObject({
      ok: true,
      decision: { outcome: 'approved', reviewer: 'alice', level: 'verified', reason: null },
      merchant: { status: 'active', kycLevel: 'verified' },
    });
    expect(await ask()).toMatchObject({ ok: true, payment: { amount: above } });
    expect((await review.pending()).map((s) => s._id)).not.toContain(submission._id);
    expect((await outbox.for(owner)).map((m) => m.notice)).toEqual([
      {
        key: 'kyc.approvedVerified',
        params: { merchant: 'Boulangerie Ngono', reason: '', limit: { francs: MERCHANT_LIMITS.verified.perPayment } },
      },
    ]);
  });

  it('needs a reason to reject, tells the owner that reason and leaves the level as it was', async () => {
    const { merchantId, owner, submission } = await aSubmission();
    expect(await review.decide({ submissionId: submission._id, outcome: 'rejected', reviewer: 'alice' })).toEqual({
      ok: false,
      reason: 'REASON_REQUIRED',
    });
    expect(
      await review.decide({ submissionId: submission._id, outcome: 'rejected', reason: '   ', reviewer: 'alice' }),
    ).toEqual({ ok: false, reason: 'REASON_REQUIRED' });
    expect(await review.decide({ submissionId: submission._id, outcome: 'maybe', reviewer: 'alice' })).toEqual({
      ok: false,
      reason: 'INVALID_OUTCOME',
    });
    expect(await review.decide({ submissionId: 'ks_nothing', outcome: 'approved', reviewer: 'alice' })).toEqual({
      ok: false,
      reason: 'SUBMISSION_NOT_FOUND',
    });
    const rejected = await review.decide({
      submissionId: submission._id,
      outcome: 'rejected',
      reason: 'the RCCM scan is unreadable',
      reviewer: 'bob',
    });
    expect(rejected).toMatchObject({ ok: true, decision: { outcome: 'rejected', reviewer: 'bob' } });
    expect(await merchants.get(merchantId)).toMatchObject({ status: 'pending', kycLevel: 'unverified' });
    expect((await outbox.for(owner)).map((m) => m.notice)).toEqual([
      {
        key: 'kyc.rejected',
        params: expect.objectContaining({ merchant: 'Boulangerie Ngono', reason: 'the RCCM scan is unreadable' }),
      },
    ]);
    expect(await review.ofMerchant(merchantId)).toMatchObject([{ submission, decision: { outcome: 'rejected' } }]);
  });

  it('records one decision when two reviewers decide at once; the other is told what stands', async () => {
    const { merchantId, owner, submission } = await aSubmission();
    const results = await Promise.all([
      review.decide({ submissionId: submission._id, outcome: 'approved', reviewer: 'alice' }),
      review.decide({ submissionId: submission._id, outcome: 'rejected', reason: 'wrong person', reviewer: 'bob' }),
    ]);
    const winners = results.filter((r) => r.ok);
    expect(winners).toHaveLength(1);
    const loser = results.find((r) => !r.ok);
    expect(loser).toMatchObject({ ok: false, reason: 'ALREADY_DECIDED' });
    const standing = winners[0]!.ok ? winners[0]!.decision : null;
    if (loser && !loser.ok && loser.reason === 'ALREADY_DECIDED') expect(loser.decision).toEqual(standing);
    const merchant = await merchants.get(merchantId);
    expect(merchant?.kycLevel).toBe(standing?.outcome === 'approved' ? 'verified' : 'unverified');
    expect(await outbox.for(owner)).toHaveLength(1);
    // A later decision changes nothing either.
    expect(
      await review.decide({ submissionId: submission._id, outcome: 'rejected', reason: 'late', reviewer: 'carol' }),
    ).toMatchObject({ ok: false, reason: 'ALREADY_DECIDED', decision: standing });
  });

  it('keeps a suspended merchant suspended and never lowers a level already approved', async () => {
    const { merchantId, submission } = await aSubmission();
    await merchants.setStatus(merchantId, 'suspended', 'full');
    await review.decide({ submissionId: submission._id, outcome: 'approved', reviewer: 'alice' });
    expect(await merchants.get(merchantId)).toMatchObject({ status: 'suspended', kycLevel: 'full' });
  });
});
