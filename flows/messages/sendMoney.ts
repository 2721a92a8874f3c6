/**
 * Send-money texts.
 */
import { defineMessages } from './catalog';

export const sendMoneyMessages = defineMessages({
  en: {
    'sendMoney.askRecipient': 'Send money to which number? (e.g. 677123456)',
    'sendMoney.askAmount': 'How much do you want to send to {recipient}?',
    'sendMoney.confirmKnown':
      'Send {amount} to {name} ({recipient})? Fee: {fee}. Total: {total}. Balance after: {balanceAfter}.',
    'sendMoney.confirmUnknown':
      'Send {amount} to {recipient}? This number has no wallet yet: the money waits for them to sign up. Fee: {fee}. Total: {total}. Balance after: {balanceAfter}.',
    'sendMoney.confirmYes': 'Confirm',
    'sendMoney.confirmNo': 'Cancel',
    'sendMoney.receipt':
      'Sent {amount} to {name} {recipient}. Fee: {fee}. New balance: {balanceAfter}. Ref: {reference}',
    'sendMoney.receiptHeld':
      '{amount} is waiting for {recipient} until {until}; we told them how to claim it. If they do not, it comes back to you. Fee: {fee}. Balance: {balanceAfter}. Ref: {reference}',
    'sendMoney.unsure':
      'We could not confirm your transfer because of a technical problem. Try again: it will not be sent twice.',
    'sendMoney.tryAgain': 'Try again',
    'sendMoney.stop': 'Stop',
    'sendMoney.checkHistory': 'Check History in a moment to see whether the transfer went through.',
    'sendMoney.help.recipient': 'Type the mobile number of the person, for example 677123456 or +237 6 77 12 34 56.',
    'sendMoney.help.amount': 'Type the amount in francs, for example 5000, 5 000 or 5k.',
    'sendMoney.help.confirm': 'Reply 1 to confirm and then enter your PIN, or 2 to cancel. 0 changes the amount.',
    'sendMoney.help.unsure': 'Reply 1 to try again (the money cannot leave twice) or 2 to stop and check History.',
  },
  fr: {
    'sendMoney.askRecipient': 'Envoyer de l’argent à quel numéro ? (ex. 677123456)',
    'sendMoney.askAmount': 'Quel montant voulez-vous envoyer au {recipient} ?',
    'sendMoney.confirmKnown':
      'Envoyer {amount} à {name} ({recipient}) ? Frais : {fee}. Total : {total}. Solde après : {balanceAfter}.',
    'sendMoney.confirmUnknown':
      'Envoyer {amount} au {recipient} ? Ce numéro n’a pas encore de portefeuille : l’argent l’attend jusqu’à son inscription. Frais : {fee}. Total : {total}. Solde après : {balanceAfter}.',
    'sendMoney.confirmYes': 'Confirmer',
    'sendMoney.confirmNo': 'Annuler',
    'sendMoney.receipt':
      '{amount} envoyés à {name} {recipient}. Frais : {fee}. Nouveau solde : {balanceAfter}. Réf : {reference}',
    'sendMoney.receiptHeld':
      '{amount} attendent le {recipient} jusqu’au {until} ; nous lui avons expliqué comment les recevoir. Sinon, l’argent vous revient. Frais : {fee}. Solde : {balanceAfter}. Réf : {reference}',
    'sendMoney.unsure':
      'Un problème technique nous empêche de confirmer votre transfert. Réessayez : il ne sera pas envoyé deux fois.',
    'sendMoney.tryAgain': 'Réessayer',
    'sendMoney.stop': 'Arrêter',
    'sendMoney.checkHistory': 'Consultez l’Historique dans un instant pour savoir si le transfert est passé.',
    'sendMoney.help.recipient': 'Tapez le numéro mobile de la personne, par exemple 677123456 ou +237 6 77 12 34 56.',
    'sendMoney.help.amount': 'Tapez le montant en francs, par exemple 5000, 5 000 ou 5k.',
    'sendMoney.help.confirm':
      'Répondez 1 pour confirmer puis entrez votre PIN, ou 2 pour annuler. 0 pour changer le montant.',
    'sendMoney.help.unsure':
      'Répondez 1 pour réessayer (l’argent ne peut pas partir deux fois) ou 2 pour arrêter et consulter l’Historique.',
  },
});
