/**
 * Invoices: a numbered draft with its lines and VAT, sent to the customer as a page (`/i/<token>`, and its PDF)
 * where they pay it, in one go or in parts, through the pay pages; read, listed and cancelled here. Each payment
 * made from its page is a payment request with source `invoice`; the invoice has events of its own.
 */
import { parseCameroonMobile } from '../../../../domain/phone';
import { clientIdFor } from '../clientIds';
import { ApiError } from '../errors';
import { endOfDoualaDay, presentInvoice } from '../presentLinksAndInvoices';
import { refusalError } from '../refusals';
import { answer, defineRoute } from '../route';
import { idParams, listOf, listQuery } from '../schemas/common';
import { createInvoiceBody, invoiceResource, sendInvoiceBody } from '../schemas/linksAndInvoices';
import type { InvoiceOutcome } from '../../ports';

const EXAMPLE_ID = 'inv_0123456789abcdef01234567';

function invoiceNotFound(): ApiError {
  return new ApiError(404, 'not_found', 'invoice_not_found', 'No such invoice.', 'id');
}

function answered(outcome: InvoiceOutcome, status: number) {
  if (!outcome.ok) {
    if (outcome.reason === 'NOT_FOUND') throw invoiceNotFound();
    throw refusalError(outcome.reason, 'invoice');
  }
  return answer(status, presentInvoice(outcome.invoice));
}

/** The invoice routes, in the order the docs list them. */
export const invoiceRoutes = [
  defineRoute({
    method: 'post',
    path: '/invoices',
    summary: 'Make an invoice (a numbered draft)',
    description:
      'Each line is quantity × unit price; VAT (19.25 % unless vat_rate says otherwise) is charged on the ' +
      'subtotal, rounded half up to the franc. Numbered F-<year>-<seq> at once; send it to give the customer its page.',
    body: createInvoiceBody,
    status: 201,
    response: invoiceResource,
    errors: [400, 403, 409, 422],
    example: {
      body: {
        customer: { name: 'Hôtel Le Palmier', phone: '677 12 34 56' },
        items: [{ description: 'Riz 25 kg', quantity: 2, unit_price: 12_500 }],
        due_date: '2026-12-31',
        currency: 'XAF',
      },
    },
    async handle({ merchantId, body, idempotencyKey, ports }) {
      let phone = null;
      if (body.customer.phone !== undefined) {
        const parsed = parseCameroonMobile(body.customer.phone);
        if (!parsed.ok) {
          throw new ApiError(
            400,
            'invalid_request',
            'parameter_invalid',
            "The customer's phone must be a Cameroonian mobile number.",
            'customer.phone',
          );
        }
        phone = parsed.msisdn;
      }
      const made = await ports.invoices.create({
        merchantId,
        id: clientIdFor('api', merchantId, idempotencyKey ?? ''),
        customer: { name: body.customer.name, phone },
        items: body.items.map((item) => ({
          description: item.description,
          quantity: item.quantity,
          unitPrice: item.unit_price,
        })),
        ...(body.vat_rate === undefined ? {} : { vatRate: body.vat_rate }),
        dueDate: endOfDoualaDay(body.due_date),
        ...(body.notes === undefined ? {} : { notes: body.notes }),
      });
      return answered(made, 201);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/invoices/:id',
    summary: 'One invoice, with its status and what is paid',
    params: idParams,
    status: 200,
    response: invoiceResource,
    errors: [404],
    example: { params: { id: EXAMPLE_ID } },
    async handle({ merchantId, params, ports }) {
      const invoice = await ports.invoices.get(merchantId, params.id);
      if (!invoice) throw invoiceNotFound();
      return answer(200, presentInvoice(invoice));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/invoices',
    summary: 'The invoices, newest first',
    query: listQuery,
    status: 200,
    response: listOf(invoiceResource),
    errors: [400],
    async handle({ merchantId, query, ports }) {
      const page = await ports.invoices.list(merchantId, {
        limit: query.limit,
        ...(query.starting_after === undefined ? {} : { startingAfter: query.starting_after }),
      });
      return answer(200, { object: 'list', data: page.data.map(presentInvoice), has_more: page.hasMore });
    },
  }),
  defineRoute({
    method: 'post',
    path: '/invoices/:id/send',
    summary: 'Send an invoice to its customer',
    description:
      'Makes its page and tells the customer its link: by chat (where they last wrote to us, SMS otherwise) or by ' +
      'SMS. Sending again by the same channel tells nobody twice.',
    params: idParams,
    body: sendInvoiceBody,
    status: 200,
    response: invoiceResource,
    errors: [400, 404, 409, 422],
    example: { params: { id: EXAMPLE_ID }, body: { channel: 'sms' } },
    async handle({ merchantId, params, body, ports }) {
      return answered(await ports.invoices.send(merchantId, params.id, { channel: body.channel }), 200);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/invoices/:id/cancel',
    summary: 'Cancel an invoice nothing was paid on',
    description: 'Its page takes no more payments and the payments started from it that are still open are taken back.',
    params: idParams,
    status: 200,
    response: invoiceResource,
    errors: [404, 409],
    example: { params: { id: EXAMPLE_ID } },
    async handle({ merchantId, params, ports }) {
      return answered(await ports.invoices.cancel(merchantId, params.id), 200);
    },
  }),
];
