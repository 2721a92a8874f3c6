/**
 * Withdrawal texts: the steps of sending wallet money to one's own mobile-money account.
 */
import { defineMessages } from './catalog';

export const withdrawMessages = defineMessages({
  en: {
    'withdraw.askAmount': 'How much do you want to withdraw? (e.g. 5000)',
    'withdraw.askRail': 'Withdraw {amount} to your number {number} on:',
    'withdraw.railMtn': 'MTN MoMo',
    'withdraw.railOrange': 'Orange Money',
    'withdraw.railSuggested': '{rail} (your operator)',
    'withdraw.operatorMismatch':
      'Note: {number} does not look like a {rail} number. If it has no {rail} account, the money comes back to you.',
    'withdraw.notEnough':
      'Your balance ({available}) is not enough for {amount} plus the {fee} fee ({total}). Enter a smaller amount.',
    'withdraw.insufficientFunds':
      'Your balance is not enough for {amount} plus the {fee} fee ({total}). Nothing was withdrawn.',
    'withdraw.confirm':
      'Withdraw {amount} to {rail} {number}? Fee: {fee}. Total: {total}. Balance after: {balanceAfter}.',
    'withdraw.confirmYes': 'Confirm',
    'withdraw.confirmNo': 'Cancel',
    'withdraw.started':
      'Your money is on its way: {amount} to {rail}. {total} held until the operator confirms. Ref {reference}',
    'withdraw.railUnavailable': '{rail} cannot receive withdrawals right now. Nothing was withdrawn. Try again later.',
    'withdraw.unsure':
      'A technical problem stopped us confirming your withdrawal. Try again: the money cannot leave twice.',
    'withdraw.tryAgain': 'Try again',
    'withdraw.stop': 'Stop',
    'withdraw.checkHistory': 'Check History in a moment to see whether the withdrawal went through.',
    'withdraw.help.amount': 'Type the amount to withdraw in francs, for example 5000, 5 000 or 5k. A fee is added.',
    'withdraw.help.rail':
      'Reply with the number of your mobile money operator. The money goes only to your own number.',
    'withdraw.help.confirm': 'Reply 1 to confirm and then enter your PIN, or 2 to cancel. 0 changes the operator.',
    'withdraw.help.unsure': 'Reply 1 to try again (the money cannot leave twice) or 2 to stop and check History.',
  },
  fr: {
    'withdraw.askAmount': 'Quel montant voulez-vous retirer ? (ex. 5000)',
    'withdraw.askRail': 'Retirer {amount} vers votre numéro {number} sur :',
    'withdraw.railMtn': 'MTN MoMo',
    'withdraw.railOrange': 'Orange Money',
    'withdraw.railSuggested': '{rail} (votre opérateur)',
    'withdraw.operatorMismatch':
      'Attention : le {number} ne semble pas être un numéro {rail}. S’il n’a pas de compte {rail}, l’argent vous revient.',
    'withdraw.notEnough':
      'Votre solde ({available}) ne suffit pas pour {amount} plus {fee} de frais ({total}). Entrez un montant plus petit.',
    'withdraw.insufficientFunds':
      'Votre solde ne suffit pas pour {amount} plus {fee} de frais ({total}). Rien n’a été retiré.',
    'withdraw.confirm':
      'Retirer {amount} vers {rail} {number} ? Frais : {fee}. Total : {total}. Solde après : {balanceAfter}.',
    'withdraw.confirmYes': 'Confirmer',
    'withdraw.confirmNo': 'Annuler',
    'withdraw.started':
      'Argent en route : {amount} vers {rail}. {total} bloqués jusqu’à l’accord de l’opérateur. Réf {reference}',
    'withdraw.railUnavailable':
      '{rail} ne peut pas recevoir de retrait pour le moment. Rien n’a été retiré. Réessayez plus tard.',
    'withdraw.unsure':
      'Un problème technique nous empêche de confirmer votre retrait. Réessayez : l’argent ne peut pas partir deux fois.',
    'withdraw.tryAgain': 'Réessayer',
    'withdraw.stop': 'Arrêter',
    'withdraw.checkHistory': 'Consultez l’Historique dans un instant pour savoir si le retrait est passé.',
    'withdraw.help.amount':
      'Tapez le montant à retirer en francs, par exemple 5000, 5 000 ou 5k. Des frais s’y ajoutent.',
    'withdraw.help.rail':
      'Répondez avec le numéro de votre opérateur mobile money. L’argent va uniquement vers votre propre numéro.',
    'withdraw.help.confirm':
      'Répondez 1 pour confirmer puis entrez votre PIN, ou 2 pour annuler. 0 pour changer d’opérateur.',
    'withdraw.help.unsure':
      'Répondez 1 pour réessayer (l’argent ne peut pas partir deux fois) ou 2 pour arrêter et consulter l’Historique.',
  },
});
