/**
 * Texts every flow shares: the runtime's own answers (cancelled, expired, busy…), PIN prompts and refusals, and
 * the main menu.
 */
import { defineMessages } from './catalog';

export const commonMessages = defineMessages({
  en: {
    'common.cancelled': 'Cancelled. Nothing was done.',
    'common.sessionExpired': 'Your session expired after a few minutes without activity. Nothing was done.',
    'common.flowUpdated':
      'We have just improved this service, so we are starting again from the menu. Nothing was done.',
    'common.busy': 'We are still answering your previous message. Please wait a moment and try again.',
    'common.slowDown': 'Too many messages in a short time. Please wait a minute and try again.',
    'common.stillWorking':
      'This is taking longer than usual. We will tell you as soon as it is done; you can check in History.',
    'common.technicalProblem':
      'Sorry, a technical problem stopped this. No money was moved twice. Please try again in a moment.',
    'common.unsupported': 'Please answer with text. Send 00 for the menu or help for help.',
    'common.invalidChoice': 'Please reply with one of the numbers shown.',
    'common.help':
      'Reply with a number from the menu. 0 goes back, 00 opens the main menu, cancel stops what you are doing.',
    'common.menuHint': 'Send 00 for the menu.',
    'common.askPin': 'Enter your PIN to confirm.',
    'common.wrongPin': 'Wrong PIN. {triesLeft} tries left.',
    'common.pinLocked': 'Too many wrong PINs. Your PIN is locked until {until}. Nothing was done.',
    'common.pinHelp': 'Enter the 4 or 5 digit PIN you chose when you signed up. It is never shown or stored in clear.',
    'menu.title': 'Hello {name}. What would you like to do?',
    'menu.balance': 'Balance',
    'menu.topUp': 'Top up',
    'menu.sendMoney': 'Send money',
    'menu.requestPayment': 'Request payment',
    'menu.payBill': 'Pay a bill',
    'menu.withdraw': 'Withdraw',
    'menu.history': 'History',
    'menu.pendingRequests': 'Requests to pay',
    'menu.settings': 'Settings',
    'menu.help':
      'Reply with the number of what you want to do, for example 3 to send money. You can also type: send 5000 to 677123456, balance, history.',
    'menu.balanceIs': 'Available: {available}. On hold: {held}. Incoming: {incoming}. Send 00 for the menu.',
    'shortcut.how.send': 'To send money, type for example: send 5000 to 677123456. Or send 3 for the menu.',
    'shortcut.how.topup': 'To top up, type for example: top up 10000. Or send 2 for the menu.',
    'shortcut.how.withdraw': 'To withdraw, type for example: withdraw 5000. Or send 6 for the menu.',
  },
  fr: {
    'common.cancelled': 'Annulé. Rien n’a été fait.',
    'common.sessionExpired': 'Votre session a expiré après quelques minutes d’inactivité. Rien n’a été fait.',
    'common.flowUpdated': 'Nous venons d’améliorer ce service : reprenons depuis le menu. Rien n’a été fait.',
    'common.busy': 'Nous traitons encore votre message précédent. Patientez un instant puis réessayez.',
    'common.slowDown': 'Trop de messages en peu de temps. Patientez une minute puis réessayez.',
    'common.stillWorking':
      'Cela prend plus de temps que d’habitude. Nous vous préviendrons dès que c’est fait ; vous pouvez suivre dans Historique.',
    'common.technicalProblem':
      'Désolé, un problème technique a interrompu l’opération. Aucun argent n’a été débité deux fois. Réessayez dans un instant.',
    'common.unsupported': 'Répondez par un texte. Envoyez 00 pour le menu ou aide pour l’aide.',
    'common.invalidChoice': 'Répondez avec l’un des numéros proposés.',
    'common.help': 'Répondez avec un numéro du menu. 0 pour revenir, 00 pour le menu principal, annuler pour arrêter.',
    'common.menuHint': 'Envoyez 00 pour le menu.',
    'common.askPin': 'Entrez votre code PIN pour confirmer.',
    'common.wrongPin': 'Code PIN incorrect. Encore {triesLeft} essai(s).',
    'common.pinLocked': 'Trop de codes PIN incorrects. Votre PIN est bloqué jusqu’au {until}. Rien n’a été fait.',
    'common.pinHelp':
      'Entrez le code PIN de 4 ou 5 chiffres choisi à l’inscription. Il n’est jamais affiché ni conservé en clair.',
    'menu.title': 'Bonjour {name}. Que voulez-vous faire ?',
    'menu.balance': 'Solde',
    'menu.topUp': 'Recharger',
    'menu.sendMoney': 'Envoyer de l’argent',
    'menu.requestPayment': 'Demander un paiement',
    'menu.payBill': 'Payer une facture',
    'menu.withdraw': 'Retirer',
    'menu.history': 'Historique',
    'menu.pendingRequests': 'Demandes à payer',
    'menu.settings': 'Paramètres',
    'menu.help':
      'Répondez avec le numéro de votre choix, par exemple 3 pour envoyer de l’argent. Vous pouvez aussi écrire : envoyer 5000 au 677123456, solde, historique.',
    'menu.balanceIs': 'Disponible : {available}. Bloqué : {held}. En attente : {incoming}. Envoyez 00 pour le menu.',
    'shortcut.how.send':
      'Pour envoyer de l’argent, écrivez par exemple : envoyer 5000 au 677123456. Ou envoyez 3 pour le menu.',
    'shortcut.how.topup': 'Pour recharger, écrivez par exemple : recharger 10000. Ou envoyez 2 pour le menu.',
    'shortcut.how.withdraw': 'Pour retirer, écrivez par exemple : retrait 5000. Ou envoyez 6 pour le menu.',
  },
});
