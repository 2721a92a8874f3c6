/**
 * How the simulator tells the merchant a payment ended: a signed POST to the configured webhook URL (the
 * `x-notch-signature` header, hex HMAC-SHA256 of the raw body with the hash key), on an in-process timer, once.
 * Like a provider, it does not wait for the merchant: a failed delivery is recorded and not retried, so our side
 * must find the outcome by asking the status. Faults can drop, repeat, delay or mis-sign the next webhooks.
 */
import { randomBytes } from 'node:crypto';
import { timerScheduler, type Scheduler } from '../../rails/scheduler';
import { NOTCH_SIGNATURE_HEADER, signNotchPayWebhook } from '../webhookSignature';
import type { NotchPayFaults } from './faults';
import { webhookEventJson } from './notchPayJson';
import type { SimulatedNotchPayment } from './simulatedPayments';

/** Where webhooks go and how they are signed (the hash key is a secret). */
export interface WebhookTarget {
  url: string;
  hashKey: string;
}

/** One delivery attempt, for tests and the console: never the body's signature or the key. */
export interface WebhookDelivery {
  event: string;
  reference: string;
  merchantReference: string;
  /** The merchant's HTTP answer, or the failure. */
  outcome: number | 'dropped' | 'network_error';
  wrongSignature: boolean;
  at: Date;
}

export interface WebhookSenderOptions {
  target: () => WebhookTarget | undefined;
  faults: NotchPayFaults;
  /** How long after the payment ends the webhook leaves. Default 200 ms. */
  delayMs?: number;
  schedule?: Scheduler;
  timeoutMs?: number;
  clock?: () => Date;
}

/** Sends the simulator's webhooks. */
export class WebhookSender {
  readonly deliveries: WebhookDelivery[] = [];
  private readonly schedule: Scheduler;
  private readonly clock: () => Date;

  constructor(private readonly options: WebhookSenderOptions) {
    this.schedule = options.schedule ?? timerScheduler;
    this.clock = options.clock ?? (() => new Date());
  }

  /** Plans the webhook for a payment that just reached a final status. */
  paymentEnded(payment: SimulatedNotchPayment): void {
    const fault = this.options.faults.nextWebhook();
    const event = webhookEventJson(payment, this.clock());
    const record = (outcome: WebhookDelivery['outcome']) =>
      this.deliveries.push({
        event: event.event,
        reference: payment._id,
        merchantReference: payment.merchantReference,
        outcome,
        wrongSignature: fault.wrongSignature,
        at: this.clock(),
      });
    if (fault.drop) {
      record('dropped');
      return;
    }
    const body = JSON.stringify(event);
    const deliver = async () => record(await this.post(body, fault.wrongSignature));
    const delay = (this.options.delayMs ?? 200) + fault.extraDelayMs;
    this.schedule(deliver, delay);
    if (fault.duplicate) this.schedule(deliver, delay + 1);
  }

  private async post(body: string, wrongSignature: boolean): Promise<WebhookDelivery['outcome']> {
    const target = this.options.target();
    if (!target) return 'dropped';
    const key = wrongSignature ? randomBytes(16).toString('hex') : target.hashKey;
    try {
      const response = await fetch(target.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'NotchPay-Webhook-Simulator',
          [NOTCH_SIGNATURE_HEADER]: signNotchPayWebhook(body, key),
        },
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
      await response.arrayBuffer().catch(() => undefined);
      return response.status;
    } catch {
      return 'network_error';
    }
  }
}
