/** The payouts port as the API's own tests need it: payouts kept in a map (the real one is tested end to end). */
import type { MerchantPayoutInput, MerchantPayoutsPort } from '../../../bots/api/ports';
import { checkDestination } from '../../../domain/merchants/payouts/payoutDestination';
import type { PayoutView } from '../../../domain/merchants/payouts/payout';
import type { Msisdn } from '../../../domain/phone';

export class FakeMerchantPayouts implements MerchantPayoutsPort {
  readonly views = new Map<string, PayoutView>();

  /** `documented`: a merchant whose payout has the id the API's docs show (`po_0123456789abcdef01234567`). */
  constructor(
    private readonly now: () => Date,
    documented?: string,
  ) {
    if (documented === undefined) return;
    const id = 'po_0123456789abcdef01234567';
    this.views.set(id, {
      id,
      payoutId: `payout:${documented}:${id}`,
      merchantId: documented,
      amount: 50_000,
      fee: 500,
      currency: 'XAF',
      destination: { type: 'mtn_momo', phone: '237677123456' as Msisdn },
      reference: null,
      status: 'paid',
      failureReason: null,
      requestedBy: '237677000000' as Msisdn,
      createdAt: now(),
    });
  }

  async create(input: MerchantPayoutInput) {
    const existing = this.views.get(input.id);
    if (existing) return { ok: true as const, payout: existing };
    const destination = checkDestination(input.destination);
    if (!destination) return { ok: false as const, reason: 'INVALID_DESTINATION' };
    const view: PayoutView = {
      id: input.id,
      payoutId: `payout:${input.merchantId}:${input.id}`,
      merchantId: input.merchantId,
      amount: input.amount,
      fee: Math.max(100, Math.round(input.amount / 100)),
      currency: 'XAF',
      destination,
      reference: input.reference ?? null,
      status: 'processing',
      failureReason: null,
      requestedBy: '237677000000' as Msisdn,
      createdAt: this.now(),
    };
    this.views.set(input.id, view);
    return { ok: true as const, payout: view };
  }

  async get(merchantId: string, id: string) {
    const view = this.views.get(id);
    return view?.merchantId === merchantId ? view : null;
  }

  async list(merchantId: string, options: { limit: number; startingAfter?: string }) {
    const mine = [...this.views.values()].filter((v) => v.merchantId === merchantId).reverse();
    const start = options.startingAfter === undefined ? 0 : mine.findIndex((v) => v.id === options.startingAfter) + 1;
    return { data: mine.slice(start, start + options.limit), hasMore: mine.length > start + options.limit };
  }
}
