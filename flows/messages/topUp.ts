/**
 * Top-up texts: the steps of bringing money in, and how a started top-up continues on the payer's phone.
 */
import { defineMessages } from './catalog';

export const topUpMessages = defineMessages({
  en: {
    'topUp.askAmount': 'How much do you want to top up? (e.g. 10000)',
    'topUp.askSource': 'Top up {amount} from:',
    'topUp.sourceMtn': 'MTN MoMo',
    'topUp.sourceOrange': 'Orange Money',
    'topUp.sourceCard': 'Bank card',
    'topUp.askPayer': 'Which {rail} number pays?',
    'topUp.myNumber': 'My number {number}',
    'topUp.anotherNumber': 'Another number',
    'topUp.askOtherNumber': 'Type the {rail} number that pays (e.g. 677123456).',
    'topUp.operatorMismatch':
      'Note: {number} does not look like a {rail} number. The payment only works if it has a {rail} account.',
    'topUp.notActiveAccount': '{number} is not an active {rail} account. Nothing was started.',
    'topUp.confirmMobile': 'Top up {amount} with {rail}? Fee: {fee}. Debited from {payer}: {total}.',
    'topUp.confirmCard':
      'Top up {amount} by card? Fee: {fee}. Card charged: {total}. You pay on our provider’s secure page; we never see your card.',
    'topUp.confirmYes': 'Confirm',
    'topUp.confirmNo': 'Cancel',
    'topUp.pendingOwn':
      'Top-up of {amount} started. Approve the request on your phone. We will tell you if it succeeds or fails. Ref {reference}',
    'topUp.pendingOther':
      'Top-up of {amount} started: {payer} must approve it on that phone. We will tell you how it ends. Ref {reference}',
    'topUp.cardStarted': 'Card top-up of {amount}: pay at {link} Ref {reference}',
    'topUp.cardPending':
      'Card top-up of {amount} started. No payment page link? Wait until it is cancelled, then start again. Ref {reference}',
    'topUp.limitBalance':
      'Your wallet would go over its maximum balance (top-ups not yet approved count too). Choose a smaller amount.',
    'topUp.cardUnavailable': 'Card top-ups are not available yet. Choose MTN MoMo or Orange Money.',
    'topUp.railUnavailable': '{rail} is not available right now. Choose another way to top up.',
    'topUp.unsure': 'A technical problem stopped us confirming your top-up. Try again: it will not be made twice.',
    'topUp.otherNumbersLimit':
      'You have already topped up from as many other numbers as allowed today. Top up from your own number, or try again tomorrow.',
    // Shown by the operator with the payment prompt: at most 160 characters with the name, and no apostrophes.
    'topUp.payerMessage':
      '{requester} asks you for {amount} to top up their wallet. Approve only if you know them. Never share your PIN.',
    'topUp.tryAgain': 'Try again',
    'topUp.stop': 'Stop',
    'topUp.checkHistory':
      'If a payment request appears on the phone, it is this top-up. Check History in a moment to see whether it started.',
    'topUp.help.amount': 'Type the amount to add to your wallet, in francs, for example 10000, 10 000 or 10k.',
    'topUp.help.source': 'Reply 1 for MTN MoMo, 2 for Orange Money or 3 for a bank card. 0 changes the amount.',
    'topUp.help.payer':
      'Reply 1 to pay from your own number, or 2 to pay from another number (a relative’s, for example).',
    'topUp.help.otherNumber': 'Type the mobile money number that pays, for example 677123456. Its owner approves it.',
    'topUp.help.confirm':
      'Reply 1 to confirm or 2 to cancel. The payer then approves on their phone; from another number we ask your PIN first.',
    'topUp.help.unsure': 'Reply 1 to try again (it cannot be made twice) or 2 to stop and check History.',
  },
  fr: {
    'topUp.askAmount': 'Quel montant voulez-vous recharger ? (ex. 10000)',
    'topUp.askSource': 'Recharger {amount} depuis :',
    'topUp.sourceMtn': 'MTN MoMo',
    'topUp.sourceOrange': 'Orange Money',
    'topUp.sourceCard': 'Carte bancaire',
    'topUp.askPayer': 'Quel numéro {rail} paie ?',
    'topUp.myNumber': 'Mon numéro {number}',
    'topUp.anotherNumber': 'Un autre numéro',
    'topUp.askOtherNumber': 'Tapez le numéro {rail} qui paie (ex. 677123456).',
    'topUp.operatorMismatch':
      'Attention : le {number} ne semble pas être un numéro {rail}. Le paiement ne marche que s’il a un compte {rail}.',
    'topUp.notActiveAccount': 'Le {number} n’est pas un compte {rail} actif. Rien n’a été lancé.',
    'topUp.confirmMobile': 'Recharger {amount} par {rail} ? Frais : {fee}. Débité du {payer} : {total}.',
    'topUp.confirmCard':
      'Recharger {amount} par carte ? Frais : {fee}. Carte débitée : {total}. Paiement sur la page sécurisée du prestataire.',
    'topUp.confirmYes': 'Confirmer',
    'topUp.confirmNo': 'Annuler',
    'topUp.pendingOwn':
      'Recharge de {amount} lancée. Validez la demande sur votre téléphone. Nous vous dirons si elle aboutit. Réf {reference}',
    'topUp.pendingOther':
      'Recharge de {amount} lancée : le {payer} doit la valider. Nous vous dirons la suite. Réf {reference}',
    'topUp.cardStarted': 'Recharge carte de {amount} : payez sur {link} Réf {reference}',
    'topUp.cardPending':
      'Recharge carte de {amount} lancée. Pas de lien de paiement ? Attendez son annulation puis recommencez. Réf {reference}',
    'topUp.limitBalance':
      'Votre portefeuille dépasserait son solde maximum (recharges en attente comprises). Choisissez un montant plus petit.',
    'topUp.cardUnavailable': 'La recharge par carte n’est pas encore disponible. Choisissez MTN MoMo ou Orange Money.',
    'topUp.railUnavailable': '{rail} n’est pas disponible pour le moment. Choisissez un autre moyen.',
    'topUp.unsure':
      'Un problème technique nous empêche de confirmer votre recharge. Réessayez : elle ne sera pas faite deux fois.',
    'topUp.otherNumbersLimit':
      'Vous avez déjà rechargé depuis autant d’autres numéros que permis aujourd’hui. Rechargez depuis votre numéro, ou réessayez demain.',
    'topUp.payerMessage':
      '{requester} vous demande {amount} pour recharger son compte. Validez si vous le connaissez. Ne donnez jamais votre PIN.',
    'topUp.tryAgain': 'Réessayer',
    'topUp.stop': 'Arrêter',
    'topUp.checkHistory':
      'Si une demande de paiement arrive sur le téléphone, c’est cette recharge. Consultez l’Historique dans un instant.',
    'topUp.help.amount': 'Tapez le montant à ajouter à votre portefeuille, par exemple 10000, 10 000 ou 10k.',
    'topUp.help.source':
      'Répondez 1 pour MTN MoMo, 2 pour Orange Money ou 3 pour une carte bancaire. 0 pour changer le montant.',
    'topUp.help.payer':
      'Répondez 1 pour payer depuis votre numéro, ou 2 pour payer depuis un autre numéro (un proche, par exemple).',
    'topUp.help.otherNumber':
      'Tapez le numéro mobile money qui paie, par exemple 677123456. Son titulaire valide le paiement.',
    'topUp.help.confirm':
      'Répondez 1 pour confirmer ou 2 pour annuler. Le payeur valide ensuite sur son téléphone ; depuis un autre numéro, nous demandons d’abord votre PIN.',
    'topUp.help.unsure':
      'Répondez 1 pour réessayer (elle ne peut pas être faite deux fois) ou 2 pour arrêter et consulter l’Historique.',
  },
});
