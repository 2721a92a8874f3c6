/**
 * WhatsApp's side of a Flow's data endpoint encryption, for the Graph API simulator and tests: each request gets a
 * fresh AES-128 key, wrapped with the business's RSA public key (RSA-OAEP, SHA-256), the JSON payload sealed with
 * AES-128-GCM under a random 16-byte IV (tag appended), all three base64; the response is read back with the same
 * key and the IV's bits flipped. This is what WhatsApp does (Meta's endpoint guide), done independently of the
 * product's own code (bots/channels/whatsappCloud/flowCrypto.ts) so each checks the other.
 */
import { constants, createCipheriv, createDecipheriv, publicEncrypt, randomBytes, type KeyLike } from 'node:crypto';

export interface SealedFlowRequest {
  body: { encrypted_flow_data: string; encrypted_aes_key: string; initial_vector: string };
  /** Decrypts the endpoint's base64 answer to this request; throws if it was not sealed with this request's key. */
  open(response: string): unknown;
}

export function sealFlowRequest(payload: unknown, publicKey: KeyLike): SealedFlowRequest {
  const key = randomBytes(16);
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-128-gcm', key, iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final(), cipher.getAuthTag()]);
  const wrapped = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, key);
  return {
    body: {
      encrypted_flow_data: data.toString('base64'),
      encrypted_aes_key: wrapped.toString('base64'),
      initial_vector: iv.toString('base64'),
    },
    open(response) {
      const sealed = Buffer.from(response, 'base64');
      const decipher = createDecipheriv('aes-128-gcm', key, Buffer.from(iv.map((byte) => byte ^ 0xff)));
      decipher.setAuthTag(sealed.subarray(sealed.length - 16));
      const plain = Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]);
      return JSON.parse(plain.toString('utf8')) as unknown;
    },
  };
}
