/**
 * Merchant texts: the "My business" menu (`merchantMenu.*`), opening a merchant account (`merchantAccount.*`),
 * asking a customer to pay (`merchantRequest.*`), an order's status (`merchantOrder.*`), refunding a payment
 * (`merchantRefund.*`), what every merchant conversation may say (`merchant.*`) and the one-line commands' hints.
 * Help texts have no placeholders: the runtime shows them without parameters.
 */
import { defineMessages } from './catalog';

export const merchantMessages = defineMessages({
  en: {
    'menu.merchant': 'My business',
    'merchant.notMerchant':
      'This is for merchants. To ask customers to pay your business, open a merchant account from the menu: My business. Send 00 for the menu.',
    'merchant.suspended':
      'The merchant account {name} is suspended: it cannot ask for or refund payments now. Please contact support.',
    'merchant.tryAgain': 'Try again',
    'merchant.stop': 'Stop',
    'merchant.refused.notMember': 'You no longer act for {name}. Nothing was done. Send 00 for the menu.',
    'merchant.refused.roleNotAllowed':
      'Your role at {name} does not allow this. Nothing was done. Ask its owner or an admin if you need it.',
    'merchant.refused.otherCashPoint':
      'This payment was made at another cash point of {name}: you act only on your own cash point’s payments. Nothing was done.',
    'merchant.refused.aboveRefundLimit':
      'A refund of {amount} is above your refund limit of {limit}. Nothing was done. Ask the owner or an admin to make it.',

    'merchantMenu.noAccount':
      'You have no merchant account yet. With one, customers pay your business into its own account, apart from your wallet, and you can refund them.',
    'merchantMenu.open': 'Open a merchant account',
    'merchantMenu.help.open': 'Reply 1 to open a merchant account for your business. 0 goes back to the menu.',
    'merchantMenu.titleActive': '{name}. What would you like to do?',
    'merchantMenu.titlePending': '{name} (documents not checked yet: low limits apply). What would you like to do?',
    'merchantMenu.titleSuspended': '{name} is suspended: it cannot ask for or refund payments. Please contact support.',
    'merchantMenu.titleAdmin': '{name} (you act as admin). What would you like to do?',
    'merchantMenu.titleOperations': '{name} (you run its operations, without refunds). What would you like to do?',
    'merchantMenu.titleCashier': '{name}, cash point {cashPoint} (you collect as cashier). What would you like to do?',
    'merchantMenu.titleViewer': '{name} (you may see its orders, not act on them). What would you like to do?',
    'merchantMenu.titleDeveloper': '{name} (you act as developer and may see its orders). What would you like to do?',
    'merchantMenu.request': 'Request a payment',
    'merchantMenu.order': 'Order status',
    'merchantMenu.refund': 'Refund a payment',
    'merchantMenu.help':
      'Reply 1 to ask a customer to pay, 2 to see the payments of an order, 3 to refund one. You can also type: request 15000 677123456 order 42, order 42, refund <reference>.',

    'merchantAccount.askName': 'What is the name of your business? ({min} to {max} characters)',
    'merchantAccount.badName':
      'A business name has {min} to {max} characters and is not only digits. Please type it again.',
    'merchantAccount.help.name':
      'Type the name customers know your business by, for example Boutique Mama Ngono. It appears on their payment requests.',
    'merchantAccount.askCategory': 'What does {name} do?',
    'merchantAccount.category.retail': 'Shop, retail',
    'merchantAccount.category.food': 'Food, restaurant',
    'merchantAccount.category.services': 'Services',
    'merchantAccount.category.transport': 'Transport',
    'merchantAccount.category.education': 'Education',
    'merchantAccount.category.health': 'Health',
    'merchantAccount.category.utilities': 'Utilities',
    'merchantAccount.category.other': 'Other',
    'merchantAccount.help.category': 'Reply with the number closest to what your business does. 0 changes the name.',
    'merchantAccount.confirm':
      'Open the merchant account {name}? Until its documents are checked it can ask for up to {perPayment} per payment and {perDay} a day.',
    'merchantAccount.confirmYes': 'Open it',
    'merchantAccount.confirmNo': 'Cancel',
    'merchantAccount.help.confirm':
      'Reply 1 to open the merchant account or 2 to cancel. 0 changes the kind of business.',
    'merchantAccount.opened':
      'Your merchant account {name} is open. Its payments go to its own account, apart from your wallet. Find it under My business in the menu.',
    'merchantAccount.already': 'You already have the merchant account {name}. Find it under My business in the menu.',
    'merchantAccount.invalidName': 'This name cannot be used for a business. Please type another one.',
    'merchantAccount.invalidCategory': 'Please choose the kind of business again.',
    'merchantAccount.notRegistered':
      'Your wallet must be open before your business can have an account. Nothing was done. Send 00 for the menu.',

    'merchantRequest.askPayer': 'Which number should pay {name}? (e.g. 677123456)',
    'merchantRequest.help.payer':
      'Type the mobile number of the customer, for example 677123456. They do not need an account: they can pay by mobile money.',
    'merchantRequest.notYourself': 'Your business cannot ask you to pay it. Enter the customer’s number.',
    'merchantRequest.askAmount': 'How much should {payer} pay?',
    'merchantRequest.help.amount': 'Type the amount in francs, for example 15000, 15 000 or 15k.',
    'merchantRequest.askOrder': 'Order or invoice reference? (e.g. A-17) Type - for none.',
    'merchantRequest.badOrder':
      'An order reference has up to {max} letters, digits or - _ . / # and no spaces. Type it again, or - for none.',
    'merchantRequest.help.order':
      'Type your own reference for this sale (an order or invoice number) to find its payments later with: order <reference>. Type - for none.',
    'merchantRequest.askReason': 'What is it for? (max {max} characters) Type - for no reason.',
    'merchantRequest.reasonTooLong':
      'This reason has {length} characters; the maximum is {max}. Please shorten it, or type - for none.',
    'merchantRequest.help.reason': 'Type a short reason the customer will see, or - to send the request without one.',
    'merchantRequest.confirm': 'Ask {payer} to pay {amount} to {name}?',
    'merchantRequest.confirmOrder': 'Ask {payer} to pay {amount} to {name} for order {order}?',
    'merchantRequest.confirmReason': 'Ask {payer} to pay {amount} to {name}: {reason}?',
    'merchantRequest.confirmOrderReason': 'Ask {payer} to pay {amount} to {name} for order {order}: {reason}?',
    'merchantRequest.confirmYes': 'Send',
    'merchantRequest.confirmNo': 'Cancel',
    'merchantRequest.help.confirm': 'Reply 1 to send the request (no PIN needed) or 2 to cancel. 0 changes the reason.',
    'merchantRequest.sent': 'Request sent: we asked {payer} to pay {amount}. Ref {reference}',
    'merchantRequest.sentOrder': 'Request sent: we asked {payer} to pay {amount} for order {order}. Ref {reference}',
    'merchantRequest.payLink': 'They can also pay by mobile money or card here: {link}',
    'merchantRequest.invalidAmount': 'This amount cannot be asked for. Please type another amount.',
    'merchantRequest.abovePaymentLimit':
      'This amount is above what your business may ask for in one payment. Please type a smaller amount.',
    'merchantRequest.aboveDailyLimit':
      'Your business has reached what it may ask for today. Nothing was sent. Try again tomorrow, or ask support to check your documents.',
    'merchantRequest.invalidOrderReference': 'This order reference cannot be used. Type another one, or - for none.',
    'merchantRequest.conflict':
      'A request with this reference was already sent with other details. Nothing new was sent. Send 00 for the menu.',
    'merchantRequest.unsure':
      'We could not confirm your request because of a technical problem. Try again: it will not be sent twice.',
    'merchantRequest.checkLater': 'Type order <reference> in a moment to see whether the request was sent.',
    'merchantRequest.help.unsure': 'Reply 1 to try again (the request cannot be sent twice) or 2 to stop.',

    'merchantOrder.askOrder': 'Which order? Type its reference (e.g. A-17).',
    'merchantOrder.badOrder': 'An order reference has up to {max} letters, digits or - _ . / # and no spaces.',
    'merchantOrder.help.order': 'Type the order or invoice reference you gave when asking for the payment.',
    'merchantOrder.notFound': 'No payment was asked for under order {order}. Send 00 for the menu.',
    'merchantOrder.summary': 'Order {order}: {paid} paid; {count} payment(s) asked for.',
    'merchantOrder.payment.open': '{reference}: {amount} from {payer}, waiting ({date})',
    'merchantOrder.payment.paying': '{reference}: {amount} from {payer}, being paid ({date})',
    'merchantOrder.payment.paid': '{reference}: {amount} from {payer}, paid ({date})',
    'merchantOrder.payment.declined': '{reference}: {amount} from {payer}, declined ({date})',
    'merchantOrder.payment.cancelled': '{reference}: {amount} from {payer}, cancelled ({date})',
    'merchantOrder.payment.expired': '{reference}: {amount} from {payer}, expired ({date})',
    'merchantOrder.payment.other': '{reference}: {amount} from {payer}, {status} ({date})',
    'merchantOrder.refund.pending': 'Refund {reference}: {amount}, under way',
    'merchantOrder.refund.processed': 'Refund {reference}: {amount}, refunded',
    'merchantOrder.refund.failed': 'Refund {reference}: {amount}, failed',
    'merchantOrder.more': 'And {count} more.',
    'merchantOrder.end': 'To refund a payment, type: refund <reference>. Send 00 for the menu.',

    'merchantRefund.askReference': 'Which payment? Type its reference (e.g. K7M-X3Q-PRT) or its order reference.',
    'merchantRefund.badReference': 'Type the payment’s reference, for example K7M-X3Q-PRT, or its order reference.',
    'merchantRefund.help.reference':
      'Type the reference of the payment to refund (from its receipt or from order <reference>), or its order reference.',
    'merchantRefund.notFound': 'No paid payment of your business has the reference {reference}. Please check it.',
    'merchantRefund.nothingLeft':
      'Payment {reference} has already been refunded in full. Nothing was done. Send 00 for the menu.',
    'merchantRefund.choose': 'Payment {reference}: {amount} from {payer}. {refundable} can be refunded. Refund:',
    'merchantRefund.full': 'All of it ({refundable})',
    'merchantRefund.part': 'Part of it',
    'merchantRefund.help.choose': 'Reply 1 to refund everything that is left, or 2 to type an amount.',
    'merchantRefund.askAmount': 'How much do you refund? (up to {refundable})',
    'merchantRefund.tooMuch': 'At most {refundable} can be refunded for this payment. Please type a smaller amount.',
    'merchantRefund.help.amount':
      'Type the amount to refund in francs, for example 5000. It cannot exceed what is left.',
    'merchantRefund.confirm': 'Refund {amount} to {payer} for payment {reference}? It leaves your business account.',
    'merchantRefund.confirmYes': 'Refund',
    'merchantRefund.confirmNo': 'Cancel',
    'merchantRefund.help.confirm': 'Reply 1 to refund and then enter your PIN, or 2 to cancel. 0 changes the amount.',
    'merchantRefund.askPin': 'Enter your PIN to refund.',
    'merchantRefund.doneWallet': 'Refunded {amount} to {payer}’s wallet. Ref {reference}',
    'merchantRefund.doneMobileMoney': 'Refunded {amount} to {payer} by mobile money. Ref {reference}',
    'merchantRefund.pending':
      'Refund of {amount} to {payer} under way; we will tell you when it is done. Ref {reference}',
    'merchantRefund.failed':
      'The refund of {amount} to {payer} failed; the money stays with your business. Ref {reference}',
    'merchantRefund.notPaid': 'This payment has not been paid, so there is nothing to refund. Nothing was done.',
    'merchantRefund.exceedsRefundable':
      'This is more than what is left to refund of the payment (another refund may have been made). Nothing was done.',
    'merchantRefund.insufficientFunds':
      'Your business account does not hold enough to pay this refund. Nothing was done.',
    'merchantRefund.destinationUnavailable':
      'We cannot send money back to this customer the way they paid. Nothing was done. Please contact support.',
    'merchantRefund.invalidAmount': 'This amount cannot be refunded. Nothing was done.',
    'merchantRefund.paymentNotFound': 'This payment could not be found any more. Nothing was done.',
    'merchantRefund.conflict':
      'A refund under this reference was already made with other details. Nothing new was done.',
    'merchantRefund.unsure':
      'We could not confirm your refund because of a technical problem. Try again: it will not be paid twice.',
    'merchantRefund.checkLater': 'Type order <reference> in a moment to see whether the refund was made.',
    'merchantRefund.help.unsure': 'Reply 1 to try again (the refund cannot be paid twice) or 2 to stop.',

    'shortcut.how.request':
      'To ask a customer to pay, type for example: request 15000 677123456 order 42. Or send 00 for the menu.',
    'shortcut.how.order': 'To see an order’s payments, type for example: order 42. Or send 00 for the menu.',
    'shortcut.how.refund':
      'To refund a payment, type for example: refund K7M-X3Q-PRT, or refund K7M-X3Q-PRT 5000 for part of it.',
  },
  fr: {
    'menu.merchant': 'Mon commerce',
    'merchant.notMerchant':
      'Ceci est réservé aux commerçants. Pour faire payer votre commerce, ouvrez un compte marchand depuis le menu : Mon commerce. Envoyez 00 pour le menu.',
    'merchant.suspended':
      'Le compte marchand {name} est suspendu : il ne peut ni demander ni rembourser de paiements pour le moment. Contactez le support.',
    'merchant.tryAgain': 'Réessayer',
    'merchant.stop': 'Arrêter',
    'merchant.refused.notMember': 'Vous n’agissez plus pour {name}. Rien n’a été fait. Envoyez 00 pour le menu.',
    'merchant.refused.roleNotAllowed':
      'Votre rôle chez {name} ne permet pas cette action. Rien n’a été fait. Demandez au propriétaire ou à un administrateur si besoin.',
    'merchant.refused.otherCashPoint':
      'Ce paiement a été fait à une autre caisse de {name} : vous n’agissez que sur les paiements de votre caisse. Rien n’a été fait.',
    'merchant.refused.aboveRefundLimit':
      'Un remboursement de {amount} dépasse votre plafond de remboursement de {limit}. Rien n’a été fait. Demandez au propriétaire ou à un administrateur de le faire.',

    'merchantMenu.noAccount':
      'Vous n’avez pas encore de compte marchand. Avec lui, vos clients paient votre commerce sur son propre compte, séparé de votre portefeuille, et vous pouvez les rembourser.',
    'merchantMenu.open': 'Ouvrir un compte marchand',
    'merchantMenu.help.open': 'Répondez 1 pour ouvrir un compte marchand pour votre commerce. 0 pour revenir au menu.',
    'merchantMenu.titleActive': '{name}. Que voulez-vous faire ?',
    'merchantMenu.titlePending': '{name} (documents pas encore vérifiés : plafonds réduits). Que voulez-vous faire ?',
    'merchantMenu.titleSuspended':
      '{name} est suspendu : il ne peut ni demander ni rembourser de paiements. Contactez le support.',
    'merchantMenu.titleAdmin': '{name} (vous agissez comme administrateur). Que voulez-vous faire ?',
    'merchantMenu.titleOperations': '{name} (vous gérez ses opérations, sans remboursements). Que voulez-vous faire ?',
    'merchantMenu.titleCashier': '{name}, caisse {cashPoint} (vous encaissez comme caissier). Que voulez-vous faire ?',
    'merchantMenu.titleViewer': '{name} (vous pouvez consulter ses commandes, sans agir). Que voulez-vous faire ?',
    'merchantMenu.titleDeveloper':
      '{name} (vous agissez comme développeur et pouvez consulter ses commandes). Que voulez-vous faire ?',
    'merchantMenu.request': 'Demander un paiement',
    'merchantMenu.order': 'Suivi d’une commande',
    'merchantMenu.refund': 'Rembourser un paiement',
    'merchantMenu.help':
      'Répondez 1 pour demander un paiement à un client, 2 pour voir les paiements d’une commande, 3 pour en rembourser un. Vous pouvez aussi écrire : demande 15000 677123456 commande 42, commande 42, rembourser <référence>.',

    'merchantAccount.askName': 'Quel est le nom de votre commerce ? ({min} à {max} caractères)',
    'merchantAccount.badName':
      'Le nom d’un commerce a de {min} à {max} caractères et ne contient pas que des chiffres. Tapez-le à nouveau.',
    'merchantAccount.help.name':
      'Tapez le nom sous lequel vos clients connaissent votre commerce, par exemple Boutique Mama Ngono. Il figure sur leurs demandes de paiement.',
    'merchantAccount.askCategory': 'Que fait {name} ?',
    'merchantAccount.category.retail': 'Boutique, commerce',
    'merchantAccount.category.food': 'Alimentation, restaurant',
    'merchantAccount.category.services': 'Services',
    'merchantAccount.category.transport': 'Transport',
    'merchantAccount.category.education': 'Éducation',
    'merchantAccount.category.health': 'Santé',
    'merchantAccount.category.utilities': 'Eau, électricité, services publics',
    'merchantAccount.category.other': 'Autre',
    'merchantAccount.help.category': 'Répondez avec le numéro le plus proche de votre activité. 0 pour changer le nom.',
    'merchantAccount.confirm':
      'Ouvrir le compte marchand {name} ? Tant que ses documents ne sont pas vérifiés, il peut demander jusqu’à {perPayment} par paiement et {perDay} par jour.',
    'merchantAccount.confirmYes': 'Ouvrir',
    'merchantAccount.confirmNo': 'Annuler',
    'merchantAccount.help.confirm':
      'Répondez 1 pour ouvrir le compte marchand ou 2 pour annuler. 0 pour changer l’activité.',
    'merchantAccount.opened':
      'Votre compte marchand {name} est ouvert. Ses paiements arrivent sur son propre compte, séparé de votre portefeuille. Retrouvez-le dans Mon commerce.',
    'merchantAccount.already': 'Vous avez déjà le compte marchand {name}. Retrouvez-le dans Mon commerce.',
    'merchantAccount.invalidName': 'Ce nom ne peut pas être utilisé pour un commerce. Tapez-en un autre.',
    'merchantAccount.invalidCategory': 'Choisissez à nouveau l’activité de votre commerce.',
    'merchantAccount.notRegistered':
      'Votre portefeuille doit être ouvert avant que votre commerce ait un compte. Rien n’a été fait. Envoyez 00 pour le menu.',

    'merchantRequest.askPayer': 'Quel numéro doit payer {name} ? (ex. 677123456)',
    'merchantRequest.help.payer':
      'Tapez le numéro mobile du client, par exemple 677123456. Il n’a pas besoin de compte : il peut payer par mobile money.',
    'merchantRequest.notYourself': 'Votre commerce ne peut pas vous demander de le payer. Entrez le numéro du client.',
    'merchantRequest.askAmount': 'Combien le {payer} doit-il payer ?',
    'merchantRequest.help.amount': 'Tapez le montant en francs, par exemple 15000, 15 000 ou 15k.',
    'merchantRequest.askOrder': 'Référence de commande ou de facture ? (ex. A-17) Tapez - pour aucune.',
    'merchantRequest.badOrder':
      'Une référence de commande a au plus {max} lettres, chiffres ou - _ . / # et pas d’espace. Tapez-la à nouveau, ou - pour aucune.',
    'merchantRequest.help.order':
      'Tapez votre propre référence pour cette vente (numéro de commande ou de facture) pour retrouver ses paiements avec : commande <référence>. Tapez - pour aucune.',
    'merchantRequest.askReason': 'C’est pour quoi ? ({max} caractères au plus) Tapez - pour aucun motif.',
    'merchantRequest.reasonTooLong':
      'Ce motif a {length} caractères ; le maximum est {max}. Raccourcissez-le, ou tapez - pour aucun.',
    'merchantRequest.help.reason': 'Tapez un court motif que le client verra, ou - pour envoyer la demande sans motif.',
    'merchantRequest.confirm': 'Demander au {payer} de payer {amount} à {name} ?',
    'merchantRequest.confirmOrder': 'Demander au {payer} de payer {amount} à {name} pour la commande {order} ?',
    'merchantRequest.confirmReason': 'Demander au {payer} de payer {amount} à {name} : {reason} ?',
    'merchantRequest.confirmOrderReason':
      'Demander au {payer} de payer {amount} à {name} pour la commande {order} : {reason} ?',
    'merchantRequest.confirmYes': 'Envoyer',
    'merchantRequest.confirmNo': 'Annuler',
    'merchantRequest.help.confirm':
      'Répondez 1 pour envoyer la demande (pas de PIN) ou 2 pour annuler. 0 pour changer le motif.',
    'merchantRequest.sent': 'Demande envoyée : nous avons demandé au {payer} de payer {amount}. Réf {reference}',
    'merchantRequest.sentOrder':
      'Demande envoyée : nous avons demandé au {payer} de payer {amount} pour la commande {order}. Réf {reference}',
    'merchantRequest.payLink': 'Il peut aussi payer par mobile money ou carte ici : {link}',
    'merchantRequest.invalidAmount': 'Ce montant ne peut pas être demandé. Tapez un autre montant.',
    'merchantRequest.abovePaymentLimit':
      'Ce montant dépasse ce que votre commerce peut demander en un paiement. Tapez un montant plus petit.',
    'merchantRequest.aboveDailyLimit':
      'Votre commerce a atteint ce qu’il peut demander aujourd’hui. Rien n’a été envoyé. Réessayez demain, ou demandez au support de vérifier vos documents.',
    'merchantRequest.invalidOrderReference':
      'Cette référence de commande ne peut pas être utilisée. Tapez-en une autre, ou - pour aucune.',
    'merchantRequest.conflict':
      'Une demande sous cette référence a déjà été envoyée avec d’autres détails. Rien de nouveau n’a été envoyé. Envoyez 00 pour le menu.',
    'merchantRequest.unsure':
      'Un problème technique nous empêche de confirmer votre demande. Réessayez : elle ne sera pas envoyée deux fois.',
    'merchantRequest.checkLater': 'Tapez commande <référence> dans un instant pour savoir si la demande est partie.',
    'merchantRequest.help.unsure':
      'Répondez 1 pour réessayer (la demande ne peut pas partir deux fois) ou 2 pour arrêter.',

    'merchantOrder.askOrder': 'Quelle commande ? Tapez sa référence (ex. A-17).',
    'merchantOrder.badOrder':
      'Une référence de commande a au plus {max} lettres, chiffres ou - _ . / # et pas d’espace.',
    'merchantOrder.help.order': 'Tapez la référence de commande ou de facture donnée lors de la demande de paiement.',
    'merchantOrder.notFound': 'Aucun paiement n’a été demandé pour la commande {order}. Envoyez 00 pour le menu.',
    'merchantOrder.summary': 'Commande {order} : {paid} payés ; {count} paiement(s) demandé(s).',
    'merchantOrder.payment.open': '{reference} : {amount} du {payer}, en attente ({date})',
    'merchantOrder.payment.paying': '{reference} : {amount} du {payer}, paiement en cours ({date})',
    'merchantOrder.payment.paid': '{reference} : {amount} du {payer}, payé ({date})',
    'merchantOrder.payment.declined': '{reference} : {amount} du {payer}, refusé ({date})',
    'merchantOrder.payment.cancelled': '{reference} : {amount} du {payer}, annulé ({date})',
    'merchantOrder.payment.expired': '{reference} : {amount} du {payer}, expiré ({date})',
    'merchantOrder.payment.other': '{reference} : {amount} du {payer}, {status} ({date})',
    'merchantOrder.refund.pending': 'Remboursement {reference} : {amount}, en cours',
    'merchantOrder.refund.processed': 'Remboursement {reference} : {amount}, effectué',
    'merchantOrder.refund.failed': 'Remboursement {reference} : {amount}, échoué',
    'merchantOrder.more': 'Et {count} de plus.',
    'merchantOrder.end': 'Pour rembourser un paiement, écrivez : rembourser <référence>. Envoyez 00 pour le menu.',

    'merchantRefund.askReference': 'Quel paiement ? Tapez sa référence (ex. K7M-X3Q-PRT) ou sa référence de commande.',
    'merchantRefund.badReference':
      'Tapez la référence du paiement, par exemple K7M-X3Q-PRT, ou sa référence de commande.',
    'merchantRefund.help.reference':
      'Tapez la référence du paiement à rembourser (sur son reçu ou via commande <référence>), ou sa référence de commande.',
    'merchantRefund.notFound': 'Aucun paiement reçu par votre commerce n’a la référence {reference}. Vérifiez-la.',
    'merchantRefund.nothingLeft':
      'Le paiement {reference} a déjà été remboursé en entier. Rien n’a été fait. Envoyez 00 pour le menu.',
    'merchantRefund.choose': 'Paiement {reference} : {amount} du {payer}. {refundable} remboursables. Rembourser :',
    'merchantRefund.full': 'Tout ({refundable})',
    'merchantRefund.part': 'Une partie',
    'merchantRefund.help.choose': 'Répondez 1 pour rembourser tout ce qui reste, ou 2 pour taper un montant.',
    'merchantRefund.askAmount': 'Combien remboursez-vous ? (au plus {refundable})',
    'merchantRefund.tooMuch':
      'Au plus {refundable} peuvent être remboursés pour ce paiement. Tapez un montant plus petit.',
    'merchantRefund.help.amount':
      'Tapez le montant à rembourser en francs, par exemple 5000. Il ne peut pas dépasser ce qui reste.',
    'merchantRefund.confirm':
      'Rembourser {amount} au {payer} pour le paiement {reference} ? La somme quitte le compte de votre commerce.',
    'merchantRefund.confirmYes': 'Rembourser',
    'merchantRefund.confirmNo': 'Annuler',
    'merchantRefund.help.confirm':
      'Répondez 1 pour rembourser puis entrez votre PIN, ou 2 pour annuler. 0 pour changer le montant.',
    'merchantRefund.askPin': 'Entrez votre code PIN pour rembourser.',
    'merchantRefund.doneWallet': '{amount} remboursés sur le portefeuille du {payer}. Réf {reference}',
    'merchantRefund.doneMobileMoney': '{amount} remboursés au {payer} par mobile money. Réf {reference}',
    'merchantRefund.pending':
      'Remboursement de {amount} au {payer} en cours ; nous vous préviendrons quand il sera fait. Réf {reference}',
    'merchantRefund.failed':
      'Le remboursement de {amount} au {payer} a échoué ; l’argent reste à votre commerce. Réf {reference}',
    'merchantRefund.notPaid': 'Ce paiement n’a pas été payé : il n’y a rien à rembourser. Rien n’a été fait.',
    'merchantRefund.exceedsRefundable':
      'C’est plus que ce qui reste à rembourser de ce paiement (un autre remboursement a peut-être été fait). Rien n’a été fait.',
    'merchantRefund.insufficientFunds':
      'Le compte de votre commerce ne contient pas assez pour ce remboursement. Rien n’a été fait.',
    'merchantRefund.destinationUnavailable':
      'Nous ne pouvons pas renvoyer l’argent à ce client par le moyen qu’il a utilisé. Rien n’a été fait. Contactez le support.',
    'merchantRefund.invalidAmount': 'Ce montant ne peut pas être remboursé. Rien n’a été fait.',
    'merchantRefund.paymentNotFound': 'Ce paiement est introuvable. Rien n’a été fait.',
    'merchantRefund.conflict':
      'Un remboursement sous cette référence a déjà été fait avec d’autres détails. Rien de nouveau n’a été fait.',
    'merchantRefund.unsure':
      'Un problème technique nous empêche de confirmer votre remboursement. Réessayez : il ne sera pas payé deux fois.',
    'merchantRefund.checkLater': 'Tapez commande <référence> dans un instant pour savoir si le remboursement est fait.',
    'merchantRefund.help.unsure':
      'Répondez 1 pour réessayer (le remboursement ne peut pas être payé deux fois) ou 2 pour arrêter.',

    'shortcut.how.request':
      'Pour demander un paiement à un client, écrivez par exemple : demande 15000 677123456 commande 42. Ou envoyez 00 pour le menu.',
    'shortcut.how.order':
      'Pour voir les paiements d’une commande, écrivez par exemple : commande 42. Ou envoyez 00 pour le menu.',
    'shortcut.how.refund':
      'Pour rembourser un paiement, écrivez par exemple : rembourser K7M-X3Q-PRT, ou rembourser K7M-X3Q-PRT 5000 pour une partie.',
  },
});
