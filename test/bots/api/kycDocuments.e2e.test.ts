/**
 * KYC documents through the merchant API, served as the product serves it (createHttpApp with the API as a channel,
 * its body parsers first) over the product's services on FerretDB: raw and multipart uploads, the checks' refusals,
 * one document for the same file, the list, scopes, and no byte of a file in the logs.
 */
import { merchantApiChannel } from '../../../bots/api/merchantApi';
import { merchantApiPorts } from '../../../bots/app/merchantApiPorts';
import { Metrics } from '../../../bots/channels/http/metrics';
import { createHttpApp, type RunningHttpServer } from '../../../bots/channels/http/server';
import { ChannelTurns } from '../../../bots/channels/http/turns';
import { DEFAULT_MAX_UPLOAD_BYTES } from '../../../domain/merchants/kyc/uploadCheck';
import type { Msisdn } from '../../../domain/phone';
import { ensureApiIdempotencyIndexes, MongoApiIdempotencyStore } from '../../../integrations/mongo/apiIdempotencyStore';
import { ensureApiRateLimitIndexes, MongoApiRateLimitStore } from '../../../integrations/mongo/apiRateLimitStore';
import { useProduct } from '../../support/chat';
import { aPdf, aPdfWithJavaScript, aPng } from '../../support/kycFiles';
import { capturedLogs, serve } from '../channels/http/support';

const product = useProduct();
let server: RunningHttpServer & { url: string };
let logs: ReturnType<typeof capturedLogs>;
let merchantId = '';
let writeKey = '';
let readKey = '';

beforeAll(async () => {
  const { connection } = product.db;
  const { services } = product;
  await ensureApiIdempotencyIndexes(connection);
  await ensureApiRateLimitIndexes(connection);
  const owner = '237677990011' as Msisdn;
  const signedUp = await services.people.signUp({ msisdn: owner, name: 'Ngono Marie', language: 'fr', pin: '2468' });
  if (!signedUp.ok) throw new Error(signedUp.reason);
  const opened = await services.merchants.open({ owner, name: 'Boulangerie Ngono', category: 'food' });
  if (!opened.ok) throw new Error(opened.reason);
  merchantId = opened.merchant._id;
  writeKey = (await services.apiKeys.create(merchantId, { scopes: ['read', 'write'] })).secret;
  readKey = (await services.apiKeys.create(merchantId, { scopes: ['read'] })).secret;
  logs = capturedLogs();
  const metrics = new Metrics({ processMetrics: false });
  const app = createHttpApp({
    turns: new ChannelTurns({ handle: async () => [] } as never, metrics),
    readiness: async () => ({ ok: true, details: {} }),
    metrics,
    logger: logs.logger,
    channels: [
      merchantApiChannel({
        ports: {
          ...merchantApiPorts(services),
          idempotency: new MongoApiIdempotencyStore(connection),
          rateLimits: new MongoApiRateLimitStore(connection),
        },
        logger: logs.logger,
        settings: {
          rateLimit: { requests: 10_000, windowSeconds: 10 },
          idempotency: { lockTimeoutMs: 60_000, retentionMs: 25 * 3_600_000 },
          publicUrl: 'https://pay.example.cm',
          maxUploadBytes: DEFAULT_MAX_UPLOAD_BYTES,
        },
      }),
    ],
  });
  server = await serve(app);
});
afterAll(async () => {
  await server.close();
});

type Json = ReturnType<typeof JSON.parse>;

async function upload(
  type: string,
  body: Buffer | FormData,
  options: { contentType?: string; secret?: string; idempotencyKey?: string } = {},
): Promise<{ status: number; body: Json }> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${options.secret ?? writeKey}`,
    'idempotency-key': options.idempotencyKey ?? crypto.randomUUID(),
  };
  if (options.contentType !== undefined) headers['content-type'] = options.contentType;
  const response = await fetch(`${server.url}/api/v1/kyc_documents?type=${type}`, {
    method: 'POST',
    headers,
    body: body instanceof FormData ? body : new Uint8Array(body),
  });
  return { status: response.status, body: await response.json() };
}

async function list(secret = readKey): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${server.url}/api/v1/kyc_documents`, {
    headers: { authorization: `Bearer ${secret}` },
  });
  return { status: response.status, body: await response.json() };
}

