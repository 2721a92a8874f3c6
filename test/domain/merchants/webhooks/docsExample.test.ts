/**
 * The Node example in docs/merchant-webhooks.md, run as a merchant would copy it, against deliveries signed by our
 * signer: it must accept ours (during a rotation too) and refuse a changed body or a stale timestamp.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { signatureHeader } from '../../../../domain/merchants/webhooks/webhookSignature';

type Verify = (header: string, rawBody: string | Buffer, secret: string, toleranceSeconds?: number) => boolean;

function documentedVerifier(): Verify {
  const docs = readFileSync(path.join(__dirname, '../../../../docs/merchant-webhooks.md'), 'utf8');
  const block = [...docs.matchAll(/```js\n([\s\S]*?)```/g)]
    .map((m) => m[1] ?? '')
    .find((code) => code.includes('function verifyWebhook'));
  if (!block) throw new Error('the docs have no verifyWebhook example');
  return new Function('require', `${block}\nreturn verifyWebhook;`)(require) as Verify;
}

describe('the documented Node verifier', () => {
  const verify = documentedVerifier();
  const body =
    '{"id":"evt_1","object":"event","type":"invoice.paid","created":1764921600,"data":{"object":{"amount":5000}}}';
  const current = 'whsec_current-secret-of-the-test_0123456789abcdef';
  const old = 'whsec_old-secret-of-the-test_0123456789abcdefghij';
  const now = () => Math.floor(Date.now() / 1000);

  it('accepts a delivery we signed, as a string or as the raw bytes', () => {
    const header = signatureHeader([current], body, now());
    expect(verify(header, body, current)).toBe(true);
    expect(verify(header, Buffer.from(body), current)).toBe(true);
  });

  it('accepts either secret during a rotation', () => {
    const header = signatureHeader([current, old], body, now());
    expect(verify(header, body, current)).toBe(true);
    expect(verify(header, body, old)).toBe(true);
  });

  it('refuses another body, another secret, a stale timestamp and a missing header', () => {
    const header = signatureHeader([current], body, now());
    expect(verify(header, body.replace('5000', '50000'), current)).toBe(false);
    expect(verify(header, body, old)).toBe(false);
    expect(verify(signatureHeader([current], body, now() - 301), body, current)).toBe(false);
    expect(verify(undefined as unknown as string, body, current)).toBe(false);
  });
});
