/**
 * Texts of the Pay-a-bill flow. Biller names, number labels and the answers a lookup or a payment shares with the
 * notices stay in the bill domain's catalog (`bills.ts`); `{biller}` is the brand as printed on the bill.
 */
import { defineMessages } from './catalog';

export const payBillMessages = defineMessages({
  en: {
    'payBill.chooseBiller': 'Pay which bill?',
    'payBill.noBillers': 'Bill payment is not available right now. Please try again later.',
    'payBill.askNumber': 'Enter your {biller} {label}.',
    'payBill.badNumberRange':
      'The {biller} {label} has {min} to {max} digits. Check it on your bill and type it again, digits only.',
    'payBill.badNumberExact':
      'The {biller} {label} has {count} digits. Check it on your bill and type it again, digits only.',
    'payBill.bills': 'To pay for {customer}:',
    'payBill.billLine': 'Bill {bill}: {amount}, due {due}',
    'payBill.billLineNoDue': 'Bill {bill}: {amount}',
    'payBill.offers': 'Choose an offer for {customer}:',
    'payBill.offerLine': '{offer}: {amount}',
    'payBill.prepaidLine': 'Prepaid credit',
    'payBill.askPartial': 'Bill {bill}: {owed} to pay. Pay it all, or type an amount from {min} to {max}.',
    'payBill.payAll': 'Pay all: {amount}',
    'payBill.askAmount': 'How much do you want to pay to {biller} for {customer}? From {min} to {max}.',
    'payBill.confirm': 'Pay {amount} to {biller} for {customer}? Fee: {fee}. Total: {total}.',
    'payBill.confirmBill': 'Pay {amount} to {biller} for bill {bill}, {customer}? Fee: {fee}. Total: {total}.',
    'payBill.confirmOffer': 'Pay {biller} {offer} for {customer}: {amount}? Fee: {fee}. Total: {total}.',
    'payBill.confirmYes': 'Confirm',
    'payBill.confirmNo': 'Cancel',
    'payBill.paid': '{biller}: {amount} paid for {number}. Fee: {fee}. Receipt: {receipt}. Ref: {reference}',
    'payBill.paidToken':
      '{biller}: {amount} paid for meter {number}. Token: {token}. Receipt: {receipt}. Ref: {reference}',
    'payBill.pending':
      'Your {biller} payment of {amount} for {number} is being processed. We will send you a message when it is done.',
    'payBill.insufficientFunds':
      'Your balance is not enough for {total} (amount and fee). Top up first (menu 2), then pay the bill.',
    'payBill.unsure':
      'We could not confirm your payment because of a technical problem. Try again: the bill will not be paid twice.',
    'payBill.tryAgain': 'Try again',
    'payBill.stop': 'Stop',
    'payBill.checkHistory':
      'Check History in a moment to see whether the payment went through. If it did, we will also send you a message.',
    'payBill.help.biller': 'Reply with the number of the bill you want to pay. 0 cancels.',
    'payBill.help.number':
      'Type the customer number printed on your bill, meter or subscription card, digits only. 0 changes the biller.',
    'payBill.help.item': 'Reply with the number of the bill or offer to pay. 0 changes the customer number.',
    'payBill.help.amount':
      'Type the amount in francs, for example 5000 or 5 000; for a bill, 1 pays it all. 0 goes back.',
    'payBill.help.confirm': 'Reply 1 to confirm and then enter your PIN, or 2 to cancel. 0 goes back.',
    'payBill.help.unsure': 'Reply 1 to try again (the bill cannot be paid twice) or 2 to stop and check History.',
  },
  fr: {
    'payBill.chooseBiller': 'Quelle facture payer ?',
    'payBill.noBillers': "Le paiement de factures n'est pas disponible pour le moment. Réessayez plus tard.",
    'payBill.askNumber': 'Entrez votre {label} {biller}.',
    'payBill.badNumberRange':
      'Le {label} {biller} a de {min} à {max} chiffres. Vérifiez-le sur votre facture et retapez-le, en chiffres seulement.',
    'payBill.badNumberExact':
      'Le {label} {biller} a {count} chiffres. Vérifiez-le sur votre facture et retapez-le, en chiffres seulement.',
    'payBill.bills': 'À payer pour {customer} :',
    'payBill.billLine': 'Facture {bill} : {amount}, échéance {due}',
    'payBill.billLineNoDue': 'Facture {bill} : {amount}',
    'payBill.offers': 'Choisissez une offre pour {customer} :',
    'payBill.offerLine': '{offer} : {amount}',
    'payBill.prepaidLine': 'Crédit prépayé',
    'payBill.askPartial': 'Facture {bill} : {owed} à payer. Payez tout, ou tapez un montant de {min} à {max}.',
    'payBill.payAll': 'Tout payer : {amount}',
    'payBill.askAmount': 'Quel montant voulez-vous payer à {biller} pour {customer} ? De {min} à {max}.',
    'payBill.confirm': 'Payer {amount} à {biller} pour {customer} ? Frais : {fee}. Total : {total}.',
    'payBill.confirmBill':
      'Payer {amount} à {biller} pour la facture {bill}, {customer} ? Frais : {fee}. Total : {total}.',
    'payBill.confirmOffer': 'Payer {biller} {offer} pour {customer} : {amount} ? Frais : {fee}. Total : {total}.',
    'payBill.confirmYes': 'Confirmer',
    'payBill.confirmNo': 'Annuler',
    'payBill.paid': '{biller} : {amount} payés pour {number}. Frais : {fee}. Reçu : {receipt}. Réf : {reference}',
    'payBill.paidToken':
      '{biller} : {amount} payés pour le compteur {number}. Code : {token}. Reçu : {receipt}. Réf : {reference}',
    'payBill.pending':
      "Votre paiement {biller} de {amount} pour {number} est en cours. Nous vous enverrons un message dès qu'il sera fait.",
    'payBill.insufficientFunds':
      "Votre solde ne suffit pas pour {total} (montant et frais). Rechargez d'abord (menu 2), puis payez la facture.",
    'payBill.unsure':
      'Un problème technique nous empêche de confirmer votre paiement. Réessayez : la facture ne sera pas payée deux fois.',
    'payBill.tryAgain': 'Réessayer',
    'payBill.stop': 'Arrêter',
    'payBill.checkHistory':
      "Consultez l'Historique dans un instant pour savoir si le paiement est passé. Si oui, vous recevrez aussi un message.",
    'payBill.help.biller': 'Répondez avec le numéro de la facture à payer. 0 pour annuler.',
    'payBill.help.number':
      "Tapez le numéro client inscrit sur votre facture, compteur ou carte d'abonné, en chiffres. 0 pour changer de facturier.",
    'payBill.help.item': "Répondez avec le numéro de la facture ou de l'offre à payer. 0 pour changer de numéro.",
    'payBill.help.amount':
      'Tapez le montant en francs, par exemple 5000 ou 5 000 ; pour une facture, 1 paie tout. 0 pour revenir.',
    'payBill.help.confirm': 'Répondez 1 pour confirmer puis entrez votre PIN, ou 2 pour annuler. 0 pour revenir.',
    'payBill.help.unsure':
      "Répondez 1 pour réessayer (la facture ne peut pas être payée deux fois) ou 2 pour arrêter et consulter l'Historique.",
  },
});
