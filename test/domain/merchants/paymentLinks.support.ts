/**
 * What the merchant link and invoice tests share: a merchant as its store would give it, and a hand-written event
 * recorder.
 */
import { randomUUID } from 'node:crypto';
import { accountIds } from '../../../domain/ledger/accounts';
import type { Merchant } from '../../../domain/merchants/merchant';
import type { MerchantEvent, MerchantEventRecorder } from '../../../domain/merchants/merchantEvent';
import type { Msisdn } from '../../../domain/phone';

/** A merchant as its store would give it. */
export function aMerchant(overrides: Partial<Merchant> = {}): Merchant {
  const _id = `m_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  return {
    _id,
    name: 'Boutique Mbarga & Fils',
    category: 'retail',
    owner: '237677000111' as Msisdn,
    status: 'active',
    kycLevel: 'verified',
    account: accountIds.merchant(_id),
    createdAt: new Date(),
    ...overrides,
  };
}

/** A hand-written event recorder: keeps each event once per merchant, type and subject key, as the real one does. */
export class RecordedEvents implements MerchantEventRecorder {
  readonly events: MerchantEvent[] = [];

  async record(input: Parameters<MerchantEventRecorder['record']>[0]): Promise<MerchantEvent> {
    const _id = `evt_${input.merchantId}:${input.type}:${input.subjectKey}`;
    const seen = this.events.find((e) => e._id === _id);
    if (seen) return seen;
    const event = { _id, merchantId: input.merchantId, type: input.type, data: input.data, createdAt: new Date() };
    this.events.push(event);
    return event;
  }

  /** The subject keys of the events recorded so far, in order. */
  keys(): string[] {
    return this.events.map((e) => e._id.split(':').slice(2).join(':'));
  }
}
