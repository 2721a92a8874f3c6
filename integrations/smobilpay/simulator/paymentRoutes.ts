/**
 * The simulator's payments: `POST /quotestd`, `POST /collectstd`, `GET /verifytx`. A collect is inserted once
 * under its trid (a unique index decides races; a collect under a trid already used answers that payment, as
 * the product's port requires: STRICTER than S3P, whose documentation says it does not check trids). A quote
 * pays once. Outcomes follow the shared stories (9999: ERRORED, 8888: PENDING) or the planned faults.
 */
import { randomUUID } from 'node:crypto';
import express, { type Router } from 'express';
import { z } from 'zod';
import { scriptedOutcome, simulatedReceipt } from '../../bills/simulatedCustomers';
import { isDuplicateKeyError } from '../../mongo/insertBatcher';
import { S3P_ERRORS } from '../s3pWire';
import { findSimulatedService } from './simulatedServices';
import { findOpenItem, money, refuse, s3pError, type SimulatorContext } from './simulatorContext';
import { currentPayment, persistCompletion, type SimPayment, type SimQuote } from './simulatorStore';

/** The errorCode a biller's refusal carries in the simulator (ours). */
const BILLER_REFUSED = 703201;

const quoteBody = z.object({
  payItemId: z.string().min(1),
  amount: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]),
});

const collectBody = z.object({
  quoteId: z.string().min(1),
  customerPhonenumber: z.string().regex(/^\d{8,15}$/),
  customerEmailaddress: z.string().optional(),
  serviceNumber: z.string().min(1),
  trid: z.string().min(1).max(64).optional(),
});

