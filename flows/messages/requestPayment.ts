/**
 * Payment-request texts: asking someone for money and cancelling one's own requests (`requestPayment.*`), paying
 * or declining what others ask of you (`pendingRequests.*`), and the list controls both share (`requests.*`).
 * Help texts have no placeholders: the runtime shows them without parameters.
 */
import { defineMessages } from './catalog';

export const requestPaymentMessages = defineMessages({
  en: {
    'requests.more': 'More',
    'requests.tryAgain': 'Try again',
    'requests.stop': 'Stop',

    'requestPayment.title': 'Request payment',
    'requestPayment.new': 'New request',
    'requestPayment.mine': 'My open requests',
    'requestPayment.help.start': 'Reply 1 to ask someone for money, or 2 to see or cancel the requests you sent.',
    'requestPayment.askPayer': 'Ask which number for money? (e.g. 677123456)',
    'requestPayment.notYourself': 'You cannot ask yourself for money. Enter another number.',
    'requestPayment.help.payer':
      'Type the mobile number of the person who should pay, for example 677123456. They do not need an account yet.',
    'requestPayment.askAmount': 'How much do you ask {payer} for?',
    'requestPayment.help.amount': 'Type the amount in francs, for example 5000, 5 000 or 5k.',
    'requestPayment.askReason': 'What is it for? (max {max} characters, e.g. Rent May) Type - for no reason.',
    'requestPayment.reasonTooLong':
      'This reason has {length} characters; the maximum is {max}. Please shorten it, or type - for none.',
    'requestPayment.help.reason':
      'Type a short reason the payer will see, up to 60 characters, or - to send the request without one.',
    'requestPayment.confirm': 'Ask {payer} for {amount}: {reason}? They pay a {fee} fee on top.',
    'requestPayment.confirmNoReason': 'Ask {payer} for {amount}? They pay a {fee} fee on top.',
    'requestPayment.confirmYes': 'Send',
    'requestPayment.confirmNo': 'Cancel',
    'requestPayment.help.confirm': 'Reply 1 to send the request (no PIN needed) or 2 to cancel. 0 changes the reason.',
    'requestPayment.sent':
      'Request sent: we told {payer} you ask for {amount}. They can pay until {date}. Ref {reference}',
    'requestPayment.unsure':
      'We could not confirm your request because of a technical problem. Try again: it will not be sent twice.',
    'requestPayment.checkLater': 'Check My open requests in a moment to see whether the request was sent.',
    'requestPayment.help.unsure': 'Reply 1 to try again (the request cannot be sent twice) or 2 to stop.',
    'requestPayment.none': 'You have no open requests. Send 00 for the menu.',
    'requestPayment.list': 'Your open requests ({page}/{pages}):',
    'requestPayment.item': '{payer} {amount}: {reason}',
    'requestPayment.itemNoReason': '{payer} {amount}',
    'requestPayment.help.list': 'Reply with the number of a request to see or cancel it. 9 shows more, 0 goes back.',
    'requestPayment.details': 'You asked {payer} for {amount} for: {reason}. Payable until {date}. Ref {reference}',
    'requestPayment.detailsNoReason': 'You asked {payer} for {amount}. Payable until {date}. Ref {reference}',
    'requestPayment.cancelIt': 'Cancel this request',
    'requestPayment.help.details': 'Reply 1 to cancel this request: we tell the payer. 0 goes back to the list.',
    'requestPayment.requestCancelled': 'Request cancelled: {payer} no longer has to pay you {amount}. We told them.',
    'requestPayment.alreadyPaid': 'Too late to cancel: {payer} has already paid this request.',
    'requestPayment.alreadyDeclined': '{payer} has already declined this request: nothing to cancel.',
    'requestPayment.alreadyExpired': 'This request has already expired: nothing to cancel.',
    'requestPayment.notFound': 'This request cannot be found any more.',

    'pendingRequests.none': 'Nobody is asking you for money right now. Send 00 for the menu.',
    'pendingRequests.list': 'Requests to pay ({page}/{pages}):',
    'pendingRequests.item': '{name} {amount}: {reason}, by {date}',
    'pendingRequests.itemNoReason': '{name} {amount}, by {date}',
    'pendingRequests.help.list':
      'Reply with the number of a request to see it, then pay or decline it. 9 shows more, 0 goes back.',
    'pendingRequests.details': '{name} asks you for {amount}: {reason}. Fee: {fee}. Total: {total}. Pay before {date}.',
    'pendingRequests.detailsNoReason': '{name} asks you for {amount}. Fee: {fee}. Total: {total}. Pay before {date}.',
    'pendingRequests.pay': 'Pay',
    'pendingRequests.decline': 'Decline',
    'pendingRequests.help.details':
      'Reply 1 to pay (you then enter your PIN) or 2 to decline. 0 goes back to the list.',
    'pendingRequests.paid': 'Paid {amount} to {name}. Fee: {fee}. New balance: {balanceAfter}. Ref: {reference}',
    'pendingRequests.unsure':
      'We could not confirm your payment because of a technical problem. Try again: it will not be paid twice.',
    'pendingRequests.checkHistory': 'Check History in a moment to see whether the payment went through.',
    'pendingRequests.help.unsure': 'Reply 1 to try again (it cannot be paid twice) or 2 to stop and check History.',
    'pendingRequests.insufficientFunds':
      'Your balance is not enough to pay {total} (amount and fee). Top up first (menu 2), then pay it in Requests to pay.',
    'pendingRequests.alreadyPaid': 'You have already paid this request.',
    'pendingRequests.wasCancelled': '{name} cancelled this request: nothing to pay.',
    'pendingRequests.wasDeclined': 'You declined this request: it can no longer be paid.',
    'pendingRequests.wasExpired': 'This request has expired and can no longer be paid. Ask {name} for a new one.',
    'pendingRequests.notFound': 'This request cannot be found any more. Nothing was paid.',
    'pendingRequests.confirmDecline': 'Decline the request from {name} for {amount}? We will tell them.',
    'pendingRequests.declineYes': 'Yes, decline',
    'pendingRequests.declineNo': 'No, go back',
    'pendingRequests.help.decline': 'Reply 1 to decline: nothing is paid and the requester is told. 2 goes back.',
    'pendingRequests.declined': 'Request declined: nothing was paid. We told {name}.',
  },
  fr: {
    'requests.more': 'Suite',
    'requests.tryAgain': 'Réessayer',
    'requests.stop': 'Arrêter',

    'requestPayment.title': 'Demander un paiement',
    'requestPayment.new': 'Nouvelle demande',
    'requestPayment.mine': 'Mes demandes en cours',
    'requestPayment.help.start':
      'Répondez 1 pour demander de l’argent à quelqu’un, ou 2 pour voir ou annuler les demandes envoyées.',
    'requestPayment.askPayer': 'Demander de l’argent à quel numéro ? (ex. 677123456)',
    'requestPayment.notYourself': 'Vous ne pouvez pas vous demander de l’argent. Entrez un autre numéro.',
    'requestPayment.help.payer':
      'Tapez le numéro mobile de la personne qui doit payer, par exemple 677123456. Elle n’a pas besoin d’un compte.',
    'requestPayment.askAmount': 'Quel montant demandez-vous au {payer} ?',
    'requestPayment.help.amount': 'Tapez le montant en francs, par exemple 5000, 5 000 ou 5k.',
    'requestPayment.askReason': 'C’est pour quoi ? ({max} caractères max, ex. Loyer mai) Tapez - pour ne rien mettre.',
    'requestPayment.reasonTooLong':
      'Ce motif fait {length} caractères ; le maximum est {max}. Raccourcissez-le, ou tapez - pour aucun motif.',
    'requestPayment.help.reason':
      'Tapez un motif court que le payeur verra, 60 caractères au plus, ou - pour envoyer la demande sans motif.',
    'requestPayment.confirm': 'Demander {amount} au {payer} : {reason} ? Frais à sa charge : {fee}.',
    'requestPayment.confirmNoReason': 'Demander {amount} au {payer} ? Frais à sa charge : {fee}.',
    'requestPayment.confirmYes': 'Envoyer',
    'requestPayment.confirmNo': 'Annuler',
    'requestPayment.help.confirm':
      'Répondez 1 pour envoyer la demande (sans PIN) ou 2 pour annuler. 0 pour changer le motif.',
    'requestPayment.sent':
      'Demande envoyée : nous avons prévenu le {payer} que vous demandez {amount}. À payer avant le {date}. Réf {reference}',
    'requestPayment.unsure':
      'Un problème technique nous empêche de confirmer votre demande. Réessayez : elle ne sera pas envoyée deux fois.',
    'requestPayment.checkLater': 'Consultez Mes demandes en cours dans un instant pour savoir si elle est partie.',
    'requestPayment.help.unsure':
      'Répondez 1 pour réessayer (la demande ne peut pas partir deux fois) ou 2 pour arrêter.',
    'requestPayment.none': 'Vous n’avez aucune demande en cours. Envoyez 00 pour le menu.',
    'requestPayment.list': 'Vos demandes en cours ({page}/{pages}) :',
    'requestPayment.item': '{payer} {amount} : {reason}',
    'requestPayment.itemNoReason': '{payer} {amount}',
    'requestPayment.help.list':
      'Répondez avec le numéro d’une demande pour la voir ou l’annuler. 9 pour la suite, 0 pour revenir.',
    'requestPayment.details':
      'Vous avez demandé {amount} au {payer} pour : {reason}. Payable jusqu’au {date}. Réf {reference}',
    'requestPayment.detailsNoReason': 'Vous avez demandé {amount} au {payer}. Payable jusqu’au {date}. Réf {reference}',
    'requestPayment.cancelIt': 'Annuler cette demande',
    'requestPayment.help.details':
      'Répondez 1 pour annuler cette demande : nous prévenons le payeur. 0 pour revenir à la liste.',
    'requestPayment.requestCancelled':
      'Demande annulée : le {payer} n’a plus à vous payer {amount}. Nous l’avons prévenu.',
    'requestPayment.alreadyPaid': 'Trop tard pour annuler : le {payer} a déjà payé cette demande.',
    'requestPayment.alreadyDeclined': 'Le {payer} a déjà refusé cette demande : rien à annuler.',
    'requestPayment.alreadyExpired': 'Cette demande a déjà expiré : rien à annuler.',
    'requestPayment.notFound': 'Cette demande est introuvable.',

    'pendingRequests.none': 'Personne ne vous demande d’argent pour le moment. Envoyez 00 pour le menu.',
    'pendingRequests.list': 'Demandes à payer ({page}/{pages}) :',
    'pendingRequests.item': '{name} {amount} : {reason}, avant le {date}',
    'pendingRequests.itemNoReason': '{name} {amount}, avant le {date}',
    'pendingRequests.help.list':
      'Répondez avec le numéro d’une demande pour la voir, puis la payer ou la refuser. 9 pour la suite, 0 pour revenir.',
    'pendingRequests.details':
      '{name} vous demande {amount} : {reason}. Frais : {fee}. Total : {total}. À payer avant le {date}.',
    'pendingRequests.detailsNoReason':
      '{name} vous demande {amount}. Frais : {fee}. Total : {total}. À payer avant le {date}.',
    'pendingRequests.pay': 'Payer',
    'pendingRequests.decline': 'Refuser',
    'pendingRequests.help.details':
      'Répondez 1 pour payer (vous entrerez ensuite votre PIN) ou 2 pour refuser. 0 pour revenir à la liste.',
    'pendingRequests.paid': '{amount} payés à {name}. Frais : {fee}. Nouveau solde : {balanceAfter}. Réf : {reference}',
    'pendingRequests.unsure':
      'Un problème technique nous empêche de confirmer votre paiement. Réessayez : il ne sera pas payé deux fois.',
    'pendingRequests.checkHistory': 'Consultez l’Historique dans un instant pour savoir si le paiement est passé.',
    'pendingRequests.help.unsure':
      'Répondez 1 pour réessayer (impossible de payer deux fois) ou 2 pour arrêter et consulter l’Historique.',
    'pendingRequests.insufficientFunds':
      'Votre solde ne suffit pas pour payer {total} (montant et frais). Rechargez d’abord (menu 2), puis payez dans Demandes à payer.',
    'pendingRequests.alreadyPaid': 'Vous avez déjà payé cette demande.',
    'pendingRequests.wasCancelled': '{name} a annulé cette demande : rien à payer.',
    'pendingRequests.wasDeclined': 'Vous avez refusé cette demande : elle ne peut plus être payée.',
    'pendingRequests.wasExpired':
      'Cette demande a expiré et ne peut plus être payée. Demandez-en une nouvelle à {name}.',
    'pendingRequests.notFound': 'Cette demande est introuvable. Rien n’a été payé.',
    'pendingRequests.confirmDecline': 'Refuser la demande de {amount} de {name} ? Nous le lui dirons.',
    'pendingRequests.declineYes': 'Oui, refuser',
    'pendingRequests.declineNo': 'Non, revenir',
    'pendingRequests.help.decline':
      'Répondez 1 pour refuser : rien n’est payé et le demandeur est prévenu. 2 pour revenir.',
    'pendingRequests.declined': 'Demande refusée : rien n’a été payé. Nous avons prévenu {name}.',
  },
});
