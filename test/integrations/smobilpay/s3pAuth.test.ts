import { createHmac } from 'node:crypto';
import {
  parseS3pAuthHeader,
  s3pBaseString,
  s3pSignature,
  s3pTimestampMs,
  S3pHmacAuthorizer,
  verifyS3pSignature,
  type S3pAuthFields,
} from '../../../integrations/smobilpay/s3pAuth';

const SECRET = 'MySecretKey';
const auth = (nonce: string): S3pAuthFields => ({
  s3pAuth_nonce: nonce,
  s3pAuth_signature_method: 'HMAC-SHA1',
  s3pAuth_timestamp: '1361281946',
  s3pAuth_token: 'xvz1evFS4wEEPTGEFPHBog',
});

describe('the S3P request signature', () => {
  // Published with a public S3P signing library's tests (built on the vendor documentation's example
  // credentials); the vendor's PHP HMACSignature computes the same.
  it('matches the published vector of a POST /quotestd', () => {
    const request = {
      method: 'POST',
      url: 'https://dev.smobilpay.com/s3p/v2/quotestd',
      body: { amount: 1000, payItemId: 'SPAY-DEV-958-AES-100013333-10010' },
    };
    expect(s3pSignature(request, auth('634968823463411609'), SECRET)).toBe('1CLm+TQLwelkE+5Za+Vi+7G5M8U=');
  });

  it('matches the published vector of a GET /bill, whose query parameters are signed', () => {
    const request = {
      method: 'get',
      url: 'https://dev.smobilpay.com/s3p/v2/bill?serviceNumber=TestId&merchant=TESTMERC&serviceid=99999',
    };
    expect(s3pSignature(request, auth('634968823463411611'), SECRET)).toBe('wff4LW5sueJe0K4Uzk7fHrjElGk=');
  });

  it('is the HMAC-SHA1 of the base string written out by hand', () => {
    const request = {
      method: 'POST',
      url: 'http://127.0.0.1:8080/simulators/smobilpay/collectstd',
      body: { trid: ' t-1 ', quoteId: 'q(1)', serviceNumber: '12 34' },
    };
    const fields = auth('n-1');
    // Sorted pairs, values trimmed, the joined string and the URL encoded once (RFC 3986: space %20, "(" %28).
    const pairs =
      'quoteId=q(1)&s3pAuth_nonce=n-1&s3pAuth_signature_method=HMAC-SHA1&s3pAuth_timestamp=1361281946' +
      '&s3pAuth_token=xvz1evFS4wEEPTGEFPHBog&serviceNumber=12 34&trid=t-1';
    const byHand =
      'POST&http%3A%2F%2F127.0.0.1%3A8080%2Fsimulators%2Fsmobilpay%2Fcollectstd&' +
      pairs.replace(/=/g, '%3D').replace(/&/g, '%26').replace(/ /g, '%20').replace('(', '%28').replace(')', '%29');
    expect(s3pBaseString(request, fields)).toBe(byHand);
    expect(s3pSignature(request, fields, SECRET)).toBe(createHmac('sha1', SECRET).update(byHand).digest('base64'));
  });

  it('signs with a header the verifier accepts, and refuses it for another body, secret or URL', async () => {
    const authorizer = new S3pHmacAuthorizer({
      publicToken: 'PUBLIC',
      secret: 's3cret',
      now: () => new Date('2026-12-01T10:00:00Z'),
      nonce: () => 'fixed-nonce',
    });
    const request = {
      method: 'POST',
      url: 'http://localhost:3000/s3p/quotestd',
      body: { amount: 5000, payItemId: 'X' },
    };
    const header = await authorizer.authorize(request);
    expect(header).toMatch(/^s3pAuth,s3pAuth_nonce="fixed-nonce",s3pAuth_signature="[^"]+",/);
    expect(header).toContain(`s3pAuth_timestamp="${Date.UTC(2026, 11, 1, 10) / 1000}"`);
    expect(header).not.toContain('s3cret');
    const parsed = parseS3pAuthHeader(header)!;
    expect(parsed.fields.s3pAuth_token).toBe('PUBLIC');
    expect(verifyS3pSignature(request, parsed, 's3cret')).toBe(true);
    expect(verifyS3pSignature({ ...request, body: { amount: 5001, payItemId: 'X' } }, parsed, 's3cret')).toBe(false);
    expect(verifyS3pSignature(request, parsed, 'other')).toBe(false);
    expect(verifyS3pSignature({ ...request, url: 'http://localhost:3000/s3p/collectstd' }, parsed, 's3cret')).toBe(
      false,
    );
  });

  it("reads the vendor PHP client's header form and accepts a signature made with Go's query escaping", () => {
    const request = { method: 'GET', url: 'https://h.example/v2/bill?serviceNumber=12%2034&merchant=ENEO' };
    const fields = auth('n-2');
    const goStyle = createHmac('sha1', SECRET)
      .update(s3pBaseString(request, fields).replace(/%20/g, '+'))
      .digest('base64');
    const header =
      `s3pAuth s3pAuth_timestamp="1361281946", s3pAuth_signature="${goStyle}", s3pAuth_nonce="n-2", ` +
      's3pAuth_signature_method="HMAC-SHA1", s3pAuth_token="xvz1evFS4wEEPTGEFPHBog"';
    const parsed = parseS3pAuthHeader(header);
    expect(parsed?.fields).toEqual(fields);
    expect(verifyS3pSignature(request, parsed!, SECRET)).toBe(true);
  });

  it('refuses headers that are not complete s3pAuth headers', () => {
    expect(parseS3pAuthHeader(undefined)).toBeNull();
    expect(parseS3pAuthHeader('Bearer abc')).toBeNull();
    expect(parseS3pAuthHeader('s3pAuth,s3pAuth_nonce="1",s3pAuth_signature="x"')).toBeNull();
    expect(
      parseS3pAuthHeader(
        's3pAuth,s3pAuth_nonce="1",s3pAuth_signature="x",s3pAuth_signature_method="PLAINTEXT",' +
          's3pAuth_timestamp="1",s3pAuth_token="t"',
      ),
    ).toBeNull();
  });

  it('reads timestamps in seconds or milliseconds', () => {
    expect(s3pTimestampMs('1361281946')).toBe(1_361_281_946_000);
    expect(s3pTimestampMs('1736755961916')).toBe(1_736_755_961_916);
    expect(s3pTimestampMs('soon')).toBeNull();
  });
});
