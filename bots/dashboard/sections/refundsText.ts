/**
 * The refunds' texts, French and English: the list, a payment's refunds, the refund form and every refusal of a
 * refund said in words.
 */
import { sayFrom } from '../../pages/links/pageShell';

const en = {
  title: 'Refunds',
  'col.date': 'Date',
  'col.reference': 'Reference',
  'col.payment': 'Payment',
  'col.amount': 'Amount',
  'col.destination': 'To',
  'col.status': 'Status',
  'col.note': 'Reason',
  empty: 'No refund yet.',
  'status.pending': 'pending',
  'status.processed': 'refunded',
  'status.failed': 'failed',
  'destination.wallet': 'the payer’s wallet',
  'destination.mobile_money': 'the mobile-money number that paid',
  'section.title': 'Refunds of this payment',
  refundable: '{amount} can still be refunded.',
  nothingRefundable: 'Nothing is left to refund.',
  'form.title': 'Refund',
  'form.explain':
    'The amount goes back to the payer from your balance. Leave the whole amount for a full refund, or type less for a partial one.',
  'form.destination': 'It goes to {destination}.',
  'form.limit': 'Your own limit per refund: {amount}.',
  'form.amount': 'Amount (FCFA)',
  'form.reason': 'Reason (optional, the payer may see it)',
  'form.submit': 'Refund',
  done: 'Refund of {amount} recorded: {status}.',
  'refusal.title': 'Refund not made',
  'refusal.BAD_AMOUNT': 'Type the amount in whole francs, more than 0.',
  'refusal.BAD_FORM': 'This form is not valid. Reload the page and try again.',
  'refusal.PAYMENT_NOT_FOUND': 'This payment was not found.',
  'refusal.NOT_PAID': 'This payment is not paid: there is nothing to refund.',
  'refusal.INVALID_AMOUNT': 'Type the amount in whole francs, more than 0.',
  'refusal.EXCEEDS_REFUNDABLE': 'This is more than what can still be refunded of this payment.',
  'refusal.MERCHANT_SUSPENDED': 'Your business is suspended: refunds are paused.',
  'refusal.DESTINATION_UNAVAILABLE': 'The payer can no longer receive this refund (no wallet or rail to reach them).',
  'refusal.INSUFFICIENT_FUNDS': 'Your balance is too low for this refund. Nothing was moved.',
  'refusal.CONFLICT': 'This form was already used for another refund. Reload the page and try again.',
};

const fr: Record<keyof typeof en, string> = {
  title: 'Remboursements',
  'col.date': 'Date',
  'col.reference': 'Référence',
  'col.payment': 'Paiement',
  'col.amount': 'Montant',
  'col.destination': 'Vers',
  'col.status': 'Statut',
  'col.note': 'Motif',
  empty: 'Aucun remboursement pour l’instant.',
  'status.pending': 'en cours',
  'status.processed': 'remboursé',
  'status.failed': 'échoué',
  'destination.wallet': 'le portefeuille du payeur',
  'destination.mobile_money': 'le numéro mobile money qui a payé',
  'section.title': 'Remboursements de ce paiement',
  refundable: '{amount} peuvent encore être remboursés.',
  nothingRefundable: 'Il ne reste rien à rembourser.',
  'form.title': 'Rembourser',
  'form.explain':
    'Le montant retourne au payeur depuis votre solde. Laissez le montant entier pour tout rembourser, ou tapez moins pour un remboursement partiel.',
  'form.destination': 'Il va vers {destination}.',
  'form.limit': 'Votre propre limite par remboursement : {amount}.',
  'form.amount': 'Montant (FCFA)',
  'form.reason': 'Motif (facultatif, le payeur peut le voir)',
  'form.submit': 'Rembourser',
  done: 'Remboursement de {amount} enregistré : {status}.',
  'refusal.title': 'Remboursement non effectué',
  'refusal.BAD_AMOUNT': 'Tapez le montant en francs entiers, plus que 0.',
  'refusal.BAD_FORM': 'Ce formulaire n’est pas valable. Rechargez la page et réessayez.',
  'refusal.PAYMENT_NOT_FOUND': 'Ce paiement est introuvable.',
  'refusal.NOT_PAID': 'Ce paiement n’est pas payé : il n’y a rien à rembourser.',
  'refusal.INVALID_AMOUNT': 'Tapez le montant en francs entiers, plus que 0.',
  'refusal.EXCEEDS_REFUNDABLE': 'C’est plus que ce qui peut encore être remboursé de ce paiement.',
  'refusal.MERCHANT_SUSPENDED': 'Votre entreprise est suspendue : les remboursements sont arrêtés.',
  'refusal.DESTINATION_UNAVAILABLE':
    'Le payeur ne peut plus recevoir ce remboursement (pas de portefeuille ni de réseau pour l’atteindre).',
  'refusal.INSUFFICIENT_FUNDS': 'Votre solde est trop bas pour ce remboursement. Rien n’a bougé.',
  'refusal.CONFLICT': 'Ce formulaire a déjà servi pour un autre remboursement. Rechargez la page et réessayez.',
};

export type RefundsTextKey = keyof typeof en;

/** A text of the refunds, escaped, its parameters filled. */
export const sayRefunds = sayFrom({ en, fr });