describe('POST and GET /api/v1/kyc_documents', () => {
  it('takes a raw PNG and a multipart PDF, keeps the very bytes, and lists them newest first', async () => {
    const png = aPng(50_000);
    const raw = await upload('owner_id', png, { contentType: 'image/png' });
    expect(raw).toMatchObject({
      status: 201,
      body: { object: 'kyc_document', type: 'owner_id', content_type: 'image/png', size: 50_000 },
    });
    const stored = await product.services.kycDocuments.read(merchantId, raw.body.id);
    expect(Buffer.from(stored!.bytes).equals(png)).toBe(true);

    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(aPdf())], { type: 'application/pdf' }), 'rccm.pdf');
    const multipart = await upload('business_registration', form);
    expect(multipart).toMatchObject({
      status: 201,
      body: { type: 'business_registration', content_type: 'application/pdf' },
    });

    const listed = await list();
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((d: Json) => d.id)).toEqual([multipart.body.id, raw.body.id]);
  });

  it('answers the same document for the same file sent again, even with another Idempotency-Key', async () => {
    const png = aPng(1000);
    const first = await upload('proof_of_address', png, { contentType: 'image/png', idempotencyKey: 'same-file-1' });
    const replay = await upload('proof_of_address', png, { contentType: 'image/png', idempotencyKey: 'same-file-1' });
    const again = await upload('proof_of_address', png, { contentType: 'image/png' });
    expect(first.status).toBe(201);
    expect(replay).toEqual(first);
    expect(again).toMatchObject({ status: 200, body: { id: first.body.id } });
    // The same key with another file is another request.
    expect(
      await upload('proof_of_address', aPng(1000), { contentType: 'image/png', idempotencyKey: 'same-file-1' }),
    ).toMatchObject({ status: 422, body: { error: { code: 'idempotency_key_reused' } } });
  });

  it('refuses a PNG sent as a PDF, a file above 5 MB, a PDF with JavaScript, an empty body and an unknown type', async () => {
    const secretMarker = 'SECRET-CONTENT-MARKER-4711';
    const withMarker = Buffer.concat([aPng(100), Buffer.from(secretMarker)]);
    expect(await upload('tax_number', withMarker, { contentType: 'application/pdf' })).toMatchObject({
      status: 400,
      body: { error: { type: 'invalid_request', code: 'file_type_mismatch', field: 'file' } },
    });
    expect(await upload('owner_id', aPng(DEFAULT_MAX_UPLOAD_BYTES + 1), { contentType: 'image/png' })).toMatchObject({
      status: 413,
      body: { error: { code: 'file_too_large' } },
    });
    // Far above the limit: refused before it is read whole.
    expect(await upload('owner_id', aPng(DEFAULT_MAX_UPLOAD_BYTES * 2), { contentType: 'image/png' })).toMatchObject({
      status: 413,
      body: { error: { code: 'body_too_large' } },
    });
    expect(await upload('tax_number', aPdfWithJavaScript(), { contentType: 'application/pdf' })).toMatchObject({
      status: 400,
      body: { error: { code: 'pdf_with_javascript' } },
    });
    expect(await upload('owner_id', Buffer.alloc(0), { contentType: 'image/png' })).toMatchObject({
      status: 400,
      body: { error: { code: 'file_empty' } },
    });
    expect(await upload('selfie', aPng(), { contentType: 'image/png' })).toMatchObject({
      status: 400,
      body: { error: { field: 'type' } },
    });
    expect((await list()).body.data.map((d: Json) => d.type)).not.toContain('tax_number');
    expect(logs.text()).not.toContain(secretMarker);
  });

  it('needs the write scope to upload and the read scope to list', async () => {
    expect(await upload('owner_id', aPng(), { contentType: 'image/png', secret: readKey })).toMatchObject({
      status: 403,
    });
    expect((await list(writeKey)).status).toBe(200);
    expect((await list('cpk_live_nothing')).status).toBe(401);
  });
});
