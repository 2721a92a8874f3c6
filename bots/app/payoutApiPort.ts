/**
 * The merchant API's `payouts` port bound to the payouts service: a payout asked through the API is made on behalf of
 * the merchant's owner (the API key speaks for the merchant; the team's roles come later).
 */
import type { MerchantPayoutsPort } from '../api/ports';
import type { Merchants } from '../../domain/merchants/merchants';
import type { Payouts } from '../../domain/merchants/payouts/payouts';

/** The API's payouts port over the product's Payouts. */
export function payoutApiPort(payouts: Payouts, merchants: Merchants): MerchantPayoutsPort {
  return {
    async create(input) {
      const merchant = await merchants.get(input.merchantId);
      if (!merchant) return { ok: false, reason: 'MERCHANT_NOT_FOUND' };
      return payouts.create({ ...input, requestedBy: merchant.owner });
    },
    get: (merchantId, id) => payouts.get(merchantId, id),
    list: (merchantId, options) => payouts.list(merchantId, options),
  };
}
