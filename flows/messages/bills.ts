/**
 * Texts of bill payments: biller names and number labels (keys named in `domain/billers.ts`), what a lookup or a
 * payment can answer, and the notices the reconciler sends. Brand names stay as printed on the bills.
 */
import { defineMessages } from './catalog';

export const billMessages = defineMessages({
  en: {
    'bills.biller.eneoPostpaid': 'ENEO electricity bill',
    'bills.biller.eneoPrepaid': 'ENEO prepaid meter',
    'bills.biller.camwater': 'CAMWATER water bill',
    'bills.biller.canalplus': 'Canal+ subscription',
    'bills.numberLabel.billOrContract': 'bill or contract number',
    'bills.numberLabel.meter': 'meter number',
    'bills.numberLabel.contract': 'contract number',
    'bills.numberLabel.subscriber': 'subscriber or decoder number',
    'bills.invalidNumber': 'This {label} is not valid. Check it on your bill and try again.',
    'bills.unknownCustomer': '{biller} does not know the number {number}. Check it and try again.',
    'bills.noOpenBill': 'No bill to pay for {number} at {biller}.',
    'bills.amountNotAllowed': 'Amount not accepted: from {min} to {max}.',
    'bills.amountMustBe': 'This bill is paid in full: {amount}.',
    'bills.quoteRefused': '{biller} cannot take this payment now. Nothing was taken from your wallet.',
    'bills.pending': 'Your {biller} payment is being processed. We will tell you when it is done.',
    'bills.paid': '{biller}: {amount} paid for {number}. Receipt {receipt}, ref {reference}.',
    'bills.paidToken': '{biller}: {amount} paid for meter {number}. Token: {token}. Receipt {receipt}.',
    'bills.failed': 'Your {biller} payment of {amount} for {number} did not go through. Your wallet was not charged.',
    'bills.inReview':
      'Your {biller} payment of {amount} for {number} is being checked with the biller. We will tell you the result.',
  },
  fr: {
    'bills.biller.eneoPostpaid': 'Facture ENEO (électricité)',
    'bills.biller.eneoPrepaid': 'Compteur ENEO prépayé',
    'bills.biller.camwater': 'Facture CAMWATER (eau)',
    'bills.biller.canalplus': 'Abonnement Canal+',
    'bills.numberLabel.billOrContract': 'numéro de facture ou de contrat',
    'bills.numberLabel.meter': 'numéro de compteur',
    'bills.numberLabel.contract': 'numéro de contrat',
    'bills.numberLabel.subscriber': "numéro d'abonné ou de décodeur",
    'bills.invalidNumber': "Ce {label} n'est pas valide. Vérifiez-le sur votre facture et réessayez.",
    'bills.unknownCustomer': '{biller} ne trouve pas le numéro {number}. Vérifiez-le et réessayez.',
    'bills.noOpenBill': 'Aucune facture à payer pour {number} chez {biller}.',
    'bills.amountNotAllowed': 'Montant refusé : de {min} à {max}.',
    'bills.amountMustBe': 'Cette facture se paie en entier : {amount}.',
    'bills.quoteRefused': "{biller} ne peut pas prendre ce paiement pour l'instant. Rien n'a été débité.",
    'bills.pending': "Votre paiement {biller} est en cours. Nous vous préviendrons dès qu'il sera fait.",
    'bills.paid': '{biller} : {amount} payés pour {number}. Reçu {receipt}, réf {reference}.',
    'bills.paidToken': '{biller} : {amount} payés pour le compteur {number}. Code : {token}. Reçu {receipt}.',
    'bills.failed':
      "Votre paiement {biller} de {amount} pour {number} n'a pas abouti. Votre compte n'a pas été débité.",
    'bills.inReview':
      'Votre paiement {biller} de {amount} pour {number} est en cours de vérification. Nous vous dirons le résultat.',
  },
});
