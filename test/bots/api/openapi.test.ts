/**
 * The OpenAPI document and the docs page describe what is served: the document is valid OpenAPI 3.1 (checked by
 * @seriousme/openapi-schema-validator), lists every route of the registry, and every route it lists answers its
 * documented status with a body its documented schema accepts; the docs page shows every route with a curl example.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { API_ROUTES } from '../../../bots/api/v1/routes';
import { useTestDatabase } from '../../support/database';
import type { Msisdn } from '../../../domain/phone';
import { aLinkView, anInvoiceView } from './linkInvoiceFakes';
import { aPng } from '../../support/kycFiles';
import { aRefund, aView, KEYS, MERCHANT_ID, useMerchantApi } from './support';

const db = useTestDatabase();
const api = useMerchantApi(db);

/** The validator is an ES module: it runs in a child node, reading the document on stdin. */
async function validateOpenApi(document: unknown): Promise<{ valid: boolean; errors?: unknown }> {
  const script = `
    import { Validator } from '@seriousme/openapi-schema-validator';
    let text = '';
    for await (const chunk of process.stdin) text += chunk;
    const result = await new Validator().validate(JSON.parse(text));
    process.stdout.write(JSON.stringify(result));`;
  const child = promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { cwd: process.cwd() });
  child.child.stdin?.end(JSON.stringify(document));
  const { stdout } = await child;
  return JSON.parse(stdout) as { valid: boolean; errors?: unknown };
}

type Operation = {
  parameters: { name: string; in: string; required: boolean }[];
  responses: Record<string, unknown>;
  requestBody?: unknown;
};

beforeAll(() => {
  // What the routes' examples name: a paid request of order A-1001, a refund of it, and an event.
  const paid = aView({
    id: 'mpr_0123456789abcdef01234567',
    orderReference: 'A-1001',
    status: 'paid',
    paidAt: new Date('2026-12-05T09:30:00.000Z'),
    transferId: 'tr_1',
    paidBy: '237699000111',
  });
  api.requests.views.set(paid.id, paid);
  api.refunds.views.set(
    're_0123456789abcdef01234567',
    aRefund({ id: 're_0123456789abcdef01234567', paymentId: paid.id }),
  );
  api.events.push({
    _id: 'evt_0123456789abcdef01234567',
    merchantId: MERCHANT_ID,
    type: 'payment.succeeded',
    data: { id: paid.id },
    createdAt: new Date('2026-12-05T09:30:01.000Z'),
  });
  // A payment link and an invoice with a customer's phone (it is sent, then cancelled, by the examples).
  const createdAt = new Date('2026-12-05T09:00:00.000Z');
  const link = aLinkView({ id: 'pl_0123456789abcdef01234567', merchantId: MERCHANT_ID, createdAt });
  api.paymentLinks.views.set(link.id, link);
  const invoice = anInvoiceView({
    id: 'inv_0123456789abcdef01234567',
    merchantId: MERCHANT_ID,
    createdAt,
    customer: { name: 'Hôtel Le Palmier', phone: '237677123456' as Msisdn },
  });
  api.invoices.views.set(invoice.id, invoice);
});

/** Posts a small PNG to an upload route with the key of every scope. */
async function uploadPng(url: string, idempotencyKey: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${api.url}${url}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEYS.all}`, 'idempotency-key': idempotencyKey, 'content-type': 'image/png' },
    body: new Uint8Array(aPng()),
  });
  return { status: response.status, body: await response.json() };
}

describe('the OpenAPI document', () => {
  it('is served without a key and is valid OpenAPI 3.1', async () => {
    const { status, body } = await api.call('GET', '/api/v1/openapi.json', { key: null });
    expect(status).toBe(200);
    expect(body.openapi).toBe('3.1.0');
    expect(body.servers).toEqual([{ url: 'https://pay.example.cm/api/v1' }]);
    const result = await validateOpenApi(body);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
  });

  it('lists every route of the registry, a POST with its Idempotency-Key and its body', async () => {
    const { body } = await api.call('GET', '/api/v1/openapi.json', { key: null });
    const documented = Object.entries(body.paths as Record<string, Record<string, Operation>>).flatMap(
      ([path, operations]) => Object.keys(operations).map((method) => `${method} ${path}`),
    );
    expect(documented.sort()).toEqual(
      API_ROUTES.map((r) => `${r.method} ${r.path.replace(/:([a-z_]+)/g, '{$1}')}`).sort(),
    );
    const create = body.paths['/payment_requests'].post as Operation;
    expect(create.parameters).toContainEqual(
      expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: true }),
    );
    expect(create.requestBody).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/CreatePaymentRequest' } } },
    });
    expect(body.components.schemas.CreatePaymentRequest.properties.amount).toMatchObject({ type: 'integer' });
    expect(body.components.schemas.CreatePaymentRequest.properties.currency).toMatchObject({ const: 'XAF' });
    const list = body.paths['/payment_requests'].get as Operation;
    expect(list.parameters.map((p) => p.name).sort()).toEqual(['limit', 'starting_after']);
  });

  it('describes routes that all answer as documented (status and body schema)', async () => {
    let n = 0;
    for (const route of API_ROUTES) {
      const example = route.example ?? {};
      let path = route.path;
      for (const [name, value] of Object.entries(example.params ?? {})) path = path.replace(`:${name}`, value);
      const query = new URLSearchParams(example.query ?? {}).toString();
      const url = `/api/v1${path}${query ? `?${query}` : ''}`;
      // An upload route takes a file, not JSON: a small PNG.
      const response = route.upload
        ? await uploadPng(url, `doc-${Date.now()}-${++n}`)
        : await api.call(route.method.toUpperCase(), url, {
            ...(route.method === 'post'
              ? { body: example.body ?? {}, idempotencyKey: `doc-${Date.now()}-${++n}` }
              : {}),
          });
      expect({ route: `${route.method} ${route.path}`, status: response.status }).toEqual({
        route: `${route.method} ${route.path}`,
        status: route.status,
      });
      const checked = route.response.safeParse(response.body);
      expect(checked.error).toBeUndefined();
    }
  });
});

describe('the docs page', () => {
  it('is served without a key and shows every route with its schemas and a curl example', async () => {
    const { status, body, headers } = await api.call('GET', '/api/v1/docs', { key: null });
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/^text\/html/);
    for (const route of API_ROUTES) {
      expect(body).toContain(`/api/v1${route.path.replace(/:([a-z_]+)/g, '{$1}')}`);
    }
    expect(body).toContain('curl -X POST &#39;https://pay.example.cm/api/v1/payment_requests&#39;');
    expect(body).toContain('Idempotency-Key: $(uuidgen)');
    // No script and no other site, but the merchant's own example webhook URL (a documentation domain).
    expect(body).not.toMatch(/<script|https?:\/\/(?!pay\.example\.cm|shop\.example\.com\/)[a-z]/i);
  });
});
