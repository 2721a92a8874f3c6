/** A payment link as the merchant API and the merchant's chat show it: plain JSON-friendly data. */
import type { PaymentLink } from './paymentLink';

/** Where a link stands: payable, past its expiry, turned off by the merchant, or paid as many times as it may be. */
export type PaymentLinkStatus = 'active' | 'expired' | 'deactivated' | 'full';

export interface PaymentLinkView {
  id: string;
  object: 'payment_link';
  code: string;
  /** `<publicUrl>/l/<code>`; its QR code is at `<url>/qr.png` and `<url>/qr.svg`. */
  url: string;
  status: PaymentLinkStatus;
  reusable: boolean;
  /** Null: the payer chooses, within `minAmount`..`maxAmount` (each null when unbounded). */
  amount: number | null;
  minAmount: number | null;
  maxAmount: number | null;
  currency: 'XAF';
  reason: string;
  expiresAt: Date | null;
  maxPayments: number | null;
  /** How many payments made from the link are paid. */
  paymentsCount: number;
  orderReference: string | null;
  createdAt: Date;
  deactivatedAt: Date | null;
}

/** The view of a link, given its status and paid count. */
export function paymentLinkView(
  link: PaymentLink,
  url: string,
  status: PaymentLinkStatus,
  paymentsCount: number,
): PaymentLinkView {
  return {
    id: link._id,
    object: 'payment_link',
    code: link.code,
    url,
    status,
    reusable: link.reusable,
    amount: link.amount,
    minAmount: link.minAmount,
    maxAmount: link.maxAmount,
    currency: 'XAF',
    reason: link.reason,
    expiresAt: link.expiresAt,
    maxPayments: link.maxPayments,
    paymentsCount,
    orderReference: link.orderReference,
    createdAt: link.createdAt,
    deactivatedAt: link.deactivatedAt,
  };
}