export function paymentRoutes(context: SimulatorContext): Router {
  const router = express.Router();
  const { collections, settings, clock, faults } = context;

  router.post('/quotestd', async (req, res) => {
    const body = quoteBody.safeParse(req.body);
    if (!body.success) return refuse.invalid(res, 'payItemId and amount are required');
    const found = await findOpenItem(context, body.data.payItemId);
    if (!found) return s3pError(res, 404, S3P_ERRORS.PAY_ITEM_UNKNOWN, 'Payment item unknown or already paid');
    const { item } = found;
    const amount = body.data.amount;
    if (!Number.isSafeInteger(amount) || amount <= 0) {
      return s3pError(res, 400, S3P_ERRORS.INVALID_AMOUNT, 'Amount must be a positive whole number');
    }
    if (item.kind === 'OFFER' && amount !== item.amount) {
      return s3pError(res, 400, S3P_ERRORS.AMOUNT_NOT_PRICE, 'Amount must be the price of the offer');
    }
    if (item.kind === 'BILL' && amount > item.amount!) {
      return s3pError(res, 400, S3P_ERRORS.AMOUNT_ABOVE_BILL, 'Amount exceeds the open bill amount');
    }
    const quote: SimQuote = {
      _id: randomUUID(),
      payItemId: item.payItemId,
      serviceid: found.service.serviceid,
      customerNumber: found.customerNumber,
      amount,
      prepaid: item.kind === 'PREPAID',
      expiresAt: new Date(clock().getTime() + settings.quoteTtlMs),
    };
    await collections.quotes.insertOne(quote);
    res.json({
      quoteId: quote._id,
      expiresAt: quote.expiresAt.toISOString(),
      payItemId: quote.payItemId,
      amountLocalCur: money(amount),
      priceLocalCur: money(amount),
      priceSystemCur: money(amount),
      localCur: 'XAF',
      systemCur: 'XAF',
      promotion: null,
    });
  });

  router.post('/collectstd', async (req, res) => {
    const body = collectBody.safeParse(req.body);
    if (!body.success) return refuse.invalid(res, 'quoteId, customerPhonenumber and serviceNumber are required');
    const { quoteId, serviceNumber, trid } = body.data;
    // A trid seen before: that payment's status, whatever this request says.
    const known = trid ? await collections.payments.findOne({ tridKey: trid }) : null;
    if (known) return void res.json(paymentJson(await current(known)));
    const quote = await collections.quotes.findOne({ _id: quoteId });
    if (!quote) return s3pError(res, 404, S3P_ERRORS.QUOTE_UNKNOWN, 'Quote unknown');
    if (quote.customerNumber !== serviceNumber.trim()) {
      return s3pError(res, 400, S3P_ERRORS.SERVICE_NUMBER_MISMATCH, 'serviceNumber is not the quoted one');
    }
    // Refused and not recorded: an expired quote is never collected later.
    if (clock().getTime() > quote.expiresAt.getTime()) {
      return s3pError(res, 400, S3P_ERRORS.QUOTE_EXPIRED, 'Quote expired');
    }
    const payment = newPayment(quote, trid ?? null);
    try {
      await collections.payments.insertOne(payment);
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      // Lost a race: under the same trid, the winner's payment is the answer; otherwise the quote was used.
      const winner = trid ? await collections.payments.findOne({ tridKey: trid }) : null;
      if (winner) return void res.json(paymentJson(await current(winner)));
      return s3pError(res, 400, S3P_ERRORS.QUOTE_ALREADY_USED, 'Quote already used');
    }
    res.json(paymentJson(payment));
  });

  router.get('/verifytx', async (req, res) => {
    const query = new URL(req.originalUrl, 'http://simulator').searchParams;
    const trid = query.get('trid');
    const ptn = query.get('ptn');
    if (!trid && !ptn) return refuse.invalid(res, 'ptn or trid is required');
    const filter = trid ? { tridKey: trid } : { ptn: ptn! };
    const found = await collections.payments.find(filter).toArray();
    const payments = await Promise.all(found.map(current));
    res.json(payments.filter((p) => !ptn || p.ptn === ptn).map(paymentJson));
  });

  /** The payment as it stands now, completing it lazily. */
  async function current(stored: SimPayment): Promise<SimPayment> {
    const payment = currentPayment(stored, clock());
    if (payment !== stored) await persistCompletion(collections, payment);
    return payment;
  }

  function newPayment(quote: SimQuote, trid: string | null): SimPayment {
    const now = clock();
    const reference = trid ?? randomUUID();
    const receipt = simulatedReceipt(reference, quote.prepaid);
    const scripted = faults.take('errored')
      ? 'ERRORED'
      : faults.take('pending')
        ? 'STAY_PENDING'
        : scriptedOutcome(quote.customerNumber);
    const after = (ms: number | null) => (ms === null ? null : new Date(now.getTime() + ms));
    const completesAt =
      scripted === 'PENDING' ? after(settings.pendingMs) : scripted === 'SUCCESS' ? after(settings.completionMs) : null;
    const status =
      scripted === 'ERRORED'
        ? 'ERRORED'
        : scripted === 'SUCCESS' && settings.completionMs === 0
          ? 'SUCCESS'
          : 'PENDING';
    return {
      _id: randomUUID(),
      tridKey: trid ?? `none:${receipt.ptn}`,
      trid,
      quoteId: quote._id,
      ptn: receipt.ptn,
      receiptNumber: receipt.receiptNumber,
      pin: receipt.token,
      payItemId: quote.payItemId,
      serviceid: quote.serviceid,
      customerNumber: quote.customerNumber,
      amount: quote.amount,
      status,
      completesAt: status === 'PENDING' ? completesAt : null,
      finalStatus: 'SUCCESS',
      errorCode: status === 'ERRORED' ? BILLER_REFUSED : null,
      createdAt: now,
    };
  }

  return router;
}

/** A payment as S3P's collectstd and verifytx describe it. */
function paymentJson(payment: SimPayment) {
  const done = payment.status === 'SUCCESS';
  return {
    ptn: payment.ptn,
    serviceid: payment.serviceid,
    merchant: findSimulatedService(payment.serviceid)?.merchant ?? null,
    timestamp: payment.createdAt.toISOString(),
    agentBalance: '1000000.00',
    receiptNumber: payment.receiptNumber,
    veriCode: payment.ptn.slice(-6),
    clearingDate: null,
    trid: payment.trid,
    priceLocalCur: money(payment.amount),
    priceSystemCur: money(payment.amount),
    localCur: 'XAF',
    systemCur: 'XAF',
    pin: done ? payment.pin : null,
    status: payment.status,
    payItemId: payment.payItemId,
    payItemDescr: null,
    tag: null,
    errorCode: payment.errorCode,
  };
}
