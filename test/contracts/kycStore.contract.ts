/**
 * What KYC relies on from its store, run against every implementation: a document's bytes read back exactly (also
 * across several chunks), one record per id when many inserts race, a merchant's documents and submissions newest
 * first, the undecided submissions oldest first, and one decision per submission whoever inserts it.
 */
import { randomBytes } from 'node:crypto';
import type { KycDocument } from '../../domain/merchants/kyc/kycDocument';
import { KYC_CHUNK_BYTES, type KycStore } from '../../domain/merchants/kyc/kycStore';
import { decisionIdOf, type KycDecision, type KycSubmission } from '../../domain/merchants/kyc/kycSubmission';
import { anId, at, race } from './fixtures';
import type { MakeSubject } from './subject';

function aDocument(overrides: Partial<KycDocument> = {}): KycDocument {
  return {
    _id: anId('kd'),
    merchantId: anId('m'),
    type: 'owner_id',
    contentType: 'image/png',
    size: 10,
    sha256: 'ab'.repeat(32),
    uploadedAt: at(0),
    ...overrides,
  };
}

function aSubmission(overrides: Partial<KycSubmission> = {}): KycSubmission {
  return {
    _id: anId('ks'),
    merchantId: anId('m'),
    level: 'verified',
    documents: { owner_id: anId('kd'), business_registration: anId('kd') },
    submittedAt: at(0),
    ...overrides,
  };
}

function aDecision(submission: KycSubmission, overrides: Partial<KycDecision> = {}): KycDecision {
  return {
    _id: decisionIdOf(submission._id),
    submissionId: submission._id,
    merchantId: submission.merchantId,
    level: submission.level,
    outcome: 'approved',
    reason: null,
    reviewer: 'alice',
    decidedAt: at(1000),
    ...overrides,
  };
}

export function describeKycStoreContract(name: string, makeSubject: MakeSubject<KycStore>): void {
  describe(`KycStore contract: ${name}`, () => {
    let store: KycStore;
    let anotherProcess: () => KycStore;
    beforeEach(async () => {
      ({ store, anotherProcess } = await makeSubject());
    });

    it('reads back the exact bytes of a small file and of one spread over several chunks', async () => {
      const small = new Uint8Array(randomBytes(100));
      const large = new Uint8Array(randomBytes(KYC_CHUNK_BYTES * 2 + 17));
      await store.putBytes('kd_small', small);
      await store.putBytes('kd_large', large);
      expect(Buffer.from((await anotherProcess().getBytes('kd_small'))!).equals(Buffer.from(small))).toBe(true);
      expect(Buffer.from((await anotherProcess().getBytes('kd_large'))!).equals(Buffer.from(large))).toBe(true);
      expect(await store.getBytes('kd_nothing')).toBeNull();
    });

    it('keeps the bytes first written when the same document is written again', async () => {
      const bytes = new Uint8Array(randomBytes(64));
      await store.putBytes('kd_twice', bytes);
      await store.putBytes('kd_twice', bytes);
      expect(Buffer.from((await store.getBytes('kd_twice'))!).equals(Buffer.from(bytes))).toBe(true);
    });

    it('records one document per id when many inserts race, and lists a merchant’s newest first', async () => {
      const merchantId = anId('m');
      const id = anId('kd');
      const copies = Array.from({ length: 8 }, (_, n) => aDocument({ _id: id, merchantId, size: n + 1 }));
      const results = await race([store, anotherProcess()], 8, (s, n) => s.insertDocument(copies[n]!));
      expect(results.filter((r) => r === 'inserted')).toHaveLength(1);
      const kept = await anotherProcess().getDocument(id);
      expect(copies).toContainEqual(kept);

      const later = aDocument({ merchantId, type: 'business_registration', uploadedAt: at(5000) });
      await store.insertDocument(later);
      await store.insertDocument(aDocument());
      expect((await store.documentsOf(merchantId)).map((d) => d._id)).toEqual([later._id, id]);
      expect(await store.getDocument(anId('kd'))).toBeNull();
    });

    it('lists undecided submissions oldest first and a merchant’s newest first', async () => {
      const merchantId = anId('m');
      const first = aSubmission({ merchantId, submittedAt: at(-10_000_000) });
      const second = aSubmission({ merchantId, level: 'full', submittedAt: at(-5_000_000) });
      expect(await store.insertSubmission(first)).toBe('inserted');
      expect(await store.insertSubmission(second)).toBe('inserted');
      expect(await store.insertSubmission(first)).toBe('duplicate');
      expect(await anotherProcess().getSubmission(first._id)).toEqual(first);
      expect((await store.submissionsOf(merchantId)).map((s) => s._id)).toEqual([second._id, first._id]);

      const undecided = (await store.undecidedSubmissions()).filter((s) => s.merchantId === merchantId);
      expect(undecided.map((s) => s._id)).toEqual([first._id, second._id]);
      await store.insertDecision(aDecision(first));
      const left = (await store.undecidedSubmissions()).filter((s) => s.merchantId === merchantId);
      expect(left.map((s) => s._id)).toEqual([second._id]);
    });

    it('keeps one decision per submission when two reviewers decide at once, across processes', async () => {
      const submission = aSubmission();
      await store.insertSubmission(submission);
      const decisions = [
        aDecision(submission, { reviewer: 'alice' }),
        aDecision(submission, { reviewer: 'bob', outcome: 'rejected', reason: 'blurred scan' }),
      ];
      const results = await race([store, anotherProcess()], 2, (s, n) => s.insertDecision(decisions[n]!));
      expect(results.filter((r) => r === 'inserted')).toHaveLength(1);
      const standing = await anotherProcess().getDecision(decisionIdOf(submission._id));
      expect(decisions).toContainEqual(standing);
      expect(await store.getDecision(decisionIdOf(anId('ks')))).toBeNull();
    });
  });
}
