/**
 * Notices to a merchant's customers about an invoice (domain/merchants/invoices/): sent by chat or SMS, so each
 * stays short. The merchant's name is its registered name; the link is the invoice's own page.
 */
import { defineMessages } from './catalog';

export const invoiceMessages = defineMessages({
  en: {
    'invoices.sent': '{merchant} sent you invoice {number}: {amount} due by {date}. See and pay it at {link}',
    'invoices.reminderBefore': 'Reminder: invoice {number} from {merchant}, {amount} due by {date}. Pay at {link}',
    'invoices.reminderAfter': 'Invoice {number} from {merchant} is overdue: {amount} was due {date}. Pay at {link}',
  },
  fr: {
    'invoices.sent':
      '{merchant} vous envoie la facture {number} : {amount} à payer avant le {date}. Voir et payer : {link}',
    'invoices.reminderBefore':
      'Rappel : facture {number} de {merchant}, {amount} à payer avant le {date}. Payer : {link}',
    'invoices.reminderAfter':
      'La facture {number} de {merchant} est en retard : {amount} dus le {date}. Payer : {link}',
  },
});
