/**
 * Reminders of unpaid invoices: one 3 days before the due date, one 1 day after and one 7 days after, each handed to
 * the outbox under its key (`invoice-reminder:<id>:<kind>`), which keeps one notice per key: a pass that crashed
 * before handing it over sends it at the next pass, and two workers at once send it once. (No mark is inserted first:
 * a crash between the mark and the notice would lose the reminder.) A reminder whose window passed while no worker ran is skipped, not sent late (the next one is). Only sent, unpaid,
 * uncancelled invoices are reminded. The pass also records the events an invoice's status shows (overdue, paid).
 */
import { startPeriodicWorker } from '../../periodicWorker';
import { dateParam, francsParam } from '../../notifications';
import type { Invoices } from './invoices';

const DAY_MS = 86_400_000;

/** Each reminder and when it is due, relative to the due date. */
export const INVOICE_REMINDERS = [
  { kind: 'before3', fromMs: -3 * DAY_MS, untilMs: 0 },
  { kind: 'after1', fromMs: 1 * DAY_MS, untilMs: 7 * DAY_MS },
  { kind: 'after7', fromMs: 7 * DAY_MS, untilMs: Infinity },
] as const;

export type InvoiceReminderKind = (typeof INVOICE_REMINDERS)[number]['kind'];

export interface ReminderReport {
  examined: number;
  /** Reminders handed to the outbox in this pass (one already there under its key is not sent again). */
  reminded: number;
  errors: number;
}

/** One pass over the invoices not known settled. Several processes may run it at once. */
export async function remindOnce(invoices: Invoices, batch = 500): Promise<ReminderReport> {
  const { store, notifier, merchants } = invoices.options;
  const report: ReminderReport = { examined: 0, reminded: 0, errors: 0 };
  for (const invoice of await store.unsettled(batch)) {
    report.examined += 1;
    try {
      const view = await invoices.refresh(invoice);
      const phone = invoice.customer.phone;
      if (!['sent', 'partially_paid', 'overdue'].includes(view.status) || !phone || !view.url) continue;
      const since = invoices.clock().getTime() - invoice.dueDate.getTime();
      const due = INVOICE_REMINDERS.find((r) => since >= r.fromMs && since < r.untilMs);
      if (!due) continue;
      const key = `invoice-reminder:${invoice._id}:${due.kind}`;
      const merchant = await merchants.getMerchant(invoice.merchantId);
      const params = {
        merchant: merchant?.name ?? '',
        number: invoice.number,
        amount: francsParam(view.amountDue),
        date: dateParam(invoice.dueDate),
        link: view.url,
      };
      const noticeKey = due.kind === 'before3' ? 'invoices.reminderBefore' : 'invoices.reminderAfter';
      await notifier.notify(phone, { key: noticeKey, params }, key);
      report.reminded += 1;
    } catch {
      report.errors += 1; // tried again next pass
    }
  }
  return report;
}

/** Runs remindOnce at start and every `intervalMs`. */
export function startInvoiceReminderWorker(
  invoices: Invoices,
  options: { intervalMs: number; onReport?: (report: ReminderReport) => void },
) {
  return startPeriodicWorker(() => remindOnce(invoices), options);
}
