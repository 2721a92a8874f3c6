/**
 * The encryption of a WhatsApp Flow's data endpoint, our side (Meta's "Implementing your Flow endpoint" guide, and
 * the endpoint examples integrators publish, which agree):
 * - the request is `{encrypted_flow_data, encrypted_aes_key, initial_vector}`, each base64: a fresh AES-128 key
 *   wrapped with our RSA public key (RSA-OAEP, SHA-256 for the hash and for MGF1), and the JSON payload encrypted
 *   with AES-128-GCM under that key and the IV, its 16-byte tag appended to the ciphertext;
 * - the response is the JSON answer encrypted with the same key, AES-128-GCM, under the IV with every bit flipped,
 *   tag appended, sent as one base64 string (text/plain).
 * The key is kept only for the one response and never leaves this file.
 */
import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  privateDecrypt,
  constants,
  type KeyObject,
} from 'node:crypto';
import { z } from 'zod';

const TAG_BYTES = 16;

const encryptedRequest = z.object({
  encrypted_flow_data: z.string().min(1),
  encrypted_aes_key: z.string().min(1),
  initial_vector: z.string().min(1),
});

/** A decrypted request, and how to encrypt its response. */
export interface OpenedFlowRequest {
  payload: unknown;
  /** The response, encrypted with the request's key and the flipped IV, as base64. */
  seal(response: unknown): string;
}

/** Why a body could not be opened: not the three fields, or not encrypted for our key (Meta then re-reads it). */
export type FlowOpenFailure = 'malformed' | 'undecryptable';

/** Reads our private key (PEM, PKCS#1 or PKCS#8, optionally protected by a passphrase). */
export function flowPrivateKey(pem: string, passphrase?: string): KeyObject {
  return createPrivateKey(passphrase === undefined ? pem : { key: pem, passphrase });
}

/** Decrypts a data endpoint request; never throws, never says more than why. */
export function openFlowRequest(body: unknown, privateKey: KeyObject): OpenedFlowRequest | FlowOpenFailure {
  const parsed = encryptedRequest.safeParse(body);
  if (!parsed.success) return 'malformed';
  try {
    const aesKey = privateDecrypt(
      { key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
      Buffer.from(parsed.data.encrypted_aes_key, 'base64'),
    );
    const iv = Buffer.from(parsed.data.initial_vector, 'base64');
    const data = Buffer.from(parsed.data.encrypted_flow_data, 'base64');
    if (aesKey.length !== 16 || iv.length === 0 || data.length <= TAG_BYTES) return 'undecryptable';
    const decipher = createDecipheriv('aes-128-gcm', aesKey, iv);
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    const plain = Buffer.concat([decipher.update(data.subarray(0, data.length - TAG_BYTES)), decipher.final()]);
    const payload: unknown = JSON.parse(plain.toString('utf8'));
    return {
      payload,
      seal(response) {
        const flipped = Buffer.from(iv.map((byte) => byte ^ 0xff));
        const cipher = createCipheriv('aes-128-gcm', aesKey, flipped);
        const sealed = Buffer.concat([
          cipher.update(JSON.stringify(response), 'utf8'),
          cipher.final(),
          cipher.getAuthTag(),
        ]);
        return sealed.toString('base64');
      },
    };
  } catch {
    // A wrong key, a changed byte (the GCM tag fails) or not JSON: all mean it was not sealed for us.
    return 'undecryptable';
  }
}
