/** Which webhook URLs a merchant may register: the SSRF guard on the URL itself. */
import { checkEndpointUrl, isPublicAddress } from '../../../../domain/merchants/webhooks/endpointUrl';

const production = { allowHttp: false, allowPrivateAddresses: false };
const development = { allowHttp: true, allowPrivateAddresses: true };

describe('checkEndpointUrl', () => {
  it('takes a public https URL as is', () => {
    expect(checkEndpointUrl('https://shop.example.cm/webhooks/pay?src=chatpay', production)).toEqual({
      ok: true,
      url: 'https://shop.example.cm/webhooks/pay?src=chatpay',
    });
  });

  it('refuses plain http in production and takes it where allowed', () => {
    expect(checkEndpointUrl('http://shop.example.cm/hook', production)).toEqual({ ok: false, reason: 'insecure_url' });
    expect(checkEndpointUrl('http://shop.example.cm/hook', development).ok).toBe(true);
  });

  it('refuses loopback, private, link-local and local names in production, however they are written', () => {
    for (const url of [
      'https://localhost/hook',
      'https://api.localhost/hook',
      'https://127.0.0.1/hook',
      'https://2130706433/hook', // 127.0.0.1 as one number
      'https://0x7f.1/hook',
      'https://10.1.2.3/hook',
      'https://172.20.0.1/hook',
      'https://192.168.1.10/hook',
      'https://169.254.169.254/latest/meta-data',
      'https://100.64.0.1/hook',
      'https://0.0.0.0/hook',
      'https://[::1]/hook',
      'https://[::]/hook',
      'https://[fd00::1]/hook',
      'https://[fe80::1]/hook',
      'https://[::ffff:10.0.0.1]/hook',
      'https://[64:ff9b::a00:1]/hook',
      'https://printer.local/hook',
      'https://db.internal/hook',
      'https://intranet/hook',
    ]) {
      expect({ url, result: checkEndpointUrl(url, production) }).toEqual({
        url,
        result: { ok: false, reason: 'private_address' },
      });
      expect(checkEndpointUrl(url, development).ok).toBe(true);
    }
  });

  it('refuses what is not an http(s) URL, or carries credentials or a fragment', () => {
    for (const url of [
      'not a url',
      'ftp://shop.example.cm/x',
      'https://user:pw@shop.example.cm/x',
      'https://shop.example.cm/x#y',
    ]) {
      expect(checkEndpointUrl(url, development)).toEqual({ ok: false, reason: 'invalid_url' });
    }
  });
});

describe('isPublicAddress', () => {
  it('knows public addresses from the others', () => {
    for (const address of ['8.8.8.8', '41.202.219.74', '2001:4860:4860::8888', '::ffff:8.8.8.8']) {
      expect({ address, public: isPublicAddress(address) }).toEqual({ address, public: true });
    }
    for (const address of [
      '127.0.0.2',
      '172.31.255.255',
      '224.0.0.1',
      '255.255.255.255',
      '::1',
      'fc00::',
      'ff02::1',
      '2001:db8::1',
      'nonsense',
    ]) {
      expect({ address, public: isPublicAddress(address) }).toEqual({ address, public: false });
    }
    expect(isPublicAddress('172.32.0.1')).toBe(true);
  });
});
