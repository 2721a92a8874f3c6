/**
 * Tells this process's listeners that something happened to a merchant (a payment, a refund, a payout): the
 * dashboard's live figures listen, per merchant. In-process only: a dashboard served by another process learns it by
 * its own periodic refresh.
 */
import { EventEmitter } from 'node:events';
import type { MerchantEvent } from './merchantEvent';

export class MerchantActivity {
  private readonly emitter = new EventEmitter();

  constructor() {
    // One listener per open dashboard page: many is normal, not a leak.
    this.emitter.setMaxListeners(0);
  }

  publish(event: Pick<MerchantEvent, 'merchantId' | 'type'>): void {
    this.emitter.emit(event.merchantId, event.type);
  }

  /** Calls `listener` with each event type of the merchant; returns the unsubscribe. */
  subscribe(merchantId: string, listener: (type: string) => void): () => void {
    this.emitter.on(merchantId, listener);
    return () => this.emitter.off(merchantId, listener);
  }
}
