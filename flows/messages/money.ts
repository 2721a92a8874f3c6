/**
 * Notices about money in and out through the rails: how a top-up or a withdrawal ended, and where one stands
 * when a person asks. They may go out by SMS, so each stays short; `{reference}` is the transfer id a person can
 * quote to support or to ask about the payment again.
 */
import { defineMessages } from './catalog';

/** Texts of domain/railPayments/ (top-ups and withdrawals), and the refusals their flows share. */
export const moneyMessages = defineMessages({
  en: {
    'money.topUpSucceeded': 'Top-up of {amount} received. New balance: {balance}. Ref {reference}',
    'money.topUpFailed':
      'Your top-up of {amount} failed: the operator could not complete the payment. No money was taken. Ref {reference}',
    'money.topUpDeclined': 'Top-up of {amount} cancelled: the payment was declined on the phone. Ref {reference}',
    'money.topUpExpired': 'Top-up of {amount} cancelled: the payment was not approved in time. Ref {reference}',
    'money.topUpNoAccount': 'Top-up of {amount} failed: the paying number has no mobile money account. Ref {reference}',
    'money.topUpPending':
      'Your top-up of {amount} is waiting for the operator. We will tell you when it ends. Ref {reference}',
    'money.withdrawalSucceeded': 'Withdrawal of {amount} sent (fee {fee}). New balance: {balance}. Ref {reference}',
    'money.withdrawalFailed':
      'Withdrawal of {amount} failed: the operator could not pay it. {total} is back in your wallet. Ref {reference}',
    'money.withdrawalLimitReached':
      'Withdrawal of {amount} failed: receiving account limit reached. {total} is back in your wallet. Ref {reference}',
    'money.withdrawalNotAllowed':
      'Withdrawal of {amount} failed: that account cannot receive it. {total} is back in your wallet. Ref {reference}',
    'money.withdrawalPending':
      'Your withdrawal of {amount} is waiting for the operator. We will tell you when it ends. Ref {reference}',
    'money.topUpInReview':
      'Your top-up of {amount} is being checked with the operator. We will tell you the result. Ref {reference}',
    'money.withdrawalInReview':
      'Your withdrawal of {amount} is being checked with the operator. We will tell you the result. Ref {reference}',
    'money.railRefused':
      'The payment service refused the request at once. No money was moved. Check the account or try again later.',
    'money.noWallet': 'We could not find your wallet. Please contact support.',
    'money.walletUnavailable': 'Your wallet is blocked or closed, so no money can move. Please contact support.',
    'money.alreadyFailed': 'This payment did not go through. You get, or already got, a message from us saying why.',
  },
  fr: {
    'money.topUpSucceeded': 'Recharge de {amount} reçue. Nouveau solde : {balance}. Réf {reference}',
    'money.topUpFailed':
      "Votre recharge de {amount} a échoué : l'opérateur n'a pas pu faire le paiement. Rien n'a été prélevé. Réf {reference}",
    'money.topUpDeclined': 'Recharge de {amount} annulée : le paiement a été refusé sur le téléphone. Réf {reference}',
    'money.topUpExpired': "Recharge de {amount} annulée : le paiement n'a pas été validé à temps. Réf {reference}",
    'money.topUpNoAccount':
      "Recharge de {amount} échouée : le numéro payeur n'a pas de compte mobile money. Réf {reference}",
    'money.topUpPending':
      "Votre recharge de {amount} attend l'opérateur. Nous vous préviendrons à la fin. Réf {reference}",
    'money.withdrawalSucceeded': 'Retrait de {amount} envoyé (frais {fee}). Nouveau solde : {balance}. Réf {reference}',
    'money.withdrawalFailed':
      "Retrait de {amount} échoué : l'opérateur n'a pas pu payer. {total} vous est rendu. Réf {reference}",
    'money.withdrawalLimitReached':
      'Retrait de {amount} échoué : plafond du compte destinataire atteint. {total} vous est rendu. Réf {reference}',
    'money.withdrawalNotAllowed':
      'Retrait de {amount} échoué : ce compte ne peut pas le recevoir. {total} vous est rendu. Réf {reference}',
    'money.withdrawalPending':
      "Votre retrait de {amount} attend l'opérateur. Nous vous préviendrons à la fin. Réf {reference}",
    'money.topUpInReview':
      "Votre recharge de {amount} est en cours de vérification avec l'opérateur. Nous vous dirons le résultat. Réf {reference}",
    'money.withdrawalInReview':
      "Votre retrait de {amount} est en cours de vérification avec l'opérateur. Nous vous dirons le résultat. Réf {reference}",
    'money.railRefused':
      "Le service de paiement a refusé la demande. Aucun argent n'a bougé. Vérifiez le compte ou réessayez plus tard.",
    'money.noWallet': 'Nous ne trouvons pas votre portefeuille. Contactez le service client.',
    'money.walletUnavailable':
      'Votre portefeuille est bloqué ou fermé : aucun argent ne peut bouger. Contactez le service client.',
    'money.alreadyFailed': "Ce paiement n'a pas abouti. Vous recevez, ou avez reçu, un message qui explique pourquoi.",
  },
});
