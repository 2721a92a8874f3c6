/**
 * Which URLs a merchant may register as a webhook endpoint. In production only `https` to a public host: a webhook is
 * a request our servers make to an address the merchant chose, and an address inside our network (a database, a
 * cloud metadata service) must never be reachable that way (SSRF). This check reads the URL only; the HTTP sender
 * checks again the address a name resolves to, at connection time, since DNS may answer differently later.
 */

/** What the settings allow beyond a public `https` URL (development and tests only). */
export interface EndpointUrlPolicy {
  /** WEBHOOK_ALLOW_HTTP: plain `http` URLs. */
  allowHttp: boolean;
  /** WEBHOOK_ALLOW_PRIVATE_ADDRESSES: loopback, private and link-local addresses, `localhost`. */
  allowPrivateAddresses: boolean;
}

/** Why a URL is refused. */
export type EndpointUrlRefusal = 'invalid_url' | 'insecure_url' | 'private_address';

const MAX_URL_LENGTH = 2048;

/** The URL as it will be called, or why it may not be. */
export function checkEndpointUrl(
  raw: string,
  policy: EndpointUrlPolicy,
): { ok: true; url: string } | { ok: false; reason: EndpointUrlRefusal } {
  if (raw.length > MAX_URL_LENGTH) return { ok: false, reason: 'invalid_url' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'invalid_url' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: 'invalid_url' };
  // Credentials in the URL would be sent, stored and shown in lists: the signature is the authentication.
  if (url.username !== '' || url.password !== '' || url.hash !== '') return { ok: false, reason: 'invalid_url' };
  if (url.protocol === 'http:' && !policy.allowHttp) return { ok: false, reason: 'insecure_url' };
  if (!policy.allowPrivateAddresses && isPrivateHost(url.hostname)) return { ok: false, reason: 'private_address' };
  return { ok: true, url: url.toString() };
}

/**
 * True for a host name that names our own side of the network: `localhost` and its subdomains, names of local
 * networks (`.local`, `.internal`, `.home.arpa`), one-label names, and literal IP addresses that are not public.
 * The WHATWG URL parser has already turned `2130706433` or `0x7f.1` into `127.0.0.1`.
 */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host.startsWith('[') && host.endsWith(']')) return !isPublicAddress(host.slice(1, -1));
  if (parseIpv4(host) !== null) return !isPublicAddress(host);
  if (!host.includes('.')) return true;
  return ['localhost', 'local', 'internal', 'home.arpa', 'localdomain'].some(
    (suffix) => host === suffix || host.endsWith(`.${suffix}`),
  );
}

// [first address, prefix length] of IPv4 ranges no webhook may reach (RFC 6890 and neighbours).
const IPV4_BLOCKED: readonly [string, number][] = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];

/** True when an IPv4 or IPv6 address (without brackets) is a public unicast address; false for anything else. */
export function isPublicAddress(address: string): boolean {
  const v4 = parseIpv4(address);
  if (v4 !== null) return !IPV4_BLOCKED.some(([base, bits]) => inPrefix(v4, parseIpv4(base) as number, bits));
  const v6 = parseIpv6(address);
  if (v6 === null) return false;
  const [a, b, c, d, e, f, g, h] = v6 as [number, number, number, number, number, number, number, number];
  const embeddedV4 = `${g >> 8}.${g & 255}.${h >> 8}.${h & 255}`;
  if (a === 0 && b === 0 && c === 0 && d === 0 && e === 0) {
    // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible): judged as the IPv4 address; :: and ::1 are not public.
    if (f === 0xffff || (f === 0 && g !== 0)) return isPublicAddress(embeddedV4);
    return false;
  }
  if (a === 0x64 && b === 0xff9b && c === 0 && d === 0 && e === 0 && f === 0) return isPublicAddress(embeddedV4);
  if ((a & 0xfe00) === 0xfc00) return false; // unique local fc00::/7
  if ((a & 0xffc0) === 0xfe80) return false; // link-local fe80::/10
  if ((a & 0xff00) === 0xff00) return false; // multicast
  if (a === 0x2001 && b === 0x0db8) return false; // documentation
  if (a === 0x0100 && b === 0 && c === 0 && d === 0) return false; // discard-only 100::/64
  if (a === 0x2002) return isPublicAddress(`${b >> 8}.${b & 255}.${c >> 8}.${c & 255}`); // 6to4
  return true;
}

function inPrefix(address: number, base: number, bits: number): boolean {
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (address & mask) >>> 0 === (base & mask) >>> 0;
}

/** A dotted-quad IPv4 address as a 32-bit number, or null. */
function parseIpv4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const byte = Number(part);
    if (byte > 255) return null;
    value = value * 256 + byte;
  }
  return value;
}

/** An IPv6 address as its eight 16-bit groups, or null (a zone index `%eth0` is ignored). */
function parseIpv6(text: string): number[] | null {
  let address = text.split('%')[0] ?? '';
  if (!address.includes(':')) return null;
  // A trailing dotted quad (`::ffff:1.2.3.4`) is the last two groups written otherwise.
  const lastColon = address.lastIndexOf(':');
  const last = address.slice(lastColon + 1);
  if (last.includes('.')) {
    const v4 = parseIpv4(last);
    if (v4 === null) return null;
    address = `${address.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = address.split('::');
  if (halves.length > 2) return null;
  const groups = (half: string | undefined) => (half === undefined || half === '' ? [] : half.split(':'));
  const parse = (group: string) => (/^[0-9a-f]{1,4}$/i.test(group) ? parseInt(group, 16) : NaN);
  const head = groups(halves[0]).map(parse);
  const tail = groups(halves[1]).map(parse);
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const all = [...head, ...Array<number>(missing).fill(0), ...tail];
  return all.some(Number.isNaN) ? null : all;
}
