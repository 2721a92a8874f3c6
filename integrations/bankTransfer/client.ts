/**
 * The bank transfer API's client (BankTransfers): `POST /transfers` with our transfer id as the reference (the
 * bank's idempotency key), `GET /transfers/{reference}`, a Bearer API key. An answer we cannot be sure of (a
 * timeout, a 5xx, a 409 for a reference we only ever send with the same fields) is thrown: the payout stays held
 * and its status is asked later. Only a 400/422 is a refusal (the bank promises it recorded nothing).
 */
import { z } from 'zod';
import type {
  BankAcceptance,
  BankTransferRequest,
  BankTransfers,
  BankTransferStatus,
} from '../../domain/merchants/payouts/bankTransfers';

export interface BankTransferClientOptions {
  baseUrl: string;
  apiKey: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const statusBody = z.object({
  reference: z.string(),
  status: z.enum(['PENDING', 'PROCESSING', 'COMPLETED', 'FAILED']),
  failure_reason: z.enum(['INVALID_ACCOUNT', 'ACCOUNT_CLOSED', 'NAME_MISMATCH', 'BANK_UNAVAILABLE']).nullable(),
});

/** The bank's API; its errors never carry the API key. */
export class BankTransferClient implements BankTransfers {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: BankTransferClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.fetch = options.fetch ?? fetch;
  }

  async send(request: BankTransferRequest): Promise<BankAcceptance> {
    const response = await this.call('POST', '/transfers', {
      reference: request.reference,
      amount: request.amount,
      currency: 'XAF',
      bank_code: request.bankCode,
      account_number: request.accountNumber,
      account_name: request.accountName,
      narration: request.narration,
    });
    if (response.status === 200 || response.status === 201) return { ok: true };
    if (response.status === 400 || response.status === 422) return { ok: false, reason: 'INVALID_REQUEST' };
    throw new Error(`bank transfer ${request.reference}: HTTP ${response.status}`);
  }

  async status(reference: string): Promise<BankTransferStatus> {
    const response = await this.call('GET', `/transfers/${encodeURIComponent(reference)}`);
    if (response.status === 404) return { status: 'NOT_FOUND' };
    if (response.status !== 200) throw new Error(`bank transfer status ${reference}: HTTP ${response.status}`);
    const body = statusBody.parse(response.body);
    if (body.status !== 'FAILED') return { status: body.status };
    return { status: 'FAILED', reason: body.failure_reason ?? 'BANK_UNAVAILABLE' };
  }

  private async call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    const response = await this.fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${this.options.apiKey}`,
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      parsed = null;
    }
    return { status: response.status, body: parsed };
  }
}
