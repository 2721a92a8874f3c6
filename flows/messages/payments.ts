/**
 * Notices about sending money, money waiting to be claimed, and payment requests. They may go out by SMS, so
 * each stays short (under 160 characters with a 60-character reason and a short id); `{reference}` is the transfer or
 * request id a person can quote to support.
 */
import { defineMessages } from './catalog';

/** Texts of domain/sendMoney.ts, domain/claims.ts and domain/paymentRequests/. */
export const paymentsMessages = defineMessages({
  en: {
    'payments.received': 'You received {amount} from {sender} ({number}). Ref {reference}',
    'payments.moneyWaiting':
      '{sender} ({number}) sent you {amount}. Sign up with this number before {date} to receive it.',
    'payments.claimed': '{recipient} received the {amount} you sent. Ref {reference}',
    'payments.claimReturned': '{recipient} did not claim your money: {total} is back in your wallet. Ref {reference}',
    'payments.requestReceived':
      '{requester} asks you for {amount}: {reason}. Pay it in Requests to pay (menu 8) before {date}.',
    'payments.requestReceivedNoReason':
      '{requester} asks you for {amount}. Pay it in Requests to pay (menu 8) before {date}.',
    // To a number without an account: a fixed text, never the requester's free-text reason
    // (domain/paymentRequests/requestNotices.ts).
    'payments.requestToNewcomer':
      '{requester} ({number}) asks you for {amount}. Sign up with this number before {date} to see and pay it. Never share your PIN, not even with us.',
    'payments.requestToNewcomerWithLink':
      '{requester} ({number}) asks you for {amount}. Pay it before {date} at {link} or sign up with this number. Never share your PIN, not even with us.',
    'payments.requestPaid': '{payer} paid your request: {amount} is in your account. Ref {reference}',
    'payments.refundedToWallet': '{merchant} refunded you {amount}, now in your wallet. Ref {reference}',
    'payments.refundedToMobileMoney': '{merchant} refunded you {amount} to your mobile money account. Ref {reference}',
    'payments.salaryReceived': 'You received your salary of {amount} from {merchant}. Ref {reference}',
    'payments.requestDeclined': '{payer} declined your request for {amount}. Ref {reference}',
    'payments.requestExpired': 'Your request to {payer} for {amount} expired unpaid. Ref {reference}',
    'payments.requestCancelled': '{requester} cancelled the request for {amount}: nothing to pay. Ref {reference}',
  },
  fr: {
    'payments.received': 'Vous avez reçu {amount} de {sender} ({number}). Réf {reference}',
    'payments.moneyWaiting':
      '{sender} ({number}) vous envoie {amount}. Inscrivez-vous avec ce numéro avant le {date} pour le recevoir.',
    'payments.claimed': '{recipient} a reçu les {amount} que vous avez envoyés. Réf {reference}',
    'payments.claimReturned':
      "{recipient} n'a pas retiré votre argent : {total} est revenu sur votre compte. Réf {reference}",
    'payments.requestReceived':
      '{requester} vous demande {amount} : {reason}. Payez dans Demandes à payer (menu 8) avant le {date}.',
    'payments.requestReceivedNoReason':
      '{requester} vous demande {amount}. Payez dans Demandes à payer (menu 8) avant le {date}.',
    'payments.requestToNewcomer':
      '{requester} ({number}) vous demande {amount}. Inscrivez-vous avec ce numéro avant le {date} pour voir et payer. Ne donnez jamais votre PIN, même à nous.',
    'payments.requestToNewcomerWithLink':
      '{requester} ({number}) vous demande {amount}. Payez avant le {date} sur {link} ou inscrivez-vous avec ce numéro. Ne donnez jamais votre PIN, même à nous.',
    'payments.requestPaid': '{payer} a payé votre demande : {amount} est sur votre compte. Réf {reference}',
    'payments.refundedToWallet': '{merchant} vous a remboursé {amount}, sur votre portefeuille. Réf {reference}',
    'payments.refundedToMobileMoney':
      '{merchant} vous a remboursé {amount} sur votre compte mobile money. Réf {reference}',
    'payments.salaryReceived': 'Vous avez reçu votre salaire de {amount} de {merchant}. Réf {reference}',
    'payments.requestDeclined': '{payer} a refusé votre demande de {amount}. Réf {reference}',
    'payments.requestExpired': 'Votre demande de {amount} à {payer} a expiré sans paiement. Réf {reference}',
    'payments.requestCancelled': '{requester} a annulé la demande de {amount} : rien à payer. Réf {reference}',
  },
});
