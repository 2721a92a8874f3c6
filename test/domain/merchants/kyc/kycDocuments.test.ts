import { KycDocuments } from '../../../../domain/merchants/kyc/kycDocuments';
import { Merchants } from '../../../../domain/merchants/merchants';
import { DEFAULT_MAX_UPLOAD_BYTES } from '../../../../domain/merchants/kyc/uploadCheck';
import { ensureKycIndexes, MongoKycStore } from '../../../../integrations/mongo/kycStore';
import { ensureMerchantIndexes, MongoMerchantStore } from '../../../../integrations/mongo/merchantStore';
import { aJpeg, aPdf, aPdfWithJavaScript, aPng } from '../../../support/kycFiles';
import { useLedger } from '../../../support/ledger';
import { FakeDirectory, someMsisdn } from '../../paymentFakes';

describe('KYC document uploads', () => {
  const t = useLedger();
  let merchants: Merchants;
  let kyc: KycDocuments;
  let users: FakeDirectory;

  beforeAll(async () => {
    await ensureMerchantIndexes(t.db.connection);
    await ensureKycIndexes(t.db.connection);
  });
  beforeEach(() => {
    users = new FakeDirectory();
    merchants = new Merchants({ store: new MongoMerchantStore(t.db.connection), ledger: t.ledger, users });
    kyc = new KycDocuments({ store: new MongoKycStore(t.db.connection), merchants });
  });

  async function aMerchantId(): Promise<string> {
    const owner = someMsisdn();
    users.signUp(owner, 'Ngono Marie');
    const opened = await merchants.open({ owner, name: 'Boulangerie Ngono', category: 'food' });
    if (!opened.ok) throw new Error(opened.reason);
    return opened.merchant._id;
  }

  it('keeps a PNG, a JPEG and a PDF and reads back the very bytes sent, with their SHA-256', async () => {
    const merchantId = await aMerchantId();
    const files = [
      { type: 'owner_id', contentType: 'image/png', bytes: aPng(300_000) },
      { type: 'business_registration', contentType: 'image/jpeg', bytes: aJpeg(700_000) },
      { type: 'tax_number', contentType: 'application/pdf', bytes: aPdf() },
    ];
    for (const file of files) {
      const uploaded = await kyc.upload({ merchantId, ...file });
      expect(uploaded).toMatchObject({
        ok: true,
        created: true,
        document: { merchantId, type: file.type, contentType: file.contentType, size: file.bytes.length },
      });
      if (!uploaded.ok) continue;
      expect(uploaded.document.sha256).toMatch(/^[0-9a-f]{64}$/);
      const read = await kyc.read(merchantId, uploaded.document._id);
      expect(Buffer.from(read!.bytes).equals(file.bytes)).toBe(true);
      expect(await kyc.read(await aMerchantId(), uploaded.document._id)).toBeNull();
    }
    expect((await kyc.list(merchantId)).map((d) => d.type).sort()).toEqual([
      'business_registration',
      'owner_id',
      'tax_number',
    ]);
  });

  it('refuses a file by what its bytes are, not by what it is called', async () => {
    const merchantId = await aMerchantId();
    const upload = (contentType: string, bytes: Buffer) =>
      kyc.upload({ merchantId, type: 'owner_id', contentType, bytes });
    // A PNG sent as a PDF (renamed .pdf) and a PDF sent as an image.
    expect(await upload('application/pdf', aPng())).toEqual({ ok: false, reason: 'CONTENT_TYPE_MISMATCH' });
    expect(await upload('image/png', aPdf())).toEqual({ ok: false, reason: 'CONTENT_TYPE_MISMATCH' });
    // Something that is none of the three, whatever it claims.
    expect(await upload('image/png', Buffer.from('GIF89a and the rest'))).toEqual({
      ok: false,
      reason: 'UNSUPPORTED_FILE_TYPE',
    });
    expect(await upload('text/html', aPng())).toEqual({ ok: false, reason: 'UNSUPPORTED_FILE_TYPE' });
    expect(await upload('image/png', Buffer.alloc(0))).toEqual({ ok: false, reason: 'EMPTY_FILE' });
    expect(await kyc.list(merchantId)).toEqual([]);
  });

  it('refuses a file of 5 MB and one byte, and takes one of exactly 5 MB', async () => {
    const merchantId = await aMerchantId();
    expect(DEFAULT_MAX_UPLOAD_BYTES).toBe(5 * 1024 * 1024);
    const tooLarge = aPng(DEFAULT_MAX_UPLOAD_BYTES + 1);
    expect(await kyc.upload({ merchantId, type: 'owner_id', contentType: 'image/png', bytes: tooLarge })).toEqual({
      ok: false,
      reason: 'FILE_TOO_LARGE',
    });
    const justRight = aPng(DEFAULT_MAX_UPLOAD_BYTES);
    const kept = await kyc.upload({ merchantId, type: 'owner_id', contentType: 'image/png', bytes: justRight });
    expect(kept).toMatchObject({ ok: true, document: { size: DEFAULT_MAX_UPLOAD_BYTES } });
    if (kept.ok)
      expect(Buffer.from((await kyc.read(merchantId, kept.document._id))!.bytes).equals(justRight)).toBe(true);
  });

  it('refuses a PDF with JavaScript, however the name is written', async () => {
    const merchantId = await aMerchantId();
    for (const name of ['/JavaScript', '/JS', '/J#53'] as const) {
      expect(
        await kyc.upload({
          merchantId,
          type: 'tax_number',
          contentType: 'application/pdf',
          bytes: aPdfWithJavaScript(name),
        }),
      ).toEqual({ ok: false, reason: 'PDF_WITH_JAVASCRIPT' });
    }
  });

  it('keeps the same file sent twice (even at once) for one merchant and type as one document', async () => {
    const merchantId = await aMerchantId();
    const bytes = aPng(400_000);
    const results = await Promise.all(
      Array.from({ length: 5 }, () => kyc.upload({ merchantId, type: 'owner_id', contentType: 'image/png', bytes })),
    );
    const ids = new Set(results.map((r) => (r.ok ? r.document._id : r.reason)));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.ok && r.created).length).toBeGreaterThanOrEqual(1);
    expect(await kyc.list(merchantId)).toHaveLength(1);
    // The same bytes as another type, or for another merchant, are another document.
    await kyc.upload({ merchantId, type: 'proof_of_address', contentType: 'image/png', bytes });
    expect(await kyc.list(merchantId)).toHaveLength(2);
    const other = await aMerchantId();
    expect(await kyc.upload({ merchantId: other, type: 'owner_id', contentType: 'image/png', bytes })).toMatchObject({
      ok: true,
      created: true,
    });
  });

  it('refuses an unknown type and an unknown merchant', async () => {
    expect(
      await kyc.upload({ merchantId: await aMerchantId(), type: 'selfie', contentType: 'image/png', bytes: aPng() }),
    ).toEqual({ ok: false, reason: 'INVALID_DOCUMENT_TYPE' });
    expect(
      await kyc.upload({ merchantId: 'm_nobody', type: 'owner_id', contentType: 'image/png', bytes: aPng() }),
    ).toEqual({ ok: false, reason: 'MERCHANT_NOT_FOUND' });
  });

  it('makes a submission only with the documents its level needs, once for the same documents', async () => {
    const merchantId = await aMerchantId();
    expect(await kyc.submit(merchantId, 'verified')).toEqual({
      ok: false,
      reason: 'MISSING_DOCUMENTS',
      missing: ['owner_id', 'business_registration'],
    });
    expect(await kyc.submit(merchantId, 'platinum')).toEqual({ ok: false, reason: 'INVALID_LEVEL' });
    const id = await kyc.upload({ merchantId, type: 'owner_id', contentType: 'image/png', bytes: aPng() });
    const rccm = await kyc.upload({
      merchantId,
      type: 'business_registration',
      contentType: 'application/pdf',
      bytes: aPdf(),
    });
    const first = await kyc.submit(merchantId, 'verified');
    expect(first).toMatchObject({
      ok: true,
      created: true,
      submission: {
        merchantId,
        level: 'verified',
        documents: {
          owner_id: id.ok ? id.document._id : '',
          business_registration: rccm.ok ? rccm.document._id : '',
        },
      },
    });
    const again = await kyc.submit(merchantId, 'verified');
    expect(again).toMatchObject({ ok: true, created: false });
    if (first.ok && again.ok) expect(again.submission._id).toBe(first.submission._id);
    expect(await kyc.submit(merchantId, 'full')).toMatchObject({
      reason: 'MISSING_DOCUMENTS',
      missing: ['tax_number', 'proof_of_address', 'bank_details'],
    });
  });
});
