import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mongoose, { type Connection } from 'mongoose';
import { KycDocuments } from '../../domain/merchants/kyc/kycDocuments';
import { Merchants } from '../../domain/merchants/merchants';
import { setUpLedger } from '../../integrations/ledgerSetup';
import { ensureKycIndexes, MongoKycStore } from '../../integrations/mongo/kycStore';
import { ensureMerchantIndexes, MongoMerchantStore } from '../../integrations/mongo/merchantStore';
import { ensureOutboxIndexes, MongoOutbox } from '../../integrations/mongo/outbox';
import { FakeDirectory, someMsisdn } from '../domain/paymentFakes';
import { testDatabaseUri, uniqueDatabaseName } from '../support/database';
import { aPdf, aPng } from '../support/kycFiles';
import { runTool, type ToolRun } from '../support/tool';

/** Runs the KYC review command as the back office would, in a child process, against the database at `uri`. */
function kyc(uri: string, ...args: string[]): Promise<ToolRun> {
  return runTool('kycReview.ts', uri, ...args);
}

describe('kyc:list, kyc:save and kyc:review', () => {
  const uri = testDatabaseUri(uniqueDatabaseName('kyc'));
  let connection: Connection;
  let merchants: Merchants;
  let documents: KycDocuments;
  let outbox: MongoOutbox;
  const users = new FakeDirectory();
  let folder: string;
  beforeAll(async () => {
    connection = await mongoose.createConnection(uri).asPromise();
    const { ledger } = await setUpLedger(connection);
    await Promise.all([
      ensureMerchantIndexes(connection),
      ensureKycIndexes(connection),
      ensureOutboxIndexes(connection),
    ]);
    merchants = new Merchants({ store: new MongoMerchantStore(connection), ledger, users });
    documents = new KycDocuments({ store: new MongoKycStore(connection), merchants });
    outbox = new MongoOutbox(connection);
    folder = await mkdtemp(path.join(tmpdir(), 'kyc-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  });

  async function aSubmission(name: string) {
    const owner = someMsisdn();
    users.signUp(owner, 'Ngono Marie');
    const opened = await merchants.open({ owner, name, category: 'food' });
    if (!opened.ok) throw new Error(opened.reason);
    const merchantId = opened.merchant._id;
    const png = aPng(1000);
    const uploaded = await documents.upload({ merchantId, type: 'owner_id', contentType: 'image/png', bytes: png });
    await documents.upload({
      merchantId,
      type: 'business_registration',
      contentType: 'application/pdf',
      bytes: aPdf(),
    });
    const submitted = await documents.submit(merchantId, 'verified');
    if (!submitted.ok || !uploaded.ok) throw new Error('not submitted');
    return { merchantId, owner, submissionId: submitted.submission._id, png, pngId: uploaded.document._id };
  }

  it('lists the submissions waiting, saves a document to look at, and records one decision each', async () => {
    const approved = await aSubmission('Boulangerie Ngono');
    const rejected = await aSubmission('Garage Fotso');

    const listed = await kyc(uri, 'list');
    expect(listed).toMatchObject({ code: 0, stderr: '' });
    expect(listed.stdout).toContain('2 KYC submission(s) waiting for a decision');
    expect(listed.stdout).toContain(approved.submissionId);
    expect(listed.stdout).toContain('Boulangerie Ngono');
    expect(listed.stdout).toContain(`owner_id: ${approved.pngId}`);

    const file = path.join(folder, 'id.png');
    expect(await kyc(uri, 'save', approved.pngId, file)).toMatchObject({ code: 0 });
    expect((await readFile(file)).equals(approved.png)).toBe(true);
    expect(await kyc(uri, 'save', 'kd_nothing', path.join(folder, 'x'))).toMatchObject({ code: 1 });

    // Bad usage and refusals change nothing.
    expect(await kyc(uri, 'review', approved.submissionId, 'maybe', '--by', 'alice')).toMatchObject({ code: 2 });
    expect(await kyc(uri, 'review', approved.submissionId, 'approve')).toMatchObject({ code: 2 });
    expect(await kyc(uri, 'review', rejected.submissionId, 'reject', '--by', 'alice')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('refused: REASON_REQUIRED'),
    });
    expect(await kyc(uri, 'review', 'ks_nothing', 'approve', '--by', 'alice')).toMatchObject({ code: 1 });
    expect(await merchants.get(approved.merchantId)).toMatchObject({ status: 'pending', kycLevel: 'unverified' });

    const approval = await kyc(uri, 'review', approved.submissionId, 'approve', '--by', 'alice');
    expect(approval).toMatchObject({ code: 0 });
    expect(approval.stdout).toContain('is active at KYC level verified');
    const rejection = await kyc(
      uri,
      'review',
      rejected.submissionId,
      'reject',
      '--reason',
      'RCCM expired',
      '--by',
      'bob',
    );
    expect(rejection).toMatchObject({ code: 0 });
    expect(await merchants.get(approved.merchantId)).toMatchObject({ status: 'active', kycLevel: 'verified' });
    expect(await merchants.get(rejected.merchantId)).toMatchObject({ status: 'pending', kycLevel: 'unverified' });
    expect((await outbox.for(rejected.owner)).map((m) => m.notice.params?.reason)).toEqual(['RCCM expired']);

    // Decided once: a second reviewer is told who decided.
    expect(
      await kyc(uri, 'review', approved.submissionId, 'reject', '--reason', 'late', '--by', 'carol'),
    ).toMatchObject({ code: 1, stderr: expect.stringContaining('refused: ALREADY_DECIDED (approved by alice') });
    expect((await kyc(uri, 'list')).stdout).toContain('0 KYC submission(s) waiting for a decision');
  });
});
