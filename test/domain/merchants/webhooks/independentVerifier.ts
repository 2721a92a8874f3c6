/**
 * How a merchant would check our signature, written from the documentation alone and with WebCrypto (not the
 * node:crypto HMAC our signer uses), so a test passing here means a receiver built from the docs accepts us.
 */
export interface ParsedSignature {
  timestamp: number;
  v1: string[];
}

/** Splits `t=…,v1=…,v1=…`. */
export function parseSignature(header: string): ParsedSignature {
  const pairs = header.split(',').map((part) => {
    const at = part.indexOf('=');
    return [part.slice(0, at), part.slice(at + 1)] as const;
  });
  const t = pairs.filter(([key]) => key === 't');
  if (t.length !== 1) throw new Error(`expected one t= in ${header}`);
  return { timestamp: Number(t[0]![1]), v1: pairs.filter(([key]) => key === 'v1').map(([, value]) => value) };
}

/** Hex HMAC-SHA256 of `${t}.${rawBody}` under the secret, through WebCrypto. */
export async function expectedV1(secret: string, timestamp: number, rawBody: string): Promise<string> {
  const encoder = new TextEncoder();
  const key = await globalThis.crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = await globalThis.crypto.subtle.sign('HMAC', key, encoder.encode(`${timestamp}.${rawBody}`));
  return Array.from(new Uint8Array(mac), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Whether the header carries a v1 made with this secret over this body. */
export async function signedWith(header: string, rawBody: string, secret: string): Promise<boolean> {
  const { timestamp, v1 } = parseSignature(header);
  return v1.includes(await expectedV1(secret, timestamp, rawBody));
}
