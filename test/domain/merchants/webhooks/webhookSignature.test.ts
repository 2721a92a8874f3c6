/** The signature header, checked against a verifier written from the documentation with WebCrypto. */
import { signatureHeader, verifyWebhookSignature } from '../../../../domain/merchants/webhooks/webhookSignature';
import { expectedV1, parseSignature, signedWith } from './independentVerifier';

const body = '{"id":"evt_0123","object":"event","type":"payment.succeeded","created":1764892800,"data":{"object":{}}}';
const secretA = 'whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
const secretB = 'whsec_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB';
const at = new Date('2026-12-05T00:00:00Z');
const t = Math.floor(at.getTime() / 1000);

describe('signatureHeader', () => {
  it('is t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body"> as the docs say', async () => {
    const header = signatureHeader([secretA], body, t);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(parseSignature(header)).toEqual({ timestamp: t, v1: [await expectedV1(secretA, t, body)] });
  });

  it('carries one v1 per secret during a rotation, each verifiable on its own', async () => {
    const header = signatureHeader([secretB, secretA], body, t);
    expect(parseSignature(header).v1).toHaveLength(2);
    expect(await signedWith(header, body, secretA)).toBe(true);
    expect(await signedWith(header, body, secretB)).toBe(true);
    expect(await signedWith(header, `${body} `, secretA)).toBe(false);
  });
});

describe('verifyWebhookSignature', () => {
  const header = signatureHeader([secretA], body, t);

  it('accepts a delivery signed with one of the secrets, within the tolerance', () => {
    expect(verifyWebhookSignature(header, body, [secretB, secretA], { now: at })).toEqual({ ok: true, timestamp: t });
    const later = new Date(at.getTime() + 299_000);
    expect(verifyWebhookSignature(header, body, [secretA], { now: later }).ok).toBe(true);
  });

  it('refuses another body, another secret, a stale or future timestamp and a malformed header', () => {
    expect(verifyWebhookSignature(header, body.replace('0123', '0124'), [secretA], { now: at })).toEqual({
      ok: false,
      reason: 'no_match',
    });
    expect(verifyWebhookSignature(header, body, [secretB], { now: at })).toEqual({ ok: false, reason: 'no_match' });
    for (const seconds of [301, -301]) {
      const now = new Date(at.getTime() + seconds * 1000);
      expect(verifyWebhookSignature(header, body, [secretA], { now })).toEqual({
        ok: false,
        reason: 'outside_tolerance',
      });
    }
    expect(
      verifyWebhookSignature(header, body, [secretA], { now: new Date(at.getTime() + 600_000), toleranceSeconds: 900 })
        .ok,
    ).toBe(true);
    for (const bad of ['', 'v1=abc', `t=${t}`, `t=abc,v1=${'0'.repeat(64)}`]) {
      expect(verifyWebhookSignature(bad, body, [secretA], { now: at })).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('accepts a header made by an independent signer', async () => {
    const independent = `t=${t},v1=${await expectedV1(secretA, t, body)}`;
    expect(verifyWebhookSignature(independent, body, [secretA], { now: at }).ok).toBe(true);
  });
});
