/** The merchant API's payment link and invoice ports, bound to the product's services. */
import type { MerchantApiPorts } from '../api/ports';
import type { Services } from './services';

/** The API's `paymentLinks` and `invoices`: the services themselves (their methods are the ports'). */
export function linkInvoiceApiPorts(
  services: Pick<Services, 'paymentLinks' | 'invoices'>,
): Pick<MerchantApiPorts, 'paymentLinks' | 'invoices'> {
  return { paymentLinks: services.paymentLinks, invoices: services.invoices };
}
