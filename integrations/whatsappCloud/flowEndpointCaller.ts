/**
 * WhatsApp calling a Flow's data endpoint, for the Graph API simulator and tests: the request payload (`{version:
 * "3.0", action, screen, data, flow_token}`) sealed with the business's public key (flowEncryption.ts), posted as
 * JSON and signed `X-Hub-Signature-256` with the app secret as Meta signs it; a 200 answer is base64 text, decrypted
 * with the request's key. Other statuses (421 undecryptable, 427 token no longer valid, 432 bad signature) are
 * reported as they came, with the answer decrypted when it can be.
 */
import type { KeyLike } from 'node:crypto';
import { hubSignatureOf } from './cloudWebhooks';
import { sealFlowRequest } from './flowEncryption';

export interface FlowEndpoint {
  url: string;
  publicKey: KeyLike;
}

export interface FlowRequestPayload {
  version?: string;
  action: 'ping' | 'INIT' | 'BACK' | 'data_exchange';
  screen?: string;
  data?: Record<string, unknown>;
  flow_token?: string;
}

export interface FlowEndpointAnswer {
  status: number;
  /** The decrypted answer, or null when there was none or it was not sealed with this request's key. */
  body: unknown;
}

/** How a test spoils a request on purpose: another key, a changed byte, no or a wrong signature. */
export type FlowTampering = 'wrongKey' | 'changedByte' | 'unsigned' | 'wrongSignature';

export async function callFlowEndpoint(
  endpoint: FlowEndpoint,
  appSecret: string,
  payload: FlowRequestPayload,
  options: { tamper?: FlowTampering; otherPublicKey?: KeyLike; timeoutMs?: number } = {},
): Promise<FlowEndpointAnswer> {
  const key = options.tamper === 'wrongKey' && options.otherPublicKey ? options.otherPublicKey : endpoint.publicKey;
  const sealed = sealFlowRequest({ version: '3.0', ...payload }, key);
  if (options.tamper === 'changedByte') {
    const data = Buffer.from(sealed.body.encrypted_flow_data, 'base64');
    data[0] = (data[0] ?? 0) ^ 0x01;
    sealed.body.encrypted_flow_data = data.toString('base64');
  }
  const body = JSON.stringify(sealed.body);
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (options.tamper !== 'unsigned') {
    headers['X-Hub-Signature-256'] = hubSignatureOf(
      options.tamper === 'wrongSignature' ? 'not-the-secret' : appSecret,
      body,
    );
  }
  const response = await fetch(endpoint.url, {
    method: 'POST',
    headers,
    body,
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
  });
  const text = await response.text();
  let opened: unknown = null;
  try {
    opened = text === '' ? null : sealed.open(text);
  } catch {
    opened = null;
  }
  return { status: response.status, body: opened };
}
