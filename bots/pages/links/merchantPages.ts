/**
 * The merchants' public pages to mount on the public server (PORT): payment links (`/l/<code>`) and invoices
 * (`/i/<token>`). Both make merchant payment requests whose pay pages (`/pay/<token>`) must be mounted too.
 */
import type { Invoices } from '../../../domain/merchants/invoices/invoices';
import type { PaymentLinks } from '../../../domain/merchants/paymentLinks/paymentLinks';
import type { HttpChannel } from '../../channels/http/server';
import { invoicePageChannel } from '../invoices/invoiceRoute';
import { linkPageChannel } from './linkRoute';

/** The link and invoice pages as HTTP channels (push them into createHttpApp's channels). */
export function mountMerchantPages(services: { paymentLinks: PaymentLinks; invoices: Invoices }): HttpChannel[] {
  return [linkPageChannel({ links: services.paymentLinks }), invoicePageChannel({ invoices: services.invoices })];
}
